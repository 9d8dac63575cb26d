"""Writes fitted slides to a .pptx with python-pptx: the only module that knows about PowerPoint."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from generator.deck.fit import (
    CELL_INSET_X,
    CELL_INSET_Y,
    INSET_X,
    INSET_Y,
    PARAGRAPH_GAP,
    Box,
    FittedSlide,
    FittedTable,
    FittedText,
    bullet_indent,
)
from generator.deck.layouts import all_layouts
from generator.deck.plan import Shape
from generator.deck.template import drop_unused_layouts
from generator.deck.units import emu, place
from generator.fonts import SLIDE_FONT
from generator.metadata import Metadata
from generator.reproducible import build_date, copy_zip

BULLET = "•"
DRAWN = "Drawn"
"""Names a shape placed by its part (timeline, cards), which may use text down to 14 pt."""


def _prepare_frame(frame: Any, inset_x: float = INSET_X, inset_y: float = INSET_Y) -> None:
    """Explicit wrapping and insets, no autofit: what we measured is what every suite draws."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = emu(inset_x)
    frame.margin_top = frame.margin_bottom = emu(inset_y)


def _set_run(paragraph: Any, text: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = SLIDE_FONT


def _set_bullet(paragraph: Any, indent: float, hanging: float, bullet: bool) -> None:
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(emu(indent)))
    properties.set("indent", str(-emu(hanging)) if bullet else "0")
    if bullet:
        font = properties.makeelement(qn("a:buFont"), {"typeface": "Arial"})
        character = properties.makeelement(qn("a:buChar"), {"char": BULLET})
        properties.append(font)
        properties.append(character)
    else:
        properties.append(properties.makeelement(qn("a:buNone"), {}))


def _write_text(frame: Any, fitted: FittedText) -> None:
    _prepare_frame(frame)
    for index, line in enumerate(fitted.lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.line_spacing = 1.0
        paragraph.space_before = Pt(fitted.size * PARAGRAPH_GAP if index else 0)
        _set_bullet(paragraph, bullet_indent(line, fitted.size), fitted.size * 0.8, line.bullet)
        _set_run(paragraph, line.text, fitted.size)


def _write_title(slide: Any, title: str, size: float, box: Box) -> None:
    shape = slide.shapes.title
    place(shape, box)
    frame = shape.text_frame
    _prepare_frame(frame)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    _set_run(frame.paragraphs[0], title, size, bold=True)


def _write_table(slide: Any, fitted: FittedTable) -> None:
    box = fitted.box
    shape = slide.shapes.add_table(
        len(fitted.rows) + 1,
        len(fitted.columns),
        emu(box.left),
        emu(box.top),
        emu(box.width),
        emu(box.height),
    )
    table = shape.table
    for column, width in zip(table.columns, fitted.widths, strict=True):
        column.width = emu(width)
    for row, height in zip(table.rows, fitted.heights, strict=True):
        row.height = emu(height)
    for row_index, texts in enumerate((fitted.columns, *fitted.rows)):
        for column_index, text in enumerate(texts):
            cell = table.cell(row_index, column_index)
            cell.margin_left = cell.margin_right = emu(CELL_INSET_X)
            cell.margin_top = cell.margin_bottom = emu(CELL_INSET_Y)
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]
            paragraph.line_spacing = 1.0
            _set_run(paragraph, text, fitted.size, bold=row_index == 0)


def _write_picture(slide: Any, slide_plan: FittedSlide) -> None:
    assert slide_plan.picture and slide_plan.picture_box
    from PIL import Image

    box = slide_plan.picture_box
    with Image.open(slide_plan.picture.path) as image:
        ratio = image.width / image.height
    width = min(box.width, box.height * ratio)
    height = width / ratio
    picture = slide.shapes.add_picture(
        str(slide_plan.picture.path),
        emu(box.left + (box.width - width) / 2),
        emu(box.top),
        emu(width),
        emu(height),
    )
    picture._element.nvPicPr.cNvPr.set("descr", slide_plan.picture.alt)


def _write_shape(slide: Any, shape: Shape) -> None:
    """Black on white: it must project and photocopy alike."""
    black = RGBColor.from_string("000000")
    if shape.kind == "line":
        drawn = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT,
            emu(shape.left),
            emu(shape.top),
            emu(shape.left + shape.width),
            emu(shape.top + shape.height),
        )
    else:
        kind = {"box": MSO_SHAPE.RECTANGLE, "dot": MSO_SHAPE.OVAL}.get(shape.kind)
        position = (emu(shape.left), emu(shape.top), emu(shape.width), emu(shape.height))
        drawn = slide.shapes.add_shape(kind, *position) if kind else slide.shapes.add_textbox(*position)
        if kind:
            drawn.fill.solid()
            drawn.fill.fore_color.rgb = black if shape.kind == "dot" else RGBColor.from_string("FFFFFF")
            drawn.shadow.inherit = False
        if shape.text:
            frame = drawn.text_frame
            _prepare_frame(frame, CELL_INSET_X, CELL_INSET_Y)
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER if shape.align == "center" else PP_ALIGN.LEFT
            paragraph.line_spacing = 1.0
            _set_run(paragraph, shape.text, shape.size, shape.bold)
            paragraph.runs[0].font.color.rgb = black
    drawn.name = f"{DRAWN} {shape.kind} {drawn.shape_id}"
    if shape.kind in ("line", "box"):
        drawn.line.color.rgb = black
        drawn.line.width = Pt(1.5 if shape.kind == "line" else 1.25)
        if shape.dashed:
            drawn.line.dash_style = MSO_LINE.DASH


def _text_frame(slide: Any, fitted: FittedSlide, box: Box) -> Any:
    """The frame the slide's text goes in: the layout's own text placeholder, so it keeps the
    template's style, or else a new text box; either way at the fitted box."""
    if fitted.text_placeholder is not None:
        for shape in slide.placeholders:
            if shape.placeholder_format.idx == fitted.text_placeholder:
                place(shape, box)
                return shape.text_frame
    shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height))
    return shape.text_frame


def _drop_empty_placeholders(slide: Any) -> None:
    """Placeholders the layout brought that hold nothing: they would say "Click to add text"."""
    title = slide.shapes.title.shape_id
    for shape in list(slide.placeholders):
        if shape.shape_id != title and not (shape.has_text_frame and shape.text_frame.text):
            shape._element.getparent().remove(shape._element)


def write_deck(presentation: Any, slides: Sequence[FittedSlide], path: Path, metadata: Metadata) -> None:
    """Add the fitted slides to the deck (generator.deck.template.open_deck) and save it."""
    layouts = all_layouts(presentation)
    properties = presentation.core_properties
    properties.title = metadata.title
    properties.subject = metadata.subject
    properties.language = metadata.language
    properties.author = properties.last_modified_by = metadata.author
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = build_date().replace(tzinfo=None)
    for fitted in slides:
        slide = presentation.slides.add_slide(layouts[fitted.layout])
        _write_title(slide, fitted.title, fitted.title_size, fitted.title_box)
        if fitted.text:
            _write_text(_text_frame(slide, fitted, fitted.text.box), fitted.text)
        if fitted.table:
            _write_table(slide, fitted.table)
        if fitted.picture:
            _write_picture(slide, fitted)
        for shape in fitted.shapes:
            _write_shape(slide, shape)
        _drop_empty_placeholders(slide)
        if fitted.notes:
            slide.notes_slide.notes_text_frame.text = fitted.notes
    drop_unused_layouts(presentation)
    package = BytesIO()
    presentation.save(package)
    copy_zip(package, path)
