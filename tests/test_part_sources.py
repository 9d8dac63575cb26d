"""The sources, exam_question and keywords part types: what each output shows, what stays in the
answer key, where a long exam answer's lines go, the located errors, and the real clients."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pdfplumber
import pytest
from conftest import (
    PICTURE,
    build_text,
    contains,
    make_png,
    read_deck,
    read_pdf,
    require_file,
    write_spec,
)
from pptx import Presentation
from test_clients import PACKAGE_CHECK, libreoffice_pdf, openxml_audit, run

from generator.build import PackFiles, build_pack, load_lesson
from generator.errors import LocatedProblem, SpecError
from generator.part_context import PartContext
from generator.parts.exam_question import KEPT_LINES, ExamQuestionPart
from generator.parts.questions import Question
from generator.parts.sources import Source, SourcesPart
from generator.wording import default_wording

WORDING = default_wording()
SHOWN = "lesson.yaml"
RULE_COLOUR = (0.35, 0.35, 0.35)
"""The grey of the worksheet's writing lines (generator.sheet.drawings.RULE)."""

LESSON = f"""
title: Sources test lesson
parts:
  - type: keywords
    title: Volcano words
    notes: KEYNOTEX1 Say each word aloud.
    terms:
      Magma: DEFINITIONX1 Molten rock below the ground
      Lava: DEFINITIONX2 Molten rock that has reached the surface
  - type: sources
    title: Pompeii sources
    instructions: Study Sources A and B, then answer the questions.
    notes: SRCNOTEX1 Read Source A aloud.
    sources:
      - text: |
          SOURCETEXTX1 The mountain shook and a cloud rose like a pine tree.

          SOURCETEXTX2 Then ash fell on the ships like snow.
        caption: CAPTIONX1 A letter written in AD 79
        attribution: ATTRIBX1 Pliny the Younger, Letters 6.16
      - image: {PICTURE}
        image_alt: ALTX1 A painting of the eruption cloud over the bay
        caption: CAPTIONX2 A painting made in 1822
    questions:
      - prompt: PROMPTX1 What fell on the ships, according to Source A?
        answer: ANSWERSRC1 Ash fell on the ships like snow.
        marks: 2
      - prompt: PROMPTX2 How useful is Source B for studying the eruption?
        answer: ANSWERSRC2 Of some use for the cloud's shape, but painted long after the event.
  - type: exam_question
    prompt: EXAMPROMPTX1 Explain why Pompeii was destroyed.
    marks: 8
    scheme:
      - level: 1
        marks: 1-4
        descriptor: SCHEMEX1 Simple statements about the eruption.
      - level: 2
        marks: 5-8
        descriptor: SCHEMEX2 Explains how the ash and gas destroyed the town.
    indicative:
      - INDICATIVEX1 Ash buried the town several metres deep.
      - INDICATIVEX2 Pyroclastic flows of hot gas killed those who stayed.
"""
TEACHER_ONLY = ("ANSWERSRC1", "ANSWERSRC2", "SCHEMEX1", "SCHEMEX2", "INDICATIVEX1", "INDICATIVEX2")
PUPIL_TEXTS = (
    "DEFINITIONX1 Molten rock below the ground",
    "DEFINITIONX2 Molten rock that has reached the surface",
    "SOURCETEXTX1 The mountain shook and a cloud rose like a pine tree.",
    "SOURCETEXTX2 Then ash fell on the ships like snow.",
    "Source A: CAPTIONX1 A letter written in AD 79",
    "ATTRIBX1 Pliny the Younger, Letters 6.16",
    "Source B: CAPTIONX2 A painting made in 1822",
    "1. PROMPTX1 What fell on the ships, according to Source A?",
    "2. PROMPTX2 How useful is Source B for studying the eruption?",
    "EXAMPROMPTX1 Explain why Pompeii was destroyed.",
    "[8 marks]",
    "Study Sources A and B, then answer the questions.",
)
NOTES_ONLY = ("KEYNOTEX1", "SRCNOTEX1")
SLIDE_TITLES = [
    "Sources test lesson",
    "Volcano words",
    "Task 1: Pompeii sources – Source A",
    "Task 1: Pompeii sources – Source B",
    "Task 1: Pompeii sources – questions",
    "Task 1: Pompeii sources: answers",
    "Task 2: Exam question",
    "Task 2: Exam question: mark scheme",
    "Task 2: Exam question: answers",
]
REVEALS = {"Task 1: Pompeii sources: answers", "Task 2: Exam question: mark scheme"}
REVEALS |= {"Task 2: Exam question: answers"}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    folder = tmp_path_factory.mktemp("sources-lesson")
    make_png(folder / PICTURE)
    return build_pack(write_spec(folder, LESSON), folder / "out")


def text_of(path: Path) -> str:
    return " ".join(page.text for page in read_pdf(path))


def found_in(haystack: str, needles: tuple[str, ...]) -> list[str]:
    return [needle for needle in needles if contains(haystack, needle)]


def missing_from(haystack: str, needles: tuple[str, ...]) -> list[str]:
    return [needle for needle in needles if not contains(haystack, needle)]


def writing_lines(page: pdfplumber.page.Page) -> list[float]:
    """The tops of the page's ruled writing lines, top to bottom."""
    return sorted(
        line["top"]
        for line in page.lines
        if tuple(round(value, 2) for value in line["stroking_color"]) == RULE_COLOUR
    )


# --------------------------------------------------------------------------- sheets


def test_no_answer_reaches_the_worksheet(pack: PackFiles) -> None:
    assert found_in(text_of(pack.worksheet), TEACHER_ONLY + NOTES_ONLY) == []


def test_the_key_holds_every_answer_scheme_level_and_indicative_point(pack: PackFiles) -> None:
    assert missing_from(text_of(pack.answers), TEACHER_ONLY + NOTES_ONLY) == []


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_sources_definitions_and_prompts_are_on_both_sheets(pack: PackFiles, audience: str) -> None:
    """Source texts and key-word meanings are what pupils work from, not answers."""
    assert missing_from(text_of(getattr(pack, audience)), PUPIL_TEXTS) == []


def test_the_source_picture_is_printed_on_both_sheets(pack: PackFiles) -> None:
    for path in (pack.worksheet, pack.answers):
        with pdfplumber.open(path) as pdf:
            assert sum(len(page.images) for page in pdf.pages) == 1, path.name


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_key_words_are_a_box_not_a_numbered_task(pack: PackFiles, audience: str) -> None:
    lines = [line for page in read_pdf(getattr(pack, audience)) for line in page.lines]
    assert "Volcano words" in lines
    assert [line for line in lines if line.startswith("Task ")] == [
        "Task 1: Pompeii sources",
        "Task 2: Exam question",
    ]
    assert "Key word Meaning" in lines


def test_pupils_get_lines_and_the_key_gets_none(pack: PackFiles) -> None:
    """2 marks: 4 lines; no marks: 3 lines; the 8-mark exam question: 24 lines."""
    with pdfplumber.open(pack.worksheet) as pdf:
        assert sum(len(writing_lines(page)) for page in pdf.pages) == 4 + 3 + 24
    with pdfplumber.open(pack.answers) as pdf:
        assert sum(len(writing_lines(page)) for page in pdf.pages) == 0


# --------------------------------------------------------------------------- slides


def test_the_slides_come_in_teaching_order_with_unique_titles(pack: PackFiles) -> None:
    """One slide per source, the questions, then the reveals; key words get no reveal slide."""
    assert [slide.title for slide in read_deck(pack.slides)] == SLIDE_TITLES


def test_task_slides_carry_no_answer_and_the_reveals_carry_them_all(pack: PackFiles) -> None:
    slides = read_deck(pack.slides)
    early = {
        slide.title: found_in(slide.shown, TEACHER_ONLY) for slide in slides if slide.title not in REVEALS
    }
    assert {title: found for title, found in early.items() if found} == {}
    revealed = " ".join(slide.shown for slide in slides if slide.title in REVEALS)
    assert missing_from(revealed, TEACHER_ONLY) == []


def test_answers_are_in_the_speaker_notes(pack: PackFiles) -> None:
    notes = {slide.title: slide.notes for slide in read_deck(pack.slides)}
    assert missing_from(notes["Task 1: Pompeii sources – questions"], ("ANSWERSRC1", "ANSWERSRC2")) == []
    exam_notes = notes["Task 2: Exam question"]
    assert missing_from(exam_notes, ("SCHEMEX1", "SCHEMEX2", "INDICATIVEX1", "INDICATIVEX2")) == []
    assert "KEYNOTEX1" in notes["Volcano words"]
    assert "SRCNOTEX1" in notes["Task 1: Pompeii sources – Source A"]


def test_each_source_is_on_its_own_slide(pack: PackFiles) -> None:
    slides = {slide.title: slide for slide in read_deck(pack.slides)}
    first = slides["Task 1: Pompeii sources – Source A"]
    assert missing_from(first.on_screen, PUPIL_TEXTS[2:6]) == []
    assert first.picture_alts == ()
    second = slides["Task 1: Pompeii sources – Source B"]
    assert second.picture_alts == ("ALTX1 A painting of the eruption cloud over the bay",)
    assert contains(second.on_screen, "Source B: CAPTIONX2 A painting made in 1822")
    assert found_in(second.on_screen, ("SOURCETEXTX1",)) == []
    questions = slides["Task 1: Pompeii sources – questions"]
    assert missing_from(questions.on_screen, PUPIL_TEXTS[7:9] + PUPIL_TEXTS[-1:]) == []


def test_the_exam_question_slide_shows_its_marks(pack: PackFiles) -> None:
    slides = {slide.title: slide for slide in read_deck(pack.slides)}
    assert contains(
        slides["Task 2: Exam question"].on_screen, "EXAMPROMPTX1 Explain why Pompeii was destroyed. [8 marks]"
    )
    scheme = slides["Task 2: Exam question: mark scheme"]
    assert list(scheme.cells[:3]) == WORDING.items("scheme_columns")
    assert scheme.cells[3:5] == ("Level 2", "5–8"), "highest level first"


def test_the_key_words_slide_is_a_two_column_table(pack: PackFiles) -> None:
    (slide,) = [slide for slide in read_deck(pack.slides) if slide.title == "Volcano words"]
    assert slide.cells == (
        *WORDING.items("keywords_columns"),
        "Magma",
        "DEFINITIONX1 Molten rock below the ground",
        "Lava",
        "DEFINITIONX2 Molten rock that has reached the surface",
    )


def source_slides(folder: Path, text: str) -> list[tuple[str, bool, str]]:
    """(title, has a picture, shown text) of each slide a one-source part plans."""
    make_png(folder / "map.png")
    part = SourcesPart(
        type="sources",
        sources=[Source(text=text, image="map.png", image_alt="A map", caption="A map of 79 AD")],
        questions=[Question(prompt="Q?", answer="A.")],
    )
    plans = part.slides(PartContext(WORDING, folder, "Task 1: Maps"))
    return [
        (plan.title, plan.picture is not None, " ".join(line.text for line in plan.lines))
        for plan in plans[:-2]
    ]


def test_a_short_text_stays_beside_its_picture(tmp_path: Path) -> None:
    assert source_slides(tmp_path, "The town lay at the foot of the mountain.") == [
        (
            "Task 1: Maps – Source A",
            True,
            "Source A: A map of 79 AD The town lay at the foot of the mountain.",
        )
    ]


def test_a_long_text_gets_the_width_and_its_picture_a_slide_of_its_own(tmp_path: Path) -> None:
    text = " ".join(["The town lay at the foot of the mountain, and its people farmed the slopes."] * 20)
    assert source_slides(tmp_path, text) == [
        ("Task 1: Maps – Source A", False, f"Source A: A map of 79 AD {text}"),
        ("Task 1: Maps – Source A (picture)", True, "Source A: A map of 79 AD"),
    ]


# --------------------------------------------------------------------------- exam question lines


@pytest.mark.parametrize(("marks", "lines", "expected"), [(8, None, 24), (22, None, 66), (22, 10, 10)])
def test_writing_lines_default_to_three_per_mark(marks: int, lines: int | None, expected: int) -> None:
    part = ExamQuestionPart(type="exam_question", prompt="Why?", marks=marks, lines=lines)
    assert part.writing_lines == expected


LONG_PROMPT = "LONGPROMPT " + " ".join(
    ["'Stalin's control of the Party organisation was the main reason he became leader by 1929.'"] * 5
)
"""A prompt of several lines: with the heading above it, it nearly fills the room the heading
asks for, so without its first lines kept with it the prompt would end a page (fillers 16 to 18)."""


def long_question_lesson(filler: int) -> str:
    """A questions task of `filler` lines, then a 22-mark exam question with its default 44 lines."""
    return textwrap.dedent(
        f"""
        title: Long answer
        parts:
          - type: questions
            questions:
              - prompt: A warm-up question.
                answer: A warm-up answer.
                lines: {filler}
          - type: exam_question
            instructions: Spend about 35 minutes on this question.
            prompt: "{LONG_PROMPT} How far do you agree?"
            marks: 22
            scheme:
              - level: 1
                marks: 1-22
                descriptor: Any relevant point.
        """
    )


def prompt_page(pdf: pdfplumber.PDF) -> tuple[int, float]:
    """The index of the page holding the exam prompt, and the prompt's bottom on it."""
    for index, page in enumerate(pdf.pages):
        for word in page.extract_words():
            if word["text"] == "LONGPROMPT":
                return index, float(word["bottom"])
    raise AssertionError("the exam prompt is on no page")


@pytest.mark.parametrize("filler", [0, 8, *range(14, 23), 30, 40])
def test_a_22_mark_answer_runs_on_and_its_prompt_keeps_some_lines(filler: int, tmp_path: Path) -> None:
    files = build_text(tmp_path, long_question_lesson(filler))
    with pdfplumber.open(files.worksheet) as pdf:
        index, bottom = prompt_page(pdf)
        pages = [writing_lines(page) for page in pdf.pages]
        heading = [word["text"] for word in pdf.pages[index].extract_words()]
    below = [top for top in pages[index] if top > bottom]
    assert len(below) >= KEPT_LINES, "the prompt is left at the foot of a page without its lines"
    assert "Exam" in heading, "the heading is kept with the prompt"
    assert sum(len(lines) for lines in pages[index + 1 :]) > 0, "the 66 lines run onto another page"
    # Writing space may give by a fifth of its lines to end a page or fill it (docs/spec.md).
    assert abs(sum(len(lines) for lines in pages) - (filler + 66)) <= 66 // 5


def test_in_the_key_the_scheme_follows_the_prompt_on_its_page(tmp_path: Path) -> None:
    files = build_text(tmp_path, long_question_lesson(28))
    with pdfplumber.open(files.answers) as pdf:
        index, bottom = prompt_page(pdf)
        words = pdf.pages[index].extract_words()
    assert [word for word in words if word["text"] == "Level" and word["top"] > bottom]


# --------------------------------------------------------------------------- located errors


def problems_of(folder: Path, text: str) -> tuple[LocatedProblem, ...]:
    spec = folder / SHOWN
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_lesson(spec, SHOWN)
    return raised.value.problems


def located(problems: tuple[LocatedProblem, ...]) -> list[tuple[int, int, tuple[str | int, ...], str]]:
    return [(problem.line, problem.column, problem.path, problem.message) for problem in problems]


SOURCES_WRONG = (
    "title: T\n"  # 1
    "parts:\n"  # 2
    "  - type: sources\n"  # 3
    "    sources:\n"  # 4
    "      - caption: Only a caption\n"  # 5
    "      - text: Fine words\n"  # 6
    "        image_alt: A picture that is not there\n"  # 7
    "      - image: map.png\n"  # 8
    "      - image: nowhere.png\n"  # 9
    "        image_alt: A lost map\n"  # 10
    "    questions:\n"  # 11
    "      - prompt: What does it say?\n"  # 12
    "        answer: Something.\n"  # 13
)


def test_each_source_problem_is_located(tmp_path: Path) -> None:
    make_png(tmp_path / "map.png")
    source = ("parts", 0, "sources")
    assert located(problems_of(tmp_path, SOURCES_WRONG)) == [
        (5, 9, (*source, 0), "a source needs text, an image or both"),
        (7, 9, (*source, 1, "image_alt"), "image_alt is given but there is no image"),
        (8, 9, (*source, 2, "image"), "add image_alt: a short description of the picture"),
        (9, 16, (*source, 3, "image"), "no image file at nowhere.png"),
    ]


def test_more_sources_than_letters(tmp_path: Path) -> None:
    sources = "".join(f"      - text: Source number {number}\n" for number in range(1, 28))
    text = "title: T\nparts:\n  - type: sources\n    sources:\n" + sources
    text += "    questions:\n      - prompt: Q?\n        answer: A.\n"
    assert located(problems_of(tmp_path, text)) == [
        (
            31,
            9,
            ("parts", 0, "sources", 26),
            "27 sources, but they are lettered A to Z: split them into two tasks",
        )
    ]


def test_sources_need_questions(tmp_path: Path) -> None:
    text = "title: T\nparts:\n  - type: sources\n    sources:\n      - text: Words\n"
    assert located(problems_of(tmp_path, text)) == [(3, 5, ("parts", 0), "'questions' is missing")]


def test_a_question_problem_in_a_sources_part_is_placed_on_the_question(tmp_path: Path) -> None:
    text = "title: T\nparts:\n  - type: sources\n    sources:\n      - text: Words\n"
    text += "    questions:\n      - prompt: Q?\n        answr: A.\n"
    assert located(problems_of(tmp_path, text)) == [
        (8, 9, ("parts", 0, "questions", 0, "answr"), "unknown field 'answr'; did you mean 'answer'?"),
    ]


def test_a_problem_inside_a_source_is_placed_on_it(tmp_path: Path) -> None:
    text = "title: T\nparts:\n  - type: sources\n    sources:\n      - text: Words\n        captoin: A\n"
    text += "    questions:\n      - prompt: Q?\n        answer: A.\n"
    assert located(problems_of(tmp_path, text)) == [
        (6, 9, ("parts", 0, "sources", 0, "captoin"), "unknown field 'captoin'; did you mean 'caption'?")
    ]


EXAM_WRONG = (
    "title: T\n"  # 1
    "parts:\n"  # 2
    "  - type: exam_question\n"  # 3
    "    prompt: Why did Stalin win?\n"  # 4
    "    marks: 8\n"  # 5
    "    scheme:\n"  # 6
    "      - level: 1\n"  # 7
    "        marks: 1-4\n"  # 8
    "        descriptor: Simple points\n"  # 9
    "      - level: 1\n"  # 10
    "        marks: 5-9\n"  # 11
    "        descriptor: Explained points\n"  # 12
)


def test_exam_scheme_problems_are_located(tmp_path: Path) -> None:
    assert located(problems_of(tmp_path, EXAM_WRONG)) == [
        (10, 16, ("parts", 0, "scheme", 1, "level"), "level 1 is given twice"),
        (11, 16, ("parts", 0, "scheme", 1, "marks"), "5-9 goes above the question's 8 marks"),
    ]


def test_exam_scheme_range_written_backwards(tmp_path: Path) -> None:
    text = EXAM_WRONG[: EXAM_WRONG.index("      - level: 1\n        marks: 5-9")]
    text = text.replace("marks: 1-4", "marks: 4-1")
    assert located(problems_of(tmp_path, text)) == [
        (8, 16, ("parts", 0, "scheme", 0, "marks"), "write the lower mark first: 1-4")
    ]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("    marks: 8\n", (3, 5, ("parts", 0), "'marks' is missing")),
        ("    marks: 8\n    lines: 201\n", (6, 12, ("parts", 0, "lines"), "201 lines is more than 200")),
        ("    marks: 0\n", (5, 12, ("parts", 0, "marks"), "0 is too small")),
    ],
    ids=["no-marks", "too-many-lines", "no-marks-available"],
)
def test_exam_question_field_problems(
    field: str, expected: tuple[int, int, tuple[str | int, ...], str], tmp_path: Path
) -> None:
    text = "title: T\nparts:\n  - type: exam_question\n    prompt: Why?\n"
    text += "" if expected[3].endswith("missing") else field
    ((line, column, path, message),) = located(problems_of(tmp_path, text))
    assert (line, column, path) == expected[:3]
    assert message.startswith(expected[3])


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (
            "    terms:\n      Magma: Molten rock\n      magma: Molten rock again\n",
            (6, 7, ("parts", 0, "terms", "magma"), "'magma' is already a key word (as 'Magma'); keep one"),
        ),
        ("    terms: {}\n", (4, 12, ("parts", 0, "terms"), "needs at least one item")),
        (
            "    terms:\n      - Magma: Molten rock\n",
            (5, 7, ("parts", 0, "terms"), "expected `name: value` fields here"),
        ),
        ("    terms:\n      Magma:\n", (5, 13, ("parts", 0, "terms", "Magma"), "this is empty")),
        ("    title: Words\n", (3, 5, ("parts", 0), "'terms' is missing")),
    ],
    ids=["same-word-twice", "no-terms", "terms-as-a-list", "empty-meaning", "no-terms-field"],
)
def test_key_word_problems_are_located(
    terms: str, expected: tuple[int, int, tuple[str | int, ...], str], tmp_path: Path
) -> None:
    text = "title: T\nparts:\n  - type: keywords\n" + terms
    ((line, column, path, message),) = located(problems_of(tmp_path, text))
    assert (line, column, path) == expected[:3]
    assert message.startswith(expected[3])


# --------------------------------------------------------------------------- real clients


@pytest.mark.clients
def test_openxml_audit_finds_the_deck_valid(pack: PackFiles) -> None:
    result = openxml_audit().validate_pptx(pack.slides)
    assert result.is_valid, [str(error) for error in result.errors][:20]


@pytest.mark.clients
def test_pptx_package_check_passes(pack: PackFiles) -> None:
    checker = require_file(PACKAGE_CHECK, "shared/tools/pptx-package-check")
    result = run([sys.executable, str(checker), str(pack.slides)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 finding(s)" in result.stdout


@pytest.mark.clients
def test_libreoffice_renders_one_page_per_slide(pack: PackFiles, tmp_path: Path) -> None:
    rendered = libreoffice_pdf(pack.slides, tmp_path)
    slides = len(Presentation(str(pack.slides)).slides)
    assert slides == len(SLIDE_TITLES)
    pages = read_pdf(rendered)
    assert len(pages) == slides
    for page, title in zip(pages, SLIDE_TITLES, strict=True):
        assert contains(page.text, title), page.number
    with pdfplumber.open(rendered) as pdf:
        assert [len(page.images) for page in pdf.pages] == [
            int(title.endswith("Source B")) for title in SLIDE_TITLES
        ]
