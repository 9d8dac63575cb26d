"""Printers' quotes: straight quotes and apostrophes typed in a spec become curly ones.

Done once, on the validated lesson, so the deck, the worksheet, the key and the speaker notes all
show the same text. Fields that name a file or a tag are left as typed: a picture called
`teacher's desk.png` must still be found.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

VERBATIM_FIELDS = frozenset({"image", "template", "language", "type"})
"""Fields whose text is a name, not prose."""

OPENING_BEFORE = r"(?:^|(?<=[\s(\[{\u2018\u201c\u2013\u2014/-]))"
"""Where a quote opens: at the start, or after a space, an opening bracket, quote or dash."""
ELIDED_YEARS = re.compile(OPENING_BEFORE + r"'(?=\d\d(?:s\b|\b))")
"""An apostrophe standing for a century's digits, as in '20s or '45: always ’."""
OPENING_SINGLE = re.compile(OPENING_BEFORE + r"'")
OPENING_DOUBLE = re.compile(OPENING_BEFORE + r'"')

ModelT = TypeVar("ModelT", bound=BaseModel)


def curly(text: str) -> str:
    """The text with ' and " turned into ‘ ’ and “ ”: an opening quote at the start of a word,
    a closing one after it, and an apostrophe (’) inside a word or before an elided year."""
    if "'" not in text and '"' not in text:
        return text
    text = ELIDED_YEARS.sub("\u2019", text)
    text = OPENING_SINGLE.sub("\u2018", text)
    text = OPENING_DOUBLE.sub("\u201c", text)
    return text.replace("'", "\u2019").replace('"', "\u201d")


def _typeset(value: Any) -> Any:
    """The value with curly quotes: the very same object where nothing changes, so that a large
    lesson, most of whose text holds no quote, is not held twice."""
    if isinstance(value, str):
        return curly(value)
    if isinstance(value, BaseModel):
        return typeset(value)
    if isinstance(value, list | tuple):
        items = [_typeset(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value


def typeset(model: ModelT) -> ModelT:
    """The model with curly quotes in every text field but the verbatim ones: a copy, or the
    model itself where no field changes."""
    changes = {}
    for name in type(model).model_fields:
        if name not in VERBATIM_FIELDS:
            old = getattr(model, name)
            new = _typeset(old)
            if new is not old:
                changes[name] = new
    return model.model_copy(update=changes) if changes else model
