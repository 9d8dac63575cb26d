"""Plain blocks describing the worksheet and the answer key as one tree.

Whatever differs between pupil and teacher sits in a `Reveal`: the pupil side holds the space to
write, the teacher side holds the answer. `for_audience` picks a side, so both PDFs come from the
same tree, with the same numbering, and an answer can only ever sit on the teacher side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

ParaStyle = Literal["body", "instructions", "prompt", "answer", "label", "quote"]


class Audience(Enum):
    PUPIL = "pupil"
    TEACHER = "teacher"


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    style: ParaStyle = "body"
    number: str = ""
    aside: str = ""
    """Right-aligned after the text, such as a page reference or "[8 marks]"."""


@dataclass(frozen=True)
class WritingLines:
    count: int


@dataclass(frozen=True)
class Boxed:
    """Text in a ruled box, such as a sample answer to be marked."""

    label: str
    paragraphs: tuple[str, ...]


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
class Keep:
    """Blocks that must stay on one page, such as a question and its writing lines."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Reveal:
    pupil: tuple[Block, ...]
    teacher: tuple[Block, ...]


Block = Heading | Para | WritingLines | Boxed | Table | Fields | Keep | Reveal


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
