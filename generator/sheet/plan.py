"""Plain blocks describing the worksheet and the answer key as one tree.

Whatever differs between pupil and teacher sits in a `Reveal`: the pupil side holds the space to
write, the teacher side holds the answer. `for_audience` picks a side, so both PDFs come from the
same tree, with the same numbering, and an answer can only ever sit on the teacher side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Literal

from generator.choices import Space
from generator.verse import VerseLine

ParaStyle = Literal["body", "instructions", "prompt", "answer", "label", "quote"]


class Audience(Enum):
    PUPIL = "pupil"
    TEACHER = "teacher"


@dataclass(frozen=True)
class Heading:
    text: str
    part: int | None = None
    """The index of the spec's part it heads, for a problem found as the sheet is laid out."""


@dataclass(frozen=True)
class Para:
    text: str
    style: ParaStyle = "body"
    number: str = ""
    aside: str = ""
    """Right-aligned after the text, such as a page reference or "[8 marks]"."""


@dataclass(frozen=True)
class Span:
    text: str
    emphasis: bool = False
    """Drawn bold and underlined, such as a word filled into a gap in the answer key."""


@dataclass(frozen=True)
class Spans:
    """A paragraph whose parts differ in emphasis; `Para` is the plain case."""

    spans: tuple[Span, ...]
    style: ParaStyle = "body"
    number: str = ""


@dataclass(frozen=True)
class WritingLines:
    """Room to write, as tall as `count` ruled lines; a long run continues onto the next page."""

    count: int
    kind: Space = "lines"
    """Ruled lines, an empty box of the same height, or a grid of 5 mm squares."""


@dataclass(frozen=True)
class Option:
    letter: str
    text: str
    ticked: bool = False


@dataclass(frozen=True)
class Options:
    """Lettered options, each with a tick box; ticked ones are drawn with a tick and in bold."""

    options: tuple[Option, ...]


@dataclass(frozen=True)
class Image:
    path: Path
    alt: str
    max_height_mm: float = 90.0


@dataclass(frozen=True)
class TimelineEvent:
    when: float
    """Position on the axis, in years (1924.5 is mid-1924)."""
    label: str


@dataclass(frozen=True)
class TimelineAxis:
    """A horizontal axis across the page with ticks on round years (labelled as often as the drawn
    size allows); the events, if any, marked at their places by their letters."""

    start: int
    """The first year, counted as generator.dates counts (1 BC is 0)."""
    end: int
    events: tuple[TimelineEvent, ...] = ()
    style: Literal["", "BC", "BCE"] = ""
    """How the labels name eras (generator.dates.Style)."""
    boxes: int = 0
    """Letter boxes stacked over each year, for pupils to write events' letters in."""
    bands: int = 0
    """Ruled lines above and below the axis, for pupils to write events at their places."""


@dataclass(frozen=True)
class CutCards:
    """Cards to cut out: a grid of dashed boxes under a label and a scissors mark, both repeated
    on every page the cards take; printed at the end of the sheet, on fronts with blank backs."""

    texts: tuple[str, ...]
    columns: int = 3
    label: str = ""


@dataclass(frozen=True)
class Boxed:
    """Text in a ruled box, such as a sample answer to be marked or a source."""

    label: str
    paragraphs: tuple[str, ...]
    footer: str = ""
    """Printed last, right-aligned in italics, such as a source's attribution."""
    image: Image | None = None
    verse: tuple[VerseLine, ...] = ()
    """A poem's lines, set line for line after the paragraphs."""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[Block, ...], ...], ...]
    widths: tuple[float, ...] = ()
    """Relative column widths; equal when empty."""


@dataclass(frozen=True)
class Fields:
    """Labels with a line to write on, such as Name, Class and Date."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class NewPage:
    """What follows starts on a new page, such as a key words page printed at the end."""


@dataclass(frozen=True)
class Keep:
    """Blocks that must stay on one page, such as a question and its writing lines."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Reveal:
    pupil: tuple[Block, ...]
    teacher: tuple[Block, ...]


Block = (
    Heading
    | Para
    | Spans
    | WritingLines
    | Options
    | Image
    | TimelineAxis
    | CutCards
    | Boxed
    | Table
    | Fields
    | NewPage
    | Keep
    | Reveal
)


def for_audience(blocks: Sequence[Block], audience: Audience) -> tuple[Block, ...]:
    """The tree as one audience sees it: every Reveal replaced by that audience's side."""
    shown: list[Block] = []
    for block in blocks:
        if isinstance(block, Reveal):
            side = block.pupil if audience is Audience.PUPIL else block.teacher
            shown.extend(for_audience(side, audience))
        elif isinstance(block, Keep):
            shown.append(Keep(for_audience(block.blocks, audience)))
        elif isinstance(block, Table):
            rows = tuple(tuple(for_audience(cell, audience) for cell in row) for row in block.rows)
            shown.append(replace(block, rows=rows))
        else:
            shown.append(block)
    return tuple(shown)
