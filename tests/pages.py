"""Pagination checks on printed sheets: how full each page is, what a page ends on, which pages
hold cut-out cards, and whether their backs are empty.

Read from the PDF's drawn marks (text, ruled lines, boxes), so a page of writing lines counts as
full as a page of text. Page furniture (the footer, the ANSWER KEY banner, a variant's page tint)
is left out: it is on every page and says nothing about how full a page is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
FURNITURE_TOP = 20 * MM
"""Marks ending nearer the top than this are the ANSWER KEY banner."""
FURNITURE_BOTTOM = 16 * MM
"""Marks starting nearer the bottom than this are the footer."""
BOTTOM_MARGIN = 21 * MM
"""The lowest a page's body reaches (the sheet's 17 mm margin and 4 mm above the footer)."""
WIDOW_PAGE = 0.2
"""A page less full than this (a fifth of its body) is a widow page."""


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool
    top: float
    bottom: float


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
        return any(text in line.text for line in self.lines)


def _body(page: pdfplumber.page.Page, top: float, bottom: float) -> bool:
    return top >= FURNITURE_TOP and bottom <= page.height - FURNITURE_BOTTOM


@cache
def _read(key: tuple[str, int]) -> tuple[Page, ...]:
    pages: list[Page] = []
    with pdfplumber.open(key[0]) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if c["text"].strip() and _body(page, c["top"], c["bottom"])]
            shapes = [
                shape
                for shape in (*page.lines, *page.rects, *page.curves)
                if _body(page, shape["top"], shape["bottom"]) and shape["width"] < page.width * 0.95
            ]
            marks = tuple(
                (float(m["x0"]), float(m["top"]), float(m["x1"]), float(m["bottom"])) for m in (*chars, *shapes)
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
                )
                for bottom, row in sorted(rows.items())
            )
            everything = [*page.chars, *page.lines, *page.curves]
            everything += [rect for rect in page.rects if rect["width"] < page.width * 0.95]
            pages.append(Page(number, float(page.height), marks, lines, 0.0, not everything))
    top = min((min(mark[1] for mark in page.marks) for page in pages if page.marks), default=0.0)
    return tuple(replace(page, body_top=top) for page in pages)


def read_pages(path: Path) -> tuple[Page, ...]:
    """Every page of a printed sheet, read once per file version."""
    return _read((str(path.resolve()), path.stat().st_mtime_ns))
