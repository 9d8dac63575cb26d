"""A worksheet table that moves to the next page whole when it fits on one page, and otherwise
splits between rows, unless a row is taller than a page.

A short table (a mark scheme, a sorting grid) split over a page end reads as two tables, the
second without its first rows' context; one that fits on a page loses nothing by moving.

reportlab can split a row across pages (splitInRow), but left to itself it also splits rows that
would fit on the next page, and it splits the remainder of a table again in the space left on the
same page, which prints the repeated header row twice, mid-page. So a row may be split only where
a page starts, where a row that cannot fit whole can never fit, or where the row is taller than a
page: it must be split somewhere, and starting it on the next page would leave this one empty
below its task's heading.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

PAGE_START_SLACK = 2.0
"""Points of rounding allowed when telling whether the space offered is a whole fresh page."""


class TallRowTable(Table):  # type: ignore[misc]
    def __init__(self, *args: Any, page_height: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_height = page_height
        """The height a table is offered at the top of a fresh page."""

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self.wrap(available_width, self.page_height)[1] <= self.page_height - PAGE_START_SLACK:
            return []
        self.splitInRow = int(self._may_split_a_row(available_height))
        parts: list[Any] = super().split(available_width, available_height)
        for part in parts:
            if isinstance(part, TallRowTable):
                part.page_height = self.page_height
        return parts

    def _may_split_a_row(self, available_height: float) -> bool:
        """At a page start any row may be split: there, a row that cannot fit whole never will.
        Elsewhere only a row taller than a page may, which must be split somewhere: moved on, it
        would leave the rest of this page empty, and the heading above it alone at its foot."""
        if available_height >= self.page_height - PAGE_START_SLACK:
            return True
        row: int = self._getFirstPossibleSplitRowPosition(available_height)
        heights: list[float] = self._rowHeights
        return row < len(heights) and heights[row] > self.page_height - PAGE_START_SLACK

    def _splitCell(  # noqa: N802 - reportlab's name
        self, value: Any, style: Any, old_height: float, new_height: float, width: float
    ) -> Any:
        """Split a cell's flowables at the width they are laid out and drawn at, inside the
        cell's padding. reportlab offers them the column's whole width: a paragraph split there
        had the lines of both its pieces broken again at the narrower width, so the rest of a long
        cell was broken whole again on every page it ran over (100 KB took 4 s, 200 KB 9 s)."""
        inside = style.copy()
        inside.leftPadding = inside.rightPadding = 0
        inner_width = width - style.leftPadding - style.rightPadding
        return super()._splitCell(value, inside, old_height, new_height, inner_width)
