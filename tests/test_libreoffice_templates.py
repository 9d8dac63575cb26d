"""The reference lesson on every presentation template LibreOffice ships (23 on Debian), saved
as PowerPoint templates by LibreOffice itself: templates other people designed, with several
masters, pictures, drawn bands and panels, and their own slide numbers. Every deck left here is
validated by openxml-audit and pptx-package-check at the end of the test session."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import missing, read_pdf, text_outside_shapes
from pptx import Presentation
from test_clients import libreoffice_converted

from generator.build import plan_lesson, write_slides
from generator.deck.layouts import DeckLayouts
from generator.deck.look import BACKDROP
from generator.deck.template import open_deck, template_problem
from generator.deck.units import shape_box
from generator.spec import Lesson
from generator.wording import default_wording

SHIPPED = Path("/usr/lib/libreoffice/share/template/common/presnt")
"""Where Debian's LibreOffice keeps its presentation templates."""
TEMPLATES = sorted(path.stem for path in SHIPPED.glob("*.otp"))
MOST_SLIDES = 1.25
"""The bound: a template never gives more than a quarter more slides than our deck."""
RUNS = 2
"""LibreOffice draws one file at a time: two runs side by side halve the wait."""
pytestmark = [pytest.mark.clients, pytest.mark.xdist_group("libreoffice-templates")]
"""One worker converts, builds and draws the templates once."""


def _in_runs(files: list[Path], folder: Path, to: str) -> dict[str, Path]:
    shares = [files[index::RUNS] for index in range(RUNS)]
    with ThreadPoolExecutor(RUNS) as pool:
        converted = pool.map(libreoffice_converted, shares, [folder] * RUNS, [to] * RUNS)
    return {path.stem: path for paths in converted for path in paths}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped template saved as .potx by LibreOffice, by name."""
    shipped = sorted(SHIPPED.glob("*.otp"))
    if not shipped:
        missing(f"LibreOffice's presentation templates not found in {SHIPPED}")
    return _in_runs(shipped, tmp_path_factory.mktemp("potx"), "potx")


@pytest.fixture(scope="module")
def decks(
    converted: dict[str, Path], reference_lesson: Lesson, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Our own deck ("ours") and the reference deck on every shipped template, by name (the
    pupils' deck, the teacher's less its answer slides, is not kept: validating it would double
    the session's validation for nothing new)."""
    folder = tmp_path_factory.mktemp("decks")
    wording = default_wording()
    built = {}
    for name, template in [("ours", None), *converted.items()]:
        plan, layouts = plan_lesson(reference_lesson, wording, template)
        built[name] = folder / f"{name}.pptx"
        pupils = folder / f"{name}-pupils.pptx"
        write_slides(reference_lesson, plan, wording, (built[name], pupils), layouts, template)
        pupils.unlink()
    return built


@pytest.fixture(scope="module")
def drawn(decks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _in_runs(list(decks.values()), tmp_path_factory.mktemp("drawn"), "pdf")


def _slides(deck: Path) -> int:
    return len(Presentation(str(deck)).slides)


def test_libreoffice_ships_its_templates() -> None:
    if len(TEMPLATES) < 20:
        missing(f"LibreOffice's presentation templates not found in {SHIPPED}")


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_shipped_template_passes_the_checks_for_damaged_templates(
    name: str, converted: dict[str, Path]
) -> None:
    """The schema check refuses damaged templates, never real ones."""
    assert template_problem(converted[name], f"{name}.potx") is None


@pytest.mark.parametrize("name", [*TEMPLATES, "ours"])
def test_every_box_a_layout_is_designed_by_is_the_one_python_pptx_reads(
    name: str, converted: dict[str, Path]
) -> None:
    """The designs read each layout's and master's shapes from their XML, once each (python-pptx
    looks each side of each shape up anew, and each layout placeholder's master placeholder among
    all the master's shapes): every placeholder's box, inherited sides and all, and every drawn
    box must be the one python-pptx gives."""
    deck = open_deck(converted.get(name))
    layouts = DeckLayouts(deck)
    for master in deck.slide_masters:
        for owner in [master, *master.slide_layouts]:
            placeholders, drawn = layouts._parts(owner)
            expected = [shape_box(shape) for shape in owner.placeholders]
            assert [found.box for found in placeholders] == [
                box and layouts._on_canvas(box) for box in expected
            ]
            boxes = [
                layouts._on_canvas(box)
                for shape in owner.shapes
                if not shape.is_placeholder and (box := shape_box(shape)) is not None
            ]
            slide = layouts._width * layouts.height
            assert drawn == [box for box in boxes if box.width * box.height < BACKDROP * slide]


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_reference_deck_on_a_shipped_template_has_at_most_a_quarter_more_slides(
    name: str, decks: dict[str, Path]
) -> None:
    theirs, ours = _slides(decks[name]), _slides(decks["ours"])
    assert theirs <= MOST_SLIDES * ours, f"{name}: {theirs} slides, ours {ours} ({theirs / ours:.2f} times)"


@pytest.mark.parametrize("name", TEMPLATES)
def test_libreoffice_draws_the_deck_one_page_per_slide_with_nothing_outside_its_shapes(
    name: str, decks: dict[str, Path], drawn: dict[str, Path]
) -> None:
    pages = read_pdf(drawn[name])
    assert len(pages) == _slides(decks[name])
    assert text_outside_shapes(decks[name], list(pages)) == []
