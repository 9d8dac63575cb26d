"""Pagination checks on printed sheets: how full each page is, what a page ends on, which pages
hold cut-out cards, and whether their backs are empty.

Read from the PDF's drawn marks (text, ruled lines, boxes), so a page of writing lines counts as
full as a page of text. Page furniture (the footer, the ANSWER KEY banner, a variant's page tint)
is left out: it is on every page and says nothing about how full a page is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
from geometry import MM


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool
    top: float
    bottom: float
    x0: float
    size: float


@dataclass(frozen=True)
class Page:
    number: int
    height: float
    marks: tuple[tuple[float, float, float, float], ...]
    """(x0, top, x1, bottom) of every drawn mark of the body, text and graphics."""
    lines: tuple[Line, ...]
    """The body's text lines, top to bottom."""
    body_top: float
    """Where the document's pages start their body: the highest first mark of any page."""
    blank: bool
    """Nothing printed at all, furniture included (a page tint is the paper's colour)."""
    dashed_sides: int = 0
    """Dashed upright lines: the sides of cards to cut out."""

    @property
    def dashed_boxes(self) -> int:
        """Cards drawn to cut out, each a dashed box with two upright sides."""
        return self.dashed_sides // 2

    @property
    def empty(self) -> bool:
        return not self.marks

    @property
    def fullness(self) -> float:
        """How far down its body the page is drawn, from its first mark to its bottom margin."""
        if not self.marks:
            return 0.0
        bottom = max(mark[3] for mark in self.marks)
        return (bottom - self.body_top) / (self.height - BOTTOM_MARGIN - self.body_top)

    @property
    def left_edges(self) -> tuple[float, ...]:
        return tuple(mark[0] for mark in self.marks)

    def holds(self, text: str) -> bool:
        """Whether the page holds the text, on one line or running on over several (compared
        without spaces: the page's lines are read from its characters, and reportlab draws no
        spaces between words)."""
        needle = "".join(text.split())
        return needle in "".join(line.text for line in self.lines)


BANNER_BOTTOM = 20 * MM
"""The ANSWER KEY banner, white text on a black bar, ends nearer the top than this."""
FURNITURE_BOTTOM = 16 * MM
"""Marks starting nearer the bottom than this are the footer."""
BOTTOM_MARGIN = 21 * MM
"""The lowest a page's body reaches (the sheet's 17 mm margin and 4 mm above the footer)."""
WIDOW_PAGE = 0.2
"""A page less full than this (a fifth of its body) is a widow page."""


def _body(page: pdfplumber.page.Page, mark: dict[str, Any]) -> bool:
    """Whether a mark is part of the page's body: not the footer, the banner or a page tint."""
    if mark["bottom"] > page.height - FURNITURE_BOTTOM or mark["width"] >= page.width * 0.95:
        return False
    banner = mark["bottom"] < BANNER_BOTTOM and (
        mark.get("non_stroking_color") in (0, (0,), (0, 0, 0), 1, (1,), (1, 1, 1)) and mark.get("fill", True)
    )
    return not banner or (
        mark["object_type"] == "char" and mark.get("non_stroking_color") not in (1, (1,), (1, 1, 1))
    )


@cache
def _read(key: tuple[str, int]) -> tuple[Page, ...]:
    pages: list[Page] = []
    with pdfplumber.open(key[0]) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if c["text"].strip() and _body(page, c)]
            shapes = [shape for shape in (*page.lines, *page.rects, *page.curves) if _body(page, shape)]
            marks = tuple(
                (float(m["x0"]), float(m["top"]), float(m["x1"]), float(m["bottom"]))
                for m in (*chars, *shapes)
            )
            rows: dict[float, list[dict[str, object]]] = {}
            for char in chars:
                rows.setdefault(round(float(char["bottom"])), []).append(char)
            lines = tuple(
                Line(
                    "".join(str(c["text"]) for c in sorted(row, key=lambda c: float(c["x0"]))),  # type: ignore[arg-type]
                    all("Bold" in str(c["fontname"]) for c in row),
                    min(float(c["top"]) for c in row),  # type: ignore[arg-type]
                    float(bottom),
                    min(float(c["x0"]) for c in row),  # type: ignore[arg-type]
                    max(float(c["size"]) for c in row),  # type: ignore[arg-type]
                )
                for bottom, row in sorted(rows.items())
            )
            everything = [*page.chars, *page.lines, *page.curves]
            everything += [rect for rect in page.rects if rect["width"] < page.width * 0.95]
            sides = sum(
                1 for line in page.lines if line.get("dash") and line["width"] < 1 and line["height"] > 1
            )
            pages.append(Page(number, float(page.height), marks, lines, 0.0, not everything, sides))
    top = min((min(mark[1] for mark in page.marks) for page in pages if page.marks), default=0.0)
    return tuple(replace(page, body_top=top) for page in pages)


def read_pages(path: Path) -> tuple[Page, ...]:
    """Every page of a printed sheet, read once per file version."""
    return _read((str(path.resolve()), path.stat().st_mtime_ns))


STRANDED_BELOW = 10 * MM
"""A bold line with nothing drawn further below it than this ends its page with a heading or label
that belongs with what comes next."""


def cut_out_pages(pages: Sequence[Page], label: str) -> list[int]:
    """The numbers of the pages holding cards to cut out, found by the label above the cards."""
    return [page.number for page in pages if page.holds(label)]


def widow_pages(pages: Sequence[Page], exempt: Iterable[int] = ()) -> list[tuple[int, float]]:
    """Pages less than a fifth full, but for a one-page PDF, blank pages (the backs of cut-out
    cards) and the pages in `exempt` (cut-out cards, on sheets of their own by design)."""
    if len(pages) == 1:
        return []
    left_out = set(exempt)
    return [
        (page.number, round(page.fullness, 2))
        for page in pages
        if not page.blank and page.number not in left_out and page.fullness < WIDOW_PAGE
    ]


def stranded_labels(pages: Sequence[Page], exempt: Iterable[int] = ()) -> list[tuple[int, str]]:
    """Pages with a page after them whose lowest text is a bold line (a heading, a label, a
    table's header row) with nothing drawn below it: what it introduces is on the next page."""
    left_out = set(exempt)
    stranded = []
    for page in pages[:-1]:
        if not page.lines or page.number in left_out:
            continue
        lowest = page.lines[-1]
        if lowest.bold and max(mark[3] for mark in page.marks) < lowest.bottom + STRANDED_BELOW:
            stranded.append((page.number, lowest.text))
    return stranded


def cut_out_faults(pages: Sequence[Page], label: str) -> list[str]:
    """Cut-out pages that are not fronts (odd pages) or have something printed on their back."""
    faults = []
    for number in cut_out_pages(pages, label):
        if number % 2 == 0:
            faults.append(f"cards on page {number}, the back of page {number - 1}")
        if number < len(pages) and not pages[number].blank:
            faults.append(f"page {number + 1}, the back of the cards on page {number}, is not blank")
    return faults
