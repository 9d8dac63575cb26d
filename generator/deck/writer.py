"""Writes fitted slides to a .pptx with python-pptx: the only module that knows about PowerPoint."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from generator.deck.drawn_xml import drawn_elements
from generator.deck.fit import (
    INSET_X,
    INSET_Y,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    Box,
    FittedSlide,
    FittedTable,
    FittedText,
)
from generator.deck.plan import Shape
from generator.deck.text_xml import fill_text_body, table_rows
from generator.fonts import SLIDE_FONT
from generator.metadata import Metadata

DEFAULT_SLIDE_WIDTH = 9144000


def _emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def _place(shape: Any, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        _emu(box.left),
        _emu(box.top),
        _emu(box.width),
        _emu(box.height),
    )


def _prepare_frame(frame: Any, inset_x: float = INSET_X, inset_y: float = INSET_Y) -> None:
    """Explicit wrapping and insets, no autofit: what we measured is what every suite draws."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = _emu(inset_x)
    frame.margin_top = frame.margin_bottom = _emu(inset_y)


def _set_run(paragraph: Any, text: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = SLIDE_FONT


def _write_text(frame: Any, fitted: FittedText) -> None:
    _prepare_frame(frame)
    fill_text_body(frame._txBody, fitted)


def _write_title(slide: Any, title: str, size: float, box: Box) -> None:
    shape = slide.shapes.title
    _place(shape, box)
    frame = shape.text_frame
    _prepare_frame(frame)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    _set_run(frame.paragraphs[0], title, size, bold=True)


def _write_table(slide: Any, fitted: FittedTable) -> None:
    box = fitted.box
    shape = slide.shapes.add_table(
        len(fitted.rows) + 1,
        len(fitted.columns),
        _emu(box.left),
        _emu(box.top),
        _emu(box.width),
        _emu(box.height),
    )
    table = shape.table
    for column, width in zip(table.columns, fitted.widths, strict=True):
        column.width = _emu(width)
    table._tbl.remove_all("a:tr")
    table._tbl.extend(table_rows(fitted))
    shape.height = Emu(sum(_emu(height) for height in fitted.heights))


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
        _emu(box.left + (box.width - width) / 2),
        _emu(box.top),
        _emu(width),
        _emu(height),
    )
    picture._element.nvPicPr.cNvPr.set("descr", slide_plan.picture.alt)


def _write_shapes(slide: Any, shapes: Sequence[Shape]) -> None:
    """Drawn shapes go straight into the shape tree (see generator.deck.drawn_xml for why)."""
    if not shapes:
        return
    tree = slide.shapes._spTree
    tree.extend(drawn_elements(shapes, tree.max_shape_id + 1))


def _layout(presentation: Any, name: str) -> Any:
    for layout in presentation.slide_layouts:
        if layout.name == name:
            return layout
    raise LookupError(f"the slide master has no layout named {name!r}")


def _widen_master(presentation: Any) -> None:
    """Stretch the default 4:3 master and layouts to 16:9 so slides a teacher adds later fit too."""
    factor = SLIDE_WIDTH * 12700 / DEFAULT_SLIDE_WIDTH
    presentation.slide_width = _emu(SLIDE_WIDTH)
    presentation.slide_height = _emu(SLIDE_HEIGHT)
    for owner in [presentation.slide_master, *presentation.slide_layouts]:
        for shape in owner.placeholders:
            shape.left = Emu(int(shape.left * factor))
            shape.width = Emu(int(shape.width * factor))


def write_deck(slides: Sequence[FittedSlide], path: Path, metadata: Metadata) -> None:
    presentation = Presentation()
    _widen_master(presentation)
    properties = presentation.core_properties
    properties.title = metadata.title
    properties.subject = metadata.subject
    properties.language = metadata.language
    properties.author = properties.last_modified_by = metadata.author
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    for fitted in slides:
        if fitted.kind == "title":
            slide = presentation.slides.add_slide(_layout(presentation, "Title Slide"))
            _write_title(slide, fitted.title, fitted.title_size, fitted.title_box)
            subtitle = slide.placeholders[1]
            _place(subtitle, fitted.text.box if fitted.text else fitted.title_box)
            if fitted.text:
                _write_text(subtitle.text_frame, fitted.text)
        else:
            slide = presentation.slides.add_slide(_layout(presentation, "Title Only"))
            _write_title(slide, fitted.title, fitted.title_size, fitted.title_box)
            if fitted.text:
                box = fitted.text.box
                shape = slide.shapes.add_textbox(
                    _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
                )
                _write_text(shape.text_frame, fitted.text)
            if fitted.table:
                _write_table(slide, fitted.table)
            if fitted.picture:
                _write_picture(slide, fitted)
            _write_shapes(slide, fitted.shapes)
        if fitted.notes:
            slide.notes_slide.notes_text_frame.text = fitted.notes
    presentation.save(str(path))
