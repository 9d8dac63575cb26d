"""Read the built slides, worksheet and answer key back and check what a teacher would see."""

from __future__ import annotations

import re
import textwrap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pdfplumber
import pytest
from conftest import (
    ALL_PARTS_SPEC,
    build_text,
    collapse,
    contains,
    plain,
    read_deck,
    read_pdf,
    require_tool,
    sheet_body,
    squash,
    write_spec,
)
from pptx import Presentation
from pptx.util import Pt

from generator.build import BuildOptions, PackFiles, build_pack
from generator.errors import SpecError
from generator.parts import PART_TYPES
from generator.parts.marking import MarkingPart
from generator.parts.questions import QuestionsPart
from generator.parts.slide import SlidePart
from generator.parts.table import AnswerCell, GivenCell, TablePart
from generator.reproducible import build_date
from generator.spec import Lesson, Part
from generator.wording import default_wording

PartT = TypeVar("PartT", bound=Part)
WORDING = default_wording()
BANNER = "ANSWER KEY (teacher copy)"
REVEAL_TITLE = re.compile(r": (answers|marks)( \(cont\.( \d+)?\))?$")
"""Slides that show the answers to the class: "<task>: answers" and "<task>: marks"."""
LONG_ENOUGH = 25
"""Answer texts longer than this cannot occur on the worksheet by coincidence."""

# The sentinels in tests/fixtures/all-parts.yaml, each in one text only the teacher may see.
MODEL_ANSWERS = ("ANSWERQ1", "ANSWERQ2", "ANSWERQ3")
ANSWER_CELLS = ("CELLANS1", "CELLANS2", "CELLANS3", "CELLANS4", "CELLANS5")
REASONS = ("REASONX1", "REASONX2", "REASONX3")
HIDDEN_SCHEME = ("SCHEMEHIDDEN1", "SCHEMEHIDDEN2")
VERDICTS = ("Mark: 3 / 9 Level: 1", "Mark: 7 / 9 Level: 3", "Mark: 5 / 6 Level: 2")
"""The sample answers' marks and levels as the key prints them; these pairs occur nowhere else."""
TEACHER_ONLY = MODEL_ANSWERS + ANSWER_CELLS + REASONS + HIDDEN_SCHEME + VERDICTS
SPEAKER_NOTES = ("SLIDENOTEX1", "SLIDENOTEX2", "TASKNOTEX1")


# --------------------------------------------------------------------------- spec helpers


def parts_of(lesson: Lesson, kind: type[PartT]) -> list[PartT]:
    return [part for part in lesson.parts if isinstance(part, kind)]


def blank_columns(part: TablePart) -> set[int]:
    """The columns pupils fill in: those named in `blank`, or every column but the first."""
    if part.blank is None:
        return set(range(1, len(part.columns)))
    return {index for index, name in enumerate(part.columns) if name in part.blank}


def table_cells(part: TablePart) -> Iterator[tuple[str, bool]]:
    """Each cell's text and whether it is an answer (left blank for pupils)."""
    blank = blank_columns(part)
    for row in part.rows:
        for index, cell in enumerate(row):
            if isinstance(cell, AnswerCell):
                yield cell.answer, True
            elif isinstance(cell, GivenCell):
                yield cell.given, False
            else:
                yield cell, index in blank


def verdict(mark: int, marks: int, level: int | None) -> str:
    return WORDING("mark_given", mark=mark, marks=marks, level="–" if level is None else level)


def teacher_texts(lesson: Lesson) -> list[str]:
    """Every text from the spec that belongs in the answer key and never on the worksheet."""
    texts = [q.answer for part in parts_of(lesson, QuestionsPart) for q in part.questions]
    for table in parts_of(lesson, TablePart):
        texts.extend(text for text, is_answer in table_cells(table) if is_answer)
    for marking in parts_of(lesson, MarkingPart):
        texts.extend(answer.reason for answer in marking.answers)
        if not marking.show_scheme:
            texts.extend(level.descriptor for level in marking.scheme)
    return texts


def verdicts(lesson: Lesson) -> list[str]:
    return [
        verdict(answer.mark, marking.marks, answer.level)
        for marking in parts_of(lesson, MarkingPart)
        for answer in marking.answers
    ]


def header_rows(lesson: Lesson) -> list[str]:
    """Each table's header row as printed on one line (repeated where a table runs onto a page)."""
    rows = [" ".join(table.columns) for table in parts_of(lesson, TablePart)]
    if any(marking.scheme for marking in parts_of(lesson, MarkingPart)):
        rows.append(" ".join(WORDING.items("scheme_columns")))
    return rows


def missing_from(haystack: str, needles: list[str]) -> list[str]:
    return [needle for needle in needles if not contains(haystack, needle)]


def found_in(haystack: str, needles: list[str] | tuple[str, ...]) -> list[str]:
    return [needle for needle in needles if contains(haystack, needle)]


# --------------------------------------------------------------------------- sentinels


def test_the_fixture_names_every_sentinel_it_holds() -> None:
    """Guards the lists above: a sentinel added to the fixture must be checked too."""
    in_fixture = set(re.findall(r"\b[A-Z]{6,}\d+\b", ALL_PARTS_SPEC.read_text(encoding="utf-8")))
    listed = set(MODEL_ANSWERS + ANSWER_CELLS + REASONS + HIDDEN_SCHEME + SPEAKER_NOTES)
    assert in_fixture == listed


def test_no_teacher_text_leaks_onto_the_worksheet(all_parts_pack: PackFiles) -> None:
    worksheet = " ".join(page.text for page in read_pdf(all_parts_pack.worksheet))
    assert found_in(worksheet, TEACHER_ONLY + SPEAKER_NOTES) == []


def test_the_answer_key_holds_every_teacher_text(all_parts_pack: PackFiles) -> None:
    key = " ".join(page.text for page in read_pdf(all_parts_pack.answers))
    assert missing_from(key, list(TEACHER_ONLY)) == []


def test_the_fixture_sentinels_come_from_the_model(all_parts_lesson: Lesson) -> None:
    """The lesson model agrees with the lists: each teacher-only text carries its sentinel."""
    texts = " ".join(teacher_texts(all_parts_lesson) + verdicts(all_parts_lesson))
    assert missing_from(texts, list(TEACHER_ONLY)) == []


def test_task_slides_show_no_answers_until_the_reveal(all_parts_pack: PackFiles) -> None:
    """Answers go on the '...: answers' / '...: marks' slides and in the notes, never on the
    slide pupils work from."""
    answers = MODEL_ANSWERS + ANSWER_CELLS + REASONS
    leaks = {
        slide.title: found_in(slide.shown, answers)
        for slide in read_deck(all_parts_pack.slides)
        if not REVEAL_TITLE.search(slide.title)
    }
    assert {title: found for title, found in leaks.items() if found} == {}


def test_every_answer_is_revealed_on_a_slide(all_parts_pack: PackFiles) -> None:
    slides = read_deck(all_parts_pack.slides)
    revealed = " ".join(slide.shown for slide in slides if REVEAL_TITLE.search(slide.title))
    assert missing_from(revealed, list(MODEL_ANSWERS + ANSWER_CELLS + REASONS)) == []


def test_the_pupils_deck_holds_every_task_and_no_answer_or_note(all_parts_pack: PackFiles) -> None:
    teacher = read_deck(all_parts_pack.slides)
    pupils = read_deck(all_parts_pack.pupil_slides)
    assert [slide.notes for slide in pupils if slide.notes] == [], "no speaker notes"
    shown = " ".join(slide.shown for slide in pupils)
    assert found_in(shown, TEACHER_ONLY + SPEAKER_NOTES) == []
    tasks = [(s.title, s.shown) for s in teacher if not found_in(s.shown, TEACHER_ONLY)]
    assert [(s.title, s.shown) for s in pupils] == tasks, "every other slide, in order"
    assert len(pupils) < len(teacher)


def test_the_pupils_zip_holds_their_files_and_no_answer(all_parts_spec: Path, tmp_path: Path) -> None:
    files = build_pack(
        all_parts_spec, tmp_path / "out", options=BuildOptions(("letter"), ("dyslexia",), True)
    )
    assert files.archives
    unpacked = tmp_path / "unzipped"
    with zipfile.ZipFile(files.archives.pupils) as archive:
        archive.extractall(unpacked)
        names = sorted(archive.namelist())
    assert names == [
        "all-parts/all-parts-slides-pupils.pptx",
        "all-parts/all-parts-worksheet-dyslexia.pdf",
        "all-parts/all-parts-worksheet.pdf",
    ]
    for name in names:
        path = unpacked / name
        if path.suffix == ".pdf":
            text = " ".join(page.text for page in read_pdf(path))
        else:
            text = " ".join(f"{slide.shown} {slide.notes}" for slide in read_deck(path))
        assert found_in(text, TEACHER_ONLY + SPEAKER_NOTES) == [], name
        assert "ANSWER KEY" not in text, name


def test_answers_and_reasons_are_in_the_speaker_notes(all_parts_pack: PackFiles) -> None:
    slides = read_deck(all_parts_pack.slides)
    notes = " ".join(slide.notes for slide in slides)
    assert missing_from(notes, list(MODEL_ANSWERS + REASONS + VERDICTS)) == []


def test_question_slide_lists_prompts_and_keeps_answers_in_notes(
    all_parts_pack: PackFiles, all_parts_lesson: Lesson
) -> None:
    (part,) = parts_of(all_parts_lesson, QuestionsPart)
    slides = read_deck(all_parts_pack.slides)
    heading = WORDING("task_heading", number=1, title=part.title)
    (task_slide,) = [slide for slide in slides if slide.title == heading]
    prompts = [f"{number}. {q.prompt}" for number, q in enumerate(part.questions, 1)]
    assert missing_from(task_slide.on_screen, prompts) == []
    assert found_in(task_slide.on_screen, [q.answer for q in part.questions]) == []
    assert missing_from(task_slide.notes, [q.answer for q in part.questions]) == []


# --------------------------------------------------------------------------- reference lesson


def test_every_prompt_is_on_the_worksheet_and_in_the_key(
    reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    prompts = [q.prompt for part in parts_of(reference_lesson, QuestionsPart) for q in part.questions]
    assert len(prompts) == 14
    assert missing_from(sheet_body(reference_pack.worksheet), prompts) == []
    assert missing_from(sheet_body(reference_pack.answers), prompts) == []


def test_every_answer_cell_and_reason_is_in_the_key(
    reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    expected = teacher_texts(reference_lesson) + verdicts(reference_lesson)
    assert len(expected) > 20
    key = sheet_body(reference_pack.answers, drop=header_rows(reference_lesson))
    assert missing_from(key, expected) == []


def test_no_answer_cell_or_reason_is_on_the_worksheet(
    reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    worksheet = " ".join(page.text for page in read_pdf(reference_pack.worksheet))
    long_texts = [text for text in teacher_texts(reference_lesson) if len(squash(text)) > LONG_ENOUGH]
    assert len(long_texts) > 20
    assert found_in(worksheet, long_texts + verdicts(reference_lesson)) == []


def test_reference_slides_reveal_answers_only_on_answer_slides(
    reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    texts = [text for text in teacher_texts(reference_lesson) if len(squash(text)) > LONG_ENOUGH]
    slides = read_deck(reference_pack.slides)
    early = {
        slide.title: found_in(slide.shown, texts) for slide in slides if not REVEAL_TITLE.search(slide.title)
    }
    assert {title: found for title, found in early.items() if found} == {}
    # An answer may break between sentences from one answer slide to the next: read them without
    # titles. A question with a `slide_answer` shows that on the slide, its full answer in the notes.
    revealed = " ".join(slide.on_screen for slide in slides if REVEAL_TITLE.search(slide.title))
    questions = [q for part in parts_of(reference_lesson, QuestionsPart) for q in part.questions]
    shortened = {q.answer: q.slide_answer for q in questions if q.slide_answer}
    shown = [shortened.get(text, text) for text in texts]
    assert missing_from(revealed, shown) == []
    notes = " ".join(slide.notes for slide in slides)
    assert len(shortened) > 10 and missing_from(notes, list(shortened)) == []


def test_pupil_texts_are_on_both_sheets(reference_pack: PackFiles, reference_lesson: Lesson) -> None:
    """What pupils work from: instructions, printed cells, sample answers, a shown scheme."""
    texts = list(reference_lesson.objectives)
    for part in reference_lesson.parts:
        if isinstance(part, QuestionsPart | TablePart | MarkingPart) and part.instructions:
            texts.append(part.instructions)
    for table in parts_of(reference_lesson, TablePart):
        texts.extend(text for text, is_answer in table_cells(table) if not is_answer)
    for marking in parts_of(reference_lesson, MarkingPart):
        texts.append(marking.question)
        texts.extend(paragraph for answer in marking.answers for paragraph in answer.paragraphs)
        if marking.show_scheme:
            texts.extend(level.descriptor for level in marking.scheme)
    headers = header_rows(reference_lesson)
    for path in (reference_pack.worksheet, reference_pack.answers):
        assert missing_from(sheet_body(path), headers) == [], path.name
        assert missing_from(sheet_body(path, drop=headers), texts) == [], path.name


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_a_table_header_is_printed_at_most_once_per_page(
    reference_pack: PackFiles, reference_lesson: Lesson, audience: str
) -> None:
    """Repeated at the top of each page a table runs onto, never twice on one page."""
    headers = [squash(row) for row in header_rows(reference_lesson)]
    pages = read_pdf(getattr(reference_pack, audience))
    seen = [(page.number, line) for page in pages for line in page.lines if line in headers]
    assert {line for _, line in seen} == set(headers)
    assert sorted({found for found in seen if seen.count(found) > 1}) == []


def _table_words(lesson: Lesson, answers: bool) -> list[str]:
    texts: list[str] = []
    for table in parts_of(lesson, TablePart):
        texts.extend(table.columns)
        texts.extend(text for text, is_answer in table_cells(table) if answers or not is_answer)
    for marking in parts_of(lesson, MarkingPart):
        if marking.scheme and (answers or marking.show_scheme):
            texts.extend(WORDING.items("scheme_columns"))
            for level in marking.scheme:
                texts += [WORDING("scheme_level", level=level.level), level.marks_text, level.descriptor]
    return [word for text in texts for word in plain(text).split()]


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_no_word_in_a_table_is_broken_across_lines(
    reference_pack: PackFiles, reference_lesson: Lesson, audience: str
) -> None:
    """A narrow column must not print 1917 as '191' over '7': every word comes back whole."""
    path: Path = getattr(reference_pack, audience)
    words = {plain(word) for page in read_pdf(path) for word in page.words}
    expected = _table_words(reference_lesson, answers=audience == "answers")
    assert sorted({word for word in expected if word not in words}) == []


def _continued(line: str) -> bool:
    """Whether the line is a heading repeated over a page of writing lines carried on."""
    return line.endswith(WORDING("continued", title="", part=2).strip())


def _sequence(lines: list[str]) -> list[str]:
    """Task headings and question numbers in the order they are printed."""
    found = []
    for line in lines:
        if _continued(line):
            continue
        if heading := re.match(r"Task (\d+): ", line):
            found.append(f"Task {heading.group(1)}")
        elif number := re.match(r"(\d{1,2})\. \S", line):
            found.append(f"{number.group(1)}.")
    return found


def _reading_task(lesson: Lesson) -> str:
    """The "Task N" heading of the reference lesson's 14 reading questions."""
    tasks = [part for part in lesson.parts if part.on_worksheet]
    reading = next(part for part in tasks if isinstance(part, QuestionsPart) and len(part.questions) == 14)
    return f"Task {tasks.index(reading) + 1}"


def test_numbering_is_the_same_on_worksheet_and_key(
    reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    tasks = [f"Task {number}" for number in range(1, sum(p.on_worksheet for p in reference_lesson.parts) + 1)]
    sequences = []
    for path in (reference_pack.worksheet, reference_pack.answers):
        sequence = _sequence([line for page in read_pdf(path) for line in page.lines])
        assert [item for item in sequence if item.startswith("Task")] == tasks, path.name
        sequences.append(sequence)
    worksheet, key = sequences
    remaining = iter(key)
    assert all(item in remaining for item in worksheet), "the key numbers the tasks differently"
    start = worksheet.index(_reading_task(reference_lesson)) + 1
    assert worksheet[start : start + 15] == [f"{n}." for n in range(1, 15)] + [worksheet[start + 14]]
    assert worksheet[start + 14].startswith("Task")


def _headings(path: Path) -> list[str]:
    return [
        line
        for page in read_pdf(path)
        for line in page.lines
        if re.match(r"Task \d+: ", line) and not _continued(line)
    ]


def test_slides_use_the_same_task_headings_in_the_same_order(reference_pack: PackFiles) -> None:
    worksheet = _headings(reference_pack.worksheet)
    assert worksheet == _headings(reference_pack.answers)
    assert len(worksheet) >= 4
    on_slides: list[str] = []
    for slide in read_deck(reference_pack.slides):
        if not re.match(r"Task \d+: ", slide.title):
            continue
        matching = [heading for heading in worksheet if squash(slide.title).startswith(heading)]
        assert matching, f"slide {slide.number} '{slide.title}' names no worksheet task"
        if not on_slides or on_slides[-1] != matching[-1]:
            on_slides.append(matching[-1])
    assert on_slides == worksheet


def test_every_key_page_has_the_banner_and_no_worksheet_page_does(
    reference_pack: PackFiles,
) -> None:
    key_pages = read_pdf(reference_pack.answers)
    assert [page.number for page in key_pages if BANNER not in page.lines] == []
    worksheet_pages = read_pdf(reference_pack.worksheet)
    assert [page.number for page in worksheet_pages if contains(page.text, BANNER)] == []


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_every_page_is_numbered_page_n_of_m(
    reference_pack: PackFiles, reference_lesson: Lesson, audience: str
) -> None:
    pages = read_pdf(getattr(reference_pack, audience))
    assert len(pages) > 1
    total = len(pages)
    for page in pages:
        if not page.chars:
            continue  # the blank back of a page of cut-out cards, which has no footer either
        assert re.findall(r"Page (\d+) of (\d+)", page.text) == [(str(page.number), str(total))]
        footer = WORDING("page_footer", title=reference_lesson.title, page=page.number, pages=total)
        assert squash(footer) in page.lines, f"page {page.number}"


def test_worksheet_asks_for_name_class_and_date_on_page_one(reference_pack: PackFiles) -> None:
    first = read_pdf(reference_pack.worksheet)[0]
    assert [label for label in ("Name", "Class", "Date") if label not in first.words] == []


def test_both_sheets_start_with_the_lesson_title(reference_pack: PackFiles, reference_lesson: Lesson) -> None:
    for path in (reference_pack.worksheet, reference_pack.answers):
        lines = read_pdf(path)[0].lines
        body = [line for line in lines if line != BANNER]
        assert body[0] == squash(reference_lesson.title), path.name


# --------------------------------------------------------------------------- the deck


def test_deck_opens_with_title_then_objectives(reference_pack: PackFiles, reference_lesson: Lesson) -> None:
    first, second = read_deck(reference_pack.slides)[:2]
    assert first.layout == "Title Slide"
    assert first.title == reference_lesson.title
    assert second.title == WORDING("objectives_slide_title")
    assert [squash(text) for text in second.body] == [
        squash(objective) for objective in reference_lesson.objectives
    ]


@pytest.mark.parametrize("deck", ["reference_pack", "all_parts_pack"])
def test_every_slide_has_a_unique_non_empty_title(deck: str, request: pytest.FixtureRequest) -> None:
    slides = read_deck(request.getfixturevalue(deck).slides)
    titles = [slide.title.strip() for slide in slides]
    assert [slide.number for slide in slides if not slide.title.strip()] == []
    assert sorted({title for title in titles if titles.count(title) > 1}) == []


@pytest.mark.parametrize("deck", ["reference_pack", "all_parts_pack"])
def test_slide_parts_carry_their_bullets_and_notes(deck: str, request: pytest.FixtureRequest) -> None:
    lesson = request.getfixturevalue("reference_lesson" if deck == "reference_pack" else "all_parts_lesson")
    slides = read_deck(request.getfixturevalue(deck).slides)
    parts = parts_of(lesson, SlidePart)
    assert parts
    for part in parts:
        matching = [slide for slide in slides if slide.title == part.title]
        assert len(matching) == 1, part.title
        (slide,) = matching
        assert part.notes and squash(slide.notes) == squash(part.notes)
        bullets = [b for bullet in part.bullets for b in ([bullet] if isinstance(bullet, str) else bullet)]
        assert [squash(text) for text in slide.body] == [squash(b) for b in bullets]


def test_every_picture_has_its_alt_text(all_parts_pack: PackFiles, all_parts_lesson: Lesson) -> None:
    slides = read_deck(all_parts_pack.slides)
    alts = [alt for slide in slides for alt in slide.picture_alts]
    expected = [part.image_alt for part in parts_of(all_parts_lesson, SlidePart) if part.image]
    assert expected and alts == expected
    (slide,) = [slide for slide in slides if slide.picture_alts]
    assert slide.title == "Rivers of Europe"


def _run_sizes(path: Path) -> Iterator[tuple[int, str, float | None, float]]:
    """(slide, text, size in points or None, least allowed size) for every run with text: 18 pt for
    body text, 14 pt for table cells and for the labels of drawn timelines and cards."""
    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        for shape in slide.shapes:
            if shape.has_table:
                frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
                least = 14.0
            elif shape.has_text_frame:
                frames = [shape.text_frame]
                least = 14.0 if shape.name.startswith("Drawn ") else 18.0
            else:
                continue
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if run.text.strip():
                            size = run.font.size.pt if run.font.size is not None else None
                            yield number, run.text, size, least


@pytest.mark.parametrize("deck", ["reference_pack", "all_parts_pack"])
def test_every_run_has_an_explicit_readable_size(deck: str, request: pytest.FixtureRequest) -> None:
    runs = list(_run_sizes(request.getfixturevalue(deck).slides))
    assert len(runs) > 20
    small = [(number, text[:40], size) for number, text, size, least in runs if size is None or size < least]
    assert small == []


@pytest.mark.parametrize("deck", ["reference_pack", "all_parts_pack"])
def test_nothing_is_placed_outside_the_slide(deck: str, request: pytest.FixtureRequest) -> None:
    presentation = Presentation(str(request.getfixturevalue(deck).slides))
    width, height = presentation.slide_width, presentation.slide_height
    outside = []
    for number, slide in enumerate(presentation.slides, 1):
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            if None in box:
                outside.append((number, shape.name, "no position"))
                continue
            left, top, shape_width, shape_height = (int(value) for value in box)
            if left < 0 or top < 0 or left + shape_width > width or top + shape_height > height:
                outside.append((number, shape.name, box))
    assert outside == []


def test_the_deck_is_widescreen(reference_pack: PackFiles) -> None:
    presentation = Presentation(str(reference_pack.slides))
    assert (presentation.slide_width, presentation.slide_height) == (Pt(960), Pt(540))


def test_deck_properties_describe_the_lesson_not_the_template(
    reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    properties = Presentation(str(reference_pack.slides)).core_properties
    assert properties.title == reference_lesson.title
    assert properties.author == reference_lesson.author
    assert properties.last_modified_by in ("", reference_lesson.author)
    assert "python-pptx" not in (properties.comments or "")
    assert properties.created == properties.modified == build_date().replace(tzinfo=None), (
        "not the template's"
    )


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_sheet_properties_describe_the_lesson(
    audience: str, reference_pack: PackFiles, reference_lesson: Lesson
) -> None:
    with pdfplumber.open(getattr(reference_pack, audience)) as pdf:
        metadata = pdf.metadata
    assert metadata.get("Title") == reference_lesson.title
    assert metadata.get("Author") == reference_lesson.author
    assert metadata.get("Subject") == reference_lesson.subject


# --------------------------------------------------------------------------- every part type


@dataclass(frozen=True)
class PartExample:
    yaml: str
    slides: tuple[str, ...]
    """Texts shown on some slide."""
    worksheet: tuple[str, ...]
    answers: tuple[str, ...]
    nowhere_on_sheets: tuple[str, ...] = ()
    """Texts on neither PDF."""
    teacher_only: tuple[str, ...] = ()
    """Texts in the key but not the worksheet."""
    notes: tuple[str, ...] = field(default=())


PART_EXAMPLES: dict[str, PartExample] = {
    "slide": PartExample(
        """
          - type: slide
            title: Volcanoes erupt
            bullets:
              - Magma rises through the crust
            notes: Show the eruption film.
        """,
        slides=("Volcanoes erupt", "Magma rises through the crust"),
        worksheet=(),
        answers=(),
        nowhere_on_sheets=("Volcanoes erupt", "Magma rises through the crust", "eruption film"),
        notes=("Show the eruption film.",),
    ),
    "questions": PartExample(
        """
          - type: questions
            title: Quick questions
            questions:
              - prompt: What rises through the crust?
                answer: Molten rock called magma
        """,
        slides=("Task 1: Quick questions", "1. What rises through the crust?", "Molten rock"),
        worksheet=("Task 1: Quick questions", "1. What rises through the crust?"),
        answers=("Task 1: Quick questions", "1. What rises through the crust?", "Molten rock"),
        teacher_only=("Molten rock called magma",),
        notes=("Molten rock called magma",),
    ),
    "table": PartExample(
        """
          - type: table
            title: Volcano table
            columns: [Volcano, Country]
            rows:
              - [Etna, Italyanswer]
        """,
        slides=("Task 1: Volcano table", "Volcano", "Country", "Etna", "Italyanswer"),
        worksheet=("Task 1: Volcano table", "Volcano", "Country", "Etna"),
        answers=("Task 1: Volcano table", "Volcano", "Country", "Etna", "Italyanswer"),
        teacher_only=("Italyanswer",),
    ),
    "marking": PartExample(
        """
          - type: marking
            title: Mark the volcano answer
            question: Why do volcanoes erupt?
            marks: 4
            answers:
              - text: Pressure builds up under the crust.
                mark: 2
                reason: It names pressure but never explains it.
        """,
        slides=(
            "Task 1: Mark the volcano answer",
            "Why do volcanoes erupt?",
            "Pressure builds up under the crust.",
            "It names pressure but never explains it.",
        ),
        worksheet=(
            "Task 1: Mark the volcano answer",
            "Why do volcanoes erupt?",
            "Pressure builds up under the crust.",
            "Reason for mark:",
        ),
        answers=(
            "Task 1: Mark the volcano answer",
            "Why do volcanoes erupt?",
            "Pressure builds up under the crust.",
            "Mark: 2 / 4",
            "Reason for mark:",
            "It names pressure but never explains it.",
        ),
        teacher_only=("It names pressure but never explains it.", "Mark: 2 / 4"),
        notes=("It names pressure but never explains it.",),
    ),
    "timeline": PartExample(
        """
          - type: timeline
            title: Volcano timeline
            start: 1900
            end: 1990
            events:
              - date: May 1902
                event: Mount Pelee destroys Saint-Pierre
              - date: March 1944
                event: Vesuvius erupts for the last time
              - date: May 1980
                event: Mount St Helens erupts
            notes: Ask which eruption was deadliest.
        """,
        slides=(
            "Task 1: Volcano timeline",
            "Mount St Helens erupts",
            "Task 1: Volcano timeline: answers",
            "March 1944",
        ),
        worksheet=("Task 1: Volcano timeline", "Vesuvius erupts for the last time", "1900"),
        answers=("Task 1: Volcano timeline", "Vesuvius erupts for the last time", "March 1944"),
        teacher_only=("May 1902", "March 1944", "May 1980"),
        notes=("Ask which eruption was deadliest.", "March 1944: Vesuvius erupts for the last time"),
    ),
    "card_sort": PartExample(
        """
          - type: card_sort
            title: Volcano or river?
            categories: [Volcanoes, Rivers]
            cards:
              - {text: Etna, category: Volcanoes}
              - {text: Nile, category: Rivers}
              - {text: Vesuvius, category: Volcanoes}
              - {text: Danube, category: Rivers}
        """,
        slides=("Task 1: Volcano or river?", "Volcanoes", "Rivers", "Etna", "Danube"),
        worksheet=("Task 1: Volcano or river?", "Volcanoes", "Rivers", "Etna", "Nile", "Vesuvius", "Danube"),
        answers=("Task 1: Volcano or river?", "Volcanoes Rivers Etna Nile Vesuvius Danube"),
        teacher_only=("Volcanoes Rivers Etna Nile Vesuvius Danube",),
        notes=("Volcanoes: Etna; Vesuvius", "Rivers: Nile; Danube"),
    ),
    "sources": PartExample(
        """
          - type: sources
            title: Volcano sources
            sources:
              - text: The mountain shook and ash fell like snow.
                caption: A letter written in AD 79
                attribution: Pliny the Younger, Letters
            questions:
              - prompt: What fell from the sky in Source A?
                answer: Ash from the eruptionsrc
        """,
        slides=(
            "Task 1: Volcano sources – Source A",
            "The mountain shook and ash fell like snow.",
            "1. What fell from the sky in Source A?",
            "Ash from the eruptionsrc",
        ),
        worksheet=(
            "Task 1: Volcano sources",
            "Source A: A letter written in AD 79",
            "The mountain shook and ash fell like snow.",
            "Pliny the Younger, Letters",
            "1. What fell from the sky in Source A?",
        ),
        answers=(
            "Task 1: Volcano sources",
            "The mountain shook and ash fell like snow.",
            "1. What fell from the sky in Source A?",
            "Ash from the eruptionsrc",
        ),
        teacher_only=("Ash from the eruptionsrc",),
        notes=("Ash from the eruptionsrc",),
    ),
    "exam_question": PartExample(
        """
          - type: exam_question
            prompt: Explain why volcanoes erupt.
            marks: 4
            scheme:
              - level: 1
                marks: 1-2
                descriptor: Names a cause of eruptionschemex
              - level: 2
                marks: 3-4
                descriptor: Explains how pressure builds up
            indicative:
              - Magma is less dense than the rockindicx
        """,
        slides=(
            "Task 1: Exam question",
            "Explain why volcanoes erupt. [4 marks]",
            "Names a cause of eruptionschemex",
            "Magma is less dense than the rockindicx",
        ),
        worksheet=("Task 1: Exam question", "Explain why volcanoes erupt.", "[4 marks]"),
        answers=(
            "Task 1: Exam question",
            "Explain why volcanoes erupt.",
            "Mark scheme",
            "Names a cause of eruptionschemex",
            "Indicative content",
            "Magma is less dense than the rockindicx",
        ),
        teacher_only=(
            "Names a cause of eruptionschemex",
            "Explains how pressure builds up",
            "Magma is less dense than the rockindicx",
        ),
        notes=("Names a cause of eruptionschemex", "Magma is less dense than the rockindicx"),
    ),
    "keywords": PartExample(
        """
          - type: keywords
            terms:
              Magma: Molten rock under the ground
              Lava: Molten rock that reaches the surface
            notes: Say each word aloud.
        """,
        slides=("Key words", "Magma", "Molten rock under the ground", "Lava"),
        worksheet=("Key words", "Magma", "Molten rock under the ground", "Lava", "Molten rock that reaches"),
        answers=("Key words", "Magma", "Molten rock under the ground", "Lava", "Molten rock that reaches"),
        teacher_only=("Say each word aloud",),
        notes=("Say each word aloud.",),
    ),
    "multiple_choice": PartExample(
        """
          - type: multiple_choice
            title: Volcano quiz
            notes: Read each question aloud.
            questions:
              - prompt: Which of these is a volcano?
                options: [Everest, Etna]
                answer: Etna
        """,
        slides=(
            "Task 1: Volcano quiz – question 1",
            "Which of these is a volcano?",
            "A. Etna",
            "1. A – Etna",
        ),
        worksheet=(
            "Task 1: Volcano quiz",
            "1. Which of these is a volcano?",
            "A. Etna",
            "B. Everest",
        ),
        answers=("Task 1: Volcano quiz", "A. Etna", "B. Everest", "Answer: A – Etna"),
        teacher_only=("Answer: A – Etna",),
        notes=("Read each question aloud.", "Answer: A – Etna"),
    ),
    "gap_fill": PartExample(
        """
          - type: gap_fill
            title: Volcano gaps
            text: Molten rock below the ground is called [[magma]].
            word_bank: false
        """,
        slides=("Task 1: Volcano gaps", "Molten rock below the ground is called", "(1) MAGMA"),
        worksheet=("Task 1: Volcano gaps", "Molten rock below the ground is called (1)"),
        answers=("Task 1: Volcano gaps", "Molten rock below the ground is called (1) magma."),
        teacher_only=("magma",),
        notes=("1. magma",),
    ),
    "matching": PartExample(
        """
          - type: matching
            title: Volcano words
            pairs:
              - term: Crater
                definition: The bowl-shaped hollow at the top
              - term: Vent
                definition: The opening that lava pours from
        """,
        slides=(
            "Task 1: Volcano words",
            "1. Crater",
            "A. The opening that lava pours from",
            "B. The bowl",
        ),
        worksheet=(
            "Task 1: Volcano words",
            "1. Crater",
            "2. Vent",
            "A. The opening that lava pours from",
        ),
        answers=("Task 1: Volcano words", "1 → B", "2 → A", "B. The bowl-shaped hollow at the top"),
        teacher_only=("1 → B", "2 → A"),
        notes=("1 → B: Crater – The bowl-shaped hollow at the top",),
    ),
}


@pytest.fixture(scope="module")
def part_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PackFiles]:
    """One tiny lesson per part type, built once for the module."""
    packs = {}
    for kind, example in PART_EXAMPLES.items():
        folder = tmp_path_factory.mktemp(f"part-{kind}")
        spec = "title: Part type check\nparts:\n" + _indent(example.yaml)
        packs[kind] = build_text(folder, spec)
    return packs


def _indent(snippet: str) -> str:
    return textwrap.indent(textwrap.dedent(snippet).strip("\n"), "  ") + "\n"


def _output_text(files: PackFiles, output: str) -> str:
    if output == "slides":
        return " ".join(slide.shown for slide in read_deck(files.slides))
    return " ".join(page.text for page in read_pdf(getattr(files, output)))


def test_every_part_type_has_an_example() -> None:
    assert set(PART_EXAMPLES) == set(PART_TYPES)


@pytest.mark.parametrize("output", ["slides", "worksheet", "answers"])
@pytest.mark.parametrize("kind", sorted(PART_TYPES))
def test_each_part_type_shows_up_where_it_should(
    kind: str, output: str, part_packs: dict[str, PackFiles]
) -> None:
    if kind not in PART_EXAMPLES:
        pytest.fail(f"part type '{kind}' has no example in PART_EXAMPLES: add one")
    example = PART_EXAMPLES[kind]
    files = part_packs[kind]
    text = _output_text(files, output)
    assert missing_from(text, list(getattr(example, output))) == []
    if output == "slides":
        notes = " ".join(slide.notes for slide in read_deck(files.slides))
        assert missing_from(notes, list(example.notes)) == []
    else:
        assert found_in(text, example.nowhere_on_sheets) == []
    if output == "worksheet":
        assert found_in(text, example.teacher_only) == []
    if output == "answers":
        assert missing_from(text, list(example.teacher_only)) == []


def test_a_lesson_of_only_slides_still_gets_both_sheets(part_packs: dict[str, PackFiles]) -> None:
    files = part_packs["slide"]
    for path in (files.worksheet, files.answers):
        pages = read_pdf(path)
        assert len(pages) == 1
        assert pages[0].lines[0] == "Part type check", path.name


# --------------------------------------------------------------------------- text stays text

MARKUP = "<b>bold</b> & {{ name }} <font size=40>"


def test_markup_in_a_spec_prints_as_typed(markup_pack: PackFiles) -> None:
    worksheet = squash(" ".join(page.text for page in read_pdf(markup_pack.worksheet)))
    key = squash(" ".join(page.text for page in read_pdf(markup_pack.answers)))
    shown = ["Markup <i>stays</i> & {{ title }}", "Keep <br/> and &nbsp; as typed", MARKUP]
    shown += ["<u>Term</u>", "Meaning & use", "a < b > c", "Why {{ x }} & <y>?", "Because <para>x</para>"]
    hidden = ["&amp; stays &amp; and {% raw %} stays too", "{{ cell }} <br/> here"]
    hidden += ["{% if %} & <b>reason</b>"]
    assert [text for text in shown if text not in worksheet] == []
    assert [text for text in shown + hidden if text not in key] == []
    assert found_in(worksheet, hidden) == []
    deck = read_deck(markup_pack.slides)
    on_slides = " ".join(slide.shown for slide in deck)
    slide_part = ["Slide <title> & {{ slide }}", "x < y & z > w"]
    assert [text for text in [*shown, *hidden, *slide_part] if text not in on_slides] == []
    assert deck[0].title == "Markup <i>stays</i> & {{ title }}"
    assert "Notes <b>stay</b> & {{ notes }}" in [slide.notes for slide in deck]


def test_markup_in_the_title_reaches_every_footer(tmp_path: Path) -> None:
    files = build_text(
        tmp_path,
        f"""
        title: "{MARKUP}"
        parts:
          - type: questions
            questions:
              - prompt: Is this text?
                answer: Yes.
        """,
    )
    for path in (files.worksheet, files.answers):
        pages = read_pdf(path)
        for page in pages:
            footer = WORDING("page_footer", title=MARKUP, page=page.number, pages=len(pages))
            assert squash(footer) in page.lines, path.name


# --------------------------------------------------------------------------- determinism


def test_building_twice_gives_the_same_text(
    all_parts_spec: Path, all_parts_pack: PackFiles, tmp_path: Path
) -> None:
    again = build_pack(all_parts_spec, tmp_path)
    for first, second in (
        (all_parts_pack.worksheet, again.worksheet),
        (all_parts_pack.answers, again.answers),
    ):
        assert [page.lines for page in read_pdf(first)] == [page.lines for page in read_pdf(second)]
        assert first.read_bytes() == second.read_bytes(), "the sheets are written invariant"
    assert read_deck(all_parts_pack.slides) == read_deck(again.slides)


# --------------------------------------------------------------------------- long texts


def long_paragraph(words: int) -> str:
    """One paragraph of about this many words, with no blank line: an essay pasted in whole."""
    sentence = "Stalin controlled appointments and so won the votes at each Congress."
    return " ".join([sentence] * (words // len(sentence.split()) + 1))


@pytest.mark.parametrize(
    ("part", "words", "pupils_see_it"),
    [
        (
            """
              - type: marking
                question: How did Stalin win?
                marks: 8
                answers:
                  - text: {text}
                    mark: 4
                    reason: Long but thin.
            """,
            800,
            True,
        ),
    ],
    ids=["sample-answer-800-words"],
)
def test_a_paragraph_longer_than_a_page_still_builds(
    part: str, words: int, pupils_see_it: bool, tmp_path: Path
) -> None:
    text = long_paragraph(words)
    files = build_text(tmp_path, "title: Long texts\nparts:\n" + _indent(part.replace("{text}", text)))
    # A table repeats its header row on each page it runs onto, and a box its label: read past them.
    continued = WORDING("continued", title=WORDING("sample_answer_label", number=1), part=2)
    key, worksheet = (
        collapse(sheet_body(path, drop=[continued])).replace("PromptEssay", "")
        for path in (files.answers, files.worksheet)
    )
    assert len(read_pdf(files.answers)) > 1
    assert collapse(text) in key
    assert (collapse(text) in worksheet) is pupils_see_it


def test_a_table_row_taller_than_a_page_splits_across_pages_under_its_header(tmp_path: Path) -> None:
    """Only a row that can never fit a page is split, starting where it stands under the rows
    before it (moved to a page of its own, it would leave the page above empty under its task's
    heading); the rows around it move whole, and every page the table runs onto starts with its
    header row."""
    text = long_paragraph(1500)
    files = build_text(
        tmp_path,
        "title: Long texts\nparts:\n  - type: table\n    columns: [Prompt, Essay]\n    rows:\n"
        f"      - [Before, A short row]\n      - [How did Stalin win, {text}]\n      - [After, Done]\n",
    )
    pages = read_pdf(files.answers)
    assert len(pages) > 2
    body = [collapse(" ".join(page.lines)) for page in pages]
    assert all(collapse("ANSWER KEY") in page for page in body)
    assert all(page.count(collapse("Prompt Essay")) == 1 for page in body), "the header row once a page"
    joined = collapse(sheet_body(files.answers)).replace(collapse("Prompt Essay"), "")
    assert collapse(text) in joined
    before, question, after = (collapse(words) for words in ("Before", "How did Stalin win", "After Done"))
    assert joined.index(before) < joined.index(question) < joined.index(after)
    assert before in body[0] and question in body[0], "the long row starts under the row before it"


def test_a_quiz_option_taller_than_a_page_is_a_located_problem(tmp_path: Path) -> None:
    """A quiz option cannot be split across pages: the teacher hears which part it is, and nothing
    is written."""
    part = (
        "  - type: multiple_choice\n    questions:\n      - prompt: Which?\n"
        f"        options: [{long_paragraph(1500)}, Short]\n        answer: Short\n"
    )
    spec = write_spec(tmp_path, "title: Long texts\nparts:\n" + part)
    with pytest.raises(SpecError) as raised:
        build_pack(spec, tmp_path / "out")
    [problem] = raised.value.problems
    assert (problem.line, problem.column, problem.path) == (3, 5, ("parts", 0))
    assert "too tall for one page" in problem.message
    assert not (tmp_path / "out" / "lesson").exists()


# --------------------------------------------------------------------------- the helpers themselves


def test_require_tool_skips_a_missing_tool_or_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "lessonpack-no-such-tool"
    monkeypatch.delenv("LESSONPACK_REQUIRE_TOOLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{name} not installed"):
        require_tool(name)
    monkeypatch.setenv("LESSONPACK_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match=f"{name} not installed"):
        require_tool(name)
    assert Path(require_tool("sh")).is_file()


def test_text_is_compared_whatever_the_line_breaks_quotes_and_dashes() -> None:
    assert contains("Stalin\u2019s  rise,\n1924\u20131929", "Stalin's rise, 1924-1929")
    assert contains("a long answ\ner", "a long answer")
    assert not contains("a long answer", "a longer answer")
    assert squash(" one\n two\tthree ") == "one two three"
