"""The reference lesson as a head of history would sign it off, read back from the built pack; and
the generator features it needs (teacher's notes in the key, follow-up questions in a marking
exercise, a 0-mark band, key words at the end of the sheet, a timeline's model answer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    REFERENCE_SPEC,
    build_text,
    contains,
    read_deck,
    read_pdf,
    sheet_body,
    squash,
    write_spec,
)

from generator.build import BuildOptions, PackFiles, build_pack, check_lesson, load_lesson
from generator.parts.marking import MarkingPart
from generator.parts.questions import QuestionsPart
from generator.parts.sources import SourcesPart
from generator.parts.table import AnswerCell, TablePart
from generator.parts.timeline import TimelinePart
from generator.spec import Lesson, paragraphs
from generator.wording import default_wording

WORDING = default_wording()
NOTE_LABEL = WORDING("teacher_note_label")
CONTINUED_NOTE = WORDING("continued", title=NOTE_LABEL, part=2)
LONG_ENOUGH = 25
"""Texts longer than this cannot occur on a pupil's page by coincidence."""


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    return load_lesson(REFERENCE_SPEC)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    """The reference lesson with both worksheet variants, so every pupil output is read."""
    options = BuildOptions(variants=("large-print", "dyslexia"))
    return build_pack(REFERENCE_SPEC, tmp_path_factory.mktemp("reference-variants"), options=options)


def key_text(pack: PackFiles) -> str:
    """The key's text, with the label a note box repeats where it runs onto a new page left out."""
    return sheet_body(pack.answers, drop=[CONTINUED_NOTE])


def pupil_texts(pack: PackFiles) -> dict[str, str]:
    """Everything a pupil can be given: each worksheet, and the pupils' deck with its notes."""
    return {path.name: pupil_text(path) for path in pack.for_pupils}


def pupil_text(path: Path) -> str:
    """A pupil's file as text: a PDF's pages, or a deck's slides with their speaker notes."""
    if path.suffix == ".pptx":
        return " ".join(f"{slide.shown} {slide.notes}" for slide in read_deck(path))
    return " ".join(page.text for page in read_pdf(path))


def note_paragraphs(lesson: Lesson) -> list[str]:
    """Every paragraph of notes that the key must print: those of each part on the sheet."""
    return [paragraph for part in lesson.parts for paragraph in paragraphs(part.teacher_note() or "")]


def teacher_only(lesson: Lesson) -> list[str]:
    """Texts only the teacher may see: answers, reasons, follow-up and timeline model answers,
    and the notes, each long enough not to occur by chance."""
    texts = list(note_paragraphs(lesson))
    for part in lesson.parts:
        if isinstance(part, QuestionsPart | SourcesPart):
            texts += [q.answer for q in part.questions if q.answer]
        if isinstance(part, MarkingPart):
            texts += [answer.reason for answer in part.answers]
            texts += [f.answer for f in part.follow_up if f.answer]
        if isinstance(part, TablePart):
            texts += [cell.answer for row in part.rows for cell in row if isinstance(cell, AnswerCell)]
        if isinstance(part, TimelinePart) and part.answer:
            texts.append(part.answer)
    return [text for text in texts if len(squash(text)) > LONG_ENOUGH]


# --------------------------------------------------------------------------- the corrected facts


@pytest.mark.parametrize(
    "fact",
    [
        "1912 Member of the Bolshevik Central Committee",
        "Heinemann textbook, chapter 8",
        "For what reasons was Stalin able to defeat his political rivals by 1929?",
        "Level 0 0 Nothing worthy of credit.",
        "Write down two things that would move Answer 2 up a level.",
        "Comrade Trotsky, on the other hand",
        "in which Lenin had criticised Trotsky",
    ],
)
def test_the_corrected_facts_are_on_the_worksheet_and_in_the_key(pack: PackFiles, fact: str) -> None:
    assert contains(sheet_body(pack.worksheet), fact)
    assert contains(key_text(pack), fact)


def test_the_key_gives_the_follow_up_and_timeline_model_answers(pack: PackFiles, lesson: Lesson) -> None:
    (marking,) = [part for part in lesson.parts if isinstance(part, MarkingPart)]
    (timeline,) = [part for part in lesson.parts if isinstance(part, TimelinePart)]
    key = key_text(pack)
    assert [f.answer for f in marking.follow_up if f.answer and not contains(key, f.answer)] == []
    assert timeline.answer and contains(key, timeline.answer)
    assert contains(key, "Georgian affair against Stalin")


def test_the_key_carries_every_task_note(pack: PackFiles, lesson: Lesson) -> None:
    key = key_text(pack)
    expected = note_paragraphs(lesson)
    assert len(expected) > 20
    assert [paragraph for paragraph in expected if not contains(key, paragraph)] == []
    assert contains(key, "accept 1919 or 1920")
    assert contains(key, "Those claims come from a single source")


def test_the_three_errors_are_gone(pack: PackFiles) -> None:
    deck = " ".join(f"{slide.shown} {slide.notes}" for slide in read_deck(pack.slides))
    for text in (sheet_body(pack.worksheet), key_text(pack), deck):
        folded = squash(text).casefold()
        assert "nearly half" not in folded
        assert "using page 74" not in folded
        assert not contains(text, "never missed a meeting, seemed moderate")
        assert not contains(text, "nothing on how Stalin defeated the Left")


def test_no_answer_or_teacher_note_reaches_a_pupil_output(pack: PackFiles, lesson: Lesson) -> None:
    hidden = teacher_only(lesson)
    assert len(pack.variants) == 2
    leaks = {
        name: [text for text in hidden if contains(shown, text)] for name, shown in pupil_texts(pack).items()
    }
    assert {name: found for name, found in leaks.items() if found} == {}
    assert all(NOTE_LABEL not in text for text in pupil_texts(pack).values())


def test_the_key_words_print_on_their_own_last_page(pack: PackFiles, lesson: Lesson) -> None:
    """After every task (only the cut-out cards come later), and alone on their page."""
    heading = next(part.heading(WORDING) for part in lesson.parts if part.sheet_at_end())
    pages = [page.text for page in read_pdf(pack.worksheet)]
    (index,) = [number for number, text in enumerate(pages) if contains(text, heading)]
    assert contains(pages[index], "Socialism in One Country")
    assert "Task" not in pages[index]
    assert all("Cards for Task" in text or not text.strip() for text in pages[index + 1 :])
    assert not contains(pages[0], "Socialism in One Country: Stalin")


# --------------------------------------------------------------------------- the generator features

MARKING = """
title: Marking with a follow-up
parts:
  - type: marking
    question: Why did the Roman Republic fall?
    marks: 4
    notes: Accept any two causes. MARKNOTEX1
    scheme:
      - level: 0
        marks: 0
        descriptor: ZEROBAND nothing worthy of credit.
      - level: 1
        marks: 1-2
        descriptor: Names causes.
      - level: 2
        marks: 3-4
        descriptor: Explains causes.
    answers:
      - text: It just fell.
        mark: 0
        level: 0
        reason: No cause is given. REASONZERO
      - text: Civil wars and ambitious generals.
        mark: 2
        level: 1
        reason: Names two causes. REASONONE
    follow_up:
      - question: What would move Answer 2 up a level? FOLLOWQX
        answer: Explaining how the generals' armies were loyal to them. FOLLOWANSX
        lines: 6
      - question: Which answer is weakest, and why? FOLLOWQY
  - type: timeline
    start: 1900
    end: 1910
    instructions: Place the events, then add one of your own.
    answer: Any dated event in 1900-1910. TIMEANSX
    notes: Ten minutes. TIMENOTEX
    events:
      - date: "1901"
        event: First event
      - date: "1905"
        event: Second event
  - type: keywords
    worksheet: end
    notes: Read them aloud. KEYNOTEX
    terms:
      Republic: Rule by elected magistrates. KEYMEANX
  - type: slide
    title: Closing
    notes: Thank the class. SLIDEONLYX
"""


@pytest.fixture(scope="module")
def marking_pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return build_text(tmp_path_factory.mktemp("marking-follow-up"), MARKING)


def test_follow_up_questions_get_lines_on_the_worksheet_and_answers_in_the_key(
    marking_pack: PackFiles,
) -> None:
    worksheet = sheet_body(marking_pack.worksheet)
    key = sheet_body(marking_pack.answers)
    for text in ("FOLLOWQX", "FOLLOWQY"):
        assert text in worksheet and text in key
    assert "FOLLOWANSX" not in worksheet and "FOLLOWANSX" in key
    assert worksheet.index("FOLLOWQX") > worksheet.index("Civil wars"), "after the last answer"


def test_follow_up_questions_on_the_task_slide_and_answers_on_the_marks_slide(
    marking_pack: PackFiles,
) -> None:
    slides = read_deck(marking_pack.slides)
    task = next(slide for slide in slides if slide.title.endswith("Marking exercise"))
    marks = [slide for slide in slides if ": marks" in slide.title]
    assert "FOLLOWQX" in task.on_screen and "FOLLOWANSX" not in task.on_screen
    assert "FOLLOWANSX" in task.notes
    assert any("FOLLOWANSX" in slide.on_screen for slide in marks)
    pupils = " ".join(f"{slide.shown} {slide.notes}" for slide in read_deck(marking_pack.pupil_slides))
    assert "FOLLOWQX" in pupils and "FOLLOWANSX" not in pupils


def test_a_zero_band_prints_as_level_0_with_0_marks_on_every_output(marking_pack: PackFiles) -> None:
    row = "Level 0 0 ZEROBAND nothing worthy of credit."
    assert contains(sheet_body(marking_pack.worksheet), row)
    assert contains(sheet_body(marking_pack.answers), row)
    assert contains(sheet_body(marking_pack.answers), WORDING("mark_given", mark=0, marks=4, level=0))
    scheme = next(slide for slide in read_deck(marking_pack.slides) if slide.title.endswith("mark scheme"))
    assert scheme.cells[-3:] == ("Level 0", "0", "ZEROBAND nothing worthy of credit.")


def test_notes_are_in_the_key_under_their_part_and_never_for_pupils(marking_pack: PackFiles) -> None:
    key = sheet_body(marking_pack.answers)
    for note in ("MARKNOTEX1", "TIMENOTEX", "KEYNOTEX", "TIMEANSX"):
        assert note in key, note
    assert key.index("MARKNOTEX1") > key.index("FOLLOWANSX"), "under the part, after its answers"
    assert key.count(squash(NOTE_LABEL)) == 3
    assert "SLIDEONLYX" not in key, "a slide's notes stay in the deck"
    for path in marking_pack.for_pupils:
        shown = pupil_text(path)
        for hidden in ("MARKNOTEX1", "TIMENOTEX", "KEYNOTEX", "TIMEANSX", "FOLLOWANSX", "REASONZERO"):
            assert hidden not in shown, (path.name, hidden)


def test_key_words_at_the_end_follow_every_task(marking_pack: PackFiles) -> None:
    for path in (marking_pack.worksheet, marking_pack.answers):
        pages = [page.text for page in read_pdf(path)]
        assert "KEYMEANX" in pages[-1]
        assert "Task" not in pages[-1]


def test_a_follow_up_with_no_answer_is_warned_about(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, MARKING)
    (warning,) = [w for w in check_lesson(spec, "lesson.yaml") if "follow-up" in w.message]
    assert warning.path == ("parts", 0, "follow_up", 1, "question")
    assert warning.message == (
        "the answer key has no answer for this follow-up question: it shows "
        "the writing space instead (add `answer:` to put a model answer in the key)"
    )
