"""Plain data describing slides, so part types never touch python-pptx and plans are cheap to test."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.errors import SpecPath
from generator.verse import VerseLine

LINE_BUDGET = 12
"""The most lines of text a teacher's own slide should hold: about what fits at the 18 pt floor
with room to spare, and already more than a class reads while listening."""


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph of slide body text; bullets at `level` 0 and 1, or plain prose."""

    text: str
    level: int = 0
    bullet: bool = True
    verse: VerseLine | None = None
    """Set for a line of verse: never joined to the next, wrapped with a hanging indent, with its
    number (if any) in the margin and a stanza break before it where one opens."""
    role: Literal["body", "label", "quote", "credit", "aside"] = "body"
    """How it is set: a `label` in bold (a source's, an exam question); a `quote` set apart in a
    tinted panel; a `credit` (a source's attribution) a step smaller and right aligned at the
    foot; an `aside` (instructions under a question) a step smaller."""


def verse_line(line: VerseLine, role: Literal["body", "quote"] = "body") -> Line:
    return Line(line.text, bullet=False, verse=line, role=role)


_SENTENCE_END = re.compile(r"(?<=[^\s.]{2}[.!?])\s+(?=[A-Z‘“\"(])")
"""Where one sentence ends and the next begins: not after an initial (V. I. Lenin)."""


def sentence_lines(text: str, label: str = "") -> list[Line]:
    """A long answer as one paragraph a sentence, the first after its `label` (such as "3."):
    an answer slide can then break between sentences and fill each slide evenly, rather than
    carry one whole paragraph onto a slide of its own."""
    first, *rest = _SENTENCE_END.split(text)
    opening = f"{label} {first}" if label else first
    return [Line(opening, bullet=False), *(Line(sentence, bullet=False) for sentence in rest)]


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: header cells, then rows; an empty cell is a space for pupils to fill."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    """Relative column widths, shared with the worksheet's table; equal when empty."""
    uniform_rows: bool = False
    """Every row as tall as the tallest: a task's blank table, whose row heights must not give
    away how long each hidden answer is."""


@dataclass(frozen=True, slots=True)
class Picture:
    path: Path
    alt: str


@dataclass(frozen=True, slots=True)
class Shape:
    """A native shape placed by its part, in points from the slide's top left: a line runs from
    (left, top) to (left + width, top + height); a box, text or dot fills its rectangle.

    Parts that draw (timelines, cards) lay their shapes out themselves inside the deck's body
    (PartContext.body), measuring text with generator.fonts.wrap.
    """

    kind: Literal["line", "box", "text", "dot"]
    left: float
    top: float
    width: float
    height: float
    text: str = ""
    size: float = 18.0
    bold: bool = False
    dashed: bool = False
    align: Literal["left", "center"] = "center"


@dataclass(frozen=True, slots=True)
class SlidePlan:
    title: str
    lines: tuple[Line, ...] = ()
    grid: Grid | None = None
    picture: Picture | None = None
    shapes: tuple[Shape, ...] = ()
    notes: str = ""
    kind: Literal["title", "content"] = "content"
    origin: SpecPath = ()
    """The part of the spec this slide comes from, so a warning about it names the teacher's line."""
    line_budget: int | None = None
    """The most lines of text this slide should hold to stay readable; None where the slide is
    generated (a task's questions may run on over several slides by design)."""
    layout: str | None = None
    """The name of the template's layout the author chose for it; None for our own choice."""
    reveals: bool = False
    """It shows answers (an answer slide, a mark scheme only the teacher's key holds), so the
    pupils' deck leaves it out."""
