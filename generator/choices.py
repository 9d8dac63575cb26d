"""The fixed choices a spec or the command line may name, kept apart from the lesson model so the
command line can offer them without importing pydantic (every command starts faster)."""

from __future__ import annotations

from typing import Literal

Paper = Literal["a4", "letter"]
Variant = Literal["large-print", "dyslexia"]
"""Worksheet variants; each names a style in generator.sheet.writer.VARIANTS."""
AnswerSlides = Literal["after_each_task", "at_end", "hidden"]
"""Where the teacher's deck shows answer slides: after each task (the default), all together at
the end of the deck, or not at all (the answers stay in the speaker notes and the key)."""
Space = Literal["lines", "blank", "grid"]
"""The room a worksheet leaves to write an answer: ruled lines, an empty box, or 5 mm squares for
working in maths and science; one implementation of each in generator.sheet.drawings."""
