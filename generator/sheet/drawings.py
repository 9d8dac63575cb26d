"""Things drawn on the worksheet rather than typeset: room to write, tick boxes, timelines, scissors.

The font has no tick or scissors glyphs, and a glyph a font lacks prints as a box, so these are
drawn with lines, which also photocopy cleanly in black and white.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from generator.axis import axis_marks
from generator.choices import Space
from generator.dates import Style
from generator.fonts import face, wrap
from generator.sheet.plan import TimelineEvent

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

    def __init__(self, count: int, gap: float, kind: Space = "lines", slack: int | None = None) -> None:
        super().__init__()
        self.asked = count
        self.count = count
        self.gap = gap
        self.kind = kind
        self.slack = count // 5 if slack is None else slack

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
            return [WritingSpace(fitting, self.gap, self.kind, 0)]
        return [
            WritingSpace(fitting, self.gap, self.kind, 0),
            WritingSpace(left, self.gap, self.kind, self.slack),
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
        across = int(self.width // GRID_SQUARE)
        down = int((top - 1.0) // GRID_SQUARE)
        if across < 1 or down < 1:
            return
        canvas: Any = self.canv
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(GRID_LINE_WIDTH)
        left = (self.width - across * GRID_SQUARE) / 2
        canvas.grid(
            [left + index * GRID_SQUARE for index in range(across + 1)],
            [top - index * GRID_SQUARE for index in range(down + 1)],
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


LABEL_WIDTH: float = 34 * mm
LEVEL_HEIGHT: float = 13 * mm
LEVELS = (1, -1, 2, -2, 3, -3)


class TimelineDrawing(Flowable):  # type: ignore[misc]
    """An axis with ticks on round years and events written at their places, staggered above and
    below so neighbouring labels do not collide."""

    def __init__(
        self, start: int, end: int, events: Sequence[TimelineEvent], size: float, style: Style = ""
    ) -> None:
        super().__init__()
        self.start = start
        self.end = end
        self.style = style
        self.events = sorted(events, key=lambda event: event.when)
        self.size = size
        self.leading = size * 1.15
        label_lines = max((len(wrap(event.label, size, LABEL_WIDTH)[:3]) for event in events), default=0)
        if events:
            levels = max(abs(level) for level in LEVELS[: len(events)])
            self.above = levels * LEVEL_HEIGHT + 1 * mm + label_lines * self.leading
            self.below = levels * LEVEL_HEIGHT + 2 * mm + label_lines * self.leading + 0.3 * size
        else:
            self.above = LEVEL_HEIGHT  # an empty axis leaves pupils room to write above it
            self.below = 0.0
        self.below = max(self.below, 8 * mm)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Tall enough for the highest and lowest labels, so nothing runs into the next block."""
        self.width = available_width
        self.height = self.above + self.below
        self.marks = axis_marks(self.start, self.end, available_width - LABEL_WIDTH, self.size, self.style)
        return available_width, self.height

    def _x(self, when: float) -> float:
        span = max(self.end - self.start, 1)
        usable = float(self.width) - LABEL_WIDTH
        return LABEL_WIDTH / 2 + (when - self.start) / span * usable

    def draw(self) -> None:
        canvas: Any = self.canv
        axis = self.below
        canvas.setStrokeColor(INK)
        canvas.setFillColor(INK)
        canvas.setLineWidth(1.4)
        canvas.line(self._x(self.start), axis, self._x(self.end), axis)
        canvas.setLineWidth(0.8)
        canvas.setFont(face(), self.size)
        for year in self.marks.ticks:
            x = self._x(year)
            labelled = year in self.marks.labelled
            canvas.line(x, axis - (2.5 if not labelled else 4) * mm / 2, x, axis + 2 * mm)
            if labelled:
                canvas.drawCentredString(x, axis - 6 * mm, self.marks.label(year))
        for index, event in enumerate(self.events):
            level = LEVELS[index % len(LEVELS)]
            x = self._x(event.when)
            y = axis + level * LEVEL_HEIGHT + (0 if level > 0 else -2 * mm)
            canvas.setDash(1, 1.5)
            canvas.line(x, axis, x, y)
            canvas.setDash()
            canvas.circle(x, axis, 1.1 * mm, stroke=1, fill=1)
            lines = wrap(event.label, self.size, LABEL_WIDTH)[:3]
            for number, text in enumerate(lines):
                if level > 0:
                    baseline = y + 1 * mm + (len(lines) - 1 - number) * self.leading
                else:
                    baseline = y - (number + 1) * self.leading
                canvas.drawCentredString(x, baseline, text)
