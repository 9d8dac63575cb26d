"""Points, as everything is measured, to the EMUs PowerPoint stores, and placing shapes by them."""

from __future__ import annotations

from typing import Any

from pptx.util import Emu

from generator.deck.fit import Box


def emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def shape_box(shape: Any) -> Box | None:
    """The shape's box in points (its layout's or master's, for a placeholder that does not place
    itself); None if it has no size."""
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    box = Box(shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)
    return box if box.width > 0 and box.height > 0 else None


def overlap_area(one: Box, other: Box) -> float:
    """The area, in square points, of what two boxes have in common."""
    width = min(one.left + one.width, other.left + other.width) - max(one.left, other.left)
    height = min(one.top + one.height, other.top + other.height) - max(one.top, other.top)
    return max(width, 0.0) * max(height, 0.0)


def place(shape: Any, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        emu(box.left),
        emu(box.top),
        emu(box.width),
        emu(box.height),
    )
