"""The reference lesson on every presentation template LibreOffice ships (23 on Debian), saved
as PowerPoint templates by LibreOffice itself: templates other people designed, with several
masters, pictures, drawn bands and panels, and their own slide numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import missing
from pptx import Presentation
from test_clients import libreoffice_pdfs

from generator.build import plan_lesson, write_slides
from generator.spec import Lesson
from generator.wording import default_wording

SHIPPED = Path("/usr/lib/libreoffice/share/template/common/presnt")
"""Where Debian's LibreOffice keeps its presentation templates."""
TEMPLATES = sorted(path.stem for path in SHIPPED.glob("*.otp"))
MOST_SLIDES = 1.25
"""The bound: a template never gives more than a quarter more slides than our deck."""
pytestmark = pytest.mark.xdist_group("libreoffice-templates")
"""One worker converts the templates once."""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped template saved as .potx by LibreOffice, in one run."""
    shipped = sorted(SHIPPED.glob("*.otp"))
    if not shipped:
        missing(f"LibreOffice's presentation templates not found in {SHIPPED}")
    potx = libreoffice_pdfs(shipped, tmp_path_factory.mktemp("potx"), to="potx")
    return {path.stem: path for path in potx}


def _deck(lesson: Lesson, template: Path | None, folder: Path) -> int:
    """The teacher's deck of the lesson on the template: its number of slides."""
    wording = default_wording()
    folder.mkdir()
    plan, layouts = plan_lesson(lesson, wording, template)
    teacher, pupils = folder / "slides.pptx", folder / "slides-pupils.pptx"
    write_slides(lesson, plan, wording, (teacher, pupils), layouts, template)
    return len(Presentation(str(teacher)).slides)


@pytest.fixture(scope="module")
def ours(reference_lesson: Lesson, tmp_path_factory: pytest.TempPathFactory) -> int:
    return _deck(reference_lesson, None, tmp_path_factory.mktemp("ours") / "deck")


@pytest.mark.clients
def test_libreoffice_ships_its_templates() -> None:
    if len(TEMPLATES) < 20:
        missing(f"LibreOffice's presentation templates not found in {SHIPPED}")


@pytest.mark.clients
@pytest.mark.parametrize("name", TEMPLATES)
def test_the_reference_deck_on_a_shipped_template_has_at_most_a_quarter_more_slides(
    name: str, converted: dict[str, Path], ours: int, reference_lesson: Lesson, tmp_path: Path
) -> None:
    """Every deck left in the test's folder is validated by openxml-audit and
    pptx-package-check at the end of the session."""
    theirs = _deck(reference_lesson, converted[name], tmp_path / "theirs")
    assert theirs <= MOST_SLIDES * ours, f"{name}: {theirs} slides, ours {ours} ({theirs / ours:.2f} times)"
