"""Every spec problem is reported at the exact line, column and path a teacher must go to fix it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import output_listing
from PIL import Image

from generator.build import build_pack, load_lesson
from generator.cli import main
from generator.errors import LocatedProblem, SpecError
from generator.pack_folder import WORK_FOLDER
from generator.parts.questions import QuestionsPart

SHOWN = "lesson.yaml"
SLIDE = "title: T\nparts:\n  - type: slide\n    title: A\n"
QUESTIONS = "title: T\nparts:\n  - type: questions\n    questions:\n"
MARKING = (
    "title: T\n"  # 1
    "parts:\n"  # 2
    "  - type: marking\n"  # 3
    "    question: Why did Stalin win?\n"  # 4
    "    marks: 8\n"  # 5
    "    scheme:\n"  # 6
    "      - level: 1\n"  # 7
    '        marks: "1-4"\n'  # 8
    "        descriptor: Simple points\n"  # 9
    "      - level: 2\n"  # 10
    '        marks: "5-8"\n'  # 11
    "        descriptor: Explained points\n"  # 12
    "    answers:\n"  # 13
    "      - text: He was clever.\n"  # 14
)
CONTENT = Path(__file__).resolve().parent.parent / "content"


def write(folder: Path, text: str | bytes, name: str = SHOWN) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path, text: str | bytes) -> tuple[LocatedProblem, ...]:
    """The problems load_lesson reports for `text`, with the file shown as lesson.yaml."""
    spec = write(folder, text)
    with pytest.raises(SpecError) as raised:
        load_lesson(spec, SHOWN)
    problems = raised.value.problems
    assert problems, "a SpecError must carry at least one problem"
    assert all(isinstance(problem, LocatedProblem) for problem in problems)
    assert all(problem.file == SHOWN for problem in problems)
    return problems


def only_problem(folder: Path, text: str | bytes) -> LocatedProblem:
    problems = problems_of(folder, text)
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


def assert_at(
    problem: LocatedProblem, line: int, column: int, path: tuple[str | int, ...], words: str
) -> None:
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert problem.path == path, str(problem)
    assert words in problem.message, str(problem)


def png(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    Image.new("RGB", size, (200, 30, 30)).save(path, format="PNG")
    return path


# ---------------------------------------------------------------- YAML syntax


def test_bad_indentation_is_located_at_the_misaligned_line(tmp_path: Path) -> None:
    text = SLIDE + "   bullets: [one]\n"  # line 5 is indented 3, not 4
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (5, 4)
    assert problem.path == ()
    assert "line up" in problem.message or "not valid YAML" in problem.message


def test_bad_indentation_gets_the_plain_words_hint(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, SLIDE + "   bullets: [one]\n")
    assert "line up" in problem.message
    assert "<block" not in problem.message


def test_tab_used_for_indentation(tmp_path: Path) -> None:
    text = "title: T\nparts:\n\t- type: slide\n\t  title: A\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 3, 1, (), "a tab character here: indent with spaces, never tabs")
    assert str(problem) == ("lesson.yaml:3:1: lesson: a tab character here: indent with spaces, never tabs")


def test_unclosed_quote_is_reported_where_the_quote_opens(tmp_path: Path) -> None:
    text = SLIDE.replace("title: A", 'title: "A speech') + "    bullets: [one, two]\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 4, 12, (), "a quote is opened here but never closed")


def test_unclosed_single_quote_is_reported_where_the_quote_opens(tmp_path: Path) -> None:
    text = "title: T\nsubject: 'History\nparts:\n  - type: slide\n    title: A\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 10, (), "a quote is opened here but never closed")


def test_colon_space_inside_an_unquoted_value(tmp_path: Path) -> None:
    text = SLIDE.replace("title: A", "title: Stalin: the man of steel")
    problem = only_problem(tmp_path, text)
    assert_at(problem, 4, 18, (), "a colon followed by a space inside a value: put the value in")


def test_undefined_alias_gets_the_plain_words_hint(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "title: *x\nparts:\n  - type: slide\n    title: A\n")
    assert_at(problem, 1, 8, (), "this *alias names no &anchor")


# ---------------------------------------------------------------- the file as a whole


def test_not_utf8_is_located_at_the_first_bad_byte(tmp_path: Path) -> None:
    text = b"title: T\nsubject: History\ncourse: Caf\xe9 history\nparts:\n  - type: slide\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 3, 12, (), "the file is not saved as UTF-8")


def test_utf8_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    spec = write(tmp_path, "\ufeff" + SLIDE.replace("title: T", "title: Café"))
    assert load_lesson(spec).title == "Café"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    problem = only_problem(tmp_path, text)
    assert_at(problem, 1, 1, (), "the file is empty")


@pytest.mark.parametrize(
    "text", ["- title: T\n- parts: []\n", "just a sentence\n", "42\n"], ids=["list", "str", "int"]
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    problem = only_problem(tmp_path, text)
    assert_at(problem, 1, 1, (), "must be a set of `name: value` fields")


@pytest.mark.parametrize("character", ["\x07", "\x00", "\x1b"])
def test_control_character_in_the_file_is_a_located_problem(tmp_path: Path, character: str) -> None:
    problem = only_problem(tmp_path, f"title: T\nsubject: Hi{character}story\n" + SLIDE[9:])
    assert (problem.line, problem.column) == (2, 12), str(problem)


# ---------------------------------------------------------------- missing and wrong fields


def test_missing_title_is_reported_at_the_lesson_mapping(tmp_path: Path) -> None:
    text = "# a lesson with no title\nsubject: History\nparts:\n  - type: slide\n    title: A\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 1, (), "'title' is missing")


def test_missing_parts(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "title: T\nsubject: History\n")
    assert_at(problem, 1, 1, (), "'parts' is missing")


@pytest.mark.parametrize("value", ["[]", "{}", "some text"])
def test_parts_not_a_list_of_parts(tmp_path: Path, value: str) -> None:
    problem = only_problem(tmp_path, f"title: T\nparts: {value}\n")
    assert_at(problem, 2, 8, ("parts",), "expected a list of parts")


def test_missing_prompt_is_reported_at_the_question_mapping(tmp_path: Path) -> None:
    text = QUESTIONS + (
        "      - prompt: Who died in 1924?\n"  # 5
        "        answer: Lenin\n"  # 6
        "      - answer: Stalin\n"  # 7
        "        ref: p71\n"  # 8
    )
    problem = only_problem(tmp_path, text)
    assert_at(problem, 7, 9, ("parts", 0, "questions", 1), "'prompt' is missing")
    assert str(problem) == "lesson.yaml:7:9: parts[1].questions[2]: 'prompt' is missing"


def test_words_for_marks_ask_for_a_whole_number(tmp_path: Path) -> None:
    text = QUESTIONS + "      - prompt: P\n        answer: A\n        marks: eight\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 7, 16, ("parts", 0, "questions", 0, "marks"), "whole number")
    assert "eight" in problem.message


def test_words_for_duration_ask_for_a_whole_number(tmp_path: Path) -> None:
    text = "title: T\nduration: an hour\n" + SLIDE[9:]
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 11, ("duration",), "expected a whole number, not 'an hour'")


def test_zero_duration_names_the_real_least_value(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "title: T\nduration: 0\n" + SLIDE[9:])
    assert_at(problem, 2, 11, ("duration",), "0 is too small")
    assert "the least allowed is 0" not in problem.message


def test_marks_have_no_cap_and_their_lines_stop_at_seven_pages(tmp_path: Path) -> None:
    """Marks only label a question and set its default lines: no page limits them."""
    text = QUESTIONS + "      - prompt: P\n        answer: A\n        marks: 500\n"
    part = load_lesson(write(tmp_path, text), SHOWN).parts[0]
    assert isinstance(part, QuestionsPart)
    assert part.questions[0].writing_lines == 200


def test_too_many_writing_lines_says_what_to_do(tmp_path: Path) -> None:
    text = QUESTIONS + "      - prompt: P\n        answer: A\n        lines: 500\n"
    message = (
        "500 lines is more than 200, about seven pages, the most one answer is given: "
        "give fewer lines, or split the question into parts"
    )
    assert_at(only_problem(tmp_path, text), 7, 16, ("parts", 0, "questions", 0, "lines"), message)


def test_empty_answer_text(tmp_path: Path) -> None:
    text = QUESTIONS + "      - prompt: P\n        answer: '   '\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 6, 17, ("parts", 0, "questions", 0, "answer"), "this is empty")


def test_misspelt_field_is_reported_at_its_key_with_a_suggestion(tmp_path: Path) -> None:
    text = QUESTIONS + "      - answer: Lenin\n        promt: Who died in 1924?\n"
    problems = problems_of(tmp_path, text)
    unknown = [problem for problem in problems if "unknown field" in problem.message]
    assert len(unknown) == 1, [str(problem) for problem in problems]
    assert_at(
        unknown[0],
        6,
        9,
        ("parts", 0, "questions", 0, "promt"),
        "unknown field 'promt'; did you mean 'prompt'?",
    )
    missing = [problem for problem in problems if problem is not unknown[0]]
    assert [(p.line, p.column, p.message) for p in missing] == [(5, 9, "'prompt' is missing")]


def test_a_field_indented_under_another_level_says_so_rather_than_suggesting_itself(tmp_path: Path) -> None:
    """A sources part's `questions` indented under one of its sources: "did you mean 'questions'?"
    offered the very word the teacher typed."""
    text = (
        "title: T\nparts:\n  - type: sources\n    sources:\n      - text: A source.\n"
        "        questions:\n          - {prompt: Why?, answer: Because., marks: 1}\n"
    )
    problems = problems_of(tmp_path, text)
    placed = [problem for problem in problems if problem.line == 6]
    assert len(placed) == 1, [str(problem) for problem in problems]
    assert_at(
        placed[0],
        6,
        9,
        ("parts", 0, "sources", 0, "questions"),
        "'questions' is not a field here, but of another level of this part: check how far it is indented",
    )
    assert "did you mean" not in placed[0].message


def test_misspelt_top_level_field_suggests_the_right_one(tmp_path: Path) -> None:
    text = "title: T\nsubjet: History\n" + SLIDE[9:]
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 1, ("subjet",), "unknown field 'subjet'; did you mean 'subject'?")


def test_unknown_part_type_suggests_the_nearest(tmp_path: Path) -> None:
    text = "title: T\nparts:\n  - title: A\n    type: questons\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 3, 5, ("parts", 0), "unknown part type 'questons'")
    assert "did you mean 'questions'?" in problem.message
    assert "slide, questions, table, marking" in problem.message


def test_part_without_type(tmp_path: Path) -> None:
    text = SLIDE + "  - title: B\n    bullets: [x]\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 5, 5, ("parts", 1), "this part has no 'type'")


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = "title: T\nsubject: History\ntitle: U\n" + SLIDE[9:]
    problem = only_problem(tmp_path, text)
    assert_at(problem, 3, 1, ("title",), "'title' is given twice, on lines 1 and 3")


def test_duplicate_key_inside_a_question(tmp_path: Path) -> None:
    text = QUESTIONS + "      - prompt: P\n        answer: A\n        prompt: Q\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 7, 9, ("parts", 0, "questions", 0, "prompt"), "given twice, on lines 5 and 7")


def test_a_field_name_must_be_plain_text(tmp_path: Path) -> None:
    text = "title: T\n? [a, b]\n: value\n" + SLIDE[9:]
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 3, ("?",), "a field name must be plain text")


# ---------------------------------------------------------------- table


TABLE = "title: T\nparts:\n  - type: table\n    columns: [Year, Post, Why]\n"


def test_table_row_with_the_wrong_number_of_cells(tmp_path: Path) -> None:
    text = TABLE + "    rows:\n      - [1917, Commissar, Links]\n      - [1922, General Secretary]\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 7, 9, ("parts", 0, "rows", 1), "2 cells, but the table has 3 columns")


def test_table_blank_names_an_unknown_column(tmp_path: Path) -> None:
    text = TABLE + "    blank: [Post, Reason]\n    rows:\n      - [1917, Commissar, Links]\n"
    problem = only_problem(tmp_path, text)
    assert_at(
        problem,
        5,
        19,
        ("parts", 0, "blank", 1),
        "'Reason' is not one of the columns ('Year', 'Post', 'Why')",
    )


def test_table_cell_with_a_misspelt_kind(tmp_path: Path) -> None:
    text = TABLE + "    rows:\n      - [1917, {answr: Commissar}, Links]\n"
    problems = problems_of(tmp_path, text)
    assert [str(problem) for problem in problems] == [
        "lesson.yaml:6:16: parts[1].rows[1][2]: a cell is text, {given: text} or {answer: text}",
    ]


# ---------------------------------------------------------------- marking


def test_mark_above_the_question_maximum(tmp_path: Path) -> None:
    text = MARKING + "        mark: 9\n        reason: Too generous\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 15, 15, ("parts", 0, "answers", 0, "mark"), "a mark of 9 is above the question's 8")


def test_mark_outside_its_level_range(tmp_path: Path) -> None:
    text = MARKING + "        mark: 6\n        level: 1\n        reason: Simple\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 15, 15, ("parts", 0, "answers", 0, "mark"), "a mark of 6 is outside level 1's")


def test_level_not_in_the_scheme(tmp_path: Path) -> None:
    text = MARKING + "        mark: 6\n        level: 3\n        reason: Good\n"
    problem = only_problem(tmp_path, text)
    assert_at(
        problem,
        16,
        16,
        ("parts", 0, "answers", 0, "level"),
        "the scheme has no level 3 (it has 1, 2)",
    )


def test_bad_marks_range(tmp_path: Path) -> None:
    text = MARKING.replace('"1-4"', '"a-b"') + "        mark: 2\n        reason: Simple\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 8, 16, ("parts", 0, "scheme", 0, "marks"), "'a-b' is not a mark range")


def test_scheme_range_beyond_the_question(tmp_path: Path) -> None:
    text = MARKING.replace('"5-8"', '"5-9"') + "        mark: 2\n        reason: Simple\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 11, 16, ("parts", 0, "scheme", 1, "marks"), "5-9 goes above the question's 8 marks")


# ---------------------------------------------------------------- slide images


def slide_with(image: str | None, alt: str | None = "A red square") -> str:
    text = SLIDE
    if image is not None:
        text += f"    image: {image}\n"
    if alt is not None:
        text += f"    image_alt: {alt}\n"
    return text


def test_image_without_image_alt(tmp_path: Path) -> None:
    png(tmp_path / "map.png")
    problem = only_problem(tmp_path, slide_with("map.png", alt=None))
    assert_at(problem, 5, 5, ("parts", 0, "image"), "add image_alt")


def test_image_alt_without_image(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, slide_with(None))
    assert_at(problem, 5, 5, ("parts", 0, "image_alt"), "image_alt is given but there is no image")


def test_image_path_escaping_the_folder(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    png(tmp_path / "x.png")  # really there, but outside the lesson's folder
    problem = only_problem(lesson, slide_with("../x.png"))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "the image must be inside the lesson's folder")


def test_absolute_image_path(tmp_path: Path) -> None:
    picture = png(tmp_path / "x.png")
    problem = only_problem(tmp_path, slide_with(str(picture)))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "relative to the lesson file")


def test_missing_image_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, slide_with("images/map.png"))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "no image file at images/map.png")


def test_an_image_named_with_other_capitals_is_suggested(tmp_path: Path) -> None:
    """Found on Windows and macOS, not on Linux: the message names the file that is there."""
    (tmp_path / "Images").mkdir()
    png(tmp_path / "Images" / "triangle.png")
    problem = only_problem(tmp_path, slide_with("images/Triangle.PNG"))
    assert_at(
        problem,
        5,
        12,
        ("parts", 0, "image"),
        "no image file at images/Triangle.PNG; there is Images/triangle.png: write its name with the "
        "same capitals, as some computers tell them apart",
    )


def test_an_image_path_typed_with_backslashes_is_found(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    png(tmp_path / "images" / "map.png")
    lesson = load_lesson(write(tmp_path, slide_with("images\\map.png")))
    assert list(lesson.parts[0].images()) == ["images\\map.png"]
    files = build_pack(tmp_path / SHOWN, tmp_path / "out")
    assert files.slides.is_file()


def test_text_file_named_png(tmp_path: Path) -> None:
    (tmp_path / "map.png").write_text("this is not a picture", encoding="utf-8")
    problem = only_problem(tmp_path, slide_with("map.png"))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "map.png is not a PNG or JPEG image")


def test_gif_is_refused_by_name(tmp_path: Path) -> None:
    Image.new("RGB", (4, 4)).save(tmp_path / "map.gif", format="GIF")
    problem = only_problem(tmp_path, slide_with("map.gif"))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "map.gif is a GIF file")


def test_image_path_with_a_nul_byte(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, slide_with('"map\\0.png"'))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "this holds a control character (U+0000)")


def test_image_name_too_long(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, slide_with("a" * 300 + ".png"))
    assert_at(problem, 5, 12, ("parts", 0, "image"), "")


def test_real_png_builds_into_the_deck(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    png(tmp_path / "images" / "map.png")
    spec = write(tmp_path, slide_with("images/map.png"))
    lesson = load_lesson(spec)
    assert lesson.parts[0].image == "images/map.png"  # type: ignore[attr-defined]
    files = build_pack(spec, tmp_path / "out")
    assert files.folder == tmp_path / "out" / "lesson"
    for path in (files.slides, files.worksheet, files.answers):
        assert path.stat().st_size > 0
    with zipfile.ZipFile(files.slides) as deck:
        media = [name for name in deck.namelist() if name.startswith("ppt/media/")]
        assert media, deck.namelist()
        assert any(deck.read(name).startswith(b"\x89PNG") for name in media)


# ---------------------------------------------------------------- hostile YAML


def test_python_tag_is_refused_and_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'title: T\nparts: !!python/object/apply:os.system ["touch {marker}"]\n'
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 8, ("parts",), "python/object/apply:os.system is not allowed")
    assert not marker.exists()


def test_python_tag_on_a_scalar_is_refused(tmp_path: Path) -> None:
    text = "title: !!python/name:os.system\n" + SLIDE[9:]
    problem = only_problem(tmp_path, text)
    assert_at(problem, 1, 8, ("title",), "is not allowed in a lesson")


@pytest.mark.parametrize(
    ("tagged", "column"),
    [("!!binary aGVsbG8=", 17), ("!!timestamp 2001-12-14", 17), ("!!set {a, b}", 17)],
)
def test_other_core_tags_are_refused(tmp_path: Path, tagged: str, column: int) -> None:
    text = QUESTIONS + f"      - prompt: P\n        answer: {tagged}\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 6, column, ("parts", 0, "questions", 0, "answer"), "is not allowed")


@pytest.mark.parametrize("tagged", ["!!int abc", "!!float abc", "!!bool maybe"])
def test_impossible_tagged_scalar_is_a_located_problem(tmp_path: Path, tagged: str) -> None:
    text = QUESTIONS + f"      - prompt: P\n        answer: {tagged}\n"
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (6, 17), str(problem)
    assert problem.path == ("parts", 0, "questions", 0, "answer")


def test_enormous_integer_is_a_located_problem(tmp_path: Path) -> None:
    text = QUESTIONS + "      - prompt: P\n        answer: A\n        marks: 1" + "0" * 5000 + "\n"
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (7, 16), str(problem)
    assert problem.path == ("parts", 0, "questions", 0, "marks")


def billion_laughs() -> str:
    lines = ['lol1: &lol1 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(2, 10):
        aliases = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    return "title: T\nparts:\n  - type: slide\n    title: A\n" + "\n".join(lines) + "\n"


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    text = billion_laughs()
    problem = only_problem(tmp_path, text)
    assert "repeats anchors (*aliases) more than 100 times" in problem.message
    assert 5 <= problem.line <= 13
    assert problem.column >= 1
    assert problem.path and str(problem.path[0]).startswith("lol")


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    text = (
        "title: &t Stalin\nparts:\n  - type: questions\n    questions:\n"
        "      - prompt: Who?\n        answer: *t\n"
    )
    lesson = load_lesson(write(tmp_path, text))
    part = lesson.parts[0]
    assert isinstance(part, QuestionsPart)
    assert part.questions[0].answer == "Stalin"


def test_an_alias_inside_its_own_anchor_is_refused_where_it_stands(tmp_path: Path) -> None:
    text = "title: T\nparts: &parts\n  - type: slide\n    title: A\n  - *parts\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 5, 5, ("parts", 1), "inside the &anchor it names, so it would repeat without end")


def test_very_deep_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    text = "title: T\nparts: " + "[" * 5000 + "]" * 5000 + "\n"
    problem = only_problem(tmp_path, text)
    assert "nested more than 64 deep" in problem.message
    assert problem.line >= 1
    assert problem.column >= 1


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "title: T\nparts:\n" + "".join(" " * depth + "-\n" for depth in range(1500))
    problem = only_problem(tmp_path, text)
    assert "nested more than 64 deep" in problem.message


def test_moderate_nesting_is_refused_with_its_path(tmp_path: Path) -> None:
    text = "title: T\nparts: " + "[" * 100 + "]" * 100 + "\n"
    problem = only_problem(tmp_path, text)
    assert "nested more than 64 deep" in problem.message
    assert problem.path[0] == "parts"
    assert problem.line == 2


def test_moderate_nesting_position_matches_its_path(tmp_path: Path) -> None:
    text = "title: T\nparts: " + "[" * 100 + "]" * 100 + "\n"
    problem = only_problem(tmp_path, text)
    depth = len(problem.path)  # parts + one step per list inside it
    assert problem.column == len("parts: ") + depth, str(problem)


# ---------------------------------------------------------------- YAML 1.1 surprises are off


def test_no_and_dates_stay_text(tmp_path: Path) -> None:
    text = QUESTIONS + (
        "      - prompt: Was Trotsky at the funeral?\n"
        "        answer: No\n"
        "      - prompt: When did Lenin die?\n"
        "        answer: 1924-01-21\n"
        "      - prompt: Was it cold?\n"
        "        answer: yes\n"
        "      - prompt: Which year?\n"
        "        answer: 1924\n"
    )
    lesson = load_lesson(write(tmp_path, text))
    part = lesson.parts[0]
    assert isinstance(part, QuestionsPart)
    assert [question.answer for question in part.questions] == ["No", "1924-01-21", "yes", "1924"]


# ---------------------------------------------------------------- many problems at once


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "title: T\n"  # 1
        "parts:\n"  # 2
        "  - type: questons\n"  # 3
        "  - type: table\n"  # 4
        "    columns: [A, B]\n"  # 5
        "    rows: [[a]]\n"  # 6
        "  - type: slide\n"  # 7
        "    titel: C\n"  # 8
    )
    problems = problems_of(tmp_path, text)
    found = {(p.line, p.column, p.path) for p in problems}
    assert (3, 5, ("parts", 0)) in found
    assert (6, 12, ("parts", 1, "rows", 0)) in found
    assert (8, 5, ("parts", 2, "titel")) in found
    assert len(problems) >= 3
    assert "unknown part type 'questons'" in str(SpecError(problems))


def test_a_multi_line_value_keeps_its_problem_on_one_line(tmp_path: Path) -> None:
    text = "title: T\nduration: |\n  an hour\n  or two\n" + SLIDE[9:]
    problem = only_problem(tmp_path, text)
    assert_at(problem, 2, 11, ("duration",), "expected a whole number")
    assert "\n" not in str(problem), repr(str(problem))


def test_spec_error_text_lists_every_problem_on_its_own_line(tmp_path: Path) -> None:
    text = "title: ''\nduration: 0\nparts:\n  - type: slide\n"
    spec = write(tmp_path, text)
    with pytest.raises(SpecError) as raised:
        load_lesson(spec)  # shown as the real path
    lines = str(raised.value).splitlines()
    assert len(lines) == len(raised.value.problems) >= 3
    assert all(line.startswith(f"{spec}:") for line in lines)
    assert f"{spec}:1:8: title: this is empty: write something, or leave the field out" in lines
    assert any(line.startswith(f"{spec}:2:11: duration: 0 is too small") for line in lines)
    assert any(line.startswith(f"{spec}:4:5: parts[1]: 'title' is missing") for line in lines)


# ---------------------------------------------------------------- command line


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but lessonpack's lock files, by path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and WORK_FOLDER not in path.relative_to(folder).parts
    }


BAD_SPEC = QUESTIONS + "      - answer: Stalin\n"


def test_cli_build_of_a_bad_spec_reports_and_writes_nothing(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, BAD_SPEC, "bad.yaml")
    out = in_tmp / "out"
    status = main(["build", "bad.yaml", "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert "bad.yaml:5:9: parts[1].questions[1]: 'prompt' is missing" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert not out.exists() or not any(out.iterdir())


def test_cli_failed_build_leaves_the_last_good_pack_untouched(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = in_tmp / "out"
    spec = write(in_tmp, QUESTIONS + "      - prompt: Who?\n        answer: Stalin\n")
    assert main(["build", str(spec), "-o", str(out)]) == 0
    before = snapshot(out)
    assert sorted(before) == [
        "lesson/.lessonpack-manifest.json",
        "lesson/lesson-answers.pdf",
        "lesson/lesson-slides-pupils.pptx",
        "lesson/lesson-slides.pptx",
        "lesson/lesson-worksheet.pdf",
    ]
    capsys.readouterr()
    write(in_tmp, BAD_SPEC)
    assert main(["build", str(spec), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "lesson.yaml:5:9: parts[1].questions[1]: 'prompt' is missing" in captured.err
    assert "Traceback" not in captured.err
    assert snapshot(out) == before
    assert output_listing(out) == ["lesson"]


def test_cli_check_good_spec(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, SLIDE)
    assert main(["check", SHOWN]) == 0
    assert capsys.readouterr().out.strip() == "lesson.yaml: ok"


def test_cli_check_reference_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CONTENT / "stalin-rise-to-power.yaml")]) == 0
    assert capsys.readouterr().err == ""


def test_cli_check_bad_spec(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "title: T\nparts:\n\t- type: slide\n")
    assert main(["check", SHOWN]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "lesson.yaml:3:1: lesson: a tab character here: indent with spaces, never tabs",
        "lessonpack: 1 of 1 lessons have problems",
    ]


def test_cli_check_control_character(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "title: T\x07\n" + SLIDE[9:])
    assert main(["check", SHOWN]) == 2
    assert "lesson.yaml:1:" in capsys.readouterr().err


def test_cli_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"title", "parts"} <= set(schema["properties"])
    assert {"title", "parts"} <= set(schema["required"])


def test_a_character_the_font_lacks_is_named_where_it_is(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, QUESTIONS + "      - prompt: Tick ✓ if true\n        answer: Yes\n")
    assert_at(problem, 5, 17, ("parts", 0, "questions", 0, "prompt"), "U+2713 CHECK MARK")
    assert "empty box" in problem.message


def test_every_character_the_font_lacks_is_listed_once(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "title: ☐ ✓ ☐ lesson\n" + SLIDE.split("\n", 1)[1])
    assert_at(problem, 1, 8, ("title",), "empty boxes")
    assert problem.message.count("U+2610") == 1
    assert "U+2713" in problem.message


def test_greek_cyrillic_and_typographic_punctuation_are_drawable(tmp_path: Path) -> None:
    text = "title: “Ленин” – ‘Λόγος’ … £5 — ½\n" + SLIDE.split("\n", 1)[1]
    assert load_lesson(write(tmp_path, text), SHOWN).title.startswith("“Ленин”")


def test_file_names_are_not_held_to_the_font(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, slide_with("missing-✓.png"))
    assert "no glyph" not in problem.message


def test_cli_schema_describes_each_field_with_its_docstring(capsys: pytest.CaptureFixture[str]) -> None:
    """Editors show these as hover text; inherited fields keep their base class's description."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["parts"]["description"] == "The lesson in teaching order: slides and tasks."
    questions = schema["$defs"]["QuestionsPart"]["properties"]
    assert questions["instructions"]["description"].startswith("What pupils should do")
    undescribed = [
        name
        for model in schema["$defs"].values()
        for name, field in model.get("properties", {}).items()
        if name != "type" and "description" not in field
    ]
    assert undescribed == []


# --------------------------------------------------------------------------- messages that say how


def test_an_over_indented_line_is_told_to_line_up_not_to_use_quotes(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "title: T\nparts:\n  - type: slide\n    title: A\n     notes: Say why\n")
    assert_at(problem, 5, 11, (), "this line is indented more than the line above it: line it up")


def test_a_colon_in_a_sub_bullet_is_reported_once_where_it_is(tmp_path: Path) -> None:
    text = SLIDE + "    bullets:\n      - Main point\n      - - Sub: point\n        - Another\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 7, 11, ("parts", 0, "bullets", 1, 0), "put it all in quotes")


def test_key_words_written_as_a_list_get_an_example_of_the_right_form(tmp_path: Path) -> None:
    text = "title: T\nparts:\n  - type: keywords\n    terms:\n      - Soviet\n      - Politburo\n"
    problem = only_problem(tmp_path, text)
    assert_at(problem, 5, 7, ("parts", 0, "terms"), "not a list: write each without the '- '")
    assert "such as `Soviet: …`" in problem.message


def test_choices_in_a_message_are_quoted_each(tmp_path: Path) -> None:
    text = (
        "title: T\nparts:\n  - type: multiple_choice\n    questions:\n      - prompt: How many?\n"
        '        options: ["1,000", "2,000"]\n        answer: "4,000"\n'
    )
    problem = only_problem(tmp_path, text)
    assert "'4,000' is not one of the options ('1,000', '2,000')" in problem.message
