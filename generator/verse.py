"""Verse as the poet set it: every line break and stanza break kept, and every n-th line numbered,
so "line 10" is the same line on the slide, the worksheet and the key."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class VerseLine:
    text: str
    number: str = ""
    """Printed in the margin beside every n-th line; empty elsewhere."""
    stanza: bool = False
    """Whether the line opens a stanza after the first, so a stanza break comes before it."""


def verse_lines(text: str, every: int | None) -> tuple[VerseLine, ...]:
    """The poem's lines, with blank lines read as stanza breaks, numbered every `every` lines."""
    lines: list[VerseLine] = []
    for stanza, chunk in enumerate(re.split(r"\n[ \t]*(?:\n[ \t]*)+", text.strip())):
        for index, line in enumerate(chunk.splitlines()):
            count = len(lines) + 1
            number = str(count) if every and count % every == 0 else ""
            lines.append(VerseLine(" ".join(line.split()), number, stanza > 0 and index == 0))
    return tuple(lines)
