"""Lessons as teachers really write them: questions without model answers, timelines of any span
and era, verse, working space for maths and science, and warnings for likely slips."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from conftest import build_text, read_deck, read_pdf, sheet_body, write_spec

from generator.build import PackFiles, load_lesson
from generator.deck.fit import BODY
from generator.pack import plan_pack
from generator.sheet.plan import Audience, Block, Keep, WritingLines, for_audience
from generator.typography import curly
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
    # The 4-mark exam question's 12 lines: 4 kept with its prompt, 8 running on.
    assert pupil == [4, 3, 3, 3, 4, 8]
    assert teacher == [4, 3, 3, 4, 8]


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


ROME = """
title: Rome
parts:
  - type: timeline
    title: Rome from city to empire
    start: 753 BC
    end: AD 476
    events:
      - {date: AD 43, event: Claudius invades Britain}
      - {date: 753 BC, event: Rome is founded}
      - {date: 15 March 44 BC, event: Caesar is killed}
      - {date: c. 264 BC, event: The first war with Carthage}
      - {date: 509 BC, event: The Republic begins}
      - {date: AD 476, event: The last western emperor is deposed}
"""
ROME_DATES = ["753 BC", "509 BC", "c. 264 BC", "15 March 44 BC", "AD 43", "AD 476"]


def _axis_labels(text: str) -> list[str]:
    return re.findall(r"\d+ BC|AD \d+", text)


def _signed(label: str) -> int:
    number = int(re.sub(r"\D", "", label))
    return -number if label.endswith("BC") else number


def test_a_timeline_from_753_bc_to_ad_476_counts_down_then_up(tmp_path: Path) -> None:
    files = build_text(tmp_path, ROME)
    worksheet = read_pdf(files.worksheet)[0]
    axis_line = next(line for line in worksheet.lines if line.startswith("753 BC"))
    labels = _axis_labels(axis_line)
    assert labels[0] == "753 BC" and labels[-1] == "AD 476", axis_line
    assert [_signed(label) for label in labels] == sorted(_signed(label) for label in labels)
    assert any(label.endswith("BC") for label in labels[1:-1]) and any(
        label.startswith("AD") for label in labels[1:-1]
    )
    assert "0 BC" not in axis_line.split() and "AD 0" not in axis_line


def test_the_key_lists_the_roman_dates_in_order_and_the_worksheet_none(tmp_path: Path) -> None:
    files = build_text(tmp_path, ROME)
    key = sheet_body(files.answers)
    listed = key[key.index("The events in date order") :]
    places = [listed.index(date) for date in ROME_DATES]
    assert places == sorted(places)
    worksheet = sheet_body(files.worksheet)
    for date in ("509 BC", "264", "15 March", "AD 43"):
        assert date not in worksheet
    for slide in read_deck(files.slides):
        if not slide.title.endswith(": answers"):
            assert "15 March" not in slide.shown and "264" not in slide.shown


def test_the_answers_slide_labels_its_axis_in_bce_and_ce_as_the_spec_writes_them(tmp_path: Path) -> None:
    files = build_text(
        tmp_path, ROME.replace(" BC,", " BCE,").replace("AD 43", "43 CE").replace("AD 476", "476 CE")
    )
    reveal = next(slide for slide in read_deck(files.slides) if slide.title.endswith(": answers"))
    assert "753 BCE" in reveal.shown and "476 CE" in reveal.shown
    assert " AD " not in f" {reveal.shown} " and not re.search(r"\d BC\b", reveal.shown)


SONNET = """
title: Sonnet 18
parts:
  - type: sources
    title: Reading the sonnet
    sources:
      - caption: Sonnet 18
        verse: true
        line_numbers: 5
        text: |
          Shall I compare thee to a summer's day?
          Thou art more lovely and more temperate:
          Rough winds do shake the darling buds of May,
          And summer's lease hath all too short a date;
          Sometime too hot the eye of heaven shines,
          And often is his gold complexion dimm'd;
          And every fair from fair sometime declin'd,
          By chance or nature's changing course untrimm'd;

          But thy eternal summer shall not fade,
          Nor lose possession of that fair thou ow'st;
          Nor shall death brag thou wander'st in his shade,
          When in eternal lines to time thou grow'st:
          So long as men can breathe or eyes can see,
          So long lives this, and this gives life to thee.
        attribution: William Shakespeare, 1609
    questions:
      - prompt: What does line 10 promise?
        answer: SONNETANSWER that the beauty will never fade.
"""
SONNET_LINES = [
    line.strip() for line in SONNET.split("text: |")[1].split("attribution")[0].splitlines() if line.strip()
]


def test_a_sonnet_keeps_its_lines_and_numbers_them_on_the_worksheet_and_key(tmp_path: Path) -> None:
    files = build_text(tmp_path, SONNET)
    for sheet in (files.worksheet, files.answers):
        lines = [line for page in read_pdf(sheet) for line in page.lines]
        found = [next(index for index, line in enumerate(lines) if poem in line) for poem in SONNET_LINES]
        assert found == sorted(found) and len(set(found)) == 14, found
        assert lines[found[4]] == f"5 {SONNET_LINES[4]}"
        assert lines[found[9]] == f"10 {SONNET_LINES[9]}"
        numbered = [index for index, at in enumerate(found) if lines[at] != SONNET_LINES[index]]
        assert numbered == [4, 9]
    assert "SONNETANSWER" not in sheet_body(files.worksheet)
    assert "SONNETANSWER" in sheet_body(files.answers)


def test_a_sonnet_on_the_slides_is_one_paragraph_a_line_numbered_as_on_paper(tmp_path: Path) -> None:
    from pptx import Presentation

    files = build_text(tmp_path, SONNET)
    deck = Presentation(str(files.slides))
    paragraphs = [
        paragraph.text
        for slide in deck.slides
        if "Source A" in (slide.shapes.title.text if slide.shapes.title else "")
        for shape in slide.shapes
        if shape.has_text_frame and shape != slide.shapes.title
        for paragraph in shape.text_frame.paragraphs
    ]
    verse = [text for text in paragraphs if "\t" in text]
    assert [text.split("\t")[1] for text in verse] == [curly(line) for line in SONNET_LINES]
    assert [text.split("\t")[0] for text in verse] == ["" if n % 5 else str(n) for n in range(1, 15)]
    pupil_slides = [slide for slide in read_deck(files.slides) if not slide.title.endswith(": answers")]
    assert all("SONNETANSWER" not in slide.on_screen for slide in pupil_slides)


SONNET_SLIDE = (
    "title: Sonnet 18\nparts:\n  - type: slide\n    title: Shall I compare thee\n    verse: true\n"
    "    line_numbers: 5\n    text: |\n"
    + "".join(f"      {line}\n" if line else "\n" for line in [*SONNET_LINES[:8], "", *SONNET_LINES[8:]])
)


def _verse_paragraphs(deck_path: Path) -> list[tuple[str, str]]:
    """Each paragraph of the slides' bodies that is a line of verse, as (number, line)."""
    from pptx import Presentation

    return [
        (paragraph.text.split("\t")[0], paragraph.text.split("\t")[1])
        for slide in Presentation(str(deck_path)).slides
        for shape in slide.shapes
        if shape.has_text_frame and shape != slide.shapes.title
        for paragraph in shape.text_frame.paragraphs
        if "\t" in paragraph.text
    ]


def test_a_sonnet_on_a_slide_part_keeps_its_lines_numbered_every_fifth(tmp_path: Path) -> None:
    files = build_text(tmp_path, SONNET_SLIDE)
    numbers = ["" if n % 5 else str(n) for n in range(1, 15)]
    for deck in (files.slides, files.pupil_slides):
        verse = _verse_paragraphs(deck)
        assert [line for _, line in verse] == [curly(line) for line in SONNET_LINES]
        assert [number for number, _ in verse] == numbers
    assert _warnings(files) == [], "a poem has its own lines: no 12-line budget warning"


def test_a_slide_part_may_carry_prose_paragraphs_before_its_bullets(tmp_path: Path) -> None:
    text = (
        "title: T\nparts:\n  - type: slide\n    title: Prose\n    text: |\n      First paragraph\n"
        "      goes on.\n\n      Second paragraph.\n    bullets: [A bullet]\n"
    )
    slide = read_deck(build_text(tmp_path, text).slides)[-1]
    assert slide.shown.index("First paragraph goes on.") < slide.shown.index("Second paragraph.")
    assert slide.shown.index("Second paragraph.") < slide.shown.index("A bullet")


def test_line_numbers_on_a_slide_without_verse_are_refused(tmp_path: Path) -> None:
    import pytest

    from generator.errors import SpecError

    with pytest.raises(SpecError) as raised:
        load_lesson(write_spec(tmp_path, SONNET_SLIDE.replace("verse: true", "verse: false")), "lesson.yaml")
    assert str(raised.value) == (
        "lesson.yaml:6:5: parts[1].line_numbers: line_numbers needs verse: true (prose has no fixed lines)"
    )


def test_line_numbers_without_verse_are_refused(tmp_path: Path) -> None:
    import pytest

    from generator.errors import SpecError

    with pytest.raises(SpecError) as raised:
        load_lesson(write_spec(tmp_path, SONNET.replace("verse: true", "verse: false")), "lesson.yaml")
    assert str(raised.value) == (
        "lesson.yaml:8:9: parts[1].sources[1].line_numbers: "
        "line_numbers needs verse: true (prose has no fixed lines)"
    )


def test_a_part_missing_its_dash_is_told_to_add_it(tmp_path: Path) -> None:
    import pytest

    from generator.errors import SpecError

    text = "title: T\nparts:\n  - type: slide\n    title: One\n    type: slide\n    title: Two\n"
    with pytest.raises(SpecError) as raised:
        load_lesson(write_spec(tmp_path, text), "lesson.yaml")
    assert str(raised.value).splitlines()[0] == (
        "lesson.yaml:5:5: parts[1].type: 'type' is given twice, on lines 3 and 5: if line 5 starts a "
        "new part, write '- ' before 'type:' (as in '- type: ...'), lined up with the other parts' dashes"
    )


GAPS = """
title: Pythagoras
parts:
  - type: gap_fill
    text: |
      The longest side of a right-angled triangle is the [hypotenuse].
      Its square is the sum of the [[squares]] of the other two sides.
"""


def test_single_brackets_in_a_gap_fill_warn_and_say_how_to_write_a_gap(tmp_path: Path) -> None:
    files = build_text(tmp_path, GAPS)
    assert _warnings(files) == [
        "lesson.yaml:4:5: warning: parts[1].text: '[hypotenuse]' is in single brackets, so the worksheet "
        "prints it for pupils to read: write a gap in double brackets, [[hypotenuse]] (single brackets "
        "are right only for words pupils should read, such as [sic])"
    ]
    assert "[hypotenuse]" in sheet_body(files.worksheet), "printed as typed: hence the warning"


def test_check_warns_of_single_brackets_too(tmp_path: Path) -> None:
    from generator.build import check_lesson

    warnings = [str(warning) for warning in check_lesson(write_spec(tmp_path, GAPS), "lesson.yaml")]
    assert len(warnings) == 1 and "'[hypotenuse]' is in single brackets" in warnings[0]


def test_a_gap_fill_with_only_double_brackets_gets_no_warning(tmp_path: Path) -> None:
    files = build_text(tmp_path, GAPS.replace("[hypotenuse]", "[[hypotenuse]]"))
    assert _warnings(files) == []
