"""Shared fixtures and read-back helpers: build packs once, then read their text as people see it.

PDF text is read with pdfplumber in drawing order (reportlab draws a paragraph's lines one after
another, so a paragraph stays together even beside a table column or a right-hand aside). Deck
text is read with python-pptx: titles, text frames, table cells and speaker notes separately.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pdfplumber
import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Length

from generator.build import BuildOptions, PackFiles, build_pack, load_lesson
from generator.deck.text_xml import SLIDE_NUMBER
from generator.pack_folder import WORK_FOLDER
from generator.spec import Lesson
from generator.wording import default_wording

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
REFERENCE_SPEC = REPO / "content" / "stalin-rise-to-power.yaml"
ALL_PARTS_SPEC = FIXTURES / "all-parts.yaml"
MARKUP_SPEC = FIXTURES / "markup.yaml"
STRESS_SPEC = TESTS / "stress" / "stress.yaml"
CONTENT_SPECS = sorted((REPO / "content").glob("*.yaml"))
PICTURE = "picture.png"
"""The image the all-parts fixture names; drawn by `make_png` beside the copied spec."""

REQUIRE_TOOLS_VARIABLE = "LESSONPACK_REQUIRE_TOOLS"


# --------------------------------------------------------------------------- external tools


def tools_required() -> bool:
    return os.environ.get(REQUIRE_TOOLS_VARIABLE) == "1"


def missing(message: str) -> NoReturn:
    """Skip, or fail when the environment says every tool must be present (as CI does)."""
    if tools_required():
        pytest.fail(f"{message} ({REQUIRE_TOOLS_VARIABLE}=1, so this fails instead of skipping)")
    pytest.skip(f"{message} (set {REQUIRE_TOOLS_VARIABLE}=1 to make this a failure)")


def require_tool(name: str) -> str:
    """The executable's path; skip the test if it is not installed, or fail under CI."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} not installed or not on PATH")
    return found


def require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        missing(f"{what} not found at {path}")
    return path


# --------------------------------------------------------------------------- text normalising

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)


def plain(text: str) -> str:
    """Curly quotes as straight ones, every dash as a hyphen: spec and PDF compared alike."""
    return text.translate(_TYPOGRAPHY)


def squash(text: str) -> str:
    """Plain text with every run of whitespace as one space."""
    return " ".join(plain(text).split())


def collapse(text: str) -> str:
    """Plain text with no whitespace at all, so a line break anywhere between words still matches."""
    return "".join(plain(text).split())


def contains(haystack: str, needle: str) -> bool:
    """Whether `needle` is in `haystack` whatever the line breaks, quotes and dashes."""
    return collapse(needle) in collapse(haystack)


# --------------------------------------------------------------------------- PDF read-back


@dataclass(frozen=True)
class Char:
    text: str
    fontname: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class PdfPage:
    number: int
    width: float
    height: float
    lines: tuple[str, ...]
    """Text lines in drawing order, each with whitespace squashed."""
    words: tuple[str, ...]
    """Words in drawing order."""
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        """The page's words joined with single spaces."""
        return " ".join(self.words)


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


@cache
def _read_pdf(key: tuple[str, int, int]) -> tuple[PdfPage, ...]:
    pages = []
    with pdfplumber.open(key[0]) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            text = page.extract_text(use_text_flow=True) or ""
            words = page.extract_words(use_text_flow=True)
            chars = tuple(
                Char(char["text"], char["fontname"], char["x0"], char["x1"], char["top"], char["bottom"])
                for char in page.chars
            )
            pages.append(
                PdfPage(
                    number,
                    float(page.width),
                    float(page.height),
                    tuple(squash(line) for line in text.splitlines() if line.strip()),
                    tuple(word["text"] for word in words),
                    chars,
                )
            )
    return tuple(pages)


def read_pdf(path: Path) -> tuple[PdfPage, ...]:
    """Every page of a PDF, read once per file version."""
    return _read_pdf(_stamp(path))


def pdf_text(path: Path) -> str:
    """The whole document's words joined with single spaces, page furniture included."""
    return " ".join(page.text for page in read_pdf(path))


def _furniture() -> tuple[re.Pattern[str], str]:
    wording = default_wording()
    footer = squash(wording("page_footer", title="TITLEMARK", page="PAGEMARK", pages="TOTALMARK"))
    pattern = (
        re.escape(footer).replace("TITLEMARK", ".+").replace("TOTALMARK", r"\d+").replace("PAGEMARK", r"\d+")
    )
    return re.compile(pattern), squash(wording("answer_key_banner"))


def sheet_body(path: Path, drop: Iterable[str] = ()) -> str:
    """The document's text without footers and banners, so a paragraph broken across a page
    boundary reads as one; lines equal to one in `drop` (such as a table's header row, which
    repeats where the table runs onto a new page) are left out too."""
    footer, banner = _furniture()
    dropped = {squash(line) for line in drop} | {banner}
    lines = [
        line
        for page in read_pdf(path)
        for line in page.lines
        if line not in dropped and not footer.fullmatch(line)
    ]
    return " ".join(lines)


# --------------------------------------------------------------------------- deck read-back


@dataclass(frozen=True)
class SlideText:
    number: int
    layout: str
    title: str
    body: tuple[str, ...]
    """Paragraphs of every text frame but the title, in shape order."""
    cells: tuple[str, ...]
    """Every table cell, header first, row by row."""
    notes: str
    picture_alts: tuple[str | None, ...]

    @property
    def shown(self) -> str:
        """Everything the class sees on the slide, as one string."""
        return " ".join((self.title, *self.body, *self.cells))

    @property
    def on_screen(self) -> str:
        """What the class sees, without the title."""
        return " ".join((*self.body, *self.cells))


@cache
def _read_deck(key: tuple[str, int, int]) -> tuple[SlideText, ...]:
    slides = []
    for number, slide in enumerate(Presentation(key[0]).slides, 1):
        title_shape = slide.shapes.title
        title = title_shape.text_frame.text if title_shape is not None else ""
        body: list[str] = []
        cells: list[str] = []
        for shape in slide.shapes:
            if title_shape is not None and shape.shape_id == title_shape.shape_id:
                continue
            if shape.name == SLIDE_NUMBER:
                continue
            if shape.has_text_frame:
                body.extend(paragraph.text for paragraph in shape.text_frame.paragraphs)
            if shape.has_table:
                cells.extend(cell.text for row in shape.table.rows for cell in row.cells)
        alts = [picture.nvPicPr.cNvPr.get("descr") for picture in slide.element.iter(qn("p:pic"))]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append(
            SlideText(
                number,
                slide.slide_layout.name,
                title,
                tuple(text for text in body if text.strip()),
                tuple(cells),
                notes,
                tuple(alts),
            )
        )
    return tuple(slides)


def read_deck(path: Path) -> tuple[SlideText, ...]:
    """Every slide's text, read once per file version."""
    return _read_deck(_stamp(path))


def emu_to_pt(value: Length | int) -> float:
    return int(value) / 12700


# --------------------------------------------------------------------------- specs and builds


def write_spec(tmp_path: Path, text: str, name: str = "lesson.yaml") -> Path:
    """Write a dedented YAML spec into tmp_path and return its path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def output_listing(output: Path) -> list[str]:
    """What a teacher finds in an output folder after builds: the packs, and in lessonpack's
    working folder nothing but its lock files (no staging or set-aside folder left by a build)."""
    entries = sorted(path.name for path in output.iterdir() if path.name != WORK_FOLDER)
    work = output / WORK_FOLDER
    debris = sorted(path.name for path in work.iterdir() if path.suffix != ".lock") if work.is_dir() else []
    return entries + [f"{WORK_FOLDER}/{name}" for name in debris]


def make_png(path: Path, size: tuple[int, int] = (320, 200)) -> Path:
    """A small solid PNG, drawn with Pillow."""
    Image.new("RGB", size, (40, 90, 200)).save(path, format="PNG")
    return path


def copy_fixture(spec: Path, folder: Path) -> Path:
    """The fixture spec copied into `folder`, with the picture it names drawn beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    copied = folder / spec.name
    shutil.copyfile(spec, copied)
    make_png(folder / PICTURE)
    return copied


def build_text(tmp_path: Path, text: str, name: str = "lesson.yaml") -> PackFiles:
    """Build a spec given as text into tmp_path/out."""
    return build_pack(write_spec(tmp_path, text, name), tmp_path / "out")


# --------------------------------------------------------------------------- session fixtures


@pytest.fixture(scope="session")
def reference_lesson() -> Lesson:
    return load_lesson(REFERENCE_SPEC)


@pytest.fixture(scope="session")
def reference_pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """The reference lesson, built once per test session."""
    return build_pack(REFERENCE_SPEC, tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="session")
def all_parts_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(ALL_PARTS_SPEC, tmp_path_factory.mktemp("all-parts-spec"))


@pytest.fixture(scope="session")
def all_parts_lesson(all_parts_spec: Path) -> Lesson:
    return load_lesson(all_parts_spec)


@pytest.fixture(scope="session")
def all_parts_pack(all_parts_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """The all-parts fixture (a picture, tables, every part type), built once per session."""
    return build_pack(all_parts_spec, tmp_path_factory.mktemp("all-parts"))


@pytest.fixture(scope="session")
def markup_pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """A lesson whose text looks like markup (reportlab, XML, Jinja2), built once per session."""
    return build_pack(MARKUP_SPEC, tmp_path_factory.mktemp("markup"))


@pytest.fixture(scope="session")
def stress_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(STRESS_SPEC, tmp_path_factory.mktemp("stress-spec"))


@pytest.fixture(scope="session")
def stress_pack(stress_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """The stress lesson (Cyrillic, Greek, markup, a 900-word answer, 60 questions, 40 rows),
    with both worksheet variants, built once per session."""
    return build_pack(
        stress_spec,
        tmp_path_factory.mktemp("stress"),
        options=BuildOptions(variants=("large-print", "dyslexia")),
    )


@pytest.fixture(scope="session")
def every_deck(
    reference_pack: PackFiles, all_parts_pack: PackFiles, markup_pack: PackFiles
) -> dict[str, Path]:
    """The decks the validators check, by name: the reference lesson, every part type with a
    picture and tables, and text that looks like markup."""
    return {
        "reference": reference_pack.slides,
        "picture-and-tables": all_parts_pack.slides,
        "markup": markup_pack.slides,
    }


# --------------------------------------------------------------------------- every deck, validated

PACKAGE_CHECK = REPO.parent / "shared" / "tools" / "pptx-package-check"


def deck_faults(decks: list[Path]) -> list[str]:
    """What openxml-audit and the shared package checker find wrong with these decks."""
    from openxml_audit import validate_pptx

    faults = [f"{deck}: {error}" for deck in decks for error in validate_pptx(deck).errors[:5]]
    if PACKAGE_CHECK.is_file():
        import subprocess
        import sys

        checked = subprocess.run(
            [sys.executable, str(PACKAGE_CHECK), *map(str, decks)],
            capture_output=True,
            text=True,
            check=False,
        )
        if checked.returncode != 0:
            faults.append(checked.stdout + checked.stderr)
    elif tools_required():
        faults.append(f"{PACKAGE_CHECK} is missing")
    return faults


@pytest.fixture(scope="session", autouse=True)
def every_deck_the_tests_build_is_valid(tmp_path_factory: pytest.TempPathFactory) -> Iterable[None]:
    """After the run, validate every .pptx any test wrote: a deck PowerPoint would "repair" is a
    failure wherever it was built, not only in the tests written about validity."""
    yield
    decks = sorted(tmp_path_factory.getbasetemp().rglob("*.pptx"))
    faults = deck_faults(decks) if decks else []
    assert faults == [], "\n".join(faults)


def _drawn_by_template(slide: Any) -> list[Any]:
    layout = slide.slide_layout
    return [
        shape for owner in (layout, layout.slide_master) for shape in owner.shapes if not shape.is_placeholder
    ]


def text_outside_shapes(deck: Path, pages: list[Any], slack: float = 4.0) -> list[tuple[int, str, int]]:
    """Characters LibreOffice drew outside every shape of their slide, and of what its layout
    and master draw themselves (a template's own date or slide number): (slide, character, top).
    `pages` are the rendered deck's pages as `read_pdf` returns them."""
    presentation = Presentation(str(deck))
    spilt = []
    for number, (slide, page) in enumerate(zip(presentation.slides, pages, strict=True), 1):
        x_scale = page.width / (presentation.slide_width / 12700)
        y_scale = page.height / (presentation.slide_height / 12700)
        boxes = [
            (
                shape.left / 12700 * x_scale - slack,
                shape.top / 12700 * y_scale - slack,
                (shape.left + shape.width) / 12700 * x_scale + slack,
                (shape.top + shape.height) / 12700 * y_scale + slack,
            )
            for shape in [*slide.shapes, *_drawn_by_template(slide)]
            if shape.width is not None and shape.height is not None
        ]
        for char in page.chars:
            inside = any(
                left <= char.x0 and char.x1 <= right and top <= char.top and char.bottom <= bottom
                for left, top, right, bottom in boxes
            )
            if char.text.strip() and not inside:
                spilt.append((number, char.text, round(char.top)))
    return spilt
