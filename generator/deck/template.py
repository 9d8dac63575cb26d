"""Opens the deck a pack's slides are written on: our own 16:9 deck, or a school's template made
into a plain presentation. A template may be a .pptx, .potx, .pptm or .potm; what is written is
always a plain .pptx with no macros, none of the template's sample slides and none of its layouts
that the deck does not use."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE
from pptx.oxml.ns import qn
from pptx.package import Package
from pptx.util import Emu

from generator.deck.fit import (
    BODY,
    OPENING_DETAILS,
    OPENING_TITLE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE,
)
from generator.deck.units import emu, place

TEMPLATE_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")
DECK_CONTENT_TYPES = {
    CONTENT_TYPE.PML_PRESENTATION_MAIN,
    CONTENT_TYPE.PML_TEMPLATE_MAIN,
    CONTENT_TYPE.PML_PRES_MACRO_MAIN,
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
}
"""What the main part of a presentation, a template and their macro-enabled kinds is called."""
MACRO_RELATIONSHIPS = {
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
}
"""Relationships to macro code and to ribbon buttons that call it: dropped, so their parts are
never written."""
SECTIONS = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
"""The extension listing slide sections, which name the template's sample slides."""


class TemplateError(Exception):
    """A template that cannot be built on, in plain words."""


def our_deck() -> Any:
    """python-pptx's default deck made 16:9, its master and the two layouts our slides use holding
    placeholders where our slides put their title and content, so a slide a teacher adds later
    matches ours."""
    presentation: Any = Presentation()
    factor = SLIDE_WIDTH * 12700 / presentation.slide_width
    presentation.slide_width = emu(SLIDE_WIDTH)
    presentation.slide_height = emu(SLIDE_HEIGHT)
    master = presentation.slide_master
    for owner in [master, *presentation.slide_layouts]:
        for shape in owner.placeholders:
            if owner is master or shape._element.spPr.find(qn("a:xfrm")) is not None:
                shape.left = Emu(int(shape.left * factor))
                shape.width = Emu(int(shape.width * factor))
    boxes = {
        PP_PLACEHOLDER.TITLE: TITLE,
        PP_PLACEHOLDER.BODY: BODY,
        PP_PLACEHOLDER.CENTER_TITLE: OPENING_TITLE,
        PP_PLACEHOLDER.SUBTITLE: OPENING_DETAILS,
    }
    title_slide = presentation.slide_layouts.get_by_name("Title Slide")
    for owner in (master, title_slide):
        for shape in owner.placeholders:
            box = boxes.get(shape.placeholder_format.type)
            if box is not None:
                place(shape, box)
    return presentation


def _plain_presentation(source: Path) -> Any:
    """The file opened as a plain presentation: python-pptx refuses template and macro content
    types, so the main part is renamed a presentation and its macros are cut off."""
    try:
        package = Package.open(io.BytesIO(source.read_bytes()))
        part = package.main_document_part
    except (OSError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as error:
        raise TemplateError("is not a PowerPoint file") from error
    if part.content_type not in DECK_CONTENT_TYPES:
        raise TemplateError("is not a PowerPoint presentation or template")
    part._content_type = CONTENT_TYPE.PML_PRESENTATION_MAIN
    vars(part).pop("content_type")
    """python-pptx caches a part's content type when first read, as it was just above."""
    for owner in (package, part):
        macros = [
            key for key, relationship in owner._rels.items() if relationship.reltype in MACRO_RELATIONSHIPS
        ]
        for key in macros:
            owner.drop_rel(key)
    return part.presentation


def _drop_sample_slides(presentation: Any) -> None:
    """The template's own slides go, with their relationships, so no sample text reaches the deck
    and no new slide reuses a part name still in the package; so do lists that name them."""
    listed = presentation.slides._sldIdLst
    for entry in list(listed):
        listed.remove(entry)
        presentation.part.drop_rel(entry.rId)
    root = presentation.part._element
    for shows in root.findall(qn("p:custShowLst")):
        root.remove(shows)
    for extension in root.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if extension.get("uri") == SECTIONS:
            extension.getparent().remove(extension)


@cache
def _our_deck_package() -> bytes:
    """Our deck saved once per process, unzipped: watch mode and batch builds write many decks,
    and opening this copy costs a fifth of preparing the deck again."""
    from generator.deck.package import package_entries

    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_STORED) as archive:
        for name, data in package_entries(our_deck()):
            archive.writestr(name, data)
    return saved.getvalue()


def open_deck(template: Path | None) -> Any:
    """The deck to add slides to: the template's masters and layouts, or a fresh copy of our own
    deck."""
    if template is None:
        return Presentation(io.BytesIO(_our_deck_package()))
    presentation = _plain_presentation(template)
    _drop_sample_slides(presentation)
    return presentation


def drop_unused_layouts(presentation: Any) -> None:
    """Remove every layout no slide uses, and every master left with none, so the template's
    other layouts do not leak into the deck."""
    used = {slide.slide_layout.part for slide in presentation.slides}
    masters = presentation.part._element.get_or_add_sldMasterIdLst()
    for master, entry in zip(list(presentation.slide_masters), list(masters), strict=True):
        for layout in list(master.slide_layouts):
            if layout.part not in used:
                master.slide_layouts.remove(layout)
        if not len(master.slide_layouts):
            masters.remove(entry)
            presentation.part.drop_rel(entry.rId)


def template_problem(path: Path, shown: str) -> str | None:
    """Why the file cannot be used as a slide template, or None if it can."""
    from generator.deck.layouts import DeckLayouts

    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return f"{shown} is not a PowerPoint file: use a .pptx, .potx, .pptm or .potm template"
    try:
        DeckLayouts(open_deck(path))
    except TemplateError as error:
        return f"{shown} {error}"
    return None
