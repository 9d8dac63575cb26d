"""Where the text lands, on every page and every slide: the stress lesson and the lessons in content/.

Each worksheet, answer key and worksheet variant, on A4 and on US Letter, keeps every character
10 mm inside the paper's edge (what school printers can print) and never prints one line of text
over another. Each deck, drawn by LibreOffice, keeps every character on its slide and every line
clear of the others.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT_SPECS, PdfPage, read_pdf, squash, text_outside_shapes
from geometry import PRINTABLE_MARGIN, outside_area, overlapping_lines
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from test_clients import BOX_SLACK, libreoffice_pdf

from generator.build import BuildOptions, PackFiles, build_pack
from generator.sheet.writer import PAPER
from generator.spec import Paper, Variant
from generator.wording import default_wording

LESSONS = ("stress", *(spec.stem for spec in CONTENT_SPECS))
PAPERS: tuple[Paper, ...] = ("a4", "letter")
VARIANTS: tuple[Variant, ...] = ("large-print", "dyslexia")
SHEETS = [
    (lesson, paper, name)
    for lesson in LESSONS
    for paper, names in (("a4", ("worksheet", "answers", *VARIANTS)), ("letter", ("worksheet", "answers")))
    for name in names
]
"""Every sheet on A4; the worksheet and the key on Letter too, whose shorter, wider page breaks
the text in other places."""


@pytest.fixture(scope="module")
def packs(
    stress_spec: Path, stress_pack: PackFiles, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], PackFiles]:
    """Every lesson on each paper, by (lesson, paper); with every variant on A4."""
    specs = {"stress": stress_spec, **{spec.stem: spec for spec in CONTENT_SPECS}}
    built = {("stress", "a4"): stress_pack}
    for lesson, spec in specs.items():
        for paper in PAPERS:
            if (lesson, paper) not in built:
                folder = tmp_path_factory.mktemp(f"{lesson}-{paper}")
                variants = VARIANTS if paper == "a4" else ()
                built[lesson, paper] = build_pack(spec, folder, options=BuildOptions(paper, variants))
    return built


def _back_of_cards(pages: tuple[PdfPage, ...], number: int) -> bool:
    """Whether the page is the blank back of a page of cut-out cards (or the blank page before
    one, so the cards fall on a front)."""
    label = squash(default_wording()("card_sort_cards_label", title=""))
    beside = pages[number - 2 : number - 1] + pages[number : number + 1]
    return any(label in page.text for page in beside)


def sheet(files: PackFiles, name: str) -> Path:
    return files.variants.get(name) or getattr(files, name)


@pytest.mark.parametrize(("lesson", "paper", "name"), SHEETS)
def test_every_character_is_inside_the_printable_area(
    lesson: str, paper: str, name: str, packs: dict[tuple[str, str], PackFiles]
) -> None:
    pages = read_pdf(sheet(packs[lesson, paper], name))
    width, height = PAPER[paper]
    assert {(round(page.width), round(page.height)) for page in pages} == {(round(width), round(height))}
    assert all(page.chars for page in pages if not _back_of_cards(pages, page.number))
    assert outside_area(pages, PRINTABLE_MARGIN)[:20] == []


@pytest.mark.parametrize(("lesson", "paper", "name"), SHEETS)
def test_no_line_is_printed_over_another(
    lesson: str, paper: str, name: str, packs: dict[tuple[str, str], PackFiles]
) -> None:
    assert overlapping_lines(read_pdf(sheet(packs[lesson, paper], name)))[:10] == []


@pytest.fixture(scope="module")
def rendered_decks(
    packs: dict[tuple[str, str], PackFiles], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Each lesson's deck drawn by LibreOffice, by lesson."""
    folder = tmp_path_factory.mktemp("decks")
    return {lesson: libreoffice_pdf(packs[lesson, "a4"].slides, folder / lesson) for lesson in LESSONS}


@pytest.mark.clients
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_slide_keeps_its_text_on_the_slide_and_in_its_shapes(
    lesson: str, packs: dict[tuple[str, str], PackFiles], rendered_decks: dict[str, Path]
) -> None:
    pages = read_pdf(rendered_decks[lesson])
    assert all(page.chars for page in pages)
    assert outside_area(pages)[:20] == []
    assert text_outside_shapes(packs[lesson, "a4"].slides, list(pages), BOX_SLACK)[:20] == []


@pytest.mark.clients
@pytest.mark.parametrize("lesson", LESSONS)
def test_no_line_on_a_slide_is_drawn_over_another(lesson: str, rendered_decks: dict[str, Path]) -> None:
    assert overlapping_lines(read_pdf(rendered_decks[lesson]))[:10] == []


# --------------------------------------------------------------------------- the checks can fail


def _draw(path: Path, *texts: tuple[float, float, str]) -> Path:
    """A one-page A4 PDF with each text drawn at (x, y) in 12 pt Helvetica."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 12)
    for x, y, text in texts:
        canvas.drawString(x, y, text)
    canvas.save()
    return path


def test_text_drawn_over_text_is_found_and_touching_lines_are_not(tmp_path: Path) -> None:
    clash = _draw(tmp_path / "clash.pdf", (100, 400, "First line of text"), (130, 404, "Second line"))
    assert overlapping_lines(read_pdf(clash)) == [(1, "First line of text", "Second line")]
    touching = _draw(tmp_path / "touching.pdf", (100, 400, "First line"), (100, 412, "Second line"))
    assert overlapping_lines(read_pdf(touching)) == []


def test_text_near_the_edge_is_found(tmp_path: Path) -> None:
    near = _draw(tmp_path / "near.pdf", (20, 400, "X"), (100, 400, "inside"))
    assert [found[:2] for found in outside_area(read_pdf(near), PRINTABLE_MARGIN)] == [(1, "X")]
    assert outside_area(read_pdf(near)) == []
