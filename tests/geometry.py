"""Geometric checks on rendered pages: what a printer or projector would cut off or smudge.

Shared by every test that looks at where text landed, so worksheets, variants, answer keys and
decks rendered by LibreOffice are all held to the same two rules: every character inside the
page's printable area, and no line of text drawn over another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conftest import Char, PdfPage

MM = 72 / 25.4
PRINTABLE_MARGIN = 10 * MM
"""School printers cannot print nearer the paper's edge than this."""
OVERLAP = 1.0
"""Points two lines' boxes may share before they count as overlapping: touching is allowed."""


@dataclass(frozen=True)
class TextLine:
    """A run of characters drawn one after another on one baseline: a line, or one cell's line."""

    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def _joins(previous: Char, char: Char) -> bool:
    """Whether `char` carries on the line `previous` is in: same baseline, next along, with no
    gap wider than a character (spaces are drawn as characters, so words stay together)."""
    size = previous.bottom - previous.top
    same_baseline = abs(char.bottom - previous.bottom) < size * 0.2
    return same_baseline and -size * 0.3 <= char.x0 - previous.x1 <= size


def _line(page: int, chars: list[Char]) -> TextLine:
    inked = [char for char in chars if char.text.strip()] or chars
    return TextLine(
        page,
        "".join(char.text for char in chars).strip(),
        min(char.x0 for char in inked),
        min(char.top for char in inked),
        max(char.x1 for char in inked),
        max(char.bottom for char in inked),
    )


def text_lines(page: PdfPage) -> list[TextLine]:
    """The page's characters grouped into lines, in drawing order (how reportlab and LibreOffice
    write them: a line's characters one after another)."""
    lines: list[TextLine] = []
    current: list[Char] = []
    for char in page.chars:
        if current and not _joins(current[-1], char):
            lines.append(_line(page.number, current))
            current = []
        current.append(char)
    if current:
        lines.append(_line(page.number, current))
    return [line for line in lines if line.text]


def _shared(low_a: float, high_a: float, low_b: float, high_b: float) -> float:
    return min(high_a, high_b) - max(low_a, low_b)


def overlapping_lines(pages: Iterable[PdfPage]) -> list[tuple[int, str, str]]:
    """Pairs of lines whose boxes overlap by more than OVERLAP both ways: text printed over text."""
    clashes = []
    for page in pages:
        lines = text_lines(page)
        for index, line in enumerate(lines):
            for other in lines[index + 1 :]:
                across = _shared(line.x0, line.x1, other.x0, other.x1)
                down = _shared(line.top, line.bottom, other.top, other.bottom)
                if across > OVERLAP and down > OVERLAP:
                    clashes.append((page.number, line.text, other.text))
    return clashes


def outside_area(pages: Iterable[PdfPage], margin: float = 0.0) -> list[tuple[int, str, tuple[int, ...]]]:
    """Characters nearer than `margin` to an edge of their page, or off it: (page, character, box)."""
    return [
        (page.number, char.text, (round(char.x0), round(char.top), round(char.x1), round(char.bottom)))
        for page in pages
        for char in page.chars
        if char.text.strip()
        and (
            char.x0 < margin
            or char.top < margin
            or char.x1 > page.width - margin
            or char.bottom > page.height - margin
        )
    ]
