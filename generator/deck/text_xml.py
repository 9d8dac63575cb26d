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
    PARAGRAPH_GAP,
    FittedTable,
    FittedText,
    bullet_indent,
)
from generator.deck.units import emu
from generator.fonts import SLIDE_FONT

DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
NAMESPACES = f'xmlns:a="{DRAWINGML}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
BULLET = "•"
SINGLE_SPACING = '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
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


def _body_paragraph(fitted: FittedText, index: int) -> str:
    line = fitted.lines[index]
    size = fitted.size
    indent = -emu(size * 0.8) if line.bullet else 0
    bullet = f'<a:buFont typeface="Arial"/><a:buChar char="{BULLET}"/>' if line.bullet else "<a:buNone/>"
    space = Pt(size * PARAGRAPH_GAP if index else 0).centipoints
    return (
        f'<a:p><a:pPr algn="l" marL="{emu(bullet_indent(line, size))}" indent="{indent}">'
        f'{SINGLE_SPACING}<a:spcBef><a:spcPts val="{space}"/></a:spcBef>{bullet}</a:pPr>'
        f"{run_xml(line.text, size)}</a:p>"
    )


def fill_text_body(text_body: Any, fitted: FittedText) -> None:
    """Replace the frame's paragraphs with the fitted lines: left aligned, single spaced, a gap
    before each paragraph after the first, bullets hanging."""
    for paragraph in text_body.findall(f"{{{DRAWINGML}}}p"):
        text_body.remove(paragraph)
    fragment = "".join(_body_paragraph(fitted, index) for index in range(len(fitted.lines)))
    text_body.extend(parse_elements(fragment, "p:txBody"))


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
