"""The XML of the shapes a part draws (timeline lines, cards, labels, dots), written in one piece.

A timeline or card sort puts well over a hundred shapes on a deck. Made one property at a time
through python-pptx, each shape costs dozens of tree searches (about a quarter of the whole
build's time); here each is one string, and a slide's shapes are parsed in one go. The XML is
what python-pptx's add_shape / add_textbox / add_connector followed by its fill, line and text
setters writes, less the theme's effect (a drop shadow), so PowerPoint, LibreOffice and the tests
see the same shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pptx.util import Pt

from generator.deck.fit import CELL_INSET_X, CELL_INSET_Y
from generator.deck.plan import Shape
from generator.deck.text_xml import SINGLE_SPACING, parse_elements, run_xml
from generator.deck.units import emu
from generator.fonts import SLIDE_FONT

BLACK = "000000"
WHITE = "FFFFFF"
DRAWN = "Drawn"
"""Names a shape placed by its part (timeline, cards), which may use text down to 14 pt."""
_LINE_WIDTHS = {"line": 1.5, "box": 1.25}
_GEOMETRY = {"box": "rect", "dot": "ellipse"}


def _style(line: int, fill: int, effect: int, font_colour: str) -> str:
    """The theme references python-pptx gives a new connector or autoshape."""
    return (
        f'<p:style><a:lnRef idx="{line}"><a:schemeClr val="accent1"/></a:lnRef>'
        f'<a:fillRef idx="{fill}"><a:schemeClr val="accent1"/></a:fillRef>'
        f'<a:effectRef idx="{effect}"><a:schemeClr val="accent1"/></a:effectRef>'
        f'<a:fontRef idx="minor"><a:schemeClr val="{font_colour}"/></a:fontRef></p:style>'
    )


_CONNECTOR_STYLE = _style(2, 0, 0, "tx1")
_SHAPE_STYLE = _style(1, 3, 0, "lt1")
"""No theme effect: a theme's effect styles draw drop shadows, which look dated on a slide."""


@dataclass(frozen=True)
class Drawing:
    """How a slide's drawn shapes are written: `ink` for lines, dots and unboxed text (what reads
    on the slide's background), insets at the deck's scale. Boxes stay black on white."""

    ink: str = BLACK
    scale: float = 1.0
    typeface: str = SLIDE_FONT
    """The face text is drawn in; "" for the template's own (its theme's body font)."""

    @property
    def insets(self) -> str:
        inset_x, inset_y = emu(CELL_INSET_X * self.scale), emu(CELL_INSET_Y * self.scale)
        return f'wrap="square" lIns="{inset_x}" rIns="{inset_x}" tIns="{inset_y}" bIns="{inset_y}"'


ON_WHITE = Drawing()


def _xfrm(left: int, top: int, width: int, height: int, flips: str = "") -> str:
    return f'<a:xfrm{flips}><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'


def _outline(shape: Shape, colour: str) -> str:
    if shape.kind not in _LINE_WIDTHS:
        return ""
    dash = '<a:prstDash val="dash"/>' if shape.dashed else ""
    width = Pt(_LINE_WIDTHS[shape.kind])
    return f'<a:ln w="{width}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{dash}</a:ln>'


def _paragraph(shape: Shape, colour: str, typeface: str) -> str:
    align = "ctr" if shape.align == "center" else "l"
    return (
        f'<a:p><a:pPr algn="{align}">{SINGLE_SPACING}</a:pPr>'
        f"{run_xml(shape.text, shape.size, shape.bold, colour, typeface)}</a:p>"
    )


def _connector(shape: Shape, shape_id: int, drawing: Drawing) -> str:
    begin_x, begin_y = emu(shape.left), emu(shape.top)
    end_x, end_y = emu(shape.left + shape.width), emu(shape.top + shape.height)
    flips = (' flipH="1"' if begin_x > end_x else "") + (' flipV="1"' if begin_y > end_y else "")
    position = _xfrm(
        min(begin_x, end_x), min(begin_y, end_y), abs(end_x - begin_x), abs(end_y - begin_y), flips
    )
    return (
        f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{DRAWN} line {shape_id}"/><p:cNvCxnSpPr/>'
        f'<p:nvPr/></p:nvCxnSpPr><p:spPr>{position}<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f"{_outline(shape, drawing.ink)}<a:effectLst/></p:spPr>{_CONNECTOR_STYLE}</p:cxnSp>"
    )


def _text_box(shape: Shape, shape_id: int, position: str, drawing: Drawing) -> str:
    if shape.text:
        body = (
            f'<a:bodyPr {drawing.insets} anchor="ctr"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f"{_paragraph(shape, drawing.ink, drawing.typeface)}"
        )
    else:
        body = '<a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr><a:lstStyle/><a:p/>'
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{DRAWN} text {shape_id}"/>'
        f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{position}'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        f"<p:txBody>{body}</p:txBody></p:sp>"
    )


def _filled(shape: Shape, shape_id: int, position: str, drawing: Drawing) -> str:
    fill = drawing.ink if shape.kind == "dot" else WHITE
    if shape.text:
        body = (
            f'<a:bodyPr rtlCol="0" anchor="ctr" {drawing.insets}><a:noAutofit/></a:bodyPr>'
            f"<a:lstStyle/>{_paragraph(shape, BLACK, drawing.typeface)}"
        )
    else:
        body = '<a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p>'
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{DRAWN} {shape.kind} {shape_id}"/><p:cNvSpPr/>'
        f'<p:nvPr/></p:nvSpPr><p:spPr>{position}<a:prstGeom prst="{_GEOMETRY[shape.kind]}"><a:avLst/>'
        f'</a:prstGeom><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>{_outline(shape, BLACK)}'
        f"<a:effectLst/></p:spPr>{_SHAPE_STYLE}<p:txBody>{body}</p:txBody></p:sp>"
    )


def shape_xml(shape: Shape, shape_id: int, drawing: Drawing = ON_WHITE) -> str:
    """One drawn shape: boxes black on white, so they project and photocopy alike; lines, dots
    and unboxed text in the ink that reads on the slide (black on our own deck)."""
    if shape.kind == "line":
        return _connector(shape, shape_id, drawing)
    position = _xfrm(emu(shape.left), emu(shape.top), emu(shape.width), emu(shape.height))
    if shape.kind == "text":
        return _text_box(shape, shape_id, position, drawing)
    return _filled(shape, shape_id, position, drawing)


def drawn_elements(shapes: Iterable[Shape], first_id: int, drawing: Drawing = ON_WHITE) -> list[Any]:
    """The shapes as elements to append to a slide's shape tree, numbered from `first_id`."""
    return parse_elements(
        "".join(shape_xml(shape, first_id + index, drawing) for index, shape in enumerate(shapes))
    )
