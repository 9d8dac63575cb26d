"""Cut-out cards on sheets of their own, safe to print double-sided.

Cutting out a card cuts through whatever is printed on its back, and schools print both sides by
default. So the cards go at the end of the worksheet, each page of them on an odd page (a front)
whose back is left blank, with not even a footer on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle as PdfTableStyle
from reportlab.platypus.doctemplate import NullActionFlowable

from generator.fonts import face
from generator.sheet.drawings import INK, Scissors
from generator.sheet.plan import Block, CutCards

CARD_HEIGHT = 24 * mm
BLANK_FLAG = "left_blank"
"""Set on the canvas by a page that must stay blank, so its footer is not drawn."""


def cards_last(blocks: Sequence[Block]) -> tuple[list[Block], list[CutCards]]:
    """The sheet's blocks without its cut-out cards, and the cards, in order, to print at its end."""
    cards = [block for block in blocks if isinstance(block, CutCards)]
    return [block for block in blocks if not isinstance(block, CutCards)], cards


class LeftBlank(Flowable):  # type: ignore[misc]
    """Marks the page it is drawn on as the blank back of a page of cards."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        setattr(self.canv, BLANK_FLAG, True)


class StartOddPage(Flowable):  # type: ignore[misc]
    """Moves on to the next odd page (a front), leaving a blank back between if needed."""

    def __init__(self, page_height: float) -> None:
        super().__init__()
        self.page_height = page_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 0xFFFFFF  # always split, where the page number is known

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        page = self.canv.getPageNumber()
        fresh = available_height >= self.page_height - 2.0
        on_odd = page % 2 == 1
        if fresh:
            return [NullActionFlowable()] if on_odd else [LeftBlank(), PageBreak()]
        return [PageBreak(), LeftBlank(), PageBreak()] if on_odd else [PageBreak()]


class CardTable(PdfTable):  # type: ignore[misc]
    """The cards' grid: where it runs onto another page, a blank back comes between."""

    def split(self, available_width: float, available_height: float) -> list[Any]:
        parts: list[Any] = super().split(available_width, available_height)
        if len(parts) < 2:
            return parts
        return [parts[0], PageBreak(), LeftBlank(), PageBreak(), *parts[1:]]


def card_table(label: Flowable, cells: Sequence[Flowable], columns: int, width: float) -> CardTable:
    """Cards at least 24 mm tall, taller where a large-print card's text needs it, under their
    label and a scissors mark, both repeated on every page; a last row short of cards has no
    empty dashed boxes."""
    rows = [list(cells[index : index + columns]) for index in range(0, len(cells), columns)]
    inner = width / columns - 6 * mm
    heights = [max(CARD_HEIGHT, *(cell.wrap(inner, CARD_HEIGHT)[1] + 4 * mm for cell in row)) for row in rows]
    rows[-1] += [""] * (columns - len(rows[-1]))
    header = [[label] + [""] * (columns - 1), [Scissors()] + [""] * (columns - 1)]
    table = CardTable(
        header + rows,
        colWidths=[width / columns] * columns,
        rowHeights=[None, 6 * mm, *heights],
        repeatRows=2,
    )
    boxes = [
        ("BOX", (column, row), (column, row), 0.8, INK, None, (4, 3))
        for row in range(2, len(rows) + 2)
        for column in range(columns)
        if (row - 2) * columns + column < len(cells)
    ]
    table.setStyle(
        PdfTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), face()),
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (0, 1), (-1, 1)),
                ("LEFTPADDING", (0, 0), (-1, 1), 0),
                ("RIGHTPADDING", (0, 0), (-1, 1), 0),
                *boxes,
                ("VALIGN", (0, 2), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 2), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 2), (-1, -1), 3 * mm),
            ]
        )
    )
    return table
