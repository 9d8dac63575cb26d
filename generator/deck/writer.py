"""Writes fitted slides to a .pptx with python-pptx: the only module that knows about PowerPoint."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pptx.oxml.ns import qn
from pptx.text.text import TextFrame
from pptx.util import Emu

from generator.deck.drawn_xml import drawn_elements
from generator.deck.fit import (
    Box,
    FittedSlide,
    FittedTable,
)
from generator.deck.layouts import all_layouts
from generator.deck.package import package_entries
from generator.deck.plan import Shape
from generator.deck.prepared import PreparedParts
from generator.deck.template import drop_unused_layouts
from generator.deck.text_xml import fill_text_body, fill_title, parse_elements, table_rows, xfrm_xml
from generator.deck.units import emu
from generator.metadata import Metadata
from generator.reproducible import build_date, write_zip

_SHAPE_TAGS = [qn(f"p:{tag}") for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart")]
_PLACEHOLDER = f"{qn('p:nvPr')}/{qn('p:ph')}"


def _placeholders(slide: Any) -> list[tuple[Any, int]]:
    """Each placeholder shape element on the slide with its idx, found as python-pptx finds them
    (a ph in the shape's first child's nvPr) but without an XPath query and a proxy per shape."""
    found = []
    for element in slide.shapes._spTree.iterchildren(*_SHAPE_TAGS):
        ph = element[0].find(_PLACEHOLDER) if len(element) else None
        if ph is not None:
            found.append((element, int(ph.get("idx", "0"))))
    return found


def _title(placeholders: list[tuple[Any, int]]) -> Any:
    """The title placeholder: the first at idx 0, as python-pptx's `shapes.title`."""
    return next(element for element, idx in placeholders if idx == 0)


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


def _text_body(slide: Any, fitted: FittedSlide, box: Box) -> Any:
    """The text body the slide's text goes in: the layout's own text placeholder, so it keeps the
    template's style, or else a new text box; either way at the fitted box."""
    if fitted.text_placeholder is not None:
        for element, idx in _placeholders(slide):
            if idx == fitted.text_placeholder:
                element.find(qn("p:spPr")).append(parse_elements(xfrm_xml(box), "p:spPr")[0])
                return element.find(qn("p:txBody"))
    shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height))
    return shape.text_frame._txBody


def _drop_empty_placeholders(slide: Any) -> None:
    """Placeholders the layout brought that hold nothing: they would say "Click to add text"."""
    placeholders = _placeholders(slide)
    title = _title(placeholders)
    for element, _ in placeholders:
        text_body = element.find(qn("p:txBody")) if element.tag == qn("p:sp") else None
        if element is not title and (text_body is None or not TextFrame(text_body, slide).text):
            element.getparent().remove(element)


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
        fill_title(_title(_placeholders(slide)), fitted.title, fitted.title_size, fitted.title_box)
        if fitted.text:
            fill_text_body(_text_body(slide, fitted, fitted.text.box), fitted.text)
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
