"""Slide text (paragraphs, runs, table rows) written as XML strings, parsed once per text frame.

python-pptx sets each paragraph and run property with its own tree searches, which made text
frames and tables over a third of the deck's writing time. The XML here is exactly what those
setters write (sizes in centipoints and spacing rounded through python-pptx's own `Pt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from pptx.oxml import parse_xml
from pptx.util import Pt

from generator.deck.fit import (
    CELL_INSET_X,
    INSET_X,
    INSET_Y,
    VERSE_HANG,
    VERSE_MARGIN,
    Box,
    FittedTable,
    FittedText,
    bullet_indent,
    cell_inset_y,
    line_size,
    paragraph_gap,
    right_indent,
)
from generator.deck.units import emu
from generator.fonts import SLIDE_FONT

DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
PRESENTATIONML = "http://schemas.openxmlformats.org/presentationml/2006/main"
NAMESPACES = f'xmlns:a="{DRAWINGML}" xmlns:p="{PRESENTATIONML}"'
BULLET = "•"
SINGLE_SPACING = '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
DEFAULT_INSETS = {"lIns": 91440, "rIns": 91440, "tIns": 45720, "bIns": 45720}
"""A text frame's insets when its bodyPr names none: python-pptx leaves out an inset set to this."""
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")


def _text(text: str) -> str:
    """Escaped for XML, with control characters written as python-pptx writes them (_x0007_)."""
    return escape(_CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", text))


@dataclass(frozen=True)
class TextLook:
    """How text is written: our own deck names its face, alignment and bullets; on a template,
    runs name no face (the theme's fonts apply) and text in a placeholder takes its alignment,
    bullets and colour from the layout, unless its colour had to change to stay readable."""

    typeface: str = SLIDE_FONT
    """The face runs name; "" for the template's theme fonts."""
    colour: str = ""
    """An RRGGBB every run is written in; "" for the colour it inherits."""
    own_paragraphs: bool = True
    """Whether paragraphs carry our alignment and bullets (else the layout's body style's)."""
    scale: float = 1.0
    """The deck's scale (generator.deck.layouts): insets shrink with the slide as type does."""


OUR_LOOK = TextLook()


def run_xml(
    text: str, size: float, bold: bool | None = False, colour: str = "", typeface: str = SLIDE_FONT
) -> str:
    """One run; `bold` None leaves the weight to the style, `typeface` "" the face."""
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if colour else ""
    weight = "" if bold is None else f' b="{int(bold)}"'
    face = f'<a:latin typeface="{typeface}"/>' if typeface else ""
    return (
        f'<a:r><a:rPr sz="{Pt(size).centipoints}"{weight}>{fill}{face}</a:rPr><a:t>{_text(text)}</a:t></a:r>'
    )


def parse_elements(fragment: str, wrapper: str = "p:spTree") -> list[Any]:
    """The elements of an XML fragment, as python-pptx's own element classes. An empty run keeps
    its text as "" (written `<a:t></a:t>`), as python-pptx leaves it."""
    parent = parse_xml(f"<{wrapper} {NAMESPACES}>{fragment}</{wrapper}>")
    for text in parent.iter(f"{{{DRAWINGML}}}t"):
        if text.text is None:
            text.text = ""
    return list(parent)


def frame_body_xml(inset_x: float = INSET_X, inset_y: float = INSET_Y) -> str:
    """The bodyPr python-pptx writes for explicit wrapping, these insets and no autofit."""
    insets = {"lIns": emu(inset_x), "rIns": emu(inset_x), "tIns": emu(inset_y), "bIns": emu(inset_y)}
    named = "".join(f' {name}="{value}"' for name, value in insets.items() if value != DEFAULT_INSETS[name])
    return f'<a:bodyPr wrap="square"{named}><a:noAutofit/></a:bodyPr>'


def xfrm_xml(box: Box) -> str:
    """A shape's position and size, as python-pptx's left/top/width/height setters write them."""
    return (
        f'<a:xfrm><a:off x="{emu(box.left)}" y="{emu(box.top)}"/>'
        f'<a:ext cx="{emu(box.width)}" cy="{emu(box.height)}"/></a:xfrm>'
    )


PANEL_TINT = 7000
"""A quotation panel's opacity, in thousandths of a percent: a light grey on white."""
SLIDE_NUMBER = "Slide Number"
"""The name of the box holding a slide's number."""
_NUMBER_FIELD = "{5C1F3D2E-8A47-4B6E-9D10-2F4A7C8E1B35}"


def slide_number_xml(shape_id: int, number: int, box: Box, size: float, look: TextLook) -> str:
    """A text box at `box` holding the slide-number field, right aligned: every suite fills in
    the slide's real number, so "go back to slide 30" finds it after slides are added or moved;
    `number` is what is shown until it does."""
    fill = f'<a:solidFill><a:srgbClr val="{look.colour}"/></a:solidFill>' if look.colour else ""
    face = f'<a:latin typeface="{look.typeface}"/>' if look.typeface else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{SLIDE_NUMBER}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr>{xfrm_xml(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        '</p:spPr><p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">'
        '<a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="r"/>'
        f'<a:fld id="{_NUMBER_FIELD}" type="slidenum"><a:rPr lang="en-GB" sz="{Pt(size).centipoints}">'
        f"{fill}{face}</a:rPr><a:t>{number}</a:t></a:fld></a:p></p:txBody></p:sp>"
    )


def fill_title(shape: Any, title: str, size: float, box: Box, look: TextLook = OUR_LOOK) -> None:
    """Place a new slide's title placeholder (an empty spPr and text body, as python-pptx clones
    it from the layout) at the box and write the title in it, in one run: left aligned and bold
    on our deck, as the layout's title style says on a template."""
    paragraph = '<a:pPr algn="l"/>' if look.own_paragraphs else ""
    run = run_xml(title, size, True if look.own_paragraphs else None, look.colour, look.typeface)
    fragment = f"{xfrm_xml(box)}{_frame(look)}<a:p>{paragraph}{run}</a:p>"
    position, body, paragraph = parse_elements(fragment, "p:txBody")
    shape.find(f"{{{PRESENTATIONML}}}spPr").append(position)
    text_body = shape.find(f"{{{PRESENTATIONML}}}txBody")
    text_body.replace(text_body.find(f"{{{DRAWINGML}}}bodyPr"), body)
    text_body.replace(text_body.find(f"{{{DRAWINGML}}}p"), paragraph)


def _frame(look: TextLook) -> str:
    return frame_body_xml(INSET_X * look.scale, INSET_Y * look.scale)


def _body_paragraph(fitted: FittedText, index: int, look: TextLook) -> str:
    """A paragraph single spaced with its measured gap and indent; our alignment and bullet
    character, or the layout's (a line that is not a bullet never gets one)."""
    line = fitted.lines[index]
    size = line_size(line, fitted.size)
    margin = emu(bullet_indent(line, size))
    right = f' marR="{emu(right_indent(line, size))}"' if line.role == "quote" else ""
    indent = -emu(size * 0.8) if line.bullet else 0
    if not line.bullet:
        bullet = "<a:buNone/>"
    elif look.own_paragraphs:
        bullet = f'<a:buFont typeface="Arial"/><a:buChar char="{BULLET}"/>'
    else:
        bullet = ""
    text = line.text
    if line.verse is not None:
        # The number sits in the margin; a tab takes the line to where every line starts, and
        # what wraps hangs further in.
        indent = -emu(size * (VERSE_MARGIN + VERSE_HANG))
        tab = emu(bullet_indent(line, size) - size * VERSE_HANG)
        bullet += f'<a:tabLst><a:tab pos="{tab}" algn="l"/></a:tabLst>'
        text = f"{line.verse.number}	{line.text}"
    align = ' algn="r"' if line.role == "credit" else ' algn="l"' if look.own_paragraphs else ""
    level = f' lvl="{line.level}"' if line.level and not look.own_paragraphs else ""
    space = Pt(paragraph_gap(line, size) if index else 0).centipoints
    return (
        f'<a:p><a:pPr{align}{level} marL="{margin}"{right} indent="{indent}">'
        f'{SINGLE_SPACING}<a:spcBef><a:spcPts val="{space}"/></a:spcBef>{bullet}</a:pPr>'
        f"{run_xml(text, size, line.role == 'label', look.colour, look.typeface)}</a:p>"
    )


def panel_xml(shape_id: int, box: Box, ink: str) -> str:
    """A tinted panel with no outline behind a quotation: a faint wash of the text's own colour,
    so it reads on any background."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Quotation panel {shape_id}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr>{xfrm_xml(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{ink}"><a:alpha val="{PANEL_TINT}"/></a:srgbClr></a:solidFill>'
        "<a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr>"
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-GB"/></a:p>'
        "</p:txBody></p:sp>"
    )


def fill_text_body(text_body: Any, fitted: FittedText, look: TextLook = OUR_LOOK) -> None:
    """Fill a new text frame (a cloned placeholder's or a new text box's) with the fitted lines:
    explicit wrapping and insets, no autofit, so what we measured is what every suite draws;
    single spaced, a gap before each paragraph after the first, bullets hanging."""
    for paragraph in text_body.findall(f"{{{DRAWINGML}}}p"):
        text_body.remove(paragraph)
    fragment = "".join(_body_paragraph(fitted, index, look) for index in range(len(fitted.lines)))
    body, *paragraphs = parse_elements(_frame(look) + fragment, "p:txBody")
    text_body.replace(text_body.find(f"{{{DRAWINGML}}}bodyPr"), body)
    text_body.extend(paragraphs)


RULE_WIDTH = 0.75
"""Points: the thin rules of a plain table."""


def _borders(colour: str) -> str:
    """Thin lines on every side of a cell, for a plain table."""
    line = f'w="{Pt(RULE_WIDTH)}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:'
    return "".join(f"<a:ln{side} {line}ln{side}>" for side in "LRTB")


def _cell(text: str, size: float, bold: bool, look: TextLook, properties: str) -> str:
    scale = look.scale
    margins = (
        f'marL="{emu(CELL_INSET_X * scale)}" marR="{emu(CELL_INSET_X * scale)}" '
        f'marT="{emu(cell_inset_y(size) * scale)}" marB="{emu(cell_inset_y(size) * scale)}"'
    )
    return (
        '<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
        f'<a:p><a:pPr algn="l">{SINGLE_SPACING}</a:pPr>'
        f"{run_xml(text, size, bold, look.colour, look.typeface)}</a:p></a:txBody>"
        f"<a:tcPr {margins}>{properties}</a:tcPr></a:tc>"
    )


@dataclass(frozen=True)
class Plain:
    """A table drawn in its own plain style rather than a table style: thin rules in `rule`, the
    header row filled with `header` (none if "") and bold, no banding."""

    rule: str
    header: str = ""

    def cell(self, header: bool) -> str:
        fill = self.header if header else ""
        return _borders(self.rule) + (
            f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
        )


def table_rows(fitted: FittedTable, look: TextLook = OUR_LOOK, plain: Plain | None = None) -> list[Any]:
    """Every row of the table, header first (bold), each as tall as fitting measured it, always
    left aligned (a master's alignment must not reach the cells). A `plain` table draws its own
    rules and header fill, where the deck has no table style of its own."""
    rows: Iterable[tuple[str, ...]] = (fitted.columns, *fitted.rows)
    properties = (plain.cell(True), plain.cell(False)) if plain else ("", "")
    fragment = "".join(
        f'<a:tr h="{emu(height)}">'
        + "".join(_cell(text, fitted.size, index == 0, look, properties[index > 0]) for text in texts)
        + "</a:tr>"
        for index, (texts, height) in enumerate(zip(rows, fitted.heights, strict=True))
    )
    return parse_elements(fragment, "a:tbl")
