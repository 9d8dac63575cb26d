"""Writes fitted slides to a .pptx with python-pptx: the only module that knows about PowerPoint."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pptx.oxml.ns import qn
from pptx.text.text import TextFrame
from pptx.util import Emu

from generator.deck.canvas import on_slide
from generator.deck.drawn_xml import Drawing, drawn_elements
from generator.deck.fit import (
    MARGIN,
    Box,
    FittedSlide,
    FittedTable,
    FittedText,
    panels,
)
from generator.deck.layouts import SHAPE_TAGS, DeckLayouts, all_layouts
from generator.deck.look import TextColours, numbers_its_slides
from generator.deck.package import SlideList, SpilledParts, deck_entries
from generator.deck.plan import Shape
from generator.deck.prepared import PreparedParts
from generator.deck.template import drop_unused_layouts
from generator.deck.text_xml import (
    Plain,
    TextLook,
    fill_text_body,
    fill_title,
    panel_xml,
    parse_elements,
    slide_number_xml,
    table_rows,
    xfrm_xml,
)
from generator.deck.units import emu
from generator.metadata import Metadata
from generator.reproducible import build_date, write_zip

_PLACEHOLDER = f"{qn('p:nvPr')}/{qn('p:ph')}"
TITLE_TYPES = {"title", "ctrTitle"}
NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
"""Office's "No Style, No Grid" table style: a plain table draws its own borders."""
NUMBER_SIZE = 18.0
NUMBER_WIDTH = 90.0
NUMBER_HEIGHT = 24.0
NUMBER_FOOT = 6.0
"""The slide number's size and box, and its room above the slide's foot, on the canvas."""
RULES = "595959"
HEADER_FILL = "EDEDED"
"""Our own deck's plain tables: dark grey rules and a light grey header, no banding."""


def _placeholders(slide: Any) -> list[tuple[Any, tuple[str, int]]]:
    """Each placeholder shape element on the slide with its type and idx, found as python-pptx
    finds them (a ph in the shape's first child's nvPr) but without an XPath query and a proxy
    per shape."""
    found = []
    for element in slide.shapes._spTree.iterchildren(*SHAPE_TAGS):
        ph = element[0].find(_PLACEHOLDER) if len(element) else None
        if ph is not None:
            found.append((element, (str(ph.get("type", "obj")), int(ph.get("idx", "0")))))
    return found


def _title(placeholders: list[tuple[Any, tuple[str, int]]]) -> Any:
    """The title placeholder: the first of a title type (LibreOffice may put others at idx 0)."""
    return next(element for element, (kind, _) in placeholders if kind in TITLE_TYPES)


def _write_table(slide: Any, fitted: FittedTable, look: TextLook, style: str, plain: Plain | None) -> None:
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
    # The widths written as python-pptx's column setter writes them, the frame as wide as the
    # columns: its setter measures every column again for each one set, and left about 0.6 MB
    # a slide that the build never got back (40 MB for a table over 60 slides).
    widths = [emu(width) for width in fitted.widths]
    for column, width in zip(table._tbl.tblGrid.iterchildren(qn("a:gridCol")), widths, strict=True):
        column.set("w", str(width))
    shape.width = Emu(sum(widths))
    table._tbl.remove_all("a:tr")
    table._tbl.extend(table_rows(fitted, look, plain))
    properties = table._tbl.tblPr
    properties.set("bandRow", "0")
    properties.find(qn("a:tableStyleId")).text = style
    shape.height = Emu(sum(emu(height) for height in fitted.heights))


def _write_picture(slide: Any, slide_plan: FittedSlide) -> None:
    assert slide_plan.picture and slide_plan.picture_box
    from generator.pictures import picture_file, picture_size

    box = slide_plan.picture_box
    picture_width, picture_height = picture_size(slide_plan.picture.path)
    ratio = picture_width / picture_height
    width = min(box.width, box.height * ratio)
    height = width / ratio
    picture = slide.shapes.add_picture(
        picture_file(slide_plan.picture.path),
        emu(box.left + (box.width - width) / 2),
        emu(box.top),
        emu(width),
        emu(height),
    )
    picture._element.nvPicPr.cNvPr.set("descr", slide_plan.picture.alt)


def _write_shapes(slide: Any, shapes: Sequence[Shape], drawing: Drawing) -> None:
    """Drawn shapes go straight into the shape tree (see generator.deck.drawn_xml for why)."""
    if not shapes:
        return
    tree = slide.shapes._spTree
    tree.extend(drawn_elements(shapes, tree.max_shape_id + 1, drawing))


def _write_panels(slide: Any, text_shape: Any, text: FittedText, ink: str) -> None:
    """Tinted panels behind the text's quotations, just before its shape so they lie under it."""
    tree = slide.shapes._spTree
    for box in panels(text):
        (panel,) = parse_elements(panel_xml(tree.max_shape_id + 1, box, ink))
        text_shape.addprevious(panel)


def _write_slide_number(slide: Any, number: int, deck: DeckLayouts, look: TextLook) -> None:
    """The slide's number in the band at the foot of the slide, right aligned at the margin."""
    presentation = deck.deck
    scale = deck.scale
    width, height = presentation.slide_width / 12700, presentation.slide_height / 12700
    box = Box(
        width - (MARGIN + NUMBER_WIDTH) * scale,
        height - (NUMBER_HEIGHT + NUMBER_FOOT) * scale,
        NUMBER_WIDTH * scale,
        NUMBER_HEIGHT * scale,
    )
    tree = slide.shapes._spTree
    shape = slide_number_xml(tree.max_shape_id + 1, number, box, NUMBER_SIZE * scale, look)
    tree.extend(parse_elements(shape))


def _text_body(slide: Any, fitted: FittedSlide, box: Box) -> tuple[Any, bool]:
    """The text body the slide's text goes in, at the fitted box, and whether it is the layout's
    own text placeholder (so it keeps the template's style) rather than a new text box."""
    if fitted.text_placeholder is not None:
        for element, key in _placeholders(slide):
            if key == fitted.text_placeholder:
                element.find(qn("p:spPr")).append(parse_elements(xfrm_xml(box), "p:spPr")[0])
                return element.find(qn("p:txBody")), True
    shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height))
    return shape.text_frame._txBody, False


def _drop_empty_placeholders(slide: Any) -> None:
    """Placeholders the layout brought that hold nothing: they would say "Click to add text"."""
    placeholders = _placeholders(slide)
    title = _title(placeholders)
    for element, _ in placeholders:
        text_body = element.find(qn("p:txBody")) if element.tag == qn("p:sp") else None
        if element is not title and (text_body is None or not TextFrame(text_body, slide).text):
            element.getparent().remove(element)


@dataclass(frozen=True)
class _Looks:
    """How each kind of text on one layout is written."""

    title: TextLook
    placeholder: TextLook
    text_box: TextLook
    table: TextLook
    table_style: str
    plain_table: Plain | None
    """How a table draws its own rules and header, where the deck has no table style."""
    drawing: Drawing
    number: TextLook


def _looks(deck: DeckLayouts, colours: TextColours) -> _Looks:
    """Our own look; or, on a template, runs naming no face, text in a placeholder styled by the
    layout, colours changed only where they would not read."""
    scale = deck.scale
    if not deck.look.template:
        ours = TextLook(scale=scale)
        number = TextLook(colour=RULES, scale=scale)
        plain = Plain(RULES, HEADER_FILL)
        return _Looks(ours, ours, ours, ours, NO_STYLE, plain, Drawing(scale=scale), number)
    body = colours.body or ""
    style = deck.look.table_style
    return _Looks(
        title=TextLook("", colours.title or "", False, scale),
        placeholder=TextLook("", body, False, scale),
        text_box=TextLook("", colours.ink, True, scale),
        table=TextLook("", "" if style else colours.ink, True, scale),
        table_style=style or NO_STYLE,
        plain_table=None if style else Plain(colours.ink),
        drawing=Drawing(colours.ink, scale, typeface=""),
        number=TextLook("", colours.ink, True, scale),
    )


def write_deck(deck: DeckLayouts, slides: Iterable[FittedSlide], path: Path, metadata: Metadata) -> int:
    """Add the fitted slides to the deck (generator.deck.layouts.deck_layouts) and save it;
    returns how many slides it has."""
    presentation = deck.deck
    properties = presentation.core_properties
    properties.title = metadata.title
    properties.subject = metadata.subject
    properties.language = metadata.language
    properties.author = properties.last_modified_by = metadata.author
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = build_date().replace(tzinfo=None)
    with tempfile.TemporaryFile() as scratch:
        spilled = SpilledParts(scratch, SlideList(presentation.slides._sldIdLst))
        _write_slides(deck, slides, PreparedParts(presentation, spilled))
        drop_unused_layouts(presentation)
        write_zip(path, deck_entries(presentation, spilled))
    return spilled.slides.count


def _write_slides(deck: DeckLayouts, slides: Iterable[FittedSlide], prepared: PreparedParts) -> None:
    layouts = all_layouts(deck.deck)
    # Read for the layouts slides use, once each: a template may have many that no slide uses.
    numbered = cache(lambda index: numbers_its_slides(layouts[index]))
    for number, planned in enumerate(slides, 1):
        fitted = on_slide(planned, deck.scale)
        body_box = fitted.text.box if fitted.text else fitted.table.box if fitted.table else fitted.title_box
        looks = _looks(deck, deck.look.colours(layouts, fitted.layout, fitted.title_box, body_box))
        slide = prepared.add_slide(layouts[fitted.layout])
        title = _title(_placeholders(slide))
        fill_title(title, fitted.title, fitted.title_size, fitted.title_box, looks.title)
        if fitted.text:
            text_body, in_placeholder = _text_body(slide, fitted, fitted.text.box)
            fill_text_body(text_body, fitted.text, looks.placeholder if in_placeholder else looks.text_box)
            _write_panels(slide, text_body.getparent(), fitted.text, looks.drawing.ink)
        if fitted.table:
            _write_table(slide, fitted.table, looks.table, looks.table_style, looks.plain_table)
        if fitted.picture:
            _write_picture(slide, fitted)
        _write_shapes(slide, fitted.shapes, looks.drawing)
        if fitted.kind != "title" and not numbered(fitted.layout):
            _write_slide_number(slide, number, deck, looks.number)
        _drop_empty_placeholders(slide)
        if fitted.notes:
            prepared.notes_text_frame(slide).text = fitted.notes
        prepared.seal(slide)
