"""Things drawn on the worksheet rather than typeset: room to write, tick boxes, timelines, scissors.

The font has no tick or scissors glyphs, and a glyph a font lacks prints as a box, so these are
drawn with lines, which also photocopy cleanly in black and white.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from generator.axis import axis_marks, label_width, nice_steps, round_years
from generator.choices import Space
from generator.fonts import face
from generator.sheet.plan import TimelineAxis

INK = colors.black
RULE = colors.Color(0.35, 0.35, 0.35)
GRID = colors.Color(0.6, 0.6, 0.6)
"""Squared paper's grey: light enough to write over, dark enough to survive a black-and-white
photocopier, which drops paler greys."""
GRID_LINE_WIDTH = 0.4
GRID_SQUARE = 5 * mm
SPACE_TOP = 2.0
"""How far below the top of its space a box or grid starts, clear of the question's last line."""


MIN_SPLIT_LINES = 3
"""A run of lines split by a page end leaves at least this many at the foot of the first page."""


class WritingSpace(Flowable):  # type: ignore[misc]
    """Room to write, `count` ruled lines tall: the lines themselves, an empty box of the same
    height, or a grid of 5 mm squares; a long run continues on the next page.

    The count may give by up to a fifth (`slack` lines) so a page is not wasted: a run that would
    spill that few lines onto a new page is trimmed to end the page, and one that would end that
    few lines short of the foot of the page grows to fill it.
    """

    def __init__(
        self,
        count: int,
        gap: float,
        kind: Space = "lines",
        slack: int | None = None,
        square: float = GRID_SQUARE,
    ) -> None:
        super().__init__()
        self.asked = count
        self.count = count
        self.gap = gap
        self.kind = kind
        self.slack = count // 5 if slack is None else slack
        self.square = square
        """The side of a grid's squares."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        room = int(available_height // self.gap)
        self.count = room if 0 < room - self.asked <= self.slack else self.asked
        return available_width, self.count * self.gap

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        fitting = int(available_height // self.gap)
        if fitting < MIN_SPLIT_LINES or fitting >= self.asked:
            return []
        left = self.asked - fitting
        if left <= self.slack:
            return [WritingSpace(fitting, self.gap, self.kind, 0, self.square)]
        return [
            WritingSpace(fitting, self.gap, self.kind, 0, self.square),
            WritingSpace(left, self.gap, self.kind, self.slack, self.square),
        ]

    def draw(self) -> None:
        canvas: Any = self.canv
        top = self.count * self.gap - SPACE_TOP
        if self.kind == "lines":
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            for index in range(self.count):
                y = index * self.gap + 1.0
                canvas.line(0, y, self.width, y)
        elif self.kind == "blank":
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.rect(0, 1.0, self.width, top - 1.0)
        else:
            self._grid(top)

    def _grid(self, top: float) -> None:
        """Whole squares only, hung from the top of the space and centred across it: a square cut
        short at an edge is no use for a digit or a bar."""
        square = self.square
        across = int(self.width // square)
        down = int((top - 1.0) // square)
        if across < 1 or down < 1:
            return
        canvas: Any = self.canv
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(GRID_LINE_WIDTH)
        left = (self.width - across * square) / 2
        canvas.grid(
            [left + index * square for index in range(across + 1)],
            [top - index * square for index in range(down + 1)],
        )


class TickBox(Flowable):  # type: ignore[misc]
    """A square to tick, drawn ticked in the answer key."""

    def __init__(self, size: float, ticked: bool) -> None:
        super().__init__()
        self.size = size
        self.ticked = ticked

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.9)
        canvas.rect(0, 0, self.size, self.size)
        if self.ticked:
            canvas.setLineWidth(2)
            size = self.size
            path = canvas.beginPath()
            path.moveTo(size * 0.18, size * 0.5)
            path.lineTo(size * 0.42, size * 0.2)
            path.lineTo(size * 0.85, size * 0.88)
            canvas.drawPath(path, stroke=1, fill=0)


class Scissors(Flowable):  # type: ignore[misc]
    """A small scissors mark with a dashed line: cut here."""

    def __init__(self, height: float = 5 * mm) -> None:
        super().__init__()
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        middle = self.height / 2
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        for offset in (-1.2 * mm, 1.2 * mm):
            canvas.circle(1.6 * mm, middle + offset, 1.1 * mm)
        canvas.line(2.6 * mm, middle + 0.9 * mm, 7 * mm, middle - 1.4 * mm)
        canvas.line(2.6 * mm, middle - 0.9 * mm, 7 * mm, middle + 1.4 * mm)
        canvas.setDash(4, 3)
        canvas.line(9 * mm, middle, self.width, middle)


BOX_SCALE = 1.6
"""A letter box's side, as a multiple of the timeline's type size: room for a capital written by hand."""
BOX_GAP = 1.5 * mm
"""Between neighbouring letter boxes, and between a box and the axis."""
LEADER_ROOM = 9 * mm
"""Between the axis and the key's row of letters: room for the leaders to slant to their dates."""
TICK = 2 * mm
LABEL_DROP = TICK + 1 * mm
"""Between the axis and the top of the first row of year labels: clear of the ticks, so no tick
runs into a year ("19|17")."""
DOT_RADIUS = 0.7 * mm


class TimelineDrawing(Flowable):  # type: ignore[misc]
    """A time axis across the whole width, its years labelled under it (in two staggered rows
    when that labels every tick and one row cannot, as large print's bigger years need).

    For pupils, letter boxes stand over the years and ruled bands lie above and below, room to
    write each event at its place. In the key, each event's letter sits in a box in one row over
    the axis, in date order, spread apart where dates crowd, with a leader down to its date: the
    leaders never cross the year labels, which are all under the axis.
    """

    def __init__(self, axis: TimelineAxis, size: float, line_gap: float) -> None:
        super().__init__()
        self.axis = axis
        self.size = size
        self.line_gap = line_gap
        self.leading = size * 1.2
        self.box = size * BOX_SCALE
        self.events = sorted(axis.events, key=lambda event: event.when)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        axis = self.axis
        self.width = available_width
        self.inset = max(label_width(axis.start, axis.end, self.size, axis.style) / 2 + 1, self.box / 2)
        length = available_width - 2 * self.inset
        self.marks = axis_marks(axis.start, axis.end, length, self.size, axis.style)
        self.label_rows = 1
        if len(self.marks.labelled) < len(self.marks.ticks):
            staggered = axis_marks(axis.start, axis.end, 2 * length, self.size, axis.style)
            if staggered.labelled == staggered.ticks == self.marks.ticks:
                self.marks, self.label_rows = staggered, 2
        band = axis.bands * self.line_gap
        self.axis_y = band + self.label_rows * self.leading + LABEL_DROP + 1 * mm
        if self.events:
            above = LEADER_ROOM + self.box
        elif axis.boxes:
            above = TICK + axis.boxes * (self.box + BOX_GAP) + band
        else:
            above = LEADER_ROOM
        self.height = self.axis_y + above
        return available_width, self.height

    def x(self, when: float) -> float:
        """Where a date falls, the axis running from the start of its first year to that of its last."""
        span = max(self.axis.end - self.axis.start, 1)
        return self.inset + (when - self.axis.start) / span * (float(self.width) - 2 * self.inset)

    def box_years(self) -> list[int]:
        """The years that get letter boxes: every year where the boxes fit side by side, else
        the roundest years that leave room between them."""
        start, end = self.axis.start, self.axis.end
        per_year = (self.x(end) - self.x(start)) / max(end - start, 1)
        step = next(step for step in nice_steps() if step * per_year >= self.box + BOX_GAP)
        return round_years(start, end, step)

    def spread(self) -> list[float]:
        """The centres of the key's letter boxes: each over its date where it can be, else as
        near as its neighbours allow, all inside the width."""
        count = len(self.events)
        box = min(self.box, float(self.width) / max(count, 1))
        gap = min(BOX_GAP, (float(self.width) - count * box) / max(count - 1, 1))
        low, high = box / 2, float(self.width) - box / 2
        centres = [min(max(self.x(event.when), low), high) for event in self.events]
        for index in range(1, count):
            centres[index] = max(centres[index], centres[index - 1] + box + gap)
        if centres:
            centres[-1] = min(centres[-1], high)
        for index in range(count - 2, -1, -1):
            centres[index] = min(centres[index], centres[index + 1] - box - gap)
        return centres

    def draw(self) -> None:
        canvas: Any = self.canv
        axis_y = self.axis_y
        canvas.setStrokeColor(INK)
        canvas.setFillColor(INK)
        self._bands()
        canvas.setLineWidth(1.4)
        canvas.line(self.x(self.axis.start), axis_y, self.x(self.axis.end), axis_y)
        canvas.setLineWidth(0.8)
        canvas.setFont(face(), self.size)
        labelled = list(self.marks.labelled)
        for year in self.marks.ticks:
            x = self.x(year)
            canvas.line(x, axis_y - TICK, x, axis_y + TICK if year in labelled else axis_y)
            if year in labelled:
                row = labelled.index(year) % self.label_rows
                baseline = axis_y - LABEL_DROP - self.size * 0.8 - row * self.leading
                canvas.drawCentredString(x, baseline, self.marks.label(year))
        if self.events:
            self._placed()
        elif self.axis.boxes:
            self._letter_boxes()

    def _bands(self) -> None:
        """Ruled lines under the year labels and over the letter boxes, to write events at their
        places."""
        if not self.axis.bands or self.events:
            return
        canvas: Any = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        top_band = self.height - self.axis.bands * self.line_gap
        for index in range(self.axis.bands):
            for y in (index * self.line_gap + 1.0, top_band + (index + 1) * self.line_gap - 1.0):
                canvas.line(0, y, self.width, y)
        canvas.setStrokeColor(INK)

    def _letter_boxes(self) -> None:
        canvas: Any = self.canv
        canvas.setLineWidth(0.8)
        for year in self.box_years():
            x = self.x(year)
            for level in range(self.axis.boxes):
                bottom = self.axis_y + TICK + BOX_GAP / 2 + level * (self.box + BOX_GAP)
                canvas.rect(x - self.box / 2, bottom, self.box, self.box)

    def _placed(self) -> None:
        canvas: Any = self.canv
        bottom = self.axis_y + LEADER_ROOM
        box = min(self.box, float(self.width) / len(self.events))
        canvas.setFont(face(bold=True), min(self.size, box / BOX_SCALE))
        for event, centre in zip(self.events, self.spread(), strict=True):
            x = self.x(event.when)
            canvas.setLineWidth(0.6)
            canvas.line(centre, bottom, x, self.axis_y)
            canvas.circle(x, self.axis_y, DOT_RADIUS, stroke=0, fill=1)
            canvas.setLineWidth(0.8)
            canvas.rect(centre - box / 2, bottom, box, box)
            canvas.drawCentredString(centre, bottom + box / 2 - self.size * 0.33, event.label)
