"""Writes fitted slides to a .pptx with python-pptx: the only module that knows about PowerPoint."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _PhysPkgWriter
from pptx.util import Emu, Pt

from generator.deck.drawn_xml import drawn_elements
from generator.deck.fit import (
    INSET_X,
    INSET_Y,
    Box,
    FittedSlide,
    FittedTable,
    FittedText,
)
from generator.deck.layouts import all_layouts
from generator.deck.plan import Shape
from generator.deck.prepared import PreparedParts
from generator.deck.template import drop_unused_layouts
from generator.deck.text_xml import fill_text_body, table_rows
from generator.deck.units import emu, place
from generator.fonts import SLIDE_FONT
from generator.metadata import Metadata
from generator.reproducible import build_date, write_zip


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


def _write_text(frame: Any, fitted: FittedText) -> None:
    _prepare_frame(frame)
    fill_text_body(frame._txBody, fitted)


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
    table._tbl.remove_all("a:tr")
    table._tbl.extend(table_rows(fitted))
    shape.height = Emu(sum(emu(height) for height in fitted.heights))


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


def _write_shapes(slide: Any, shapes: Sequence[Shape]) -> None:
    """Drawn shapes go straight into the shape tree (see generator.deck.drawn_xml for why)."""
    if not shapes:
        return
    tree = slide.shapes._spTree
    tree.extend(drawn_elements(shapes, tree.max_shape_id + 1))


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


class _Entries(_PhysPkgWriter):
    """Collects what python-pptx's package writer would put in its zip, as (name, data)."""

    def __init__(self) -> None:
        self.files: list[tuple[str, bytes]] = []

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.files.append((pack_uri.membername, blob))


def package_entries(presentation: Any) -> list[tuple[str, bytes]]:
    """Every file of the saved deck, serialised by python-pptx's own package writer but not
    zipped: write_zip compresses them once, dated and ordered for a reproducible file, where
    saving and then copying the zip compressed every part twice."""
    package = presentation.part.package
    writer = PackageWriter("", package._rels, tuple(package.iter_parts()))
    entries = _Entries()
    writer._write_content_types_stream(entries)
    writer._write_pkg_rels(entries)
    writer._write_parts(entries)
    return entries.files


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
    prepared = PreparedParts(presentation)
    for fitted in slides:
        slide = prepared.add_slide(layouts[fitted.layout])
        _write_title(slide, fitted.title, fitted.title_size, fitted.title_box)
        if fitted.text:
            _write_text(_text_frame(slide, fitted, fitted.text.box), fitted.text)
        if fitted.table:
            _write_table(slide, fitted.table)
        if fitted.picture:
            _write_picture(slide, fitted)
        _write_shapes(slide, fitted.shapes)
        _drop_empty_placeholders(slide)
        if fitted.notes:
            prepared.notes_text_frame(slide).text = fitted.notes
    drop_unused_layouts(presentation)
    write_zip(path, package_entries(presentation))
