"""Templates with several masters, as LibreOffice writes them, and what a template draws itself:
content slides get the master made for them, text reads on what lies under it, numbers are not
doubled, and drawn diagrams are measured in the template's own face."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REFERENCE_SPEC, emu_to_pt
from pptx import Presentation
from pptx.oxml.ns import qn

from generator.build import BuildOptions, PackFiles, build_pack
from generator.deck.look import contrast
from generator.deck.plan import Shape
from generator.fonts import CARLITO, UNKNOWN, Face
from generator.part_context import PartContext
from generator.parts.card_sort import CardSortPart
from generator.parts.drawn_boxes import box_height
from generator.parts.timeline import TimelinePart
from generator.spec import Lesson
from generator.wording import default_wording

TEMPLATES = Path(__file__).resolve().parent / "fixtures" / "templates"
TOP_SHARE = 0.15
"""A content slide's title starts in the top sixth of the slide."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PackFiles]:
    names = ["midnightblue", "progress", "lights"]
    return {
        name: build_pack(
            REFERENCE_SPEC,
            tmp_path_factory.mktemp(name),
            options=BuildOptions(template=TEMPLATES / f"libreoffice-{name}.potx"),
        )
        for name in names
    }


@pytest.mark.parametrize("name", ["midnightblue", "progress"])
def test_content_slides_take_the_master_made_for_them_with_the_title_at_the_top(
    name: str, built: dict[str, PackFiles]
) -> None:
    """LibreOffice writes every layout of these templates at one master's boxes, which put the
    title mid-slide; the master drawn for content has it at the top, and the text under it."""
    presentation = Presentation(str(built[name].slides))
    height = emu_to_pt(presentation.slide_height)
    for slide in list(presentation.slides)[1:]:
        title = slide.shapes.title
        assert emu_to_pt(title.top) < height * TOP_SHARE, slide.slide_id
        below = [
            shape
            for shape in slide.placeholders
            if shape.placeholder_format.idx != 0 and shape.has_text_frame
        ]
        assert all(shape.top >= title.top + title.height for shape in below)


def _title_colours(deck: Path) -> set[str]:
    presentation = Presentation(str(deck))
    return {
        str(fill.get("val"))
        for slide in list(presentation.slides)[1:]
        for run in slide.shapes.title._element.iter(qn("a:rPr"))
        for fill in run.iter(qn("a:srgbClr"))
    }


def test_a_title_on_a_dark_band_under_a_see_through_glow_is_written_light(
    built: dict[str, PackFiles],
) -> None:
    """Lights' content master draws its titles on a navy band under a mostly see-through white
    glow: judged against the band, the template's black becomes the theme's white, with a warning."""
    assert _title_colours(built["lights"].slides) == {"FFFFFF"}
    assert contrast("FFFFFF", "000032") >= 4.5
    warned = [warning.message for warning in built["lights"].warnings if "title text" in warning.message]
    assert any("'Title, Content' is #000000 on #000032" in message for message in warned)


@pytest.mark.parametrize("name", ["midnightblue", "lights"])
def test_a_slide_number_the_master_draws_is_not_doubled(name: str, built: dict[str, PackFiles]) -> None:
    """These masters draw the slide number themselves; a second of ours would show "2 2"."""
    presentation = Presentation(str(built[name].slides))
    ours = [
        field
        for slide in presentation.slides
        for field in slide._element.iter(qn("a:fld"))
        if field.get("type") == "slidenum"
    ]
    assert ours == []


# --------------------------------------------------------------------------- drawn diagrams


def _drawn(lesson: Lesson, face: Face) -> list[Shape]:
    wording = default_wording()
    context = PartContext(wording, lesson.folder, "Task", face=face)
    return [
        shape
        for part in lesson.parts
        if isinstance(part, TimelinePart | CardSortPart)
        for plan in part.slides(context)
        for shape in plan.shapes
        if shape.text
    ]


def test_timeline_and_card_sort_boxes_are_measured_in_the_decks_face(reference_lesson: Lesson) -> None:
    """A template drawn in a wider face than Calibri gets boxes tall enough for its text in that
    face: measured in Carlito, the text would run out of its box."""
    ours = _drawn(reference_lesson, CARLITO)
    wide = _drawn(reference_lesson, UNKNOWN)
    assert ours and wide
    for shape in wide:
        assert shape.height >= box_height(shape.text, shape.size, shape.width, shape.bold, UNKNOWN) - 0.01
    too_short = [
        shape
        for shape in ours
        if shape.kind == "box"
        and shape.height < box_height(shape.text, shape.size, shape.width, False, UNKNOWN)
    ]
    assert too_short, "the wider face needs taller boxes somewhere, or this test proves nothing"
