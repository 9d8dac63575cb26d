"""Which years a time axis labels: decided where the axis is drawn, since only there are its width
and its type size known (a large-print worksheet sets the years bigger than the standard one)."""

from __future__ import annotations

from generator.columns import widest_word

NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def label_every(start: int, end: int, axis_width: float, size: float) -> int:
    """Label every n-th year, starting at `start` and always labelling `end`, so that no two
    labels touch: the smallest such n, or a round step (5, 10...) up to twice as large."""
    span = end - start
    spacing = axis_width / span
    need = widest_word([str(end), str(start)], size) + size / 2

    def clear(step: int) -> bool:
        return step * spacing >= need and (span % step == 0 or span % step * spacing >= need)

    smallest = next(step for step in range(1, span + 1) if clear(step))
    return next((step for step in NICE_STEPS if smallest <= step <= 2 * smallest and clear(step)), smallest)
