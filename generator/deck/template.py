"""Opens the deck a pack's slides are written on: our own 16:9 deck, or a school's template made
into a plain presentation. A template may be a .pptx, .potx, .pptm or .potm; what is written is
always a plain .pptx with no macros, none of the template's sample slides and none of its layouts
that the deck does not use."""

from __future__ import annotations

import gc
import io
import traceback
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.util import Emu

from generator.deck.fit import (
    BODY,
    OPENING_DETAILS,
    OPENING_TITLE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE,
)
from generator.deck.template_package import TEMPLATE_BUDGET, TemplateError, needed_parts, parse_part
from generator.deck.units import emu, place
from generator.scratch import scratch_file

__all__ = ["TemplateError"]

TEMPLATE_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")
DECK_CONTENT_TYPES = {
    CONTENT_TYPE.PML_PRESENTATION_MAIN,
    CONTENT_TYPE.PML_TEMPLATE_MAIN,
    CONTENT_TYPE.PML_PRES_MACRO_MAIN,
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
}
"""What the main part of a presentation, a template and their macro-enabled kinds is called."""
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES_PART = "[Content_Types].xml"
DAMAGED = (
    "is damaged: lessonpack cannot read its slide masters and layouts; open it in PowerPoint and "
    "save it again, or use another template"
)
SECTIONS = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
"""The extension listing slide sections, which name the template's sample slides."""


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


def _retyped_content_types(data: bytes, main: str) -> bytes:
    """[Content_Types].xml with the main part called a plain presentation."""
    types = parse_part(CONTENT_TYPES_PART, data)
    for override in types.iter(f"{{{CONTENT_TYPES}}}Override"):
        if override.get("PartName") == main:
            if override.get("ContentType") not in DECK_CONTENT_TYPES:
                raise TemplateError("is not a PowerPoint presentation or template")
            override.set("ContentType", CONTENT_TYPE.PML_PRESENTATION_MAIN)
            return bytes(serialize_part_xml(types))
    raise TemplateError("is damaged: its main part has no content type")


class PlainTemplate(NamedTuple):
    """A template made a plain presentation, in a private file."""

    path: Path
    weight: int
    """About how much memory a deck opened on it holds of it, in bytes."""


def plain_package(template: Path) -> PlainTemplate:
    """The file rewritten as a plain presentation of only the parts the deck reaches: python-pptx
    refuses template and macro content types and loads a .potm's main part as an opaque blob, so
    the main part is renamed a presentation in the zip itself, and every relationship to macro
    code or to a file outside the package is cut. The file is read part by part, not whole.

    A build opens the template up to four times (the option, validation, fitting and each deck):
    the package is checked and written once for the file as it stands, to a private file rather
    than kept in memory, where a template's pictures would weigh on the whole build."""
    status = template.stat()
    return _checked_package(template.resolve(), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=1)
def _checked_package(template: Path, modified: int, size: int) -> PlainTemplate:
    """The plain package of the template as it was when last modified at `modified` with `size`
    bytes: a template saved again is read again."""
    with zipfile.ZipFile(template) as source:
        needed = needed_parts(source)
    parts = needed.parts
    parts[CONTENT_TYPES_PART] = _retyped_content_types(parts[CONTENT_TYPES_PART], needed.main)
    rewritten = scratch_file(template, modified, ".pptx")
    with zipfile.ZipFile(rewritten, "w") as target:
        for name in list(parts):
            target.writestr(name, parts.pop(name))
    return PlainTemplate(rewritten, needed.weight)


def _plain_presentation(source: Path) -> Any:
    """The template opened as a plain presentation without macros; any failure in plain words."""
    try:
        if source.stat().st_size > TEMPLATE_BUDGET:
            raise TemplateError(f"weighs more than {TEMPLATE_BUDGET // 1_000_000} MB: use a smaller template")
        return Presentation(str(plain_package(source).path))
    except TemplateError:
        raise
    except OSError as error:
        raise TemplateError(f"cannot be read ({error.strerror or error})") from error
    except zipfile.BadZipFile as error:
        raise TemplateError("is not a PowerPoint file (it is not a zip package)") from error
    except KeyError as error:
        raise TemplateError(f"is damaged: a part it needs is missing ({error})") from error
    except Exception as error:
        # python-pptx raises many kinds of error on a damaged or hostile package: each is worded,
        # never shown as a traceback.
        raise TemplateError(DAMAGED) from error


def _drop_slide_lists(presentation: Any) -> None:
    """Lists that name the template's sample slides go with the slides (which are never read, see
    template_package.SAMPLE_SLIDES): custom shows, and sections."""
    root = presentation.part._element
    for shows in root.findall(qn("p:custShowLst")):
        root.remove(shows)
    for extension in root.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if extension.get("uri") == SECTIONS:
            extension.getparent().remove(extension)


def _add_missing_properties(presentation: Any) -> None:
    """The view, presentation and table style properties PowerPoint expects, taken from python-pptx's
    own deck where the template has none (LibreOffice writes templates without them, and
    PowerPoint offers to repair a deck that lacks its view properties)."""
    ours = Presentation().part
    deck = presentation.part
    present = {relationship.reltype for relationship in deck.rels.values()}
    for kind in (RELATIONSHIP_TYPE.VIEW_PROPS, RELATIONSHIP_TYPE.PRES_PROPS, RELATIONSHIP_TYPE.TABLE_STYLES):
        if kind not in present:
            model = ours.part_related_by(kind)
            deck.relate_to(Part(model.partname, model.content_type, deck.package, model.blob), kind)


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
    _drop_slide_lists(presentation)
    _add_missing_properties(presentation)
    return presentation


def drop_unused_layouts(presentation: Any) -> None:
    """Remove every layout no slide uses, and every master left with none, so the template's
    other layouts do not leak into the deck; a layout its master links to without listing it (a
    damaged template) goes too, as no slide can use it."""
    used = {
        relationship.target_part.part_related_by(RELATIONSHIP_TYPE.SLIDE_LAYOUT)
        for relationship in presentation.part.rels.values()
        if relationship.reltype == RELATIONSHIP_TYPE.SLIDE
    }
    masters = presentation.part._element.get_or_add_sldMasterIdLst()
    for master, entry in zip(list(presentation.slide_masters), list(masters), strict=True):
        # As python-pptx's SlideLayouts.remove, without its check that no slide uses the layout,
        # which looks at every slide for each layout removed.
        layout_ids = master.slide_layouts._sldLayoutIdLst
        for layout_id in list(layout_ids.sldLayoutId_lst):
            if master.part.related_part(layout_id.rId) not in used:
                layout_ids.remove(layout_id)
                master.part.drop_rel(layout_id.rId)
        listed = {layout_id.rId for layout_id in layout_ids.sldLayoutId_lst}
        for key, relationship in list(master.part.rels.items()):
            if relationship.reltype == RELATIONSHIP_TYPE.SLIDE_LAYOUT and key not in listed:
                master.part.drop_rel(key)
        if not len(master.slide_layouts):
            masters.remove(entry)
            presentation.part.drop_rel(entry.rId)


READERS = frozenset({"pptx", "lxml"})
"""The libraries that read a template's parts: an error raised inside them while a deck is
written on a template is the template's, not lessonpack's."""


@contextmanager
def template_failures(template: Path | None) -> Iterator[None]:
    """Turn an error python-pptx or lxml raises on the template's parts while the deck is written
    (a layout whose link to its master was dropped, say, which validation did not need to read)
    into a TemplateError; any other error stays a bug."""
    try:
        yield
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)
        if template is None or not frames or not READERS & set(PurePath(frames[-1].filename).parts):
            raise
        raise TemplateError(DAMAGED) from error


def template_problem(path: Path, shown: str) -> str | None:
    """Why the file cannot be used as a slide template, or None if it can."""
    from generator.deck.layouts import deck_layouts

    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return f"{shown} is not a PowerPoint file: use a .pptx, .potx, .pptm or .potm template"
    try:
        # Dropping every layout on the throwaway deck reads each layout's master, as writing does.
        drop_unused_layouts(deck_layouts(path).deck)
    except TemplateError as error:
        return f"{shown} {error}"
    except Exception:
        # A package python-pptx opens but whose masters or layouts it cannot read.
        return f"{shown} {DAMAGED}"
    finally:
        # The throwaway deck is as large as the template's design, and only the cycle collector
        # frees it: at once, before the build opens the deck it writes on.
        gc.collect()
    return None
