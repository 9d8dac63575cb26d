"""Which years a time axis ticks and labels: decided where the axis is drawn, since only there are
its width and its type size known (a large-print worksheet sets the years bigger than the
standard one).

Ticks and labels fall on round years (every 1, 2, 5, 10, 20, 50, 100... years) chosen from the
span, so a lesson may cover a decade or two thousand years. Years are astronomical
(generator.dates): round years before AD 1 are counted down as BC years are (100 BC, 200 BC), and
there is no year 0 between 1 BC and AD 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

from generator.dates import Style, year_label
from generator.fonts import word_width

LEAST_TICK_GAP = 5.0
"""Points between neighbouring ticks: closer, and they print as a grey smear."""


def nice_steps() -> Iterator[int]:
    """1, 2, 5, 10, 20, 50, 100, 200, 500, 1000..."""
    for power in count():
        for factor in (1, 2, 5):
            yield factor * 10**power


def round_years(start: int, end: int, step: int) -> list[int]:
    """The years from start to end that are whole multiples of `step` as the calendar counts them."""
    after_christ = range(max(step, -(-start // step) * step), end + 1, step)
    first_bc, last_bc = max(1, 1 - end), 1 - start
    before_christ = [1 - number for number in range(-(-first_bc // step) * step, last_bc + 1, step)]
    return sorted([*before_christ, *after_christ])


def label_width(start: int, end: int, size: float, style: Style) -> float:
    """The widest year label the axis may write: the years furthest from AD 1 are at its ends."""
    return max(word_width(year_label(year, style), size) for year in (start, end))


@dataclass(frozen=True)
class AxisMarks:
    ticks: tuple[int, ...]
    """Astronomical years with a tick, the axis's two ends among them."""
    labelled: tuple[int, ...]
    """The ticks with a year written under them."""
    style: Style

    def label(self, year: int) -> str:
        return year_label(year, self.style)


def axis_marks(start: int, end: int, axis_width: float, size: float, style: Style) -> AxisMarks:
    """Ticks as close as print allows, and labels on the roundest years that do not touch; both
    ends are always labelled, and a round year too close to an end gives way to it."""
    spacing = axis_width / (end - start)
    tick_step = next(step for step in nice_steps() if step * spacing >= LEAST_TICK_GAP)
    ticks = sorted({start, end, *round_years(start, end, tick_step)})
    need = label_width(start, end, size, style) + size / 2

    def clear(first: int, second: int) -> bool:
        return abs(second - first) * spacing >= need

    for step in nice_steps():
        if step % tick_step or not clear(0, step):
            continue
        inner = [year for year in round_years(start, end, step) if clear(start, year) and clear(year, end)]
        labelled = [start, *inner, end] if clear(start, end) else [start]
        return AxisMarks(tuple(ticks), tuple(labelled), style)
    raise AssertionError("a step as long as the span always fits")
