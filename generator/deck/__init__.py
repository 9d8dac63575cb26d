"""The slide deck: a plain plan of slides, fitted to the page, then written with python-pptx."""
