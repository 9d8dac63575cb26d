"""`lessonpack serve`: a local web page to write a lesson and watch its pack change as it is typed.

folder.py confines every read and write to the lessons' folder; preview.py turns a spec's text
into page pictures (pictures.py draws them, slides_pdf.py draws the fitted slides); queue.py runs
one build at a time per lesson; api.py answers the JSON API; server.py guards and serves it all.
"""
