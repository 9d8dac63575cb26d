"""No widow page at the end of the flow: a last page less than a fifth full is filled by moving the
end of the page before it across.

Where a page ends is only known once reportlab has laid the pages out, so the sheet is laid out,
the place of each top-level block noted, and, only if the last page is a widow, laid out again
with a page break before the latest block that leaves both pages well filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

WIDOW_SHARE = 0.2
"""A page whose body is less full than this is a widow page."""
BALANCED_SHARE = 0.3
"""How full each of the two pages is left, at least, by moving a page end."""


@dataclass
class Places:
    """Where each top-level block of one layout started: its page and the height on it. Only the
    blocks on the last two pages are kept, all a widow cut looks at, so a long lesson's places
    take no more room than a short one's."""

    starts: dict[int, tuple[int, float]] = field(default_factory=dict)
    end: int = 0
    """The number of the Place after the last block, known once the flow has been handed out."""
    page: int = 0
    """The page the latest block started on."""

    def note(self, index: int, page: int, y: float) -> None:
        if page != self.page:
            self.starts = {kept: start for kept, start in self.starts.items() if start[0] >= page - 1}
            self.page = page
        self.starts[index] = (page, y)


class Place(Flowable):  # type: ignore[misc]
    """Notes the page and height it is drawn at; takes no room."""

    def __init__(self, index: int, places: Places) -> None:
        super().__init__()
        self.index = index
        self.places = places

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803 - reportlab's names
        self.places.note(self.index, canvas.getPageNumber(), y)

    def draw(self) -> None:
        """Nothing to draw."""


def placed(flowables: Iterable[Flowable], places: Places, breaks: frozenset[int]) -> Iterator[Flowable]:
    """The flowables with a Place before each (numbered in order) and after the last, and a page
    break before each numbered in `breaks`; handed out as they come, so none is held longer."""
    index = 0
    for flowable in flowables:
        if index in breaks:
            yield PageBreak()
        yield Place(index, places)
        yield flowable
        index += 1
    places.end = index
    yield Place(index, places)


def widow_cut(places: Places, top: float, bottom: float) -> int | None:
    """The block to start a new page with so that the flow's last page is no widow, or None if it
    is none (or no block can be moved without leaving a widow behind)."""
    height = top - bottom
    page, y = places.starts[places.end]
    used = top - y
    if page == 1 or used >= WIDOW_SHARE * height:
        return None
    wanted = BALANCED_SHARE * height
    movable = [
        index
        for index, (start_page, start) in places.starts.items()
        if start_page == page - 1 and start - bottom + used >= wanted and top - start >= wanted
    ]
    return max(movable, default=None)
