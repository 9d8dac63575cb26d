"""The default deck's design, measured on the reference lesson as PowerPoint reads it: the type
scale, plain tables at 18 pt or more, slide numbers, no shadows, blank task rows that give nothing
away, answer slides a class can read, timeline leaders that point at their dates, continuation
slides that carry more than a lone paragraph, and where answer slides go."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_text, read_deck, write_spec
from pptx import Presentation
from pptx.oxml.ns import qn

from generator.build import BuildOptions, PackFiles, build_pack
from generator.dates import Date, read_date
from generator.deck.fit import ANSWER_SIZES, BODY_SIZES, SMALLEST, TABLE_SIZES
from generator.deck.text_xml import SLIDE_NUMBER
from generator.errors import SpecError
from generator.folder_options import read_folder_options
from generator.parts.timeline import DOT, DOT_GAP
from generator.wording import default_wording

WORDING = default_wording()
CONTINUED = re.compile(r"\(cont\.( \d+)?\)$")
EMU = 12700


def _slides(path: Path) -> list[Any]:
    return list(Presentation(str(path)).slides)


def _runs(frame: Any) -> Iterator[Any]:
    for paragraph in frame.paragraphs:
        yield from (run for run in paragraph.runs if run.text.strip())


def _text_shapes(slide: Any) -> Iterator[Any]:
    """Text frames of the slide's content: not its title, number or drawn shapes."""
    title = slide.shapes.title
    for shape in slide.shapes:
        if title is not None and shape.shape_id == title.shape_id:
            continue
        if shape.name == SLIDE_NUMBER or shape.name.startswith("Drawn "):
            continue
        if shape.has_text_frame and shape.text_frame.text.strip():
            yield shape


def _revealing(pack: PackFiles) -> list[Any]:
    """The teacher's slides the pupils' deck leaves out: the answer slides."""
    shown = {slide.title for slide in read_deck(pack.pupil_slides)}
    return [
        slide
        for slide, text in zip(_slides(pack.slides), read_deck(pack.slides), strict=True)
        if text.title not in shown
    ]


# --------------------------------------------------------------------------- the look


def test_every_table_run_is_18_pt_or_more(reference_pack: PackFiles) -> None:
    sizes = [
        run.font.size.pt
        for slide in _slides(reference_pack.slides)
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
        for run in _runs(cell.text_frame)
    ]
    assert len(sizes) > 100
    assert min(sizes) >= TABLE_SIZES[-1] == 18.0


def test_tables_are_plain_thin_ruled_with_a_light_bold_header_and_no_banding(
    reference_pack: PackFiles,
) -> None:
    tables = [
        shape.table for slide in _slides(reference_pack.slides) for shape in slide.shapes if shape.has_table
    ]
    assert tables
    for table in tables:
        properties = table._tbl.tblPr
        assert properties.get("bandRow") == "0"
        header, *rows = table.rows
        assert all(run.font.bold for cell in header.cells for run in _runs(cell.text_frame))
        assert all(not run.font.bold for row in rows for cell in row.cells for run in _runs(cell.text_frame))
        for row_index, row in enumerate(table.rows):
            for cell in row.cells:
                tc_pr = cell._tc.tcPr
                widths = [int(tc_pr.find(qn(f"a:ln{side}")).get("w")) for side in "LRTB"]
                assert all(width <= 1 * EMU for width in widths)
                fill = tc_pr.find(qn("a:solidFill"))
                if row_index == 0:
                    assert fill is not None and int(fill[0].get("val"), 16) > 0xD0D0D0
                else:
                    assert fill is None


def test_body_text_keeps_to_the_type_scale(reference_pack: PackFiles) -> None:
    """Titles at 36 pt unless too long for two lines, body text only in the scale's steps (a
    credit or an aside a step smaller)."""
    titles, bodies = [], set()
    for slide in _slides(reference_pack.slides)[1:]:
        titles.extend(run.font.size.pt for run in _runs(slide.shapes.title.text_frame))
        for shape in _text_shapes(slide):
            bodies.update(run.font.size.pt for run in _runs(shape.text_frame))
    assert titles.count(36.0) / len(titles) > 0.9
    assert bodies <= {*BODY_SIZES, *ANSWER_SIZES, SMALLEST, 24.0 - 4, 28.0 - 4}


def test_every_slide_but_the_title_carries_a_slide_number_field(reference_pack: PackFiles) -> None:
    for number, slide in enumerate(_slides(reference_pack.slides), 1):
        fields = [field for field in slide._element.iter(qn("a:fld")) if field.get("type") == "slidenum"]
        if number == 1:
            assert fields == []
        else:
            assert len(fields) == 1, number
            assert fields[0].find(qn("a:t")).text == str(number)


def test_no_shape_has_a_shadow(reference_pack: PackFiles) -> None:
    """No shadow written, and no theme effect style (which draws one) left to apply."""
    shapes = 0
    for slide in _slides(reference_pack.slides):
        element = slide._element
        assert not list(element.iter(qn("a:outerShdw")))
        for reference in element.iter(qn("a:effectRef")):
            shapes += 1
            properties = reference.getparent().getparent().find(qn("p:spPr"))
            assert reference.get("idx") == "0" or properties.find(qn("a:effectLst")) is not None
    assert shapes > 50


# --------------------------------------------------------------------------- tables on task slides


def test_blank_rows_of_a_task_table_are_one_height_and_the_table_stays_whole(
    reference_pack: PackFiles,
) -> None:
    task_tables = 0
    for slide in _slides(reference_pack.slides):
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            rows = list(shape.table.rows)[1:]
            if not any(cell.text == "" for row in rows for cell in row.cells):
                continue
            task_tables += 1
            assert len({row.height for row in rows}) == 1, slide.shapes.title.text
            assert not CONTINUED.search(slide.shapes.title.text)
    assert task_tables >= 2


# --------------------------------------------------------------------------- answers


def test_answer_slide_text_is_24_pt_or_more(reference_pack: PackFiles) -> None:
    sizes = [
        run.font.size.pt
        for slide in _revealing(reference_pack)
        for shape in _text_shapes(slide)
        for run in _runs(shape.text_frame)
    ]
    assert len(sizes) > 20
    assert min(sizes) >= ANSWER_SIZES[-1] == 24.0


def test_no_continuation_slide_holds_a_lone_paragraph(reference_pack: PackFiles) -> None:
    continued = 0
    for slide in _slides(reference_pack.slides):
        if not CONTINUED.search(slide.shapes.title.text):
            continue
        for shape in _text_shapes(slide):
            continued += 1
            paragraphs = [paragraph for paragraph in shape.text_frame.paragraphs if paragraph.text.strip()]
            assert len(paragraphs) >= 2, slide.shapes.title.text
    assert continued >= 2


def test_continued_titles_stay_clear_of_the_content(reference_pack: PackFiles) -> None:
    for slide in _slides(reference_pack.slides):
        title = slide.shapes.title
        below = [
            shape.top
            for shape in slide.shapes
            if shape.shape_id != title.shape_id and shape.name != SLIDE_NUMBER
        ]
        lines = 2 if len(title.text) > 50 else 1
        size = next(_runs(title.text_frame)).font.size.pt
        assert title.top / EMU + lines * size * 1.22 <= min(below, default=10**9) / EMU, title.text


SHORT_ANSWERS = """
title: Short answers
parts:
  - type: questions
    title: Why Stalin won
    questions:
      - prompt: Why did Stalin win?
        answer: He controlled appointments as General Secretary. FULLANSWER1 His rivals underestimated him.
        slide_answer: Appointments; underestimated SHORTANSWER1
      - prompt: Who lost first?
        answer: Trotsky lost first, in 1925, when he left the War Commissariat. LONGANSWER2
"""


def test_a_slide_answer_goes_on_the_slide_and_the_full_answer_to_the_notes(tmp_path: Path) -> None:
    pack = build_text(tmp_path, SHORT_ANSWERS)
    slides = read_deck(pack.slides)
    (answers,) = [slide for slide in slides if slide.title.endswith(": answers")]
    assert "SHORTANSWER1" in answers.on_screen and "FULLANSWER1" not in answers.on_screen
    assert "LONGANSWER2" in answers.on_screen
    notes = " ".join(slide.notes for slide in slides)
    assert "FULLANSWER1" in notes and "SHORTANSWER1" not in notes


def test_a_slide_answer_without_an_answer_is_a_located_problem(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path,
        """
        title: Short answers
        parts:
          - type: questions
            questions:
              - prompt: Why did Stalin win?
                slide_answer: Appointments
        """,
    )
    with pytest.raises(SpecError) as raised:
        build_pack(spec, tmp_path / "out")
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (6, 9)
    assert "give the full `answer` too" in problem.message


PLACED = """
title: Answers placed
slides: {{answers: {answers}}}
parts:
  - type: questions
    title: First task
    questions:
      - {{prompt: When did Lenin die?, answer: January 1924 ANSWERONE}}
  - type: table
    title: Second task
    columns: [Year, Post]
    rows:
      - ["1922", General Secretary ANSWERTWO]
  - type: slide
    title: Plenary
    bullets: [What have we learnt?]
"""


def _titles(pack: PackFiles) -> list[str]:
    return [slide.title for slide in read_deck(pack.slides)]


@pytest.mark.parametrize("answers", ["after_each_task", "at_end", "hidden"])
def test_answer_slides_go_where_the_spec_says(answers: str, tmp_path: Path) -> None:
    pack = build_text(tmp_path, PLACED.format(answers=answers))
    titles = _titles(pack)
    first, second = "First task", "Second task"
    flow = ["Task 1: " + first, "Task 2: " + second, "Plenary"]
    revealed = [WORDING("answers_title", title=f"Task {n}: {t}") for n, t in ((1, first), (2, second))]
    expected = {
        "after_each_task": [flow[0], revealed[0], flow[1], revealed[1], flow[2]],
        "at_end": [*flow, *revealed],
        "hidden": flow,
    }[answers]
    assert titles[-len(expected) :] == expected
    pupils = " ".join(slide.shown + slide.notes for slide in read_deck(pack.pupil_slides))
    assert "ANSWERONE" not in pupils and "ANSWERTWO" not in pupils
    task_flow = " ".join(slide.shown for slide in read_deck(pack.slides) if slide.title in flow)
    assert "ANSWERONE" not in task_flow and "ANSWERTWO" not in task_flow
    notes = " ".join(slide.notes for slide in read_deck(pack.slides))
    assert "ANSWERONE" in notes


def test_the_folder_options_file_places_answer_slides_for_every_lesson(tmp_path: Path) -> None:
    (tmp_path / "lessonpack.yaml").write_text("answers: hidden\n", encoding="utf-8")
    options, _ = read_folder_options(tmp_path / "lessonpack.yaml", "lessonpack.yaml")
    assert options == BuildOptions(answers="hidden")
    spec = write_spec(tmp_path, PLACED.format(answers="after_each_task"))
    pack = build_pack(spec, tmp_path / "out", options=options)
    assert not any(title.endswith(": answers") for title in _titles(pack))


# --------------------------------------------------------------------------- the timeline


def pt(value: int) -> float:
    return value / EMU


def _drawn(slide: Any, kind: str) -> list[Any]:
    return [shape for shape in slide.shapes if shape.name.startswith(f"Drawn {kind} ")]


def _span(date: Date) -> tuple[float, float]:
    """The part of the axis a date names: its month, or its whole year."""
    start = date.position
    return start, start + (1 / 12 if date.month else 1.0)


def test_every_timeline_leader_ends_on_the_axis_at_its_events_date(reference_pack: PackFiles) -> None:
    (slide,) = [
        slide for slide in _slides(reference_pack.slides) if _drawn(slide, "dot") and _drawn(slide, "box")
    ]
    labels = {
        int(shape.text): pt(shape.left + shape.width / 2)
        for shape in _drawn(slide, "text")
        if re.fullmatch(r"\d{4}", shape.text)
    }
    (first, x_first), (last, x_last) = min(labels.items()), max(labels.items())
    per_year = (x_last - x_first) / (last - first)
    axis = [shape for shape in _drawn(slide, "line") if shape.height == 0 and pt(shape.width) > 300]
    assert len(axis) == 2
    axis_ys = {round(pt(shape.top), 1) for shape in axis}
    boxes = [
        (shape, pt(shape.left), pt(shape.top), pt(shape.width), pt(shape.height))
        for shape in _drawn(slide, "box")
    ]
    texts = {(round(pt(shape.left)), round(pt(shape.top))): shape.text for shape in _drawn(slide, "text")}
    dates = {
        (round(left), round(top)): read_date(texts[round(left), round(top)]) for _, left, top, _, _ in boxes
    }
    dots = [
        (pt(shape.left + shape.width / 2), pt(shape.top + shape.height / 2)) for shape in _drawn(slide, "dot")
    ]
    leaders = [
        shape
        for shape in _drawn(slide, "line")
        if shape not in axis and pt(abs(shape.end_y - shape.begin_y)) > 20
    ]
    assert len(leaders) == len(boxes) == len(dots) == 10
    labelled = [shape for shape in _drawn(slide, "text") if re.fullmatch(r"\d{4}", shape.text)]
    for leader in leaders:
        ends = [(pt(leader.begin_x), pt(leader.begin_y)), (pt(leader.end_x), pt(leader.end_y))]
        (on_axis,) = [end for end in ends if round(end[1], 1) in axis_ys]
        (at_box,) = [end for end in ends if end is not on_axis]
        (box,) = [
            (left, top)
            for _, left, top, width, height in boxes
            if abs(at_box[0] - (left + width / 2)) < 0.5
            and min(abs(at_box[1] - top), abs(at_box[1] - top - height)) < 0.5
        ]
        date = dates[(round(box[0]), round(box[1]))]
        assert isinstance(date, Date)
        low, high = (x_first + (year - first) * per_year for year in _span(date))
        assert low - DOT - DOT_GAP <= on_axis[0] <= high + DOT + DOT_GAP, date
        assert any(abs(x - on_axis[0]) < 0.5 and abs(y - on_axis[1]) < 0.5 for x, y in dots)
        for label in labelled:
            left, top = pt(label.left), pt(label.top)
            assert not _crosses(ends, (left, top, left + pt(label.width), top + pt(label.height))), label.text
    for index, (x, y) in enumerate(dots):
        for other_x, other_y in dots[index + 1 :]:
            assert abs(x - other_x) >= DOT or abs(y - other_y) >= DOT


def _crosses(segment: list[tuple[float, float]], box: tuple[float, float, float, float]) -> bool:
    """Whether the segment passes through the box (sampled finely enough for labels)."""
    (x0, y0), (x1, y1) = segment
    left, top, right, bottom = box
    for step in range(201):
        x, y = x0 + (x1 - x0) * step / 200, y0 + (y1 - y0) * step / 200
        if left < x < right and top < y < bottom:
            return True
    return False
