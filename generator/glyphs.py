"""Finds characters the shipped font cannot draw, before anything is built.

A character missing from the font prints as an empty box, or vanishes, on the worksheet and in
LibreOffice, and nobody notices until thirty copies come off the photocopier. So it is a located
error naming the character, like any other mistake in the spec.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from generator.errors import Problem, SpecPath

NOT_PRINTED = frozenset({"type", "image", "template", "layout", "paper", "variants", "language"})
"""Fields that name files, choices or settings: never set in the font, so any character will do."""


@cache
def drawable() -> frozenset[int]:
    """The code points every face of the family has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    from generator.fonts import FACES, register

    register()
    faces = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in FACES]
    return frozenset(set.intersection(*faces))


def _describe(character: str) -> str:
    name = unicodedata.name(character, "")
    code = f"U+{ord(character):04X}"
    return f"'{character}' ({code} {name})" if name else code


def _undrawable(text: str) -> list[str]:
    """Spacing characters are exempt: the model turns every kind of space and break into plain ones."""
    known = drawable()
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in known and not ch.isspace()))


def missing_glyphs(data: Any, path: SpecPath = ()) -> Iterator[Problem]:
    """One problem per text value holding characters the font lacks, naming each of them."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PRINTED:
                yield from missing_glyphs(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from missing_glyphs(value, (*path, index))
    elif isinstance(data, str):
        missing = _undrawable(data)
        if missing:
            listed = ", ".join(_describe(character) for character in missing)
            boxes = "empty boxes" if len(missing) > 1 else "an empty box"
            yield Problem(
                path,
                f"the font has no glyph for {listed}: it would print as {boxes}. "
                "Use words or another character instead",
            )
