"""A worksheet table that moves to the next page whole when it fits on one page, and otherwise
splits between rows, unless a row is taller than a page.

A short table (a mark scheme, a sorting grid) split over a page end reads as two tables, the
second without its first rows' context; one that fits on a page loses nothing by moving.

reportlab can split a row across pages (splitInRow), but left to itself it also splits rows that
would fit on the next page, and it splits the remainder of a table again in the space left on the
same page, which prints the repeated header row twice, mid-page. So a row may be split only where
a page starts, where a row that cannot fit whole can never fit, or where the row is taller than a
page: it must be split somewhere, and it is split where it stands, under the rows before it.
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
        taller_than_a_page = self._next_row_is_taller_than_a_page(available_height)
        self.splitInRow = int(taller_than_a_page or available_height >= self.page_height - PAGE_START_SLACK)
        self.splitByRow = int(not taller_than_a_page)
        parts: list[Any] = super().split(available_width, available_height)
        for part in parts:
            if isinstance(part, TallRowTable):
                part.page_height = self.page_height
        return parts

    def _next_row_is_taller_than_a_page(self, available_height: float) -> bool:
        """Whether the first row that does not fit here could fit no page. Such a row is split
        where it stands, before any split between rows is tried: split between rows first, the
        rest of the table went on in the space left on this page, its header row printed again
        mid-page; moved on whole, it left this page empty below its task's heading."""
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
