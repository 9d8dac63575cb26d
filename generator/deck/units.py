"""Points, as everything is measured, to the EMUs PowerPoint stores, and placing shapes by them."""

from __future__ import annotations

from typing import Any

from pptx.oxml.ns import qn
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


_PROPERTIES = {
    qn("p:sp"): qn("p:spPr"),
    qn("p:pic"): qn("p:spPr"),
    qn("p:cxnSp"): qn("p:spPr"),
    qn("p:grpSp"): qn("p:grpSpPr"),
}
_FRAME = qn("p:graphicFrame")
Sides = tuple[int | None, int | None, int | None, int | None]
"""A shape's left, top, width and height in EMU; None for a side it leaves to its layout or
master."""


def own_sides(element: Any) -> Sides:
    """The sides the shape's own XML gives, as python-pptx reads them, read straight from the XML:
    a template may draw thousands of shapes, and python-pptx looks each side up anew."""
    if element.tag == _FRAME:
        frame = element.find(qn("p:xfrm"))
    else:
        properties = element.find(_PROPERTIES.get(element.tag, _FRAME))
        frame = None if properties is None else properties.find(qn("a:xfrm"))
    offset = None if frame is None else frame.find(qn("a:off"))
    extent = None if frame is None else frame.find(qn("a:ext"))
    return (
        _number(offset, "x"),
        _number(offset, "y"),
        _number(extent, "cx"),
        _number(extent, "cy"),
    )


def _number(owner: Any, attribute: str) -> int | None:
    """The attribute as a whole number (the template's schema check has refused any other)."""
    value = None if owner is None else owner.get(attribute)
    return None if value is None else int(value)


def sides_box(sides: Sides) -> Box | None:
    """The box in points, as shape_box gives it: None unless every side is known and it has a
    size."""
    left, top, width, height = sides
    if left is None or top is None or width is None or height is None or width <= 0 or height <= 0:
        return None
    return Box(left / 12700, top / 12700, width / 12700, height / 12700)


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
