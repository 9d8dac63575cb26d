"""Slide text (paragraphs, runs, table rows) written as XML strings, parsed once per text frame.

python-pptx sets each paragraph and run property with its own tree searches, which made text
frames and tables over a third of the deck's writing time. The XML here is exactly what those
setters write (sizes in centipoints and spacing rounded through python-pptx's own `Pt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from pptx.oxml import parse_xml
from pptx.util import Pt

from generator.deck.fit import (
    CELL_INSET_X,
    CELL_INSET_Y,
    INSET_X,
    INSET_Y,
    VERSE_MARGIN,
    Box,
    FittedTable,
    FittedText,
    bullet_indent,
    paragraph_gap,
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


def run_xml(text: str, size: float, bold: bool = False, colour: str = "") -> str:
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' if colour else ""
    return (
        f'<a:r><a:rPr sz="{Pt(size).centipoints}" b="{int(bold)}">{fill}'
        f'<a:latin typeface="{SLIDE_FONT}"/></a:rPr><a:t>{_text(text)}</a:t></a:r>'
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


def fill_title(shape: Any, title: str, size: float, box: Box) -> None:
    """Place a new slide's title placeholder (an empty spPr and text body, as python-pptx clones
    it from the layout) at the box and write the title in it: left aligned, bold, in one run."""
    fragment = (
        f'{xfrm_xml(box)}{frame_body_xml()}<a:p><a:pPr algn="l"/>{run_xml(title, size, bold=True)}</a:p>'
    )
    position, body, paragraph = parse_elements(fragment, "p:txBody")
    shape.find(f"{{{PRESENTATIONML}}}spPr").append(position)
    text_body = shape.find(f"{{{PRESENTATIONML}}}txBody")
    text_body.replace(text_body.find(f"{{{DRAWINGML}}}bodyPr"), body)
    text_body.replace(text_body.find(f"{{{DRAWINGML}}}p"), paragraph)


def _body_paragraph(fitted: FittedText, index: int) -> str:
    line = fitted.lines[index]
    size = fitted.size
    margin = emu(bullet_indent(line, size))
    indent = -emu(size * 0.8) if line.bullet else 0
    bullet = f'<a:buFont typeface="Arial"/><a:buChar char="{BULLET}"/>' if line.bullet else "<a:buNone/>"
    text = line.text
    if line.verse is not None:
        # The number sits in the margin; a tab takes the line to where every line starts, and
        # what wraps hangs further in.
        indent = -margin
        bullet += f'<a:tabLst><a:tab pos="{emu(size * VERSE_MARGIN)}" algn="l"/></a:tabLst>'
        text = f"{line.verse.number}\t{line.text}"
    space = Pt(paragraph_gap(line, size) if index else 0).centipoints
    return (
        f'<a:p><a:pPr algn="l" marL="{margin}" indent="{indent}">'
        f'{SINGLE_SPACING}<a:spcBef><a:spcPts val="{space}"/></a:spcBef>{bullet}</a:pPr>'
        f"{run_xml(text, size)}</a:p>"
    )


def fill_text_body(text_body: Any, fitted: FittedText) -> None:
    """Fill a new text frame (a cloned placeholder's or a new text box's) with the fitted lines:
    explicit wrapping and insets, no autofit, so what we measured is what every suite draws;
    left aligned, single spaced, a gap before each paragraph after the first, bullets hanging."""
    for paragraph in text_body.findall(f"{{{DRAWINGML}}}p"):
        text_body.remove(paragraph)
    fragment = "".join(_body_paragraph(fitted, index) for index in range(len(fitted.lines)))
    body, *paragraphs = parse_elements(frame_body_xml() + fragment, "p:txBody")
    text_body.replace(text_body.find(f"{{{DRAWINGML}}}bodyPr"), body)
    text_body.extend(paragraphs)


def _cell(text: str, size: float, bold: bool) -> str:
    margins = (
        f'marL="{emu(CELL_INSET_X)}" marR="{emu(CELL_INSET_X)}" '
        f'marT="{emu(CELL_INSET_Y)}" marB="{emu(CELL_INSET_Y)}"'
    )
    return (
        '<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
        f"<a:p><a:pPr>{SINGLE_SPACING}</a:pPr>{run_xml(text, size, bold)}</a:p></a:txBody>"
        f"<a:tcPr {margins}/></a:tc>"
    )


def table_rows(fitted: FittedTable) -> list[Any]:
    """Every row of the table, header first (bold), each as tall as fitting measured it."""
    rows: Iterable[tuple[str, ...]] = (fitted.columns, *fitted.rows)
    fragment = "".join(
        f'<a:tr h="{emu(height)}">'
        + "".join(_cell(text, fitted.size, index == 0) for text in texts)
        + "</a:tr>"
        for index, (texts, height) in enumerate(zip(rows, fitted.heights, strict=True))
    )
    return parse_elements(fragment, "a:tbl")
