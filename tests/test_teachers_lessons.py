"""Lessons as teachers really write them: questions without model answers, timelines of any span
and era, verse, working space for maths and science, and warnings for likely slips."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from conftest import build_text, read_deck, sheet_body, write_spec

from generator.build import PackFiles, load_lesson
from generator.deck.fit import BODY
from generator.pack import plan_pack
from generator.sheet.plan import Audience, Block, Keep, WritingLines, for_audience
from generator.wording import default_wording

WORDING = default_wording()

UNANSWERED = """
title: Pythagoras practice
parts:
  - type: questions
    title: Practice
    questions:
      - prompt: Find the hypotenuse of a triangle with sides 3 cm and 4 cm.
        marks: 2
      - prompt: Find the hypotenuse of a triangle with sides 5 cm and 12 cm.
        answer: ANSWERONE 13 cm
      - prompt: Explain your method.
  - type: sources
    sources:
      - text: A source with no answers to its questions.
    questions:
      - prompt: What does the source say?
  - type: exam_question
    prompt: Prove Pythagoras' theorem.
    marks: 4
"""


def _warnings(files: PackFiles) -> list[str]:
    return [str(warning).rsplit("/", 1)[-1] for warning in files.warnings]


def test_questions_without_answers_build_with_one_warning_per_part(tmp_path: Path) -> None:
    files = build_text(tmp_path, UNANSWERED)
    assert _warnings(files) == [
        "lesson.yaml:5:5: warning: parts[1].questions: the answer key has no answer for questions 1 and 3: "
        "it shows the writing space instead (add `answer:` to a question to put its model answer in the key)",
        "lesson.yaml:14:5: warning: parts[2].questions: the answer key has no answer for question 1: "
        "it shows the writing space instead (add `answer:` to a question to put its model answer in the key)",
        "lesson.yaml:17:5: warning: parts[3].prompt: the answer key has no answer for this question: "
        "it shows the writing space instead (add `scheme:` or `indicative:` to put a mark scheme "
        "or points to look for in the key)",
    ]


def test_the_key_shows_an_unanswered_question_with_its_space_and_no_answer_label(tmp_path: Path) -> None:
    files = build_text(tmp_path, UNANSWERED)
    key = sheet_body(files.answers)
    worksheet = sheet_body(files.worksheet)
    assert "Explain your method." in key
    assert "ANSWERONE 13 cm" in key
    assert "ANSWERONE" not in worksheet
    assert "Answer:" not in key and "Answers:" not in key


def test_the_key_keeps_the_writing_space_of_each_unanswered_question(tmp_path: Path) -> None:
    lesson = load_lesson(write_spec(tmp_path, UNANSWERED))
    sheet = plan_pack(lesson, WORDING, BODY).sheet
    pupil = _writing_lines(for_audience(sheet, Audience.PUPIL))
    teacher = _writing_lines(for_audience(sheet, Audience.TEACHER))
    # Questions 1 and 3, the source's question and the exam question keep their lines in the key.
    assert pupil == [4, 3, 3, 3, 4, 4]
    assert teacher == [4, 3, 3, 4, 4]


def _writing_lines(blocks: Sequence[Block]) -> list[int]:
    found: list[int] = []
    for block in blocks:
        if isinstance(block, WritingLines):
            found.append(block.count)
        elif isinstance(block, Keep):
            found.extend(_writing_lines(block.blocks))
    return found


def test_answer_slides_skip_unanswered_questions(tmp_path: Path) -> None:
    files = build_text(tmp_path, UNANSWERED)
    slides = read_deck(files.slides)
    titles = [slide.title for slide in slides]
    answers = [slide for slide in slides if slide.title.endswith(": answers")]
    assert [slide.title for slide in answers] == ["Task 1: Practice: answers"], titles
    assert "ANSWERONE" in answers[0].shown and "Explain your method" not in answers[0].shown
    assert "Find the hypotenuse of a triangle with sides 3" not in answers[0].shown
    for slide in slides:
        if slide is not answers[0]:
            assert "ANSWERONE" not in slide.shown
