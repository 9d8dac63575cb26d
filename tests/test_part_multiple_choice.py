"""The quiz, gap-fill and matching part types: no answer reaches the worksheet or a task slide,
shuffles are fixed and never the spec's order, gaps give nothing away, and every check is located."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pdfplumber
import pytest
from conftest import contains, read_deck, read_pdf, require_file, write_spec
from pptx import Presentation

from generator.build import PackFiles, build_pack, load_lesson
from generator.errors import SpecError
from generator.pack import plan_pack
from generator.part_context import PartContext
from generator.parts.gap_fill import GapFillPart
from generator.parts.matching import MatchingPart
from generator.parts.multiple_choice import MultipleChoicePart
from generator.sheet.plan import (
    Audience,
    Block,
    Boxed,
    Keep,
    Option,
    Options,
    Para,
    Reveal,
    Span,
    Spans,
    Table,
    for_audience,
)
from generator.spec import Lesson, Part
from generator.wording import default_wording

WORDING = default_wording()
PartT = TypeVar("PartT", bound=Part)

LESSON = """
title: Sentinel lesson for quizzes, gaps and matching
parts:
  - type: slide
    title: Opening slide
    bullets: [Nothing to hide here]

  - type: multiple_choice
    title: Quiz
    notes: Give them two minutes. TASKNOTEMC1
    questions:
      - prompt: First question PROMPTMC1
        options: [WRONGMCA, RIGHTMCB, WRONGMCC, WRONGMCD]
        answer: RIGHTMCB
      - prompt: Second question PROMPTMC2
        options: [RIGHTMCE, WRONGMCF, RIGHTMCG, WRONGMCH]
        answer: [RIGHTMCE, RIGHTMCG]
      - prompt: Third question PROMPTMC3
        options: [RIGHTMCI, WRONGMCJ]
        answer: RIGHTMCI

  - type: gap_fill
    title: Gaps with a bank
    notes: Read it aloud first. TASKNOTEGAP1
    text: |
      The first gap is [[GAPWORDONE]] and the second is
      [[GAPWORDTWO]], on a second line.

      A new paragraph holds [[GAPWORDTHREE]] and [[Patronage]].
    distractors: [DISTRACTORONE, DISTRACTORTWO]

  - type: gap_fill
    title: Gaps without a bank
    word_bank: false
    text: Without a bank, [[NOBANKWORDONE]] and [[NOBANKWORDTWO]] stay hidden.

  - type: matching
    title: Match the words
    notes: Model the first one. TASKNOTEMATCH1
    pairs:
      - {term: TERMONE, definition: DEFINITIONONE}
      - {term: TERMTWO, definition: DEFINITIONTWO}
      - {term: TERMTHREE, definition: DEFINITIONTHREE}
      - {term: TERMFOUR, definition: DEFINITIONFOUR}
      - {term: TERMFIVE, definition: DEFINITIONFIVE}
"""

NOTES = ("TASKNOTEMC1", "TASKNOTEGAP1", "TASKNOTEMATCH1")
HIDDEN_WORDS = ("NOBANKWORDONE", "NOBANKWORDTWO")
"""Gap words with no word bank: the worksheet and task slide must not show them at all."""
BANK_WORDS = ("GAPWORDONE", "GAPWORDTWO", "GAPWORDTHREE", "Patronage")


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_spec(tmp_path_factory.mktemp("quiz-spec"), LESSON)


@pytest.fixture(scope="module")
def lesson(spec: Path) -> Lesson:
    return load_lesson(spec)


@pytest.fixture(scope="module")
def pack(spec: Path, tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return build_pack(spec, tmp_path_factory.mktemp("quiz-pack"))


def part_of(lesson: Lesson, kind: type[PartT]) -> list[PartT]:
    return [part for part in lesson.parts if isinstance(part, kind)]


def sheet_text(path: Path) -> str:
    return " ".join(page.text for page in read_pdf(path))


def walk(blocks: Sequence[Block]) -> Iterator[Block]:
    """Every block in the tree, inside Keeps, Reveals (both sides) and table cells."""
    for block in blocks:
        yield block
        if isinstance(block, Keep):
            yield from walk(block.blocks)
        elif isinstance(block, Reveal):
            yield from walk(block.pupil)
            yield from walk(block.teacher)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from walk(cell)


def sheet_of(lesson: Lesson, audience: Audience) -> tuple[Block, ...]:
    return for_audience(plan_pack(lesson, WORDING).sheet, audience)


def options_shown(lesson: Lesson, audience: Audience) -> list[tuple[Option, ...]]:
    return [block.options for block in walk(sheet_of(lesson, audience)) if isinstance(block, Options)]


def quiz_answers(lesson: Lesson) -> list[str]:
    """Each quiz question's answer line as the key prints it, from the letters pupils see."""
    (quiz,) = part_of(lesson, MultipleChoicePart)
    lines = []
    for question, options in zip(quiz.questions, options_shown(lesson, Audience.PUPIL), strict=True):
        choices = [
            WORDING("quiz_choice", letter=option.letter, text=option.text)
            for option in options
            if option.text in question.answers
        ]
        lines.append(WORDING("quiz_answer", choices=choices))
    return lines


def gap_mappings(lesson: Lesson) -> list[str]:
    """Each gap's number with its word, as the key prints it: "(1) GAPWORDONE"."""
    return [
        WORDING("gap_filled", number=number, word=word)
        for part in part_of(lesson, GapFillPart)
        for number, word in enumerate(re.findall(r"\[\[(.*?)\]\]", part.text), 1)
    ]


def pairings(lesson: Lesson) -> list[str]:
    """Each term's number with its definition's letter, as the key prints it: "1 → C"."""
    (matching,) = part_of(lesson, MatchingPart)
    return [f"{number} → {letter}" for number, letter in enumerate(matching.letters(), 1)]


def bold_words(path: Path) -> dict[str, set[bool]]:
    """Each word on the document with whether it was drawn in bold (a ticked option is bold)."""
    found: dict[str, set[bool]] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for word in page.extract_words(extra_attrs=["fontname"]):
                found.setdefault(word["text"], set()).add("Bold" in word["fontname"])
    return found


def slides_titled(files: PackFiles, pattern: str) -> list:
    return [slide for slide in read_deck(files.slides) if re.search(pattern, slide.title)]


# --------------------------------------------------------------------------- leakage: worksheet and key


def test_no_quiz_answer_line_is_on_the_worksheet_and_every_one_is_in_the_key(
    pack: PackFiles, lesson: Lesson
) -> None:
    answers = quiz_answers(lesson)
    assert answers[1].startswith("Answers: ") and "; " in answers[1]
    assert [answer for answer in answers if contains(sheet_text(pack.worksheet), answer)] == []
    assert [answer for answer in answers if not contains(sheet_text(pack.answers), answer)] == []


def test_quiz_options_are_on_the_worksheet(pack: PackFiles, lesson: Lesson) -> None:
    """The options are the exercise, not the answer."""
    (quiz,) = part_of(lesson, MultipleChoicePart)
    worksheet = sheet_text(pack.worksheet)
    for question, options in zip(quiz.questions, options_shown(lesson, Audience.PUPIL), strict=True):
        assert contains(worksheet, question.prompt)
        assert sorted(option.text for option in options) == sorted(question.options)
        assert [o.text for o in options if not contains(worksheet, f"{o.letter}. {o.text}")] == []


def test_no_box_is_ticked_for_pupils_and_the_right_ones_are_for_the_teacher(lesson: Lesson) -> None:
    pupil = [option for options in options_shown(lesson, Audience.PUPIL) for option in options]
    assert len(pupil) == 10
    assert [option for option in pupil if option.ticked] == []
    teacher = [option for options in options_shown(lesson, Audience.TEACHER) for option in options]
    assert sorted(option.text for option in teacher if option.ticked) == [
        "RIGHTMCB",
        "RIGHTMCE",
        "RIGHTMCG",
        "RIGHTMCI",
    ]


def test_no_option_is_bold_on_the_worksheet_and_the_right_ones_are_in_the_key(pack: PackFiles) -> None:
    """What the plan says is what is drawn: a ticked option is bold, and only in the key."""
    right = ["RIGHTMCB", "RIGHTMCE", "RIGHTMCG", "RIGHTMCI"]
    options = [*right, "WRONGMCA", "WRONGMCC", "WRONGMCD", "WRONGMCF", "WRONGMCH", "WRONGMCJ"]
    worksheet = bold_words(pack.worksheet)
    key = bold_words(pack.answers)
    assert {name: worksheet.get(name) for name in options} == {name: {False} for name in options}
    assert {name for name in options if True in key[name]} == set(right)


def test_gap_words_are_in_the_key_in_their_gaps_and_never_in_a_gap_on_the_worksheet(
    pack: PackFiles, lesson: Lesson
) -> None:
    mappings = gap_mappings(lesson)
    assert len(mappings) == 6
    worksheet = sheet_text(pack.worksheet)
    assert [mapping for mapping in mappings if contains(worksheet, mapping)] == []
    assert [mapping for mapping in mappings if not contains(sheet_text(pack.answers), mapping)] == []


def test_without_a_word_bank_the_gap_words_are_nowhere_on_the_worksheet(pack: PackFiles) -> None:
    assert [word for word in HIDDEN_WORDS if contains(sheet_text(pack.worksheet), word)] == []
    assert [word for word in HIDDEN_WORDS if not contains(sheet_text(pack.answers), word)] == []


def test_the_word_bank_is_on_the_worksheet_once_with_its_distractors(pack: PackFiles) -> None:
    """The bank is the exercise: each missing word and distractor printed once, in the bank."""
    worksheet = sheet_text(pack.worksheet)
    assert contains(worksheet, WORDING("word_bank_label"))
    for word in (*BANK_WORDS, "DISTRACTORONE", "DISTRACTORTWO"):
        assert len(re.findall(rf"\b{word}\b", worksheet)) == 1, word


def test_the_key_draws_each_filled_gap_bold(pack: PackFiles) -> None:
    key = bold_words(pack.answers)
    assert {word: True in key[word] for word in (*HIDDEN_WORDS, "GAPWORDONE")} == {
        "NOBANKWORDONE": True,
        "NOBANKWORDTWO": True,
        "GAPWORDONE": True,
    }


def test_the_gap_key_marks_the_words_as_emphasised_spans(lesson: Lesson) -> None:
    context = PartContext(WORDING, lesson.folder, "Task 9: Gaps")
    sheets = [part.sheet(context) for part in part_of(lesson, GapFillPart)]
    spans = [
        span
        for sheet in sheets
        for block in walk(for_audience(sheet, Audience.TEACHER))
        if isinstance(block, Spans)
        for span in block.spans
    ]
    assert sorted(span.text for span in spans if span.emphasis) == sorted((*BANK_WORDS, *HIDDEN_WORDS))
    pupil = [block for sheet in sheets for block in walk(for_audience(sheet, Audience.PUPIL))]
    assert [block for block in pupil if isinstance(block, Spans)] == []
    assert [word for word in HIDDEN_WORDS if any(word in str(block) for block in pupil)] == []


def test_no_matching_pair_is_on_the_worksheet_and_every_one_is_in_the_key(
    pack: PackFiles, lesson: Lesson
) -> None:
    pairs = pairings(lesson)
    worksheet = sheet_text(pack.worksheet)
    assert [pair for pair in pairs if contains(worksheet, pair)] == []
    assert [pair for pair in pairs if not contains(sheet_text(pack.answers), pair)] == []
    blanks = [WORDING("matching_blank", number=number) for number in range(1, 6)]
    assert [blank for blank in blanks if not contains(worksheet, blank)] == []


def test_the_worksheet_matching_table_never_pairs_a_term_with_its_definition(lesson: Lesson) -> None:
    (matching,) = part_of(lesson, MatchingPart)
    columns = tuple(WORDING.items("matching_columns"))
    tables = [
        block
        for block in walk(sheet_of(lesson, Audience.PUPIL))
        if isinstance(block, Table) and block.columns == columns
    ]
    assert len(tables) == 1
    matched = tuple(WORDING.items("matching_reveal_columns"))
    for audience, count in ((Audience.PUPIL, 0), (Audience.TEACHER, 1)):
        shown = [b for b in walk(sheet_of(lesson, audience)) if isinstance(b, Table) and b.columns == matched]
        assert len(shown) == count, audience
    rows = [tuple(cell[0].text for cell in row if isinstance(cell[0], Para)) for row in tables[0].rows]
    terms = [f"{number}. {pair.term}" for number, pair in enumerate(matching.pairs, 1)]
    assert [term for term, _ in rows] == terms
    own = {pair.term: pair.definition for pair in matching.pairs}
    assert [
        row for row, pair in zip(rows, matching.pairs, strict=True) if row[1].endswith(own[pair.term])
    ] == []


def test_teacher_notes_are_in_the_key_only(pack: PackFiles) -> None:
    assert [note for note in NOTES if contains(sheet_text(pack.worksheet), note)] == []
    assert [note for note in NOTES if not contains(sheet_text(pack.answers), note)] == []


# --------------------------------------------------------------------------- leakage: slides


def test_quiz_has_one_unique_slide_per_question_with_no_answer_on_it(pack: PackFiles, lesson: Lesson) -> None:
    titles = [slide.title for slide in read_deck(pack.slides)]
    assert len(titles) == len(set(titles))
    questions = slides_titled(pack, r"^Task 1: Quiz – question \d+$")
    assert [slide.title for slide in questions] == [f"Task 1: Quiz – question {n}" for n in (1, 2, 3)]
    choices = [re.sub(r"^Answers?: ", "", line) for line in quiz_answers(lesson)]
    for slide, answer in zip(questions, quiz_answers(lesson), strict=True):
        assert [choice for choice in choices if contains(slide.shown, choice)] == []
        assert "Answer" not in slide.shown
        assert contains(slide.notes, answer)
    assert "TASKNOTEMC1" in questions[0].notes
    assert contains(questions[1].shown, "(tick 2)")


def test_quiz_answers_slide_reveals_every_answer(pack: PackFiles, lesson: Lesson) -> None:
    (reveal,) = slides_titled(pack, r"^Task 1: Quiz: answers$")
    choices = [re.sub(r"^Answers?: ", "", line) for line in quiz_answers(lesson)]
    lines = [f"{number}. {choice}" for number, choice in enumerate(choices, 1)]
    assert [line for line in lines if not contains(reveal.shown, line)] == []
    assert [line for line in lines if not contains(reveal.notes, line)] == []


def test_gap_task_slides_show_blanks_and_the_reveal_fills_them_in_capitals(
    pack: PackFiles, lesson: Lesson
) -> None:
    task = slides_titled(pack, r"^Task \d: Gaps with(out)? a bank$")
    reveal = slides_titled(pack, r"^Task \d: Gaps with(out)? a bank: answers$")
    assert len(task) == len(reveal) == 2
    mappings = gap_mappings(lesson)
    shown = " ".join(slide.shown for slide in task)
    assert [mapping for mapping in mappings if contains(shown, mapping.upper())] == []
    assert [word for word in HIDDEN_WORDS if contains(shown, word)] == []
    revealed = " ".join(slide.shown for slide in reveal)
    assert [mapping for mapping in mappings if not contains(revealed, mapping.upper())] == []
    assert "(4) PATRONAGE" in revealed.replace("\u00a0", " ")
    assert contains(task[0].notes, "4. Patronage") and "TASKNOTEGAP1" in task[0].notes
    assert contains(shown, "Word bank:") and contains(shown, "DISTRACTORONE")


def test_matching_slide_shows_no_pairing_and_the_reveal_shows_each(pack: PackFiles, lesson: Lesson) -> None:
    (matching,) = part_of(lesson, MatchingPart)
    (task,) = slides_titled(pack, r"^Task 4: Match the words$")
    (reveal,) = slides_titled(pack, r"^Task 4: Match the words: answers$")

    def rows(cells: tuple[str, ...]) -> list[tuple[str, str]]:
        return list(zip(cells[2::2], cells[3::2], strict=True))

    matched = [
        (f"{number}. {pair.term}", f"{letter}. {pair.definition}")
        for (number, pair), letter in zip(enumerate(matching.pairs, 1), matching.letters(), strict=True)
    ]
    assert rows(reveal.cells) == matched
    assert [row for row in rows(task.cells) if row in matched] == []
    assert sorted(definition for _, definition in rows(task.cells)) == sorted(d for _, d in matched)
    assert [pair for pair in pairings(lesson) if contains(task.shown, pair)] == []
    assert [pair for pair in pairings(lesson) if not contains(task.notes, pair)] == []
    assert "TASKNOTEMATCH1" in task.notes


# --------------------------------------------------------------------------- determinism and shuffles


def test_building_twice_gives_the_same_sheets_and_slides(spec: Path, pack: PackFiles, tmp_path: Path) -> None:
    again = build_pack(spec, tmp_path / "again")
    for name in ("worksheet", "answers"):
        assert sheet_text(getattr(again, name)) == sheet_text(getattr(pack, name))
    assert [s.shown for s in read_deck(again.slides)] == [s.shown for s in read_deck(pack.slides)]


def test_quiz_options_are_shuffled_unless_shuffle_is_false(lesson: Lesson, tmp_path: Path) -> None:
    (quiz,) = part_of(lesson, MultipleChoicePart)
    shown = options_shown(lesson, Audience.PUPIL)
    for question, options in zip(quiz.questions, shown, strict=True):
        assert [option.text for option in options] != question.options
        assert [option.letter for option in options] == list("ABCD"[: len(options)])
    kept = load_lesson(
        write_spec(tmp_path, LESSON.replace("    title: Quiz\n", "    title: Quiz\n    shuffle: false\n"))
    )
    (unshuffled,) = part_of(kept, MultipleChoicePart)
    for question, options in zip(unshuffled.questions, options_shown(kept, Audience.PUPIL), strict=True):
        assert [option.text for option in options] == question.options


def test_the_word_bank_is_never_in_the_order_of_the_gaps(lesson: Lesson) -> None:
    bank, _ = part_of(lesson, GapFillPart)
    words = bank.bank()
    assert sorted(words) == sorted((*BANK_WORDS, "DISTRACTORONE", "DISTRACTORTWO"))
    assert [word for word in words if word in BANK_WORDS] != list(BANK_WORDS)
    boxed = [block for block in walk(sheet_of(lesson, Audience.PUPIL)) if isinstance(block, Boxed)]
    assert [block.paragraphs for block in boxed] == [
        (WORDING("word_bank_words", words=[word.replace(" ", "\u00a0") for word in words]),)
    ]


@pytest.mark.parametrize("count", [2, 3, 4, 7, 12])
def test_matching_definitions_never_keep_the_spec_order_or_a_term_s_row(count: int, tmp_path: Path) -> None:
    pairs = "".join(f"      - {{term: Term{n}, definition: Meaning number {n}}}\n" for n in range(count))
    lesson = load_lesson(write_spec(tmp_path, f"title: T\nparts:\n  - type: matching\n    pairs:\n{pairs}"))
    (matching,) = part_of(lesson, MatchingPart)
    order = matching.order()
    assert sorted(order) == list(range(count))
    assert [place for place, index in enumerate(order) if place == index] == []
    assert order == matching.order()


# --------------------------------------------------------------------------- even blanks


GAPS_OF_EVERY_LENGTH = """
title: Blanks
parts:
  - type: gap_fill
    text: |
      A [[a]] then [[incomprehensibilities]] then [[water vapour]]
      and [[to]] at the end of a line.
"""


def test_every_blank_on_the_worksheet_is_the_same_length(tmp_path: Path) -> None:
    files = build_pack(write_spec(tmp_path, GAPS_OF_EVERY_LENGTH), tmp_path / "out")
    blanks = re.findall(r"_+", sheet_text(files.worksheet))
    assert len(blanks) == 4
    assert len(set(blanks)) == 1
    assert len(blanks[0]) >= 16
    task = [slide for slide in read_deck(files.slides) if slide.title == "Task 1: Fill the gaps"]
    slide_blanks = re.findall(r"_+", task[0].shown)
    assert len(slide_blanks) == 4 and len(set(slide_blanks)) == 1


def test_every_blank_in_the_plan_is_the_same_text_but_its_number(tmp_path: Path) -> None:
    lesson = load_lesson(write_spec(tmp_path, GAPS_OF_EVERY_LENGTH))
    paras = [
        block
        for block in walk(sheet_of(lesson, Audience.PUPIL))
        if isinstance(block, Para) and "_" in block.text
    ]
    blanks = re.findall(r"\(\d+\)\u00a0(_+)", " ".join(para.text for para in paras))
    assert len(blanks) == 4 and len(set(blanks)) == 1


def test_spacing_around_gaps_follows_the_text(tmp_path: Path) -> None:
    text = 'title: T\nparts:\n  - type: gap_fill\n    word_bank: false\n    text: "([[rain]]), [[snow]]\'s"\n'
    lesson = load_lesson(write_spec(tmp_path, text))
    (spans,) = [b for b in walk(sheet_of(lesson, Audience.TEACHER)) if isinstance(b, Spans)]
    assert "".join(span.text for span in spans.spans) == "((1)\u00a0rain), (2)\u00a0snow\u2019s"
    assert [span for span in spans.spans if span.emphasis] == [Span("rain", True), Span("snow", True)]


# --------------------------------------------------------------------------- text stays text


def test_markup_in_options_words_and_pairs_prints_as_typed(tmp_path: Path) -> None:
    text = """
    title: Markup
    parts:
      - type: multiple_choice
        questions:
          - prompt: "Which is <b>bold</b>?"
            options: ["<b>x</b> & y", "{{ z }}"]
            answer: "{{ z }}"
      - type: gap_fill
        text: "Type [[<i>&amp;</i>]] here"
        distractors: ["{% if 1 %}no{% endif %}"]
      - type: matching
        pairs:
          - {term: "<br/>", definition: "a & b"}
          - {term: "</para>", definition: "{{ c }}"}
    """
    files = build_pack(write_spec(tmp_path, text), tmp_path / "out")
    for path in (files.worksheet, files.answers):
        shown = sheet_text(path)
        for typed in ("<b>x</b> & y", "{{ z }}", "{% if 1 %}no{% endif %}", "<br/>", "</para>", "{{ c }}"):
            assert contains(shown, typed), (path.name, typed)
    assert contains(sheet_text(files.answers), "<i>&amp;</i>")


# --------------------------------------------------------------------------- located errors

QUIZ = (
    "title: T\n"  # 1
    "parts:\n"  # 2
    "  - type: multiple_choice\n"  # 3
    "    questions:\n"  # 4
    "      - prompt: Who led the Red Army?\n"  # 5
)


def problems(tmp_path: Path, text: str) -> list[tuple[int, int, tuple[str | int, ...], str]]:
    with pytest.raises(SpecError) as raised:
        load_lesson(write_spec(tmp_path, text), "lesson.yaml")
    return [(p.line, p.column, p.path, p.message) for p in raised.value.problems]


def test_answer_not_among_the_options_suggests_the_nearest(tmp_path: Path) -> None:
    text = QUIZ + "        options: [Trotsky, Stalin]\n        answer: trotski\n"
    assert problems(tmp_path, text) == [
        (
            7,
            17,
            ("parts", 0, "questions", 0, "answer"),
            "'trotski' is not one of the options ('Trotsky', 'Stalin'); did you mean 'Trotsky'?",
        )
    ]


def test_one_of_several_answers_not_among_the_options(tmp_path: Path) -> None:
    text = QUIZ + "        options: [Trotsky, Stalin, Lenin]\n        answer: [Lenin, Zinoviev]\n"
    assert problems(tmp_path, text) == [
        (
            7,
            25,
            ("parts", 0, "questions", 0, "answer", 1),
            "'Zinoviev' is not one of the options ('Trotsky', 'Stalin', 'Lenin')",
        )
    ]


def test_an_answer_given_as_a_letter_is_told_to_give_the_text(tmp_path: Path) -> None:
    """The second option as written, whatever the shuffle does to the letters."""
    text = QUIZ + "        options: [Trotsky, Stalin, Lenin]\n        answer: B\n"
    assert problems(tmp_path, text) == [
        (
            7,
            17,
            ("parts", 0, "questions", 0, "answer"),
            "'B' is not one of the options ('Trotsky', 'Stalin', 'Lenin'): give the option's text, "
            "not its letter, such as `answer: Stalin`",
        )
    ]


def test_a_letter_past_the_last_option_is_still_told_to_give_the_text(tmp_path: Path) -> None:
    text = QUIZ + "        options: [Trotsky, Stalin]\n        answer: [Stalin, d)]\n"
    assert problems(tmp_path, text)[0][3] == (
        "'d)' is not one of the options ('Trotsky', 'Stalin'): give the option's text, not its letter"
    )


def test_an_option_that_is_a_letter_may_be_the_answer(tmp_path: Path) -> None:
    text = QUIZ + "        options: [A, B, C]\n        answer: B\n"
    load_lesson(write_spec(tmp_path, text), "lesson.yaml")


def test_an_answer_listed_twice(tmp_path: Path) -> None:
    text = (
        QUIZ + "        options: [Trotsky, Stalin]\n        answer:\n          - Stalin\n          - Stalin\n"
    )
    assert problems(tmp_path, text) == [
        (9, 13, ("parts", 0, "questions", 0, "answer", 1), "'Stalin' is given twice")
    ]


def test_an_option_given_twice_whatever_the_capitals(tmp_path: Path) -> None:
    text = QUIZ + "        options: [Trotsky, Stalin, trotsky]\n        answer: Stalin\n"
    assert problems(tmp_path, text) == [
        (6, 36, ("parts", 0, "questions", 0, "options", 2), "'trotsky' is given twice (as 'Trotsky')")
    ]


@pytest.mark.parametrize("options", ["[Trotsky]", "[]"])
def test_a_question_needs_two_options(options: str, tmp_path: Path) -> None:
    text = QUIZ + f"        options: {options}\n        answer: Trotsky\n"
    found = problems(tmp_path, text)
    assert found[0] == (
        6,
        18,
        ("parts", 0, "questions", 0, "options"),
        "a question needs at least 2 options",
    )


def test_more_options_than_letters(tmp_path: Path) -> None:
    options = ", ".join(f"O{n}" for n in range(27))
    text = QUIZ + f"        options: [{options}]\n        answer: O1\n"
    assert problems(tmp_path, text) == [
        (
            6,
            18,
            ("parts", 0, "questions", 0, "options"),
            "at most 26 options (lettered A to Z): cut some, or ask it as two questions",
        )
    ]


def test_an_empty_list_of_answers(tmp_path: Path) -> None:
    text = QUIZ + "        options: [Trotsky, Stalin]\n        answer: []\n"
    (found,) = problems(tmp_path, text)
    assert found[:3] == (7, 17, ("parts", 0, "questions", 0, "answer"))


def test_the_guide_s_misspelt_answer_message(tmp_path: Path) -> None:
    text = QUIZ + "        options: [Evaporation, Condensation]\n        answer: Condensaton\n"
    (found,) = problems(tmp_path, text)
    assert found[3] == (
        "'Condensaton' is not one of the options ('Evaporation', 'Condensation'); "
        "did you mean 'Condensation'?"
    )
    guide = (Path(__file__).resolve().parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
    assert found[3] in guide


GAP = "title: T\nparts:\n  - type: gap_fill\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "No gaps at all.",
            "the text has no gaps: write each missing word in double brackets, [[like this]]",
        ),
        ("An [[]] gap.", "an empty gap [[]]: write the missing word inside the brackets"),
        ("An [[ ]] gap.", "an empty gap [[]]: write the missing word inside the brackets"),
        ("An [[open gap.", "a gap opens with [[ but is not closed with ]] in the same paragraph"),
        (
            "A [[gap [[inside]] a gap]].",
            "a gap opens with [[ but is not closed with ]] in the same paragraph",
        ),
        ("A closed]] gap.", "]] closes a gap that was never opened with [["),
    ],
)
def test_gap_text_problems_are_located_at_the_text(text: str, message: str, tmp_path: Path) -> None:
    assert problems(tmp_path, GAP + f'    text: "{text}"\n') == [(4, 11, ("parts", 0, "text"), message)]


def test_a_gap_cannot_span_paragraphs(tmp_path: Path) -> None:
    text = GAP + "    text: |\n      An [[open\n\n      gap]] here.\n"
    assert problems(tmp_path, text) == [
        (4, 11, ("parts", 0, "text"), "a gap opens with [[ but is not closed with ]] in the same paragraph")
    ]


def test_distractor_problems_are_located_at_each_distractor(tmp_path: Path) -> None:
    text = GAP + "    text: A [[cat]] sat.\n    distractors: [dog, Cat, dog]\n"
    assert problems(tmp_path, text) == [
        (
            5,
            24,
            ("parts", 0, "distractors", 1),
            "'Cat' fills a gap: a distractor must be a word that fits none",
        ),
        (5, 29, ("parts", 0, "distractors", 2), "'dog' is given twice"),
    ]


def test_distractors_without_a_word_bank(tmp_path: Path) -> None:
    text = GAP + "    text: A [[cat]] sat.\n    word_bank: false\n    distractors: [dog]\n"
    assert problems(tmp_path, text) == [
        (6, 5, ("parts", 0, "distractors"), "distractors are given but word_bank is false")
    ]


MATCHING = "title: T\nparts:\n  - type: matching\n    pairs:\n"


def test_matching_needs_two_pairs(tmp_path: Path) -> None:
    text = MATCHING + "      - {term: NEP, definition: New Economic Policy}\n"
    assert problems(tmp_path, text) == [
        (5, 7, ("parts", 0, "pairs"), "a matching task needs at least 2 pairs")
    ]


def test_matching_with_no_pairs(tmp_path: Path) -> None:
    text = "title: T\nparts:\n  - type: matching\n    pairs: []\n"
    assert problems(tmp_path, text) == [
        (4, 12, ("parts", 0, "pairs"), "a matching task needs at least 2 pairs")
    ]


def test_matching_terms_and_definitions_must_differ(tmp_path: Path) -> None:
    text = MATCHING + (
        "      - {term: NEP, definition: New Economic Policy}\n"
        "      - {term: Purge, definition: Removing enemies}\n"
        "      - {term: nep, definition: removing enemies}\n"
    )
    assert problems(tmp_path, text) == [
        (7, 16, ("parts", 0, "pairs", 2, "term"), "the term 'nep' is given twice (as 'NEP')"),
        (
            7,
            33,
            ("parts", 0, "pairs", 2, "definition"),
            "the definition 'removing enemies' is given twice (as 'Removing enemies'): "
            "two terms cannot share a letter",
        ),
    ]


def test_more_pairs_than_letters(tmp_path: Path) -> None:
    pairs = "".join(f"      - {{term: T{n}, definition: D{n}}}\n" for n in range(27))
    assert problems(tmp_path, MATCHING + pairs) == [
        (
            5,
            7,
            ("parts", 0, "pairs"),
            "at most 26 pairs (the definitions are lettered A to Z): split them into two matching tasks",
        )
    ]


# --------------------------------------------------------------------------- real clients


PACKAGE_CHECK = Path(__file__).resolve().parents[2] / "shared/tools/pptx-package-check"


@pytest.mark.clients
def test_the_deck_passes_the_validators(pack: PackFiles) -> None:
    from test_clients import openxml_audit, run

    result = openxml_audit().validate_pptx(pack.slides)
    assert result.is_valid, [str(error) for error in result.errors][:20]
    checker = require_file(PACKAGE_CHECK, "shared/tools/pptx-package-check")
    checked = run([sys.executable, str(checker), str(pack.slides)])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 finding(s)" in checked.stdout


@pytest.mark.clients
def test_libreoffice_renders_one_page_per_slide_with_its_title(pack: PackFiles, tmp_path: Path) -> None:
    from test_clients import libreoffice_pdf

    pdf = libreoffice_pdf(pack.slides, tmp_path / "rendered")
    slides = read_deck(pack.slides)
    pages = read_pdf(pdf)
    assert len(Presentation(str(pack.slides)).slides) == len(pages) == len(slides) > 8
    assert [
        slide.title for slide, page in zip(slides, pages, strict=True) if not contains(page.text, slide.title)
    ] == []


def test_true_comes_before_false_and_yes_before_no_however_they_are_written(tmp_path: Path) -> None:
    spec = """\
    title: T
    parts:
      - type: multiple_choice
        questions:
          - prompt: Stalin was General Secretary in 1922.
            options: [False, True]
            answer: True
          - prompt: Was Trotsky expelled in 1927?
            options: [no, yes]
            answer: yes
          - prompt: Which came first?
            options: [The NEP, War Communism, Collectivisation]
            answer: War Communism
    """
    lesson = load_lesson(write_spec(tmp_path, spec))
    shown = [[option.text for option in options] for options in options_shown(lesson, Audience.PUPIL)]
    assert shown[:2] == [["True", "False"], ["yes", "no"]]
    assert shown[2] != ["The NEP", "War Communism", "Collectivisation"], "other questions are still shuffled"
