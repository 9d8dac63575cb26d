"""Finds characters the shipped font cannot draw, before anything is built.

A character missing from the font prints as an empty box, or vanishes, on the worksheet and in
LibreOffice, and nobody notices until thirty copies come off the photocopier. So it is a located
error naming the character, like any other mistake in the spec.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from generator.errors import Problem, SpecPath

NOT_PRINTED = frozenset({"type", "image", "template", "layout", "paper", "variants", "language"})
"""Fields that name files, choices or settings: never set in the font, so any character will do."""
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters no output can hold (XML refuses them, a file name cannot have NUL), which a quoted
value can still spell with an escape such as "\\0", "\\x07" or "\\ud800"."""
SOFT_HYPHEN = "\u00ad"


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


def not_text(text: str) -> str | None:
    """Why the text cannot be used, if it holds a character that cannot be text."""
    control = NOT_TEXT.search(text)
    if control is None:
        return None
    return (
        f"this holds a control character (U+{ord(control.group()):04X}) that cannot be text: "
        "delete it (in quotes, look for an escape such as \\0 or \\x07)"
    )


def as_printed(data: Any, printed: bool = True) -> Any:
    """The data with its printed text as a teacher sees it pasted: accents typed as separate
    combining marks (as macOS and PDFs give them) joined to their letters (NFC), and soft hyphens,
    invisible in web text, dropped. File names and choices stay as typed."""
    if isinstance(data, dict):
        return {key: as_printed(value, printed and key not in NOT_PRINTED) for key, value in data.items()}
    if isinstance(data, list):
        return [as_printed(value, printed) for value in data]
    if isinstance(data, str) and printed:
        return unicodedata.normalize("NFC", data.replace(SOFT_HYPHEN, ""))
    return data


def missing_glyphs(data: Any, path: SpecPath = (), printed: bool = True) -> Iterator[Problem]:
    """One problem per text value holding characters the font lacks, naming each of them, or
    a character that cannot be text at all (in any field, file names too)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from missing_glyphs(value, (*path, key), printed and key not in NOT_PRINTED)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from missing_glyphs(value, (*path, index), printed)
    elif isinstance(data, str) and (control := not_text(data)):
        yield Problem(path, control)
    elif isinstance(data, str) and printed:
        missing = _undrawable(data)
        if missing:
            listed = ", ".join(_describe(character) for character in missing)
            boxes = "empty boxes" if len(missing) > 1 else "an empty box"
            yield Problem(
                path,
                f"the font has no glyph for {listed}: it would print as {boxes}. "
                "Use words or another character instead",
            )
