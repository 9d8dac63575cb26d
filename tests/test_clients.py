"""Open the outputs in the programs teachers and checkers really use: LibreOffice, poppler,
openxml-audit and the shared package checker. Slow; every test is marked `clients`.

A missing program skips its tests, unless LESSONPACK_REQUIRE_TOOLS=1 (as in CI) makes it fail.
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import (
    contains,
    missing,
    read_deck,
    read_pdf,
    require_file,
    require_tool,
    text_outside_shapes,
)
from geometry import outside_area
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from generator.build import PackFiles
from generator.spec import Lesson

pytestmark = pytest.mark.clients

PACKAGE_CHECK = Path(__file__).resolve().parents[2] / "shared/tools/pptx-package-check"
LIBREOFFICE_TIMEOUT = 180
BOX_SLACK = 4.0
"""Points a rendered glyph may stand outside its shape (ascenders above a table cell's top)."""
DECKS = ["reference", "picture-and-tables", "markup"]


def run(command: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a program in its own process group, so a timeout ends all of it."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{command[0]} did not finish within {timeout} s: {' '.join(command)}")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def libreoffice_pdfs(decks: list[Path], folder: Path) -> list[Path]:
    """The decks converted to PDF by LibreOffice in one run (one start-up for them all)."""
    return libreoffice_converted(decks, folder, "pdf")


def libreoffice_converted(decks: list[Path], folder: Path, kind: str) -> list[Path]:
    """The files converted by LibreOffice in one run (one start-up for them all) to files of the
    given kind (pdf, potx), with a fresh profile so runs never share a lock."""
    soffice = require_tool("soffice")
    profile = Path(tempfile.gettempdir()) / f"lo-{uuid.uuid4().hex}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        result = run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                str(folder),
                *map(str, decks),
            ],
            timeout=LIBREOFFICE_TIMEOUT * len(decks),
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = [folder / f"{deck.stem}.{kind}" for deck in decks]
    assert result.returncode == 0 and all(path.is_file() for path in converted), (
        f"LibreOffice did not convert {', '.join(deck.name for deck in decks)} (exit {result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return converted


def libreoffice_pdf(deck: Path, folder: Path) -> Path:
    """The deck converted to PDF by LibreOffice."""
    [pdf] = libreoffice_pdfs([deck], folder)
    return pdf


@pytest.fixture(scope="module")
def rendered(every_deck: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each deck rendered to PDF by LibreOffice, once per module."""
    folder = tmp_path_factory.mktemp("libreoffice")
    return {name: libreoffice_pdf(deck, folder / name) for name, deck in every_deck.items()}


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.parametrize("deck", DECKS)
def test_libreoffice_renders_one_page_per_slide(
    deck: str, every_deck: dict[str, Path], rendered: dict[str, Path]
) -> None:
    slides = len(Presentation(str(every_deck[deck])).slides)
    assert slides > 5
    assert len(read_pdf(rendered[deck])) == slides
    pdfinfo = require_tool("pdfinfo")
    info = run([pdfinfo, str(rendered[deck])])
    assert info.returncode == 0, info.stderr
    assert f"Pages: {slides}" in " ".join(info.stdout.split())


@pytest.mark.parametrize("deck", DECKS)
def test_libreoffice_shows_each_slide_title_on_its_page(
    deck: str, every_deck: dict[str, Path], rendered: dict[str, Path]
) -> None:
    pages = read_pdf(rendered[deck])
    slides = read_deck(every_deck[deck])
    assert len(pages) == len(slides)
    lost = [
        (slide.number, slide.title)
        for slide, page in zip(slides, pages, strict=True)
        if not contains(page.text, slide.title)
    ]
    assert lost == []


@pytest.mark.parametrize("deck", DECKS)
def test_no_rendered_slide_text_falls_off_the_page(deck: str, rendered: dict[str, Path]) -> None:
    pages = read_pdf(rendered[deck])
    assert sum(len(page.chars) for page in pages) > 200
    assert outside_area(pages)[:20] == []


@pytest.mark.parametrize("deck", DECKS)
def test_rendered_text_stays_inside_its_shapes(
    deck: str, every_deck: dict[str, Path], rendered: dict[str, Path]
) -> None:
    """What we measured is what LibreOffice draws: no text spills out of its box or table."""
    pages = read_pdf(rendered[deck])
    spilt = text_outside_shapes(every_deck[deck], pages, BOX_SLACK)
    assert spilt[:20] == []


# --------------------------------------------------------------------------- poppler


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_pdftotext_reads_the_lesson_title(
    audience: str, reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    pdftotext = require_tool("pdftotext")
    result = run([pdftotext, "-enc", "UTF-8", str(getattr(reference_pack, audience)), "-"])
    assert result.returncode == 0, result.stderr
    assert contains(result.stdout, reference_lesson.title)
    assert contains(result.stdout, "ANSWER KEY (teacher copy)") is (audience == "answers")


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, emb and sub for each font (columns read from the right, since
    the type column may hold spaces)."""
    result = run([require_tool("pdffonts"), str(path)])
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0].split()[:2] == ["name", "type"] and set(rows[1]) <= {"-", " "}, result.stdout
    fonts = []
    for row in rows[2:]:
        cells = row.split()
        if cells:
            fonts.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4]})
    return fonts


@pytest.mark.parametrize(
    "audience",
    ["worksheet", "answers"],
)
def test_pdffonts_every_font_is_embedded_and_subset(audience: str, reference_pack: PackFiles) -> None:
    fonts = pdffonts(getattr(reference_pack, audience))
    assert fonts
    assert [font for font in fonts if (font["emb"], font["sub"]) != ("yes", "yes")] == []


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_every_font_that_draws_text_is_embedded_and_subset(audience: str, reference_pack: PackFiles) -> None:
    path = getattr(reference_pack, audience)
    fonts = {font["name"]: font for font in pdffonts(path)}
    used = {char.fontname for page in read_pdf(path) for char in page.chars}
    assert used and all("Carlito" in name for name in used), used
    assert [name for name in used if (fonts[name]["emb"], fonts[name]["sub"]) != ("yes", "yes")] == []


# --------------------------------------------------------------------------- package validators


def openxml_audit() -> Any:
    try:
        return importlib.import_module("openxml_audit")
    except ImportError:
        missing("the Python package openxml-audit (pinned 0.8.0) is not installed")


@pytest.mark.parametrize("deck", DECKS)
def test_openxml_audit_finds_the_deck_valid(deck: str, every_deck: dict[str, Path]) -> None:
    result = openxml_audit().validate_pptx(every_deck[deck])
    assert result.is_valid, [str(error) for error in result.errors][:20]


@pytest.mark.parametrize("deck", DECKS)
def test_pptx_package_check_passes(deck: str, every_deck: dict[str, Path]) -> None:
    checker = require_file(PACKAGE_CHECK, "shared/tools/pptx-package-check")
    result = run([sys.executable, str(checker), str(every_deck[deck])])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 finding(s)" in result.stdout


def test_the_picture_deck_has_a_picture_and_tables(every_deck: dict[str, Path]) -> None:
    """The validators above must see every kind of shape the generator writes."""
    presentation = Presentation(str(every_deck["picture-and-tables"]))
    kinds = {shape.shape_type for slide in presentation.slides for shape in slide.shapes}
    assert {MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.TABLE} <= kinds


def test_libreoffice_draws_each_picture_on_its_slide(
    every_deck: dict[str, Path], rendered: dict[str, Path]
) -> None:
    slides = read_deck(every_deck["picture-and-tables"])
    with pdfplumber.open(rendered["picture-and-tables"]) as pdf:
        drawn = [len(page.images) for page in pdf.pages]
    assert sum(drawn) > 0
    assert drawn == [len(slide.picture_alts) for slide in slides]
