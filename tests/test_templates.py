"""A school's own slide template: the deck takes the template's size, masters and layouts (found by
name, or by placeholder types when the names are localised), never its sample slides, unused
layouts or macros, and every deck built on one stays valid and inside its slides.

The templates are made here with python-pptx: a 4:3 one with German layout names, two masters,
placeholders at unusual idx values and two sample slides; a 16:9 one with a school banner across
its master, saved as a .potx; and the same as a macro-enabled .pptm and .potm.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ALL_PARTS_SPEC,
    PICTURE,
    REFERENCE_SPEC,
    copy_fixture,
    deck_faults,
    emu_to_pt,
    make_png,
    read_deck,
    read_pdf,
    text_outside_shapes,
    write_spec,
)
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import SlideLayoutPart, SlideMasterPart
from pptx.util import Emu, Pt
from test_clients import libreoffice_pdf

from generator.build import PackFiles, build_pack
from generator.cli import main
from generator.errors import SpecError

SAMPLE_TEXT = "SAMPLESLIDETEXT"
"""On the templates' own sample slides only: it must never reach a deck."""
GERMAN_NAMES = {
    "Title Slide": "Titelfolie",
    "Title and Content": "Titel und Inhalt",
    "Section Header": "Abschnittsüberschrift",
    "Two Content": "Zwei Inhalte",
    "Comparison": "Vergleich",
    "Title Only": "Nur Titel",
    "Blank": "Leer",
    "Content with Caption": "Inhalt mit Überschrift",
    "Picture with Caption": "Bild mit Überschrift",
    "Title and Vertical Text": "Titel und vertikaler Text",
    "Vertical Title and Text": "Vertikaler Titel und Text",
}
CHAPTER = "Kapitel Übersicht"
"""The second master's one layout: a title and a body placeholder at idx 14."""
SUBTITLE_IDX = 13
CHAPTER_BODY_IDX = 14
BANNER_HEIGHT = 60.0
BANNER_TEXT = "Hilltop School"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
MACRO_TEMPLATE_MAIN = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"

LAYOUT_LESSON = """\
title: Rivers on a school template
subject: Geography
parts:
  - type: slide
    title: Chapter one
    layout: "kapitel   ÜBERSICHT"
    bullets:
      - The Danube flows through ten countries
  - type: slide
    title: Plain content
    bullets:
      - The Rhine links Switzerland to the North Sea
"""

MISSING_LAYOUT_LESSON = """\
title: Rivers on a school template
slides:
  template: school.pptx
parts:
  - type: slide
    title: A section
    layout: Chapter Opener
    bullets:
      - Rivers carry goods
"""


# --------------------------------------------------------------------------- making templates


def _rename_layouts(presentation: Any, names: dict[str, str]) -> None:
    for layout in presentation.slide_layouts:
        layout.name = names.get(layout.name, layout.name)


def _set_idx(layout: Any, kind: PP_PLACEHOLDER, idx: int) -> None:
    for shape in layout.placeholders:
        if shape.placeholder_format.type == kind:
            shape._element.ph.set("idx", str(idx))


def _add_master(presentation: Any, layout_name: str, source_layout: Any) -> None:
    """A second master (with its own theme) holding one layout copied from `source_layout`."""
    package = presentation.part.package
    first = presentation.slide_masters[0].part
    theme = first.part_related_by(RELATIONSHIP_TYPE.THEME)
    second_theme = Part(PackURI("/ppt/theme/theme7.xml"), theme.content_type, package, theme.blob)
    master_xml = deepcopy(first._element)
    layout_list = master_xml.find(qn("p:sldLayoutIdLst"))
    for entry in list(layout_list):
        layout_list.remove(entry)
    master = SlideMasterPart(
        PackURI("/ppt/slideMasters/slideMaster7.xml"), CONTENT_TYPE.PML_SLIDE_MASTER, package, master_xml
    )
    master.relate_to(second_theme, RELATIONSHIP_TYPE.THEME)
    layout_xml = deepcopy(source_layout._element)
    layout_xml.cSld.set("name", layout_name)
    layout = SlideLayoutPart(
        PackURI("/ppt/slideLayouts/slideLayout77.xml"), CONTENT_TYPE.PML_SLIDE_LAYOUT, package, layout_xml
    )
    layout.relate_to(master, RELATIONSHIP_TYPE.SLIDE_MASTER)
    entry = layout_list.makeelement(qn("p:sldLayoutId"), {"id": "2147483701"})
    entry.set(qn("r:id"), master.relate_to(layout, RELATIONSHIP_TYPE.SLIDE_LAYOUT))
    layout_list.append(entry)
    masters = presentation.part._element.sldMasterIdLst
    added = masters.makeelement(qn("p:sldMasterId"), {"id": "2147483700"})
    added.set(qn("r:id"), presentation.part.relate_to(master, RELATIONSHIP_TYPE.SLIDE_MASTER))
    masters.append(added)


def _add_sample_slides(presentation: Any, layout: Any) -> None:
    for number in (1, 2):
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = f"{SAMPLE_TEXT} {number}"
        slide.notes_slide.notes_text_frame.text = f"{SAMPLE_TEXT} notes {number}"


def _retyped(data: bytes, main_type: str) -> bytes:
    """The saved package with its main part's content type changed (python-pptx saves .pptx only)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            blob = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                types = etree.fromstring(blob)
                for override in types.iter(f"{CONTENT_TYPES}Override"):
                    if override.get("PartName") == "/ppt/presentation.xml":
                        override.set("ContentType", main_type)
                blob = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, blob)
    return out.getvalue()


def make_localised_template(path: Path) -> Path:
    """4:3, German layout names, a second master, the subtitle at idx 13, two sample slides."""
    presentation: Any = Presentation()
    by_name = {layout.name: layout for layout in presentation.slide_layouts}
    _set_idx(by_name["Title Slide"], PP_PLACEHOLDER.SUBTITLE, SUBTITLE_IDX)
    _add_master(presentation, CHAPTER, by_name["Section Header"])
    chapter = presentation.slide_masters[1].slide_layouts[0]
    _set_idx(chapter, PP_PLACEHOLDER.BODY, CHAPTER_BODY_IDX)
    _rename_layouts(presentation, GERMAN_NAMES)
    _add_sample_slides(presentation, by_name["Title and Content"])
    presentation.save(str(path))
    return path


def make_banner_template(path: Path, main_type: str = TEMPLATE_MAIN, macro: bool = False) -> Path:
    """16:9 at 720 x 405 pt, a school banner across the top of the master and every placeholder
    moved below it; saved with `main_type` (a .potx by default), with a macro part if asked."""
    presentation: Any = Presentation()
    presentation.slide_width, presentation.slide_height = Pt(720), Pt(405)
    squeeze = 405 / 540
    banner = Pt(BANNER_HEIGHT)
    master = presentation.slide_master
    for owner in [master, *presentation.slide_layouts]:
        for shape in owner.placeholders:
            if owner is master or shape._element.spPr.find(qn("a:xfrm")) is not None:
                top, height = shape.top, shape.height
                shape.top = Emu(int(banner + top * squeeze * 0.85))
                shape.height = Emu(int(height * squeeze * 0.85))
    _add_sample_slides(presentation, presentation.slide_layouts[1])
    drawn = presentation.slides[0].shapes.add_shape(
        MSO_SHAPE.RECTANGLE, 0, 0, presentation.slide_width, banner
    )
    drawn.text_frame.text = BANNER_TEXT
    on_master = deepcopy(drawn._element)
    on_master.nvSpPr.cNvPr.set("id", "99")
    master.shapes._spTree.append(on_master)
    if macro:
        package = presentation.part.package
        code = Part(PackURI("/ppt/vbaProject.bin"), "application/vnd.ms-office.vbaProject", package, b"Sub x")
        presentation.part.relate_to(code, VBA)
    saved = io.BytesIO()
    presentation.save(saved)
    path.write_bytes(_retyped(saved.getvalue(), main_type))
    return path


# --------------------------------------------------------------------------- fixtures and helpers


def _build_on(template: Path, spec_text: str, folder: Path) -> PackFiles:
    """The spec built with the template beside it, named in `slides: template:`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / template.name).write_bytes(template.read_bytes())
    spec = write_spec(folder, f"{spec_text}slides:\n  template: {template.name}\n")
    make_png(folder / PICTURE)
    return build_pack(spec, folder / "out")


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {
        "localised": make_localised_template(folder / "school.pptx"),
        "banner": make_banner_template(folder / "banner.potx"),
        "macros": make_banner_template(folder / "macros.pptm", MACRO_MAIN, macro=True),
        "macro-template": make_banner_template(folder / "macros.potm", MACRO_TEMPLATE_MAIN, macro=True),
    }


BUILDS = {
    "localised": (ALL_PARTS_SPEC, "localised"),
    "banner": (ALL_PARTS_SPEC, "banner"),
    "macros": (ALL_PARTS_SPEC, "macros"),
    "macro-template": (ALL_PARTS_SPEC, "macro-template"),
    "reference-localised": (REFERENCE_SPEC, "localised"),
    "reference-banner": (REFERENCE_SPEC, "banner"),
}
"""The picture-and-tables fixture on every template; the reference lesson (every part type,
timelines and card sorts drawn in the template's body) on the 4:3 and the 16:9 one."""
ON_TEMPLATES = ["localised", "banner", "reference-localised", "reference-banner"]


@pytest.fixture(scope="module")
def all_parts_on(
    templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, PackFiles]:
    """Each of BUILDS, by name."""
    built = {}
    for name, (lesson, template) in BUILDS.items():
        folder = tmp_path_factory.mktemp(name)
        spec = copy_fixture(lesson, folder)
        built[name] = _build_on(templates[template], spec.read_text(encoding="utf-8") + "\n", folder)
    return built


def _zip_text(deck: Path) -> str:
    with zipfile.ZipFile(deck) as package:
        return " ".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def _shapes_outside(deck: Path) -> list[tuple[int, str]]:
    presentation = Presentation(str(deck))
    width, height = presentation.slide_width, presentation.slide_height
    return [
        (number, shape.name)
        for number, slide in enumerate(presentation.slides, 1)
        for shape in slide.shapes
        if shape.left < 0
        or shape.top < 0
        or shape.left + shape.width > width + 1
        or shape.top + shape.height > height + 1
    ]


def _deck_layouts(deck: Path) -> list[list[str]]:
    """Each master's layouts, by name."""
    return [
        [layout.name for layout in master.slide_layouts] for master in Presentation(str(deck)).slide_masters
    ]


# --------------------------------------------------------------------------- the 4:3 localised template


def test_a_4_3_template_gives_its_size_and_localised_layouts(all_parts_on: dict[str, PackFiles]) -> None:
    deck = all_parts_on["localised"].slides
    presentation = Presentation(str(deck))
    assert (emu_to_pt(presentation.slide_width), emu_to_pt(presentation.slide_height)) == (720, 540)
    slides = read_deck(deck)
    assert slides[0].layout == "Titelfolie"
    assert {slide.layout for slide in slides[1:]} == {"Titel und Inhalt"}
    assert _deck_layouts(deck) == [["Titelfolie", "Titel und Inhalt"]], "unused layouts and masters leak"
    assert _shapes_outside(deck) == []


def test_a_subtitle_at_any_idx_holds_the_lesson_details(all_parts_on: dict[str, PackFiles]) -> None:
    first = Presentation(str(all_parts_on["localised"].slides)).slides[0]
    details = [shape for shape in first.placeholders if shape.placeholder_format.idx == SUBTITLE_IDX]
    assert len(details) == 1 and "Geography" in details[0].text_frame.text


@pytest.mark.parametrize("name", list(BUILDS))
def test_no_sample_slide_reaches_the_deck(name: str, all_parts_on: dict[str, PackFiles]) -> None:
    deck = all_parts_on[name].slides
    assert SAMPLE_TEXT not in _zip_text(deck)
    assert SAMPLE_TEXT not in " ".join(slide.shown + slide.notes for slide in read_deck(deck))


def test_a_layout_is_found_by_name_on_any_master(templates: dict[str, Path], tmp_path: Path) -> None:
    files = _build_on(templates["localised"], LAYOUT_LESSON, tmp_path)
    slides = read_deck(files.slides)
    assert [slide.layout for slide in slides] == ["Titelfolie", CHAPTER, "Titel und Inhalt"]
    assert files.warnings == ()
    assert _deck_layouts(files.slides) == [["Titelfolie", "Titel und Inhalt"], [CHAPTER]]
    chapter = Presentation(str(files.slides)).slides[1]
    body = [shape for shape in chapter.placeholders if shape.placeholder_format.idx == CHAPTER_BODY_IDX]
    assert len(body) == 1 and body[0].text_frame.text == "The Danube flows through ten countries"


def test_a_missing_layout_falls_back_with_a_located_warning(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "school.pptx").write_bytes(templates["localised"].read_bytes())
    files = build_pack(write_spec(tmp_path, MISSING_LAYOUT_LESSON), tmp_path / "out")
    assert [slide.layout for slide in read_deck(files.slides)] == ["Titelfolie", "Titel und Inhalt"]
    [warning] = files.warnings
    assert (warning.line, warning.column) == (7, 13)
    assert "no layout called 'Chapter Opener'" in warning.message
    assert "'Titel und Inhalt'" in warning.message and f"'{CHAPTER}'" in warning.message


# --------------------------------------------------------------------------- the 16:9 banner template


def test_a_potx_with_a_banner_gives_its_size_and_keeps_text_below_the_banner(
    all_parts_on: dict[str, PackFiles],
) -> None:
    deck = all_parts_on["banner"].slides
    presentation = Presentation(str(deck))
    assert (emu_to_pt(presentation.slide_width), emu_to_pt(presentation.slide_height)) == (720, 405)
    assert {slide.layout for slide in read_deck(deck)[1:]} == {"Title and Content"}
    assert _deck_layouts(deck) == [["Title Slide", "Title and Content"]]
    under_banner = [
        (number, shape.name)
        for number, slide in enumerate(presentation.slides, 1)
        for shape in slide.shapes
        if shape.has_text_frame and shape.text_frame.text and emu_to_pt(shape.top) < BANNER_HEIGHT
    ]
    assert under_banner == []


@pytest.mark.parametrize("name", ON_TEMPLATES)
def test_every_shape_lies_inside_the_template_slide(name: str, all_parts_on: dict[str, PackFiles]) -> None:
    assert _shapes_outside(all_parts_on[name].slides) == []


@pytest.mark.parametrize("name", ["banner", "macros", "macro-template"])
def test_the_deck_is_a_plain_presentation_without_macros(
    name: str, all_parts_on: dict[str, PackFiles]
) -> None:
    deck = all_parts_on[name].slides
    with zipfile.ZipFile(deck) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        relationships = " ".join(package.read(entry).decode() for entry in names if entry.endswith(".rels"))
    assert not [entry for entry in names if "vba" in entry.lower()]
    assert "vbaProject" not in relationships and "vbaProject" not in types
    main = re.search(r'PartName="/ppt/presentation.xml" ContentType="([^"]+)"', types)
    assert main and main.group(1) == CONTENT_TYPE.PML_PRESENTATION_MAIN


# --------------------------------------------------------------------------- the command line


def test_template_option_overrides_the_spec_and_warnings_are_printed(
    templates: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "school.pptx").write_bytes(templates["localised"].read_bytes())
    spec = write_spec(tmp_path, MISSING_LAYOUT_LESSON)
    status = main(["build", str(spec), "-o", str(tmp_path / "out"), "--template", str(templates["banner"])])
    assert status == 0
    deck = tmp_path / "out" / "lesson" / "lesson-slides.pptx"
    assert emu_to_pt(Presentation(str(deck)).slide_height) == 405
    errors = capsys.readouterr().err
    assert re.search(
        r"lesson\.yaml:7:13: warning: parts\[1\]\.layout: the template has no layout called 'Chapter Opener'",
        errors,
    )


def test_a_template_option_that_is_not_a_deck_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, "title: T\nparts:\n  - type: slide\n    title: S\n")
    fake = tmp_path / "fake.potx"
    fake.write_text("not a deck", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["build", str(spec), "--template", str(fake)])
    assert exited.value.code == 2
    assert "is not a PowerPoint file" in capsys.readouterr().err


# --------------------------------------------------------------------------- bad templates in a spec


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("missing.pptx", "no template file at missing.pptx"),
        ("../outside.pptx", "the template must be inside the lesson's folder"),
        ("notes.txt", "notes.txt is not a PowerPoint file: use a .pptx, .potx, .pptm or .potm template"),
        ("fake.potx", "fake.potx is not a PowerPoint file"),
    ],
)
def test_a_bad_template_is_a_located_error(
    template: str, message: str, templates: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "lesson"
    folder.mkdir()
    (tmp_path / "outside.pptx").write_bytes(templates["localised"].read_bytes())
    (folder / "notes.txt").write_text("notes", encoding="utf-8")
    (folder / "fake.potx").write_text("not a deck", encoding="utf-8")
    spec = write_spec(
        folder, f"title: T\nslides:\n  template: {template}\nparts:\n  - type: slide\n    title: S\n"
    )
    with pytest.raises(SpecError) as raised:
        build_pack(spec, tmp_path / "out")
    [problem] = raised.value.problems
    assert (problem.line, problem.column, problem.path) == (3, 13, ("slides", "template"))
    assert message in problem.message
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- validity and rendering


def test_every_template_deck_passes_the_package_checks(all_parts_on: dict[str, PackFiles]) -> None:
    assert deck_faults([files.slides for files in all_parts_on.values()]) == []


@pytest.mark.clients
@pytest.mark.parametrize("name", ON_TEMPLATES)
def test_libreoffice_renders_a_template_deck_one_page_per_slide_inside_its_shapes(
    name: str, all_parts_on: dict[str, PackFiles], tmp_path: Path
) -> None:
    deck = all_parts_on[name].slides
    pages = read_pdf(libreoffice_pdf(deck, tmp_path))
    assert len(pages) == len(Presentation(str(deck)).slides)
    banner = BANNER_HEIGHT if name.endswith("banner") else 0.0
    spilt = [
        (slide, char, top) for slide, char, top in text_outside_shapes(deck, list(pages)) if top >= banner
    ]
    assert spilt == [], "text outside its shape (the banner, drawn by the master, aside)"
