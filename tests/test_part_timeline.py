"""The timeline and card sort part types: no answer reaches a pupil, shuffles hold, shapes fit the
slide, every spec mistake is located, and real clients accept the deck."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    build_text,
    contains,
    missing,
    read_deck,
    read_pdf,
    require_file,
    require_tool,
    sheet_body,
    squash,
    text_outside_shapes,
    write_spec,
)
from geometry import overlapping_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from generator.axis import axis_marks, label_width
from generator.build import BuildOptions, PackFiles, build_pack, load_lesson
from generator.dates import DATE_FORMS, Date, read_date
from generator.deck.fit import BODY, CELL_INSET_X, LINE_HEIGHT
from generator.deck.plan import Shape, SlidePlan
from generator.errors import LocatedProblem, SpecError
from generator.fonts import wrap
from generator.pack import plan_pack
from generator.part_context import PartContext
from generator.parts.card_sort import CardSortPart
from generator.parts.timeline import TimelinePart
from generator.sheet.plan import Audience, Block, CutCards, Keep, Para, Table, TimelineAxis, for_audience
from generator.spec import Variant
from generator.wording import default_wording

WORDING = default_wording()
PACKAGE_CHECK = Path(__file__).resolve().parents[2] / "shared/tools/pptx-package-check"
REVEAL = re.compile(r": answers( \(cont\.( \d+)?\))?$")
LEAST_SIZE = 14.0

# --------------------------------------------------------------------------- the sentinel lesson

SENTINEL_LESSON = """
title: Sentinel lesson on Stalin's rise
parts:
  - type: timeline
    title: Placing the struggle
    start: 1922
    end: 1929
    notes: Start with Lenin's illness. TLNOTEX1
    events:
      - {date: April 1922, event: Stalin becomes General Secretary EVENTTL1}
      - {date: January 1924, event: Lenin dies EVENTTL2}
      - {date: October 1926, event: Trotsky leaves the Politburo EVENTTL3}
      - {date: December 1927, event: The Left are expelled from the Party EVENTTL4}
      - {date: 1929, event: Bukharin leaves the Politburo EVENTTL5}
  - type: timeline
    title: Ordering the struggle
    task: order
    start: 1924
    end: 1929
    events:
      - {date: February 1924, event: The Lenin Enrolment begins ORDERTL1}
      - {date: Jan 1925, event: Trotsky loses the Red Army ORDERTL2}
      - {date: July 1926, event: Zinoviev leaves the Politburo ORDERTL3}
      - {date: November 1928, event: Bukharin warns of famine ORDERTL4}
  - type: card_sort
    title: Sorting the sentinels
    categories: [CATEGORYA, CATEGORYB, CATEGORYC]
    notes: Give out scissors. CSNOTEX1
    cards:
      - {text: CARDSENT1 first card, category: CATEGORYA}
      - {text: CARDSENT2 second card, category: CATEGORYA}
      - {text: CARDSENT3 third card, category: CATEGORYA}
      - {text: CARDSENT4 fourth card, category: CATEGORYB}
      - {text: CARDSENT5 fifth card, category: CATEGORYB}
      - {text: CARDSENT6 sixth card, category: CATEGORYC}
      - {text: CARDSENT7 seventh card, category: CATEGORYC}
"""
PLACE_DATES = ("April 1922", "January 1924", "October 1926", "December 1927")
ORDER_DATES = ("February 1924", "Jan 1925", "July 1926", "November 1928")
MONTH_DATES = PLACE_DATES + ORDER_DATES
"""Dates are answers; those with a month occur nowhere but in the answers (years label the axis)."""
PLACE_EVENTS = tuple(f"EVENTTL{number}" for number in range(1, 6))
ORDER_EVENTS = tuple(f"ORDERTL{number}" for number in range(1, 5))
CATEGORIES = ("CATEGORYA", "CATEGORYB", "CATEGORYC")
CARDS = tuple(f"CARDSENT{number}" for number in range(1, 8))
SORTED = {"CATEGORYA": CARDS[0:3], "CATEGORYB": CARDS[3:5], "CATEGORYC": CARDS[5:7]}
NOTES = ("TLNOTEX1", "CSNOTEX1")


@pytest.fixture(scope="module")
def sentinel_pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return build_text(tmp_path_factory.mktemp("sentinels"), SENTINEL_LESSON)


def found_in(haystack: str, needles: tuple[str, ...] | list[str]) -> list[str]:
    return [needle for needle in needles if contains(haystack, needle)]


def sentinel_order(text: str, sentinels: tuple[str, ...]) -> list[str]:
    """The sentinels in the order they first occur in the text."""
    return sorted((found for found in sentinels if found in text), key=text.index)


# --------------------------------------------------------------------------- no answer leaks


def test_no_date_or_sort_reaches_the_worksheet(sentinel_pack: PackFiles) -> None:
    worksheet = " ".join(page.text for page in read_pdf(sentinel_pack.worksheet))
    assert found_in(worksheet, MONTH_DATES + NOTES) == []
    months = {date.split()[0] for date in MONTH_DATES}
    assert [word for word in worksheet.split() if word in months] == []
    assert not contains(worksheet, WORDING("timeline_answers_label"))


def test_the_key_holds_every_date_in_date_order(sentinel_pack: PackFiles) -> None:
    key = sheet_body(sentinel_pack.answers, drop=[" ".join(WORDING.items("timeline_key_columns"))])
    assert sentinel_order(key, MONTH_DATES) == list(MONTH_DATES)
    placed = re.findall(r"((?:[A-Z][a-z]+ )?\d{4}) [A-E]\. [^.]*?(EVENTTL\d)", key)
    assert placed == [*zip(PLACE_DATES, PLACE_EVENTS[:4], strict=True), ("1929", "EVENTTL5")]
    ordered = re.findall(r"\d\. ((?:[A-Z][a-z]+ )?\d{4}): [^(]*(ORDERTL\d)", key)
    assert ordered == list(zip(ORDER_DATES, ORDER_EVENTS, strict=True))


def test_events_and_cards_are_not_answers_and_reach_the_worksheet(sentinel_pack: PackFiles) -> None:
    worksheet = " ".join(page.text for page in read_pdf(sentinel_pack.worksheet))
    assert found_in(worksheet, PLACE_EVENTS + ORDER_EVENTS + CARDS + CATEGORIES) == list(
        PLACE_EVENTS + ORDER_EVENTS + CARDS + CATEGORIES
    )


def test_the_order_boxes_are_empty_for_pupils_and_numbered_in_the_key(sentinel_pack: PackFiles) -> None:
    numbered = re.compile(r"^(\d+) [A-D]\. .*(ORDERTL\d)")
    worksheet = [line for page in read_pdf(sentinel_pack.worksheet) for line in page.lines]
    key = [line for page in read_pdf(sentinel_pack.answers) for line in page.lines]
    assert [line for line in worksheet if numbered.match(line)] == []
    ranks = {found.group(2): int(found.group(1)) for line in key if (found := numbered.match(line))}
    assert ranks == {sentinel: rank for rank, sentinel in enumerate(ORDER_EVENTS, 1)}


def test_the_sorted_cards_are_only_in_the_key(sentinel_pack: PackFiles) -> None:
    """On the worksheet the cards are only on the page of cards to cut out, never under a heading;
    the key has them under their headings."""
    for page in read_pdf(sentinel_pack.worksheet):
        if found_in(page.text, CARDS):
            assert found_in(page.text, CATEGORIES) == [], page.number
            assert contains(page.text, "Cards for Task 3: Sorting the sentinels")
    key = sheet_body(sentinel_pack.answers)
    rows = [" ".join(CATEGORIES)]
    for row in range(3):
        rows.append(" ".join(cards[row] for cards in SORTED.values() if row < len(cards)))
    assert squash(" ".join(rows)) in squash(
        re.sub(r" (first|second|third|fourth|fifth|sixth|seventh) card", "", key)
    )


def test_the_sheets_answers_sit_only_on_the_teacher_side(sentinel_pack: PackFiles) -> None:
    """The plan itself: the pupil's view of the tree holds no date with a month and no card under
    a category, and the teacher's holds both."""
    lesson = load_lesson(write_spec(sentinel_pack.folder.parent, SENTINEL_LESSON, "again.yaml"))
    blocks = plan_pack(lesson, WORDING).sheet
    pupil = " ".join(_texts(for_audience(blocks, Audience.PUPIL)))
    teacher = " ".join(_texts(for_audience(blocks, Audience.TEACHER)))
    assert found_in(pupil, MONTH_DATES) == []
    assert found_in(teacher, MONTH_DATES) == list(MONTH_DATES)
    pupil_tables = [block for block in for_audience(blocks, Audience.PUPIL) if isinstance(block, Table)]
    assert found_in(" ".join(_texts(pupil_tables)), CARDS) == []


def _texts(blocks: tuple[Block, ...] | list[Table]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            texts.append(block.text)
        elif isinstance(block, Keep):
            texts += _texts(block.blocks)
        elif isinstance(block, Table):
            texts += block.columns
            texts += [text for row in block.rows for cell in row for text in _texts(cell)]
        elif isinstance(block, CutCards):
            texts += block.texts
        elif isinstance(block, TimelineAxis):
            texts += [event.label for event in block.events]
    return texts


def test_task_slides_show_no_answer_and_the_reveal_shows_them_all(sentinel_pack: PackFiles) -> None:
    slides = read_deck(sentinel_pack.slides)
    task = " ".join(slide.shown for slide in slides if not REVEAL.search(slide.title))
    reveal = " ".join(slide.shown for slide in slides if REVEAL.search(slide.title))
    assert found_in(task, MONTH_DATES) == []
    assert found_in(reveal, MONTH_DATES) == list(MONTH_DATES)
    assert found_in(task, PLACE_EVENTS + ORDER_EVENTS + CARDS + CATEGORIES) == list(
        PLACE_EVENTS + ORDER_EVENTS + CARDS + CATEGORIES
    )
    notes = " ".join(slide.notes for slide in slides)
    assert found_in(notes, MONTH_DATES + NOTES) == list(MONTH_DATES + NOTES)
    assert contains(notes, "CATEGORYA: CARDSENT1 first card; CARDSENT2 second card; CARDSENT3 third card")


def test_the_card_sort_reveal_puts_each_card_under_its_category(sentinel_pack: PackFiles) -> None:
    lesson = load_lesson(write_spec(sentinel_pack.folder.parent, SENTINEL_LESSON, "again.yaml"))
    part = next(part for part in lesson.parts if isinstance(part, CardSortPart))
    task, reveal = part.slides(_context("Task 3: Sorting the sentinels"))
    # The task slide shows the categories as bold column headings, side by side over the cards.
    columns = [shape for shape in task.shapes if shape.text in CATEGORIES]
    assert [shape.text for shape in columns] == list(CATEGORIES)
    assert all(shape.bold and shape.top == columns[0].top for shape in columns)
    cards = [shape for shape in task.shapes if shape.kind == "box"]
    assert cards and all(card.top > columns[0].top + columns[0].height for card in cards)
    headers = {shape.text: shape for shape in reveal.shapes if shape.text in CATEGORIES}
    assert set(headers) == set(CATEGORIES)
    for category, cards in SORTED.items():
        header = headers[category]
        boxes = [shape for shape in reveal.shapes if shape.kind == "box" and shape.text.split()[0] in cards]
        assert len(boxes) == len(cards)
        assert all(box.left == header.left and box.top > header.top for box in boxes)


def _context(heading: str) -> PartContext:
    return PartContext(WORDING, Path(), heading)


# --------------------------------------------------------------------------- shuffles


def test_building_twice_gives_the_same_sheets_and_slides(sentinel_pack: PackFiles, tmp_path: Path) -> None:
    again = build_text(tmp_path, SENTINEL_LESSON)
    for first, second in ((sentinel_pack.worksheet, again.worksheet), (sentinel_pack.answers, again.answers)):
        assert [page.lines for page in read_pdf(first)] == [page.lines for page in read_pdf(second)]
    assert read_deck(sentinel_pack.slides) == read_deck(again.slides)


def test_events_are_shuffled_out_of_date_order(sentinel_pack: PackFiles) -> None:
    """The spec lists the events in date order: pupils must not get them that way."""
    worksheet = sheet_body(sentinel_pack.worksheet)
    for events in (PLACE_EVENTS, ORDER_EVENTS):
        shown = sentinel_order(worksheet, events)
        assert sorted(shown) == list(events)
        assert shown != list(events)
    slides = " ".join(
        slide.shown for slide in read_deck(sentinel_pack.slides) if not REVEAL.search(slide.title)
    )
    assert sentinel_order(slides, PLACE_EVENTS) == sentinel_order(worksheet, PLACE_EVENTS)


def test_the_same_letters_on_slides_and_worksheet(sentinel_pack: PackFiles) -> None:
    worksheet = sheet_body(sentinel_pack.worksheet)
    slides = " ".join(slide.shown for slide in read_deck(sentinel_pack.slides))
    for letter, sentinel in zip("ABCDE", sentinel_order(worksheet, PLACE_EVENTS), strict=True):
        assert re.search(rf"{letter}\. [^.]*{sentinel}", worksheet), sentinel
        assert re.search(rf"{letter}\. [^.]*{sentinel}", slides), sentinel


def test_cards_are_shuffled_and_not_left_in_their_groups(sentinel_pack: PackFiles) -> None:
    worksheet = sheet_body(sentinel_pack.worksheet)
    shown = sentinel_order(worksheet, CARDS)
    assert sorted(shown) == list(CARDS)
    assert shown != list(CARDS)
    groups = [next(name for name, cards in SORTED.items() if card in cards) for card in shown]
    runs = [name for index, name in enumerate(groups) if not index or name != groups[index - 1]]
    assert len(runs) > len(set(runs)), "each category's cards sit side by side"


def test_a_shuffle_never_gives_date_order_even_when_the_spec_is_not_in_it() -> None:
    for seed in range(30):
        part = TimelinePart.model_validate(
            {
                "type": "timeline",
                "title": f"T{seed}",
                "start": 1900,
                "end": 1910,
                "events": [{"date": "1905", "event": "b"}, {"date": "1901", "event": "a"}],
            }
        )
        dealt = [part.events[index].event for _, index in part._dealt()]
        assert dealt == ["b", "a"]


# --------------------------------------------------------------------------- the cut-out page


def test_the_cards_have_a_page_to_themselves(tmp_path: Path) -> None:
    files = build_text(
        tmp_path,
        """
        title: Cards between tasks
        parts:
          - type: questions
            title: Before
            questions:
              - {prompt: QUESTIONBEFORE, answer: x}
          - type: card_sort
            categories: [Red, Blue]
            cards:
              - {text: CARDONE, category: Red}
              - {text: CARDTWO, category: Blue}
              - {text: CARDTHREE, category: Red}
          - type: questions
            title: After
            questions:
              - {prompt: QUESTIONAFTER, answer: y}
        """,
    )
    pages = read_pdf(files.worksheet)
    with_cards = [page for page in pages if "CARDONE" in page.text]
    assert len(with_cards) == 1
    card_page = with_cards[0]
    assert found_in(card_page.text, ["CARDTWO", "CARDTHREE"]) == ["CARDTWO", "CARDTHREE"]
    others = ["QUESTIONBEFORE", "QUESTIONAFTER", "Task 3", "Red Blue", "Cut out the cards at the end"]
    assert found_in(card_page.text, others) == []
    assert contains(card_page.text, "Cards for Task 2: Card sort")
    # At the end of the sheet, after every task, on a front (an odd page).
    assert card_page == pages[-1] and card_page.number % 2 == 1
    assert contains(" ".join(page.text for page in pages[:-1]), "Task 3: After")
    key = read_pdf(files.answers)
    assert found_in(" ".join(page.text for page in key), ["Cards for Task 2"]) == []


def test_many_cards_take_several_pages_of_their_own(tmp_path: Path) -> None:
    cards = "\n".join(
        f"      - {{text: MANYCARD{number:02}, category: {'AB'[number % 2]}}}" for number in range(40)
    )
    files = build_text(
        tmp_path, f"title: Many\nparts:\n  - type: card_sort\n    categories: [A, B]\n    cards:\n{cards}\n"
    )
    pages = read_pdf(files.worksheet)
    with_cards = [page for page in pages if "MANYCARD" in page.text]
    assert len(with_cards) >= 2
    assert all(contains(page.text, "Cards for Task 1") for page in with_cards)
    assert sum(page.text.count("MANYCARD") for page in with_cards) == 40
    assert with_cards[-1] == pages[-1]


# --------------------------------------------------------------------------- slide geometry

STRESS_LESSON = """
title: A crowded lesson
parts:
  - type: timeline
    title: Twelve events in fourteen years
    instructions: Write each event's letter where it belongs on the timeline, then compare with a partner.
    start: 1917
    end: 1929
    events:
      - {date: October 1917, event: The Bolsheviks seize power in Petrograd}
      - {date: March 1918, event: The Treaty of Brest-Litovsk takes Russia out of the First World War}
      - {date: 1921, event: The New Economic Policy replaces War Communism}
      - {date: April 1922, event: Stalin becomes General Secretary of the Party}
      - {date: May 1922, event: Lenin's first stroke}
      - {date: December 1922, event: Lenin's second stroke; he dictates his Testament}
      - {date: March 1923, event: Lenin's third stroke takes away his speech}
      - {date: January 1924, event: Lenin dies}
      - {date: May 1924, event: The Testament is read to Party leaders but kept secret}
      - {date: January 1925, event: Trotsky loses his post as Commissar for War}
      - {date: November 1927, event: Trotsky and Zinoviev are expelled from the Party}
      - {date: December 1929, event: Stalin's fiftieth birthday is celebrated as a great public event}
  - type: timeline
    title: Twenty events
    task: order
    start: 1900
    end: 1999
    events:
EVENTS20
  - type: card_sort
    title: Six categories
    instructions: >-
      Cut out the cards and sort them under the six headings. Some cards could go under more than
      one heading: put each where you think it matters most, and be ready to say why. Then star the
      three cards that you think did most to keep Stalin in power, and compare your choice with a
      partner's. Finally, write one sentence under the table that links two of the categories, such
      as how the economy and society were changed together by the Five-Year Plans.
    categories: [Politics, Economy, Society, Culture, Army, Foreign policy and the wider world]
    cards:
      - text: The Party purges of the 1930s swept away thousands of loyal officials and their families
        category: Politics
      - {text: Collectivisation of agriculture, category: Economy}
      - {text: The first Five-Year Plan, category: Economy}
      - {text: Stakhanovite workers, category: Economy}
      - {text: Magnitogorsk, category: Economy}
      - {text: Gulag labour camps, category: Society}
      - {text: Socialist realism, category: Culture}
      - {text: The purge of the Red Army officers in 1937, category: Army}
      - {text: The Nazi-Soviet Pact, category: Foreign policy and the wider world}
      - {text: Comintern, category: Foreign policy and the wider world}
      - {text: Show trials, category: Politics}
      - {text: Cult of personality, category: Politics}
      - {text: Abortion banned in 1936, category: Society}
      - {text: Divorce made harder, category: Society}
      - {text: Literacy campaigns, category: Society}
      - {text: Shostakovich condemned, category: Culture}
      - {text: Tukhachevsky shot, category: Army}
      - {text: League of Nations membership 1934, category: Foreign policy and the wider world}
      - {text: Kirov murdered, category: Politics}
      - {text: Dnieper dam, category: Economy}
      - {text: Moscow metro, category: Economy}
      - {text: Kulaks deported, category: Economy}
      - {text: Famine in Ukraine, category: Economy}
      - {text: Industrialisation, category: Economy}
      - {text: Internationalisation, category: Foreign policy and the wider world}
      - {text: NKVD, category: Politics}
      - {text: Yezhovshchina, category: Politics}
      - {text: Electrification, category: Economy}
      - {text: Stalinism, category: Politics}
      - {text: Kolkhozes, category: Economy}
"""
EVENTS20 = "\n".join(
    f"      - {{date: {1900 + 5 * number}, event: Event number {number} happened in this rather busy year}}"
    for number in range(20)
)
STRESS = STRESS_LESSON.replace("EVENTS20", EVENTS20)


@pytest.fixture(scope="module")
def stress_pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return build_text(tmp_path_factory.mktemp("stress"), STRESS)


def part_slides(spec: Path) -> list[SlidePlan]:
    """The slides of a lesson's timeline and card sort parts."""
    lesson = load_lesson(spec)
    plan = plan_pack(lesson, WORDING)
    return [slide for slide in plan.slides() if slide.shapes]


def shape_problems(slide: SlidePlan) -> list[str]:
    """Shapes outside the body, text under 14 pt, or text taller than its box."""
    found = []
    right, bottom = BODY.left + BODY.width, BODY.top + BODY.height
    for shape in slide.shapes:
        xs = (shape.left, shape.left + shape.width)
        ys = (shape.top, shape.top + shape.height)
        if (
            min(xs) < BODY.left - 0.01
            or max(xs) > right + 0.01
            or min(ys) < BODY.top - 0.01
            or max(ys) > bottom + 0.01
        ):
            found.append(f"{slide.title}: {shape.kind} {shape.text!r} outside the body")
        if shape.text and shape.size < LEAST_SIZE:
            found.append(f"{slide.title}: {shape.text!r} at {shape.size} pt")
        if shape.text and _text_height(shape) > shape.height:
            found.append(f"{slide.title}: {shape.text!r} taller than its {shape.kind}")
    return found


def _text_height(shape: Shape) -> float:
    inner = shape.width - 2 * CELL_INSET_X
    lines = wrap(shape.text, shape.size, inner, shape.bold)
    return len(lines) * shape.size * LINE_HEIGHT


def test_crowded_slides_keep_every_shape_inside_and_readable(stress_pack: PackFiles, tmp_path: Path) -> None:
    slides = part_slides(write_spec(tmp_path, STRESS))
    assert len(slides) >= 7
    assert [problem for slide in slides for problem in shape_problems(slide)] == []


def test_twelve_events_fit_one_answers_slide_and_twenty_take_two(tmp_path: Path) -> None:
    titles = [slide.title for slide in part_slides(write_spec(tmp_path, STRESS))]
    assert titles.count("Task 1: Twelve events in fourteen years: answers") == 1
    assert not any(title.startswith("Task 1: Twelve events in fourteen years: answers (") for title in titles)
    assert "Task 2: Twenty events: answers (cont.)" in titles
    assert len(titles) == len(set(titles))


def test_every_event_and_card_appears_on_the_slides(stress_pack: PackFiles) -> None:
    lesson_events = re.findall(r"event: (.+?)\}", STRESS)
    cards = re.findall(r"text: (.+?), category", STRESS)
    slides = read_deck(stress_pack.slides)
    task = " ".join(slide.shown for slide in slides if not REVEAL.search(slide.title))
    reveal = " ".join(slide.shown for slide in slides if REVEAL.search(slide.title))
    assert [text for text in lesson_events + cards if not contains(task, text)] == []
    assert [text for text in lesson_events + cards if not contains(reveal, text)] == []


def test_answer_boxes_stay_in_date_order_and_leaders_reach_the_axis(tmp_path: Path) -> None:
    slides = part_slides(write_spec(tmp_path, STRESS))
    reveal = next(
        slide for slide in slides if slide.title == "Task 1: Twelve events in fourteen years: answers"
    )
    dates = [shape for shape in reveal.shapes if shape.kind == "text" and shape.bold]
    axis = max(
        (shape for shape in reveal.shapes if shape.kind == "line" and shape.height == 0),
        key=lambda s: s.width,
    )
    for side in (True, False):
        row = [shape for shape in dates if (shape.top < axis.top) is side]
        positions = [_year(shape.text) for shape in sorted(row, key=lambda shape: shape.left)]
        assert positions == sorted(positions)
    dots = [shape for shape in reveal.shapes if shape.kind == "dot"]
    assert len(dots) == 12
    # The axis is a ribbon of two lines, the year labels between them: a dot lies on either.
    lines = {shape.top for shape in reveal.shapes if shape.kind == "line" and shape.width == axis.width}
    assert len(lines) == 2 and axis.top == min(lines)
    assert all(min(abs(dot.top + dot.height / 2 - line) for line in lines) < 0.01 for dot in dots)


def _year(date: str) -> float:
    found = read_date(date)
    assert isinstance(found, Date)
    return found.position


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.integers(1800, 1990),
    span=st.integers(1, 100),
    events=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.integers(0, 12),
            st.text(alphabet="abcdefghij klmnopq", min_size=1, max_size=120).filter(str.strip),
        ),
        min_size=2,
        max_size=20,
    ),
)
def test_any_timeline_keeps_its_shapes_inside_the_body(
    start: int, span: int, events: list[tuple[float, int, str]]
) -> None:
    entries = []
    for share, month, text in events:
        year = start + round(share * span)
        date = f"{WORDING_MONTHS[month - 1]} {year}" if month else str(year)
        entries.append({"date": date, "event": text})
    part = TimelinePart.model_validate(
        {"type": "timeline", "start": start, "end": start + span, "events": entries}
    )
    slides = part.slides(_context("Task 1: Timeline"))
    assert [problem for slide in slides for problem in shape_problems(slide)] == []


WORDING_MONTHS = (
    "Jan",
    "February",
    "Mar",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "October",
    "Nov",
    "December",
)


def test_dates_read_with_full_and_short_month_names() -> None:
    assert read_date("1924") == Date(1924)
    assert read_date("January 1924") == Date(1924, 1)
    assert read_date("jan 1924") == Date(1924, 1)
    assert read_date("Sept 1927") == Date(1927, 9)
    assert read_date("Dec. 1929") == Date(1929, 12)
    assert read_date("21 January 1924") == Date(1924, 1, 21)
    assert read_date("Janvier 1924") == "'Janvier' is not a month: write it in English, such as June or Jun"


@pytest.mark.parametrize(
    ("start", "end"), [(1924, 1929), (1917, 1930), (1900, 2000), (1066, 1087), (1901, 1902)]
)
def test_year_labels_never_touch(start: int, end: int) -> None:

    for width, size in ((402.0, 11.0), (808.0, 16.0)):
        labelled = axis_marks(start, end, width, size, "").labelled
        spacing = width / (end - start)
        gaps = [(later - earlier) * spacing for earlier, later in itertools.pairwise(labelled)]
        assert min(gaps) >= label_width(start, end, size, ""), (start, end, labelled)
        assert labelled[0] == start and labelled[-1] == end


# --------------------------------------------------------------------------- located problems

TIMELINE = (
    "title: T\n"  # 1
    "parts:\n"  # 2
    "  - type: timeline\n"  # 3
    "    start: 1924\n"  # 4
    "    end: 1929\n"  # 5
    "    events:\n"  # 6
    "      - date: January 1924\n"  # 7
    "        event: Lenin dies\n"  # 8
    "      - date: 1927\n"  # 9
    "        event: Trotsky is expelled\n"  # 10
)
CARD_SORT = (
    "title: T\n"  # 1
    "parts:\n"  # 2
    "  - type: card_sort\n"  # 3
    "    categories: [Left Opposition, Right Opposition]\n"  # 4
    "    cards:\n"  # 5
    "      - text: Trotsky\n"  # 6
    "        category: Left Opposition\n"  # 7
    "      - text: Bukharin\n"  # 8
    "        category: Right Opposition\n"  # 9
)


def only_problem(tmp_path: Path, text: str) -> LocatedProblem:
    spec = tmp_path / "lesson.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_lesson(spec, "lesson.yaml")
    problems = raised.value.problems
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


def assert_at(
    problem: LocatedProblem, line: int, column: int, path: tuple[str | int, ...], message: str
) -> None:
    assert (problem.line, problem.column, problem.path, problem.message) == (line, column, path, message), (
        str(problem)
    )


def test_the_example_specs_are_valid(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder, text in ((tmp_path / "a", TIMELINE), (tmp_path / "b", CARD_SORT)):
        (folder / "lesson.yaml").write_text(text, encoding="utf-8")
        assert len(load_lesson(folder / "lesson.yaml").parts) == 1


@pytest.mark.parametrize(
    ("date", "column"),
    [("the twenties", 15), ('"1924-01-21"', 15), ("1924 AD BC", 15)],
)
def test_a_date_that_is_not_a_date(tmp_path: Path, date: str, column: int) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("date: January 1924", f"date: {date}"))
    shown = date.strip('"')
    assert_at(
        problem,
        7,
        column,
        ("parts", 0, "events", 0, "date"),
        f"'{shown}' is not a date: write {DATE_FORMS}",
    )


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("Janvier 1924", "'Janvier' is not a month: write it in English, such as June or Jun"),
        ("31 June 1924", "'31 June 1924': June has no day 31"),
        ("0 BC", "there is no year 0: 1 BC is followed by AD 1"),
        ("BC 44", "'BC 44' puts BC before the year: write 44 BC"),
    ],
)
def test_a_date_with_a_slip(tmp_path: Path, date: str, message: str) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("date: January 1924", f"date: {date}"))
    assert_at(problem, 7, 15, ("parts", 0, "events", 0, "date"), message)


def test_an_end_before_the_start(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("end: 1929", "end: 1920"))
    assert_at(problem, 5, 10, ("parts", 0, "end"), "end (1920) must be a later year than start (1924)")


def test_a_start_that_is_not_a_year(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("start: 1924", "start: June 1924"))
    assert_at(
        problem,
        4,
        12,
        ("parts", 0, "start"),
        "'June 1924' is not a year: write a year alone, such as 1914, 800 BC or AD 500",
    )


def test_an_event_outside_the_years(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("date: 1927", "date: 1931"))
    assert_at(problem, 9, 15, ("parts", 0, "events", 1, "date"), "1931 is outside the timeline (1924–1929)")


def test_an_event_before_the_start(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("date: January 1924", "date: December 1923"))
    assert_at(
        problem, 7, 15, ("parts", 0, "events", 0, "date"), "December 1923 is outside the timeline (1924–1929)"
    )


def test_too_many_events(tmp_path: Path) -> None:
    more = "".join(f"      - {{date: 1925, event: Event {number}}}\n" for number in range(25))
    problem = only_problem(tmp_path, TIMELINE + more)
    assert_at(
        problem,
        7,
        7,
        ("parts", 0, "events"),
        "27 events, but events are lettered A to Z, so at most 26: "
        "split them into two timelines, such as one for each half of the period",
    )


def test_an_event_too_long_for_the_timeline(tmp_path: Path) -> None:
    long = "Lenin dies " * 60
    problem = only_problem(tmp_path, TIMELINE.replace("event: Lenin dies", f"event: {long.strip()}"))
    assert_at(
        problem,
        7,
        7,
        ("parts", 0, "events"),
        "an event, or a word in one, is too long for its box on the slide: "
        "shorten the longest events to a sentence, and split very long words",
    )


def test_events_that_cannot_be_ordered(tmp_path: Path) -> None:
    text = TIMELINE.replace("    events:\n", "    task: order\n    events:\n") + (
        "      - date: March 1927\n"  # 12
        "        event: Zinoviev is expelled\n"  # 13
    )
    problem = only_problem(tmp_path, text)
    assert_at(
        problem,
        12,
        15,
        ("parts", 0, "events", 2, "date"),
        "March 1927 cannot be put in order with event 2 (1927): "
        "give events in the same year different months",
    )


def test_the_same_year_is_fine_for_placing(tmp_path: Path) -> None:
    spec = tmp_path / "lesson.yaml"
    spec.write_text(
        TIMELINE + "      - date: March 1927\n        event: Zinoviev is expelled\n", encoding="utf-8"
    )
    assert load_lesson(spec).parts


def test_an_unknown_task(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, TIMELINE.replace("    events:\n", "    task: sort\n    events:\n"))
    assert_at(problem, 6, 11, ("parts", 0, "task"), "'sort' is not a timeline task: write place or order")


def test_a_card_in_a_misspelt_category(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, CARD_SORT.replace("category: Right Opposition", "category: Right Oposition")
    )
    assert_at(
        problem,
        9,
        19,
        ("parts", 0, "cards", 1, "category"),
        "'Right Oposition' is not one of the categories ('Left Opposition', 'Right Opposition'); "
        "did you mean 'Right Opposition'?",
    )


def test_a_card_in_an_unknown_category_without_a_near_miss(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, CARD_SORT.replace("category: Right Opposition", "category: Neither"))
    assert_at(
        problem,
        9,
        19,
        ("parts", 0, "cards", 1, "category"),
        "'Neither' is not one of the categories ('Left Opposition', 'Right Opposition')",
    )


def test_a_category_given_twice(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, CARD_SORT.replace("Right Opposition]", "Right Opposition, Left Opposition]")
    )
    assert_at(problem, 4, 53, ("parts", 0, "categories", 2), "'Left Opposition' is given twice")


def test_too_many_categories(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, CARD_SORT.replace("Right Opposition]", "Right Opposition, C, D, E, F, G]")
    )
    assert_at(
        problem,
        4,
        17,
        ("parts", 0, "categories"),
        "7 categories, but at most 6 fit side by side on a slide and a page: "
        "split the cards into two card sorts",
    )


def test_a_card_too_long_to_cut_out(tmp_path: Path) -> None:
    long = " ".join(["Bukharin argued for the New Economic Policy"] * 5)
    problem = only_problem(tmp_path, CARD_SORT.replace("text: Bukharin", f"text: {long}"))
    assert_at(
        problem,
        8,
        15,
        ("parts", 0, "cards", 1, "text"),
        "too long for a cut-out card: keep a card to about 25 words",
    )


def test_a_card_sort_needs_two_categories(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        CARD_SORT.replace("[Left Opposition, Right Opposition]", "[Left Opposition]").replace(
            "category: Right Opposition", "category: Left Opposition"
        ),
    )
    assert (problem.line, problem.path) == (4, ("parts", 0, "categories"))


# --------------------------------------------------------------------------- real clients


@pytest.mark.clients
def test_the_deck_passes_the_package_validators(stress_pack: PackFiles, sentinel_pack: PackFiles) -> None:
    try:
        import openxml_audit
    except ImportError:
        missing("the Python package openxml-audit (pinned 0.8.0) is not installed")
    checker = require_file(PACKAGE_CHECK, "shared/tools/pptx-package-check")
    for deck in (stress_pack.slides, sentinel_pack.slides):
        result = openxml_audit.validate_pptx(deck)
        assert result.is_valid, [str(error) for error in result.errors][:20]
        checked = subprocess.run(
            [sys.executable, str(checker), str(deck)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "0 finding(s)" in checked.stdout


@pytest.mark.clients
def test_libreoffice_draws_every_slide_with_its_text_inside_its_shapes(
    stress_pack: PackFiles, tmp_path: Path
) -> None:
    soffice = require_tool("soffice")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(stress_pack.slides),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    rendered = tmp_path / f"{stress_pack.slides.stem}.pdf"
    assert result.returncode == 0 and rendered.is_file(), result.stdout + result.stderr
    presentation = Presentation(str(stress_pack.slides))
    pages = read_pdf(rendered)
    assert len(pages) == len(presentation.slides)
    spilt = text_outside_shapes(stress_pack.slides, pages)
    assert spilt[:20] == []


def test_every_shape_is_on_the_slide_in_the_written_deck(stress_pack: PackFiles) -> None:
    presentation = Presentation(str(stress_pack.slides))
    width, height = presentation.slide_width, presentation.slide_height
    outside = [
        (number, shape.name)
        for number, slide in enumerate(presentation.slides, 1)
        for shape in slide.shapes
        if shape.left < 0
        or shape.top < 0
        or shape.left + shape.width > width
        or shape.top + shape.height > height
    ]
    assert outside == []


def test_the_docs_snippets_cover_both_types() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
    assert "\n- type: timeline\n" in guide
    assert "\n- type: card_sort\n" in guide
    assert "\n  task: order\n" in guide


def test_long_instructions_get_a_slide_of_their_own(tmp_path: Path) -> None:
    long = " ".join(["Read the events carefully and think about what caused each one."] * 25)
    spec = write_spec(
        tmp_path,
        f"""
        title: Long instructions
        parts:
          - type: timeline
            instructions: {long}
            start: 1924
            end: 1929
            events:
              - {{date: 1924, event: Lenin dies}}
              - {{date: 1929, event: Trotsky is exiled}}
          - type: card_sort
            instructions: {long}
            categories: [A, B]
            cards:
              - {{text: One, category: A}}
              - {{text: Two, category: B}}
        """,
    )
    plans = list(plan_pack(load_lesson(spec), WORDING).slides())
    titles = [plan.title for plan in plans]
    for heading in ("Task 1: Timeline", "Task 2: Card sort"):
        first = plans[titles.index(heading)]
        assert not first.shapes and contains(" ".join(line.text for line in first.lines), long)
        following = plans[titles.index(heading) + 1]
        assert following.title == f"{heading} (cont.)" and following.shapes and not following.lines
        assert shape_problems(following) == []


def test_a_category_in_the_wrong_case_is_suggested(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, CARD_SORT.replace("category: Right Opposition", "category: right opposition")
    )
    assert_at(
        problem,
        9,
        19,
        ("parts", 0, "cards", 1, "category"),
        "'right opposition' is not one of the categories ('Left Opposition', 'Right Opposition'); "
        "did you mean 'Right Opposition'?",
    )


@settings(max_examples=25, deadline=None)
@given(
    categories=st.lists(
        st.text(alphabet="abcdefghij klmn", min_size=1, max_size=40).filter(str.strip),
        min_size=2,
        max_size=6,
        unique_by=lambda name: " ".join(name.split()),
    ),
    cards=st.lists(
        st.tuples(
            st.integers(0, 5),
            st.text(alphabet="abcdefgh ijklmnop", min_size=1, max_size=100).filter(str.strip),
        ),
        min_size=2,
        max_size=30,
    ),
)
def test_any_card_sort_keeps_its_shapes_inside_the_body(
    categories: list[str], cards: list[tuple[int, str]]
) -> None:
    part = CardSortPart.model_validate(
        {
            "type": "card_sort",
            "categories": categories,
            "cards": [{"text": text, "category": categories[pick % len(categories)]} for pick, text in cards],
        }
    )
    if list(part.check(Path())):
        return
    slides = part.slides(_context("Task 1: Card sort"))
    assert [problem for slide in slides for problem in shape_problems(slide)] == []
    assert len({slide.title for slide in slides}) == len(slides)


def test_a_card_word_too_long_for_its_slide_column_is_a_located_problem(tmp_path: Path) -> None:
    text = (
        "title: T\nparts:\n  - type: card_sort\n    categories: [a, b, c, aa, aaa, aaaa]\n"
        "    cards:\n      - {text: a, category: a}\n      - {text: aaaaaaaaaaaaaaaaaa, category: b}\n"
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column, problem.path) == (6, 7, ("parts", 0, "cards"))
    assert "too long for a column of the slide with 6 categories" in problem.message


def test_a_long_event_still_builds_its_slides(tmp_path: Path) -> None:
    event = "A" + "a" * 110
    files = build_text(
        tmp_path,
        f"title: T\nparts:\n  - type: timeline\n    start: 1900\n    end: 1910\n"
        f"    events:\n      - {{date: '1901', event: {event}}}\n      - {{date: '1905', event: B}}\n",
    )
    assert any(event[:20] in slide.notes for slide in read_deck(files.slides))


@pytest.mark.parametrize("variant", ["large-print", "dyslexia"])
def test_year_labels_never_touch_on_a_worksheet_variant(variant: Variant, tmp_path: Path) -> None:
    """The variant sets the axis's years larger than the standard sheet does, so it labels fewer."""
    spec = write_spec(
        tmp_path,
        """
        title: T
        parts:
          - type: timeline
            start: 1917
            end: 1930
            events:
              - {date: 1917, event: The October Revolution}
              - {date: 1930, event: Collectivisation}
        """,
    )
    files = build_pack(spec, tmp_path / "out", options=BuildOptions(variants=(variant,)))
    pages = read_pdf(files.variants[variant])
    years = [char for page in pages for char in page.chars if char.text.isdigit()]
    assert years
    assert overlapping_lines(pages) == []
