"""lessonpack: one YAML lesson spec in; a slide deck, a pupil worksheet and an answer key out."""

__version__ = "0.1.0"
