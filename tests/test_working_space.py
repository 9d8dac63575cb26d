"""Working space for maths and science: ruled lines, an empty box or 5 mm squares, read back from
the PDFs where pupils and teachers see them."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from conftest import build_text, sheet_body, write_spec

from generator.build import PackFiles, load_lesson
from generator.errors import SpecError

RULE = (0.35, 0.35, 0.35)
GRID = (0.6, 0.6, 0.6)
SQUARE = 5 * 72 / 25.4
"""5 mm in points."""
LINE_GAP = 8.5 * 72 / 25.4
"""The standard sheet's ruled-line spacing, which sets a space's height."""

MATHS = """
title: Pythagoras
parts:
  - type: questions
    title: Working out
    questions:
      - prompt: GRIDQUESTION Find the hypotenuse of a triangle with sides 3 cm and 4 cm.
        answer: MODELANSWER 5 cm
        marks: 2
        space: grid
      - prompt: BLANKQUESTION Sketch the triangle.
        lines: 6
        space: blank
      - prompt: UNANSWEREDGRID Find the hypotenuse when the sides are 5 cm and 12 cm.
        lines: 4
        space: grid
      - prompt: LINESQUESTION Explain your method.
  - type: table
    title: Squares
    columns: [Side, Square]
    rows:
      - ["3", "9"]
    lines: 2
    space: grid
  - type: sources
    title: A proof
    sources:
      - text: The square on the hypotenuse equals the sum of the squares on the other two sides.
    questions:
      - prompt: SOURCEGRID Check the source with a 6, 8, 10 triangle.
        lines: 3
        space: grid
  - type: exam_question
    prompt: EXAMGRID Prove the theorem.
    marks: 6
    space: grid
"""


@pytest.fixture(scope="module")
def maths(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return build_text(tmp_path_factory.mktemp("maths"), MATHS)


def _word_top(page: pdfplumber.page.Page, word: str, below: float = -1.0) -> float | None:
    return next(
        (found["top"] for found in page.extract_words() if found["text"] == word and found["top"] > below),
        None,
    )


Shapes = list[dict[str, float]]


def _between(path: Path, first: str, then: str | None) -> tuple[Shapes, Shapes]:
    """The lines and rectangles drawn below the word `first` and above `then` (or the page's end),
    on the page where `first` is."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            top = _word_top(page, first)
            if top is None:
                continue
            bottom = (_word_top(page, then, top) if then else None) or page.height
            return (
                [line for line in page.lines if top < line["top"] < bottom],
                [rect for rect in page.rects if top < rect["top"] < bottom],
            )
    raise AssertionError(f"{first} is not in {path.name}")


def _colour(shape: dict[str, object]) -> tuple[float, ...]:
    return tuple(round(float(value), 2) for value in shape["stroking_color"] or ())  # type: ignore[attr-defined]


def _grid_steps(lines: list[dict[str, float]]) -> tuple[set[float], set[float], int]:
    """The distinct gaps between neighbouring grid rows and columns, and how many rows there are."""
    grid = [line for line in lines if _colour(line) == GRID]
    rows = sorted({round(line["top"], 2) for line in grid if line["height"] == 0})
    columns = sorted({round(line["x0"], 2) for line in grid if line["width"] == 0})
    gaps = {round(b - a, 1) for a, b in pairwise(rows)}
    across = {round(b - a, 1) for a, b in pairwise(columns)}
    return gaps, across, len(rows) - 1


def test_a_grid_question_gets_5_mm_squares_as_tall_as_its_lines(maths: PackFiles) -> None:
    lines, _ = _between(maths.worksheet, "GRIDQUESTION", "BLANKQUESTION")
    down, across, rows = _grid_steps(lines)
    assert down == {round(SQUARE, 1)} and across == {round(SQUARE, 1)}
    # 2 marks give 4 lines (34 mm): 6 whole squares.
    assert rows == int((4 * LINE_GAP - 2) // SQUARE) == 6
    assert [line for line in lines if _colour(line) == RULE] == []


def test_grid_lines_are_light_but_print_in_black_and_white(maths: PackFiles) -> None:
    lines, _ = _between(maths.worksheet, "GRIDQUESTION", "BLANKQUESTION")
    grid = [line for line in lines if _colour(line) == GRID]
    assert grid and {round(line["linewidth"], 2) for line in grid} == {0.4}
    assert all(0.5 <= value <= 0.7 for value in GRID)


def test_a_blank_question_gets_one_empty_box_of_its_lines_height(maths: PackFiles) -> None:
    lines, rects = _between(maths.worksheet, "BLANKQUESTION", "UNANSWEREDGRID")
    assert lines == []
    (box,) = rects
    assert _colour(box) == RULE
    assert box["height"] == pytest.approx(6 * LINE_GAP - 3, abs=0.5)


def test_lines_stay_ruled_lines(maths: PackFiles) -> None:
    lines, rects = _between(maths.worksheet, "LINESQUESTION", "Task")
    ruled = sorted(line["top"] for line in lines if _colour(line) == RULE)
    assert len(ruled) == 3 and rects == []
    assert {round(b - a, 1) for a, b in pairwise(ruled)} == {round(LINE_GAP, 1)}


@pytest.mark.parametrize("prompt", ["SOURCEGRID", "EXAMGRID"])
def test_sources_and_exam_questions_take_a_grid(maths: PackFiles, prompt: str) -> None:
    lines, _ = _between(maths.worksheet, prompt, "Task")
    down, across, rows = _grid_steps(lines)
    assert down == {round(SQUARE, 1)} == across and rows > 0


def test_an_exam_grid_is_one_area_under_its_question(maths: PackFiles) -> None:
    """18 lines of the 6-mark question (153 mm) give 30 squares in one unbroken grid."""
    lines, _ = _between(maths.worksheet, "EXAMGRID", None)
    _, _, rows = _grid_steps(lines)
    assert rows == int((18 * LINE_GAP - 2) // SQUARE) == 30


def test_a_table_cell_to_fill_gets_a_grid(maths: PackFiles) -> None:
    lines, _ = _between(maths.worksheet, "Square", "Task")
    down, across, rows = _grid_steps(lines)
    assert down == {round(SQUARE, 1)} == across and rows == 3


def test_the_key_shows_answers_instead_and_keeps_the_space_where_there_is_none(maths: PackFiles) -> None:
    answered, _ = _between(maths.answers, "GRIDQUESTION", "BLANKQUESTION")
    assert [line for line in answered if _colour(line) == GRID] == []
    assert "MODELANSWER" in sheet_body(maths.answers)
    unanswered, _ = _between(maths.answers, "UNANSWEREDGRID", "LINESQUESTION")
    down, _, rows = _grid_steps(unanswered)
    assert down == {round(SQUARE, 1)} and rows == int((4 * LINE_GAP - 2) // SQUARE)
    _, box = _between(maths.answers, "BLANKQUESTION", "UNANSWEREDGRID")
    assert len(box) == 1
    table, _ = _between(maths.answers, "Square", "Task")
    assert [line for line in table if _colour(line) == GRID] == []


def test_no_answer_reaches_the_worksheet(maths: PackFiles) -> None:
    assert "MODELANSWER" not in sheet_body(maths.worksheet)
    assert "9" not in sheet_body(maths.worksheet).split("Square", 1)[1].split("Task", 1)[0]


def test_a_space_that_is_not_a_kind_is_refused_with_the_choices(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as raised:
        load_lesson(write_spec(tmp_path, MATHS.replace("space: blank", "space: squares")), "lesson.yaml")
    assert "'squares' is not one of the choices: 'lines', 'blank' or 'grid'" in str(raised.value)
