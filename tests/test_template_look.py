"""Real schools' templates: every kind of PowerPoint file opens or is refused in plain words; the
layouts are chosen by their placeholders; the template's fonts, colours and table style win,
with text kept readable; type scales with the slide, so no template multiplies the slides.

Templates made by others are committed in tests/fixtures/templates: six of LibreOffice's own
Impress templates (Inspiration, Sunset, Portfolio, Focus, Metropolis, Piano), converted with
`soffice --headless --convert-to potx`. Others are made here, as PowerPoint and Keynote write
them: a 4:3 template whose "Title and Content" is in two masters with its body at idx 13; a
10 x 5.625 in Keynote export whose master right-aligns text; an olive master with grey text and
its own table style; a template with no content layout; macro-enabled .potm and .pptm files.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    REFERENCE_SPEC,
    TESTS,
    copy_fixture,
    emu_to_pt,
    read_deck,
    read_pdf,
    text_outside_shapes,
    write_spec,
)
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from test_clients import libreoffice_pdfs
from test_templates import (
    BANNER_HEIGHT,
    MACRO_MAIN,
    MACRO_TEMPLATE_MAIN,
    _add_master,
    _retyped,
    _set_idx,
    make_banner_template,
)

from generator.build import BuildOptions, PackFiles, build_pack
from generator.cli import main
from generator.deck.layouts import deck_layouts
from generator.deck.look import contrast, measured_face
from generator.deck.template import open_deck, template_problem
from generator.errors import SpecError
from generator.fonts import CALADEA, CARLITO, LIBERATION_SANS, UNKNOWN, twin

TEMPLATES = TESTS / "fixtures" / "templates"
LIBREOFFICE = sorted(TEMPLATES.glob("libreoffice-*.potx"))
MOST_SLIDES = 1.25
pytestmark = pytest.mark.xdist_group("template-look")
"""One worker builds the reference lesson on every template once."""
"""A deck on any template has at most this many times the slides of the deck on our own."""
OLIVE = "808000"
GREY = "808080"
SCHOOL_STYLE = "{11111111-2222-3333-4444-555555555555}"
DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
PRESENTATIONML = "http://schemas.openxmlformats.org/presentationml/2006/main"
SLIDE_LESSON = """\
title: Rivers
subject: Geography
parts:
  - type: slide
    title: Rivers carry water
    bullets:
      - The Danube flows through ten countries
  - type: table
    title: Two rivers
    columns: [River, Sea]
    rows:
      - [Danube, Black Sea]
      - [Rhine, North Sea]
"""


# --------------------------------------------------------------------------- making templates


def _master_style(presentation: Any, style: str, attribute: str, value: str) -> None:
    """Set an attribute on every level of one of the first master's text styles."""
    styles = presentation.slide_master._element.find(qn("p:txStyles"))
    for level in styles.find(qn(f"p:{style}")):
        level.set(attribute, value)


def _theme_fonts(presentation: Any, typeface: str) -> None:
    theme = presentation.slide_master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    blob = theme.blob.decode()
    blob = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*', rf"\g<1>{typeface}", blob)
    theme._blob = blob.encode()


def make_two_masters_template(path: Path) -> Path:
    """4:3; "Title and Content" on two masters, its body at idx 13; "Title Slide" first."""
    presentation: Any = Presentation()
    content = presentation.slide_layouts.get_by_name("Title and Content")
    _set_idx(content, PP_PLACEHOLDER.OBJECT, 13)
    _add_master(presentation, "Title and Content", content)
    presentation.save(str(path))
    return path


def make_keynote_template(path: Path) -> Path:
    """10 x 5.625 in, as Keynote exports a 16:9 show; its master right-aligns every text style,
    and its theme names Helvetica Neue, which has no shipped twin."""
    presentation: Any = Presentation()
    presentation.slide_width, presentation.slide_height = Pt(720), Pt(405)
    for owner in [presentation.slide_master, *presentation.slide_layouts]:
        for shape in owner.placeholders:
            if owner is presentation.slide_master or shape._element.spPr.find(qn("a:xfrm")) is not None:
                shape.top, shape.height = Emu(int(shape.top * 0.75)), Emu(int(shape.height * 0.75))
    for style in ("titleStyle", "bodyStyle", "otherStyle"):
        _master_style(presentation, style, "algn", "r")
    _theme_fonts(presentation, "Helvetica Neue")
    presentation.save(str(path))
    return path


def make_olive_template(path: Path) -> Path:
    """An olive master whose body and subtitle text is grey (contrast about 1 : 1), with Cambria
    as its theme font and a table style of its own."""
    presentation: Any = Presentation()
    master = presentation.slide_master._element
    for old in master.cSld.findall(qn("p:bg")):
        master.cSld.remove(old)
    master.cSld.insert(
        0,
        parse_xml(
            f'<p:bg xmlns:p="{PRESENTATIONML}" xmlns:a="{DRAWINGML}"><p:bgPr><a:solidFill>'
            f'<a:srgbClr val="{OLIVE}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
        ),
    )
    body = master.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    for old in body.findall(qn("a:solidFill")):
        body.remove(old)
    grey = body.makeelement(qn("a:solidFill"), {})
    grey.append(grey.makeelement(qn("a:srgbClr"), {"val": GREY}))
    body.insert(0, grey)
    _theme_fonts(presentation, "Cambria")
    styles = presentation.part.part_related_by(RELATIONSHIP_TYPE.TABLE_STYLES)
    styles._blob = (
        f'<a:tblStyleLst xmlns:a="{DRAWINGML}" def="{SCHOOL_STYLE}">'
        f'<a:tblStyle styleId="{SCHOOL_STYLE}" styleName="School"><a:wholeTbl><a:tcTxStyle>'
        '<a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="FFFFFF"/>'
        "</a:solidFill></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle></a:tblStyleLst>"
    ).encode()
    presentation.save(str(path))
    return path


def make_no_content_template(path: Path) -> Path:
    """Only a title slide and a title-only layout: content goes below the title."""
    presentation: Any = Presentation()
    layouts = presentation.slide_master.slide_layouts
    for layout in list(layouts):
        if layout.name not in ("Title Slide", "Title Only"):
            layouts.remove(layout)
    presentation.save(str(path))
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("made-templates")
    return {
        "two-masters": make_two_masters_template(folder / "two-masters.pptx"),
        "keynote": make_keynote_template(folder / "keynote.pptx"),
        "olive": make_olive_template(folder / "olive.pptx"),
        "no-content": make_no_content_template(folder / "no-content.pptx"),
        "potm": make_banner_template(folder / "macros.potm", MACRO_TEMPLATE_MAIN, macro=True),
        "pptm": make_banner_template(folder / "macros.pptm", MACRO_MAIN, macro=True),
    }


def _build(template: Path | None, folder: Path, spec: Path = REFERENCE_SPEC) -> PackFiles:
    copied = copy_fixture(spec, folder)
    return build_pack(copied, folder / "out", options=BuildOptions(template=template))


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return _build(None, tmp_path_factory.mktemp("ours"))


@pytest.fixture(scope="module")
def reference_on(made: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, PackFiles]:
    """The reference lesson on every template, by name."""
    templates = {**{path.stem: path for path in LIBREOFFICE}, **made}
    return {name: _build(path, tmp_path_factory.mktemp(name)) for name, path in templates.items()}


EVERY_TEMPLATE = [path.stem for path in LIBREOFFICE] + [
    "two-masters",
    "keynote",
    "olive",
    "no-content",
    "potm",
    "pptm",
]


def _slides(deck: Path) -> int:
    return len(Presentation(str(deck)).slides)


# --------------------------------------------------------------------------- every template


@pytest.mark.parametrize("name", EVERY_TEMPLATE)
def test_a_template_gives_at_most_a_quarter_more_slides_than_our_deck(
    name: str, reference_on: dict[str, PackFiles], ours: PackFiles
) -> None:
    ratio = _slides(reference_on[name].slides) / _slides(ours.slides)
    assert ratio <= MOST_SLIDES, f"{name}: {ratio:.2f} times our slides"


@pytest.mark.parametrize("name", EVERY_TEMPLATE)
def test_runs_on_a_template_name_no_typeface_of_ours(name: str, reference_on: dict[str, PackFiles]) -> None:
    """Titles, body text, tables and drawn diagrams (timelines, card sorts) take the theme's
    fonts, and are measured with its face's metric twin."""
    deck = reference_on[name].slides
    presentation = Presentation(str(deck))
    named = [
        (number, shape.name)
        for number, slide in enumerate(presentation.slides, 1)
        for shape in slide.shapes
        for run in shape._element.iter(qn("a:latin"))
    ]
    assert named == []


@pytest.mark.parametrize("name", EVERY_TEMPLATE)
def test_every_table_cell_is_left_aligned(name: str, reference_on: dict[str, PackFiles]) -> None:
    presentation = Presentation(str(reference_on[name].slides))
    alignments = {
        paragraph.get("algn")
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_table
        for paragraph in shape._element.iter(qn("a:pPr"))
    }
    assert alignments == {"l"}


LIBREOFFICE_RUNS = 2
"""LibreOffice draws one deck at a time: two runs side by side halve the wait."""


@pytest.fixture(scope="module")
def drawn(reference_on: dict[str, PackFiles], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every template deck drawn to PDF by LibreOffice, in two runs side by side."""
    folder = tmp_path_factory.mktemp("drawn")
    decks = []
    for name, files in reference_on.items():
        decks.append(folder / f"{name}.pptx")
        shutil.copyfile(files.slides, decks[-1])
    shares = [decks[index::LIBREOFFICE_RUNS] for index in range(LIBREOFFICE_RUNS)]
    with ThreadPoolExecutor(LIBREOFFICE_RUNS) as pool:
        list(pool.map(libreoffice_pdfs, shares, [folder] * LIBREOFFICE_RUNS))
    return {deck.stem: deck.with_suffix(".pdf") for deck in decks}


@pytest.mark.clients
@pytest.mark.parametrize("name", EVERY_TEMPLATE)
def test_libreoffice_draws_a_template_deck_one_page_per_slide_with_nothing_outside_its_shapes(
    name: str, reference_on: dict[str, PackFiles], drawn: dict[str, Path]
) -> None:
    deck = reference_on[name].slides
    assert drawn[name].is_file(), f"LibreOffice did not draw the deck on {name}"
    pages = read_pdf(drawn[name])
    assert len(pages) == _slides(deck)
    banner = BANNER_HEIGHT if name.endswith("m") else 0.0
    spilt = [
        (slide, char, top) for slide, char, top in text_outside_shapes(deck, list(pages)) if top >= banner
    ]
    assert spilt == [], "text outside its shape (the banner, drawn by the macro templates' master, aside)"


@pytest.mark.clients
@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("libreoffice-inspiration", "LiberationSans"),
        ("olive", "Caladea"),
        ("two-masters", "Carlito"),
    ],
)
def test_libreoffice_draws_a_template_deck_in_the_templates_fonts(
    name: str, font: str, drawn: dict[str, Path]
) -> None:
    """Inspiration's Arial is drawn in Liberation Sans, the olive theme's Cambria in Caladea,
    the default theme's Calibri in Carlito."""
    fonts = {
        char.fontname.split("+")[-1].split("-")[0] for page in read_pdf(drawn[name]) for char in page.chars
    }
    assert font in fonts


# --------------------------------------------------------------------------- opening any file


def _zip(entries: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return data.getvalue()


def _damaged(template: Path) -> dict[str, bytes]:
    """Ways a template can be broken, each as the file's bytes."""
    with zipfile.ZipFile(template) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    layout = "ppt/slideLayouts/slideLayout1.xml"
    return {
        "not a zip": b"PK\x03\x04 this is not really a zip",
        "empty": b"",
        "no relationships": _zip({k: v for k, v in entries.items() if k != "_rels/.rels"}),
        "no presentation part": _zip({k: v for k, v in entries.items() if k != "ppt/presentation.xml"}),
        "broken xml": _zip({**entries, "ppt/presentation.xml": b"<p:presentation"}),
        "broken layout": _zip({**entries, layout: entries[layout][:200]}),
        "a word document": _retyped(
            _zip(entries),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "no master": _zip(
            {k: v for k, v in entries.items() if not k.startswith(("ppt/slideMasters", "ppt/slideLayouts"))}
        ),
    }


@pytest.mark.parametrize(
    "damage",
    [
        "not a zip",
        "empty",
        "no relationships",
        "no presentation part",
        "broken xml",
        "broken layout",
        "a word document",
        "no master",
    ],
)
def test_a_template_that_cannot_be_used_is_one_plain_line(
    damage: str, made: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "school.potx"
    broken.write_bytes(_damaged(made["two-masters"])[damage])
    problem = template_problem(broken, "school.potx")
    assert problem is not None and problem.startswith("school.potx ")
    assert "Traceback" not in problem and "\n" not in problem
    spec = write_spec(
        tmp_path, "title: T\nslides:\n  template: school.potx\nparts:\n  - type: slide\n    title: S\n"
    )
    with pytest.raises(SpecError) as raised:
        build_pack(spec, tmp_path / "out")
    [located] = raised.value.problems
    assert (located.line, located.column) == (3, 13) and located.message == problem
    with pytest.raises(SystemExit) as exited:
        main(["build", str(spec), "--template", str(broken)])
    assert exited.value.code == 2
    [line] = [text for text in capsys.readouterr().err.splitlines() if "school.potx" in text]
    assert "Traceback" not in line


# --------------------------------------------------------------------------- choosing layouts


def test_content_goes_on_title_and_content_at_any_idx_and_the_title_slide_on_title_slide(
    reference_on: dict[str, PackFiles],
) -> None:
    deck = reference_on["two-masters"].slides
    slides = read_deck(deck)
    assert slides[0].layout == "Title Slide"
    assert {slide.layout for slide in slides[1:]} == {"Title and Content"}
    presentation = Presentation(str(deck))
    bodies = [
        shape
        for slide in list(presentation.slides)[1:]
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 13
    ]
    assert bodies and all(shape.text_frame.text for shape in bodies)
    assert [len(master.slide_layouts) for master in presentation.slide_masters] == [2]


@pytest.mark.parametrize("name", [path.stem for path in LIBREOFFICE])
def test_libreoffice_templates_put_content_on_their_title_and_content_layout(
    name: str, reference_on: dict[str, PackFiles]
) -> None:
    slides = read_deck(reference_on[name].slides)
    assert slides[0].layout == "Title Slide"
    assert {slide.layout for slide in slides[1:]} == {"Title, Content"}


def test_without_a_content_layout_content_goes_below_a_title_only_layouts_title(
    reference_on: dict[str, PackFiles],
) -> None:
    deck = reference_on["no-content"].slides
    slides = read_deck(deck)
    assert slides[0].layout == "Title Slide"
    assert {slide.layout for slide in slides[1:]} == {"Title Only"}
    presentation = Presentation(str(deck))
    for slide in list(presentation.slides)[1:]:
        title = slide.shapes.title
        below = [shape for shape in slide.shapes if shape.has_text_frame and shape != title]
        assert all(shape.top >= title.top + title.height for shape in below)


# --------------------------------------------------------------------------- sizes, fonts, colours


def test_type_on_a_10_inch_slide_is_three_quarters_of_ours(
    reference_on: dict[str, PackFiles], ours: PackFiles
) -> None:
    keynote = Presentation(str(reference_on["keynote"].slides))
    assert (emu_to_pt(keynote.slide_width), emu_to_pt(keynote.slide_height)) == (720, 405)

    def sizes(deck: Any) -> set[float]:
        return {
            int(run.get("sz")) / 100
            for slide in deck.slides
            for shape in slide.shapes
            if not shape.name.startswith("Drawn")
            for run in shape._element.iter(qn("a:rPr"))
            if run.get("sz")
        }

    assert max(sizes(keynote)) <= 44 * 0.75 + 0.01
    assert min(sizes(keynote)) >= min(sizes(Presentation(str(ours.slides)))) * 0.75 - 0.01


@pytest.mark.parametrize(
    ("typeface", "face"),
    [
        ("Calibri", CARLITO),
        ("Arial", LIBERATION_SANS),
        ("Helvetica", LIBERATION_SANS),
        ("Times New Roman", twin("Liberation Serif")),
        ("Cambria", CALADEA),
        ("Helvetica Neue", UNKNOWN),
        ("Comic Sans MS", UNKNOWN),
    ],
)
def test_each_face_is_measured_with_its_twin_or_widened(typeface: str, face: Any) -> None:
    assert twin(typeface) == face


def test_a_template_is_measured_with_the_twin_of_its_theme_font(made: dict[str, Path]) -> None:
    assert measured_face(open_deck(made["olive"])) == CALADEA
    assert measured_face(open_deck(made["keynote"])) == UNKNOWN
    assert measured_face(open_deck(TEMPLATES / "libreoffice-inspiration.potx")) == LIBERATION_SANS


def test_unreadable_text_is_written_in_the_theme_colour_that_reads_with_a_warning(
    reference_on: dict[str, PackFiles],
) -> None:
    files = reference_on["olive"]
    warnings = [warning for warning in files.warnings if "contrast" in warning.message]
    assert warnings and all(warning.path == ("slides", "template") for warning in warnings)
    assert any(
        f"body text on the layout 'Title and Content' is #{GREY} on #{OLIVE}" in w.message for w in warnings
    )
    colours = {
        fill.get("val")
        for slide in Presentation(str(files.slides)).slides
        for shape in slide.placeholders
        if shape.placeholder_format.type != PP_PLACEHOLDER.TITLE
        for fill in shape._element.iter(qn("a:srgbClr"))
    }
    assert colours and all(contrast(colour, OLIVE) >= 4.5 for colour in colours)


def test_tables_take_the_templates_own_style_or_a_plain_one(reference_on: dict[str, PackFiles]) -> None:
    def styles(name: str) -> set[str]:
        return {
            str(shape._element.find(f".//{qn('a:tableStyleId')}").text)
            for slide in Presentation(str(reference_on[name].slides)).slides
            for shape in slide.shapes
            if shape.has_table
        }

    assert styles("olive") == {SCHOOL_STYLE}
    assert styles("two-masters") == {"{2D5ABB26-0587-4C30-8999-92F81FD0307C}"}


def test_a_template_deck_has_the_layouts_designs_on_the_canvas(made: dict[str, Path]) -> None:
    """Boxes are read on a canvas as wide as our deck: a 10-inch slide is ours, scaled."""
    layouts = deck_layouts(made["keynote"])
    assert layouts.scale == pytest.approx(0.75)
    assert layouts.content.body.width > 800


def test_a_spec_on_a_template_builds_its_table_and_bullets(made: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "keynote.pptx").write_bytes(made["keynote"].read_bytes())
    spec = write_spec(tmp_path, SLIDE_LESSON + "slides:\n  template: keynote.pptx\n")
    slides = read_deck(build_pack(spec, tmp_path / "out").slides)
    assert "The Danube flows through ten countries" in slides[1].body
    assert ("River", "Sea", "Danube", "Black Sea", "Rhine", "North Sea") in [slide.cells for slide in slides]


def test_diagram_lines_and_labels_read_on_a_dark_template(reference_on: dict[str, PackFiles]) -> None:
    """LibreOffice's Portfolio is black: a timeline's axis, ticks and year labels are drawn in
    the readable text colour, not black."""
    inks = {
        fill.get("val")
        for slide in Presentation(str(reference_on["libreoffice-portfolio"].slides)).slides
        for shape in slide.shapes
        if shape.name.startswith(("Drawn line", "Drawn text"))
        for fill in shape._element.iter(qn("a:srgbClr"))
    }
    assert inks and all(contrast(ink, "000000") >= 4.5 for ink in inks)
