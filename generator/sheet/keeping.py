"""What stays together across a page end: a heading or label with what it introduces, and a box
(a source, a sample answer) whole when it fits on one page.

reportlab's own KeepTogether moves its whole content to a new page whenever it does not fit, even
when the content is a long table that will split anyway; these flowables move only what must move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak
from reportlab.platypus.flowables import _listWrapOn

from generator.sheet.text import MIN_LINES

PAGE_START_SLACK = 8.0
"""Points short of a whole page still counted as a fresh page (a small spacer may come first)."""


def at_page_start(available_height: float, page_height: float) -> bool:
    """Whether the space offered is a whole fresh page: there, moving on gains nothing."""
    return available_height >= page_height - PAGE_START_SLACK


class Gap(Flowable):  # type: ignore[misc]
    """Space between two blocks that is dropped where a page starts (as space before is), so a
    page never begins with a gap, and a block at the top still counts as on a fresh page."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.gap = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """A hair of height: reportlab leaves a flowable of no height, and its space before, out
        when it measures blocks kept together."""
        return available_width, 0.01

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.gap

    def draw(self) -> None:
        """Nothing to draw: the gap is the space before it."""


def _flattened(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables with every KeepTogether among them replaced by its content, at any depth."""
    flat: list[Flowable] = []
    for flowable in flowables:
        flat += _flattened(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return flat


class Together(KeepTogether):  # type: ignore[misc]
    """Blocks kept on one page, which may hold others kept together: reportlab's KeepTogether
    takes one inside it for a page's height and so always starts a new page; this one measures
    what is inside. If they are too tall for one page together and start with a box (a sample
    answer and its marking lines), the box starts a new page and its last lines go on, under its
    repeated label, with what follows it."""

    def __init__(self, flowables: Sequence[Flowable], page_height: float) -> None:
        super().__init__(list(flowables))
        self.page_height = page_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        flat = _flattened(self._content)
        dims: list[tuple[float, float]] = []
        _, self._H = _listWrapOn(flat, available_width, self.canv, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = available_width, available_height
        return available_width, 0xFFFFFF  # always split, as KeepTogether does

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """As KeepTogether splits; content that fits is handed out flat, since reportlab must be
        able to place the first piece as it is, and a KeepTogether never places as it is."""
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        first, *rest = self._content
        if self.page_height < self._H and isinstance(first, Box):
            if not at_page_start(available_height, self.page_height):
                return [FrameBreak(), self]
            box_height = first.wrapOn(self.canv, available_width, available_height)[1]
            room = min(available_height, box_height - first.tail_height())
            first.canv = self.canv  # as reportlab's splitOn does
            try:
                box = first.split_at(available_width, room)
            finally:
                del first.canv
            if box:
                return [box[0], FrameBreak(), *box[1:], *_flattened(rest)]
        parts: list[Flowable] = super().split(available_width, available_height)
        if parts and not isinstance(parts[0], ActionFlowable):
            return _flattened(parts)
        return parts


class WithNext(Together):
    """A lead (a heading and its instructions, a label) kept with the block after it. If the block
    can split, the lead goes with its first part; if not, both move to the next page."""

    def __init__(self, lead: Sequence[Flowable], follower: Flowable, page_height: float) -> None:
        super().__init__([*lead, follower], page_height)
        self.lead = list(lead)
        self.follower = follower

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        if available_height >= self._H:
            return _flattened(self._content)
        if at_page_start(available_height, self.page_height):
            return list(self._content)
        _, lead_height = _listWrapOn(self.lead, available_width, self.canv)
        room = available_height - lead_height - self.follower.getSpaceBefore()
        if room <= 0 or isinstance(self.follower, KeepTogether):
            return []
        self.follower.wrapOn(self.canv, available_width, room)
        parts: list[Flowable] = self.follower.splitOn(self.canv, available_width, room)
        return [*self.lead, *parts] if len(parts) > 1 else []


class Wrapping(Flowable):  # type: ignore[misc]
    """A flowable drawn as another, `inner`, and deciding for it how it splits."""

    inner: Flowable

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.inner.wrapOn(self.canv, available_width, available_height)
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)


class Box(Wrapping):
    """A ruled box under a label: moved whole to the next page when it fits on one page; split,
    with its label repeated as `continued`, only when it is taller than a page."""

    def __init__(
        self,
        label: Flowable,
        continued: Callable[[], Flowable],
        body: Sequence[Flowable],
        draw_box: Callable[[Flowable, Sequence[Flowable]], Flowable],
        page_height: float,
    ) -> None:
        super().__init__()
        self.label = label
        self.continued = continued
        self.body = list(body)
        self.draw_box = draw_box
        self.page_height = page_height
        self.inner = draw_box(label, self.body)

    def _height(self, body: Sequence[Flowable], width: float) -> float:
        height: float = self.draw_box(self.label, body).wrapOn(self.canv, width, self.page_height)[1]
        return height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.wrap(available_width, available_height)[1] <= self.page_height:
            return []
        return self.split_at(available_width, available_height)

    def tail_height(self) -> float:
        """The least of the box that goes on to a new page with what follows it: three lines."""
        last = self.body[-1]
        leading: float = last.style.leading if isinstance(last, Paragraph) else 15.0
        return MIN_LINES * leading + 2 * self._padding()

    def split_at(self, available_width: float, available_height: float) -> list[Flowable]:
        """The box split to fill the height given, its label repeated over the rest; no split
        (an empty list) if not even a few lines fit."""
        inner = available_width - 2 * self._padding()
        for index, item in enumerate(self.body):
            if self._height(self.body[: index + 1], available_width) <= available_height:
                continue
            room = available_height - self._height([*self.body[:index], Spacer(1, 0)], available_width)
            item.wrapOn(self.canv, inner, room)
            parts = item.splitOn(self.canv, inner, room) if room > 0 else []
            first, rest = self.body[:index], self.body[index:]
            if len(parts) > 1:
                first, rest = [*first, parts[0]], [*parts[1:], *self.body[index + 1 :]]
            if not first:
                return []
            return [
                Box(self.label, self.continued, first, self.draw_box, self.page_height),
                Box(self.continued(), self.continued, rest, self.draw_box, self.page_height),
            ]
        return []

    def _padding(self) -> float:
        padding: float = self.inner._cellStyles[0][0].leftPadding
        return padding


class RunOn(Wrapping):
    """Writing space that carries on over a new page under its task's heading, marked as
    continued, so a page of lines says what they are for."""

    def __init__(self, space: Flowable, heading: Callable[[], Flowable]) -> None:
        super().__init__()
        self.inner = space
        self.heading = heading

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = self.inner.splitOn(self.canv, available_width, available_height)
        if not parts:
            # Too little room left on this page for a few lines: the run starts the next page, and
            # is still marked as its task's, continued.
            return [PageBreak(), self.heading(), RunOn(self.inner, self.heading)]
        if len(parts) < 2:
            return parts
        return [parts[0], PageBreak(), self.heading(), *(RunOn(part, self.heading) for part in parts[1:])]
