"""Long text and long lessons cost their length, and a word wider than its box never runs off a slide.

Time is the benchmarks' business (bench/run.py); these tests count the work instead, so they hold
on a busy machine: the measurements made for text of n words against 2n, and the Python calls
made writing a deck of n slides against 2n. Work that grows with the square of the size (a
paragraph cut for a slide by trying every word count, a paragraph broken again on every page it
runs over, a slide that looks at every slide before it) doubles twice over, and fails them.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import reportlab.platypus.paragraph
from conftest import build_text, read_deck, read_pdf, sheet_body, text_outside_shapes, write_spec
from geometry import outside_area
from reportlab.lib.units import mm
from test_clients import BOX_SLACK, libreoffice_pdf

import generator.fonts
from generator.build import load_lesson, plan_lesson, write_answers, write_slides, write_worksheet
from generator.deck.fit import (
    INSET_X,
    INSET_Y,
    SAFETY,
    TITLE_SIZES,
    FittedSlide,
    fit_slide,
    fit_title,
    text_height,
)
from generator.deck.layouts import DeckLayouts
from generator.deck.plan import Line, SlidePlan
from generator.deck.template import open_deck
from generator.fonts import slide_lines, wrap
from generator.sheet.writer import STANDARD
from generator.wording import default_wording

LINEAR = 2.3
"""The most that doubling the size may multiply the work by: twice, and some room for the work
that does not grow (a square would be four times)."""
WORDS = [
    "the",
    "Bolsheviks",
    "seized",
    "power",
    "in",
    "Petrograd",
    "after",
    "months",
    "of",
    "war",
    "hunger",
    "and",
    "unrest",
]
LONG_WORD = "https://example.org/" + "abcdefghij" * 150
"""A web address of 1,520 characters, with no space to break at."""


def _text(words: int, seed: int) -> str:
    chosen = random.Random(seed)
    return " ".join(chosen.choice(WORDS) + str(chosen.randrange(1000)) for _ in range(words))


def _fitted(text: str) -> list[FittedSlide]:
    layouts = DeckLayouts(open_deck(None))
    plan = SlidePlan("A long bullet", (Line(text),))
    return fit_slide(plan, lambda title, part: f"{title} ({part})", layouts.design(plan))


@contextmanager
def _counted(owner: Any, name: str) -> Iterator[list[int]]:
    """Counts the calls to owner.name while the block runs."""
    calls = [0]
    original = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    setattr(owner, name, counting)
    try:
        yield calls
    finally:
        setattr(owner, name, original)


def _word_measurements(text: str) -> int:
    slide_lines.cache_clear()
    with _counted(generator.fonts, "word_width") as calls:
        _fitted(text)
    return calls[0]


def test_a_paragraph_too_long_for_a_slide_is_measured_in_proportion_to_its_length() -> None:
    short, long = _word_measurements(_text(400, 1)), _word_measurements(_text(800, 2))
    assert short > 400
    assert long <= LINEAR * short, (short, long)


def test_a_paragraph_cut_over_slides_loses_no_word_and_each_slide_holds_its_piece() -> None:
    text = _text(800, 3)
    slides = _fitted(text)
    assert len(slides) > 3
    pieces = [line for slide in slides if slide.text for line in slide.text.lines]
    assert " ".join(line.text for line in pieces) == text
    assert [line.bullet for line in pieces] == [True] + [False] * (len(pieces) - 1)
    for slide in slides:
        assert slide.text is not None
        box = slide.text.box
        room = (box.height - 2 * INSET_Y) * SAFETY
        assert text_height(slide.text.lines, slide.text.size, (box.width - 2 * INSET_X) * 0.97) <= room


def _sheet_measurements(tmp_path: Path, words: int) -> int:
    """The widths reportlab measures writing an answer key whose one answer has `words` words."""
    spec = write_spec(
        tmp_path,
        f"""
        title: A long answer
        parts:
          - type: questions
            questions:
              - prompt: Why did the Provisional Government fall?
                answer: {_text(words, words)}
        """,
        f"lesson-{words}.yaml",
    )
    lesson = load_lesson(spec)
    wording = default_wording()
    plan, _ = plan_lesson(lesson, wording, None)
    with _counted(reportlab.platypus.paragraph, "stringWidth") as calls:
        write_answers(lesson, plan, wording, tmp_path / f"answers-{words}.pdf", lesson.paper)
    return calls[0]


def test_an_answer_running_over_pages_of_the_key_breaks_its_lines_once(tmp_path: Path) -> None:
    short, long = _sheet_measurements(tmp_path, 2500), _sheet_measurements(tmp_path, 5000)
    assert len(read_pdf(tmp_path / "answers-2500.pdf")) >= 3
    assert long <= LINEAR * short, (short, long)


LONG_TEXTS = {
    "bullet": "  - type: slide\n    title: Long\n    bullets:\n      - {text}\n",
    "answer": "  - type: questions\n    questions:\n      - prompt: Why?\n        answer: {text}\n",
    "marking answer": (
        "  - type: marking\n    question: Why?\n    marks: 4\n    answers:\n"
        "      - text: {text}\n        mark: 2\n        reason: It explains one cause.\n"
    ),
    "source": (
        "  - type: sources\n    sources:\n      - text: {text}\n    questions:\n      - prompt: What?\n"
    ),
}
"""The four places the review found a long text never finishing building (S3)."""


def _pack_measurements(tmp_path: Path, part: str, characters: int) -> int:
    """The widths measured building a whole pack whose one long text has this many characters."""
    text = _text(characters // 6, characters)[:characters]
    folder = tmp_path / str(characters)
    folder.mkdir()
    slide_lines.cache_clear()
    with (
        _counted(generator.fonts, "word_width") as on_slides,
        _counted(reportlab.platypus.paragraph, "stringWidth") as on_sheets,
    ):
        build_text(folder, "title: A long text\nparts:\n" + LONG_TEXTS[part].format(text=text))
    return on_slides[0] + on_sheets[0]


@pytest.mark.parametrize("part", list(LONG_TEXTS))
def test_a_text_of_100000_characters_builds_in_work_linear_in_its_length(part: str, tmp_path: Path) -> None:
    short, long = _pack_measurements(tmp_path, part, 50_000), _pack_measurements(tmp_path, part, 100_000)
    assert long <= LINEAR * short, (short, long)


def test_a_table_cell_running_over_pages_builds_whole(tmp_path: Path) -> None:
    """A cell of 25,000 characters runs over pages of both sheets; reportlab asks its paragraph to
    split where, broken again, it just fits, and once failed on the one piece it got back."""
    text = _text(25_000 // 6, 25_000)[:25_000]
    files = build_text(
        tmp_path,
        "title: A long cell\nparts:\n  - type: table\n    columns: [Cause, Effect]\n    rows:\n"
        f"      - [{text}, Famine]\n",
    )
    assert len(read_pdf(files.worksheet)) > 3
    printed = sheet_body(files.worksheet, drop=["Cause Effect"]).replace("Famine", "")
    assert "".join(text.split()) in "".join(printed.split())


def _numbered_words(characters: int) -> list[str]:
    """Words numbered in order (w0 w1 w2 ...) filling about `characters` characters, so a word
    lost, printed twice or out of place shows."""
    words: list[str] = []
    length = 0
    while length < characters:
        words.append(f"w{len(words)}")
        length += len(words[-1]) + 1
    return words


def _long_cell_sheet(tmp_path: Path, characters: int) -> tuple[Path, int, list[str]]:
    """The worksheet of a table whose one cell holds `characters` characters, the widths
    reportlab measured writing it, and the cell's words."""
    words = _numbered_words(characters)
    spec = write_spec(
        tmp_path,
        "title: A long cell\nparts:\n  - type: table\n    columns: [Cause, Effect]\n    rows:\n"
        f"      - [{' '.join(words)}, Famine]\n",
        f"cell-{characters}.yaml",
    )
    lesson = load_lesson(spec)
    wording = default_wording()
    plan, _ = plan_lesson(lesson, wording, None)
    sheet = tmp_path / f"worksheet-{characters}.pdf"
    with _counted(reportlab.platypus.paragraph, "stringWidth") as calls:
        write_worksheet(lesson, plan, wording, sheet, lesson.paper)
    return sheet, calls[0], words


def test_a_long_table_cell_is_written_in_work_linear_in_its_length(tmp_path: Path) -> None:
    """reportlab offered a cell's paragraph the column's width to split at, wider than the one it
    is drawn at, so the rest of the cell was broken whole again on every page it ran over."""
    short, long = _long_cell_sheet(tmp_path, 25_000)[1], _long_cell_sheet(tmp_path, 50_000)[1]
    assert long <= LINEAR * short, (short, long)


def test_every_word_of_a_long_table_cell_prints_once_in_order_inside_the_page(tmp_path: Path) -> None:
    sheet, _, words = _long_cell_sheet(tmp_path, 60_000)
    pages = read_pdf(sheet)
    assert len(pages) > 10
    assert "w0" in pages[0].words, "the cell starts under its task's heading, on the first page"
    printed = [word for page in pages for word in page.words if re.fullmatch(r"w\d+", word)]
    assert printed == words
    # Each cell word starts with a "w", which the footer has none of.
    bottom = STANDARD.margin + 4 * mm
    low = [
        (page.number, char.text)
        for page in pages
        for char in page.chars
        if char.text == "w" and char.bottom > page.height - bottom + 1
    ]
    assert not low, f"cell text below the page's body: {low[:5]}"


def _python_calls(action: Callable[[], object]) -> int:
    """How many Python functions the action calls, counted by the profiler hook."""
    calls = [0]

    def count(frame: FrameType, event: str, argument: object) -> None:
        if event == "call":
            calls[0] += 1

    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls[0]


def _deck_calls(tmp_path: Path, slides: int) -> int:
    """The Python calls writing both decks of a lesson of `slides` one-bullet slides takes."""
    parts = "".join(
        f"  - type: slide\n    title: Slide {number}\n    bullets: [Point {number}]\n"
        for number in range(slides)
    )
    spec = write_spec(tmp_path, f"title: Many slides\nparts:\n{parts}", f"lesson-{slides}.yaml")
    lesson = load_lesson(spec)
    wording = default_wording()
    plan, layouts = plan_lesson(lesson, wording, None)
    decks = (tmp_path / f"slides-{slides}.pptx", tmp_path / f"pupils-{slides}.pptx")
    return _python_calls(lambda: write_slides(lesson, plan, wording, decks, layouts, None))


def test_a_slide_costs_the_same_however_many_slides_came_before_it(tmp_path: Path) -> None:
    short, long = _deck_calls(tmp_path, 150), _deck_calls(tmp_path, 300)
    assert len(read_deck(tmp_path / "slides-300.pptx")) == 301
    assert long <= LINEAR * short, (short, long)


# --------------------------------------------------------------------------- words wider than a box


def test_a_word_wider_than_the_line_is_measured_as_the_lines_it_breaks_over() -> None:
    lines = slide_lines(f"Read {LONG_WORD} tonight", 20.0, 300.0)
    assert len(lines) > 10
    assert "".join(lines[1:-1]) + lines[-1].split()[0] == LONG_WORD
    assert lines[0] == "Read" and lines[-1].endswith(" tonight")
    assert all(generator.fonts.word_width(line, 20.0) <= 300.0 for line in lines)
    assert wrap(f"Read {LONG_WORD} tonight", 20.0, 300.0) == ("Read", LONG_WORD, "tonight")


def test_a_bullet_of_one_long_word_carries_on_over_slides_whole() -> None:
    slides = _fitted(LONG_WORD * 3)
    assert len(slides) > 1
    assert "".join(line.text for slide in slides if slide.text for line in slide.text.lines) == LONG_WORD * 3


def test_a_title_holding_a_long_web_address_is_set_smaller_or_refused() -> None:
    layouts = DeckLayouts(open_deck(None))
    title = f"Visit {LONG_WORD[:110]}"
    assert fit_title(title, layouts.content.title) < TITLE_SIZES[-1]


@pytest.mark.clients
def test_long_words_stay_on_their_slides(tmp_path: Path) -> None:
    files = build_text(
        tmp_path,
        f"""
        title: Long words
        parts:
          - type: slide
            title: Visit {LONG_WORD[:110]}
            bullets:
              - Read {LONG_WORD} before the lesson
              - Then this one
          - type: questions
            questions:
              - prompt: Where is it?
                answer: At {LONG_WORD[:400]}
        """,
    )
    assert any("too long for" in warning.message for warning in files.warnings)
    pages = read_pdf(libreoffice_pdf(files.slides, tmp_path / "rendered"))
    assert outside_area(pages)[:20] == []
    assert text_outside_shapes(files.slides, list(pages), BOX_SLACK)[:20] == []
    shown = "".join("".join(page.text for page in pages).split())
    assert LONG_WORD[:300] in shown
    assert "Thenthisone" in shown
