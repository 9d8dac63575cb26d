"""The printed sheets' finish, read back from the PDFs (and the deck, for quotes): curly quotes and
no "?:" on every output, answers in the key with a second cue, words broken only with a hyphen,
large print scaling everything, writing space sized to the task, and a part-level `space`."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from conftest import build_text, make_png, pdf_text, read_deck, sheet_body
from geometry import MM

from generator.build import PackFiles
from generator.sheet.text import Typesetter
from generator.sheet.writer import (
    ANSWER_INK,
    ANSWER_SHADE,
    FOOTER_SIZE,
    LARGE_GRID_SQUARE,
    STANDARD,
    VARIANTS,
    _Styles,
)

RULE = (0.35, 0.35, 0.35)
GRID = (0.6, 0.6, 0.6)
LINE_GAP = 8.5 * MM

SPEC = """
title: Stalin's rise in the '20s
variants: [large-print]
parts:
  - type: slide
    title: A picture
    image: teacher's desk.png
    image_alt: A desk
  - type: questions
    title: 'Why did "Koba" win?'
    space: grid
    questions:
      - prompt: QGRIDONE What did Lenin call Stalin's "rudeness"?
        answer: ANSWERQ He said Stalin was 'too rude' (in the '20s).
      - prompt: QGRIDTWO Work out the sum.
        answer: ANSWERQTWO ten
      - prompt: QLINES Explain.
        answer: ANSWERQTHREE because
        space: lines
  - type: table
    title: Posts
    columns: [Year, Post, How it helped]
    blank: [Year, How it helped]
    lines: 4
    rows:
      - ["1917", FIRSTPOST Commissar, ANSWERTONE He built links with Party leaders in the regions]
      - {cells: ["1922", SECONDPOST General Secretary, ANSWERTTWO He appointed officials], lines: 6}
  - type: card_sort
    title: Sides
    categories: [Left, Right]
    cards:
      - {text: CARDONE Trotsky, category: Left}
      - {text: CARDTWO Bukharin, category: Right}
  - type: exam_question
    prompt: EXAMPROMPT Explain why Stalin won the power struggle.
    marks: 8
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    folder = tmp_path_factory.mktemp("paper")
    make_png(folder / "teacher's desk.png")
    return build_text(folder, SPEC)


def _colour(value: object) -> tuple[float, ...]:
    return tuple(round(float(part), 2) for part in value or ())  # type: ignore[attr-defined]


def _chars(path: Path, word: str) -> list[dict[str, object]]:
    """The characters of every word that starts with `word`, on every page."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"], return_chars=True)
            found += [char for match in words if match["text"].startswith(word) for char in match["chars"]]
    return found


def _region(
    path: Path, first: str, then: str | None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Lines and rectangles below the word `first` and above `then`, on `first`'s page."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            tops = [word["top"] for word in words if word["text"] == first]
            if not tops:
                continue
            after = [word["top"] for word in words if word["text"] == then and word["top"] > tops[0]]
            bottom = after[0] if after else page.height
            inside = [line for line in page.lines if tops[0] < line["top"] < bottom]
            return inside, [rect for rect in page.rects if tops[0] < rect["top"] < bottom]
    raise AssertionError(f"{first} is not in {path.name}")


# --------------------------------------------------------------------------- typography


def test_quotes_are_curly_on_the_deck_and_in_the_notes(pack: PackFiles) -> None:
    slides = read_deck(pack.slides)
    assert slides[0].title == "Stalin\u2019s rise in the \u201920s"
    titles = [slide.title for slide in slides]
    assert "Task 1: Why did \u201cKoba\u201d win? \u2013 answers" in titles
    shown = " ".join(slide.title + " " + slide.shown + " " + slide.notes for slide in slides)
    assert "\u2018too rude\u2019 (in the \u201920s)" in shown
    assert "Stalin\u2019s \u201crudeness\u201d?" in shown
    assert "'" not in shown and '"' not in shown


@pytest.mark.parametrize("output", ["worksheet", "answers"])
def test_quotes_are_curly_on_both_pdfs_and_no_title_reads_question_colon(
    pack: PackFiles, output: str
) -> None:
    text = pdf_text(getattr(pack, output))
    assert "Stalin\u2019s" in text and "\u201cKoba\u201d" in text
    assert "'" not in text and '"' not in text
    assert "?:" not in text and "!:" not in text


def test_a_title_ending_in_a_question_mark_takes_a_dash_before_its_suffix(pack: PackFiles) -> None:
    titles = [slide.title for slide in read_deck(pack.slides)]
    assert not [title for title in titles if "?:" in title or "!:" in title]
    assert "Task 2: Posts: answers" in titles


def test_a_picture_named_with_an_apostrophe_is_still_found(pack: PackFiles) -> None:
    (slide,) = [slide for slide in read_deck(pack.slides) if slide.title == "A picture"]
    assert slide.picture_alts == ("A desk",)


# --------------------------------------------------------------------------- answers in the key


def test_answers_in_the_key_are_dark_blue_on_a_shade(pack: PackFiles) -> None:
    ink = _colour((ANSWER_INK.red, ANSWER_INK.green, ANSWER_INK.blue))
    shade = _colour((ANSWER_SHADE.red, ANSWER_SHADE.green, ANSWER_SHADE.blue))
    with pdfplumber.open(pack.answers) as pdf:
        shaded = [
            rect
            for page in pdf.pages
            for rect in page.rects
            if rect["fill"] and _colour(rect["non_stroking_color"]) == shade
        ]
    for word in ("ANSWERQ", "ANSWERTONE", "ANSWERTTWO"):
        chars = _chars(pack.answers, word)
        assert chars and {_colour(char["non_stroking_color"]) for char in chars} == {ink}, word
        assert any(
            rect["x0"] <= char["x0"] and char["x1"] <= rect["x1"] and rect["top"] <= char["top"]
            for char in chars[:1]
            for rect in shaded
        ), f"{word} is not on a shade"
    given = _chars(pack.answers, "FIRSTPOST")
    assert given and ink not in {_colour(char["non_stroking_color"]) for char in given}


def test_the_worksheet_has_no_answer_colour(pack: PackFiles) -> None:
    ink = _colour((ANSWER_INK.red, ANSWER_INK.green, ANSWER_INK.blue))
    with pdfplumber.open(pack.worksheet) as pdf:
        assert not [
            char for page in pdf.pages for char in page.chars if _colour(char["non_stroking_color"]) == ink
        ]


# --------------------------------------------------------------------------- words broken with a hyphen

LONG_WORDS = [
    "Juxtaposition",
    "Antidisestablishmentarianism",
    "Counterrevolutionaries",
    "Internationalisation",
    "Photosynthesis",
    "Characterisation",
    "Misunderstanding",
    "Electromagnetism",
    "Overgeneralisation",
]

NARROW = f"""
title: Narrow cells
parts:
  - type: keywords
    terms:
      Juxtaposition: placing two things side by side
  - type: table
    columns: [A, B, C, D, E, F, G, H, I]
    blank: [A]
    rows:
      - [{", ".join(LONG_WORDS)}]
"""


def test_a_word_too_long_for_its_cell_breaks_only_with_a_hyphen(tmp_path: Path) -> None:
    files = build_text(tmp_path, NARROW)
    with pdfplumber.open(files.worksheet) as pdf:
        words = [word for page in pdf.pages for word in page.extract_words()]
    texts = [word["text"] for word in words]
    broken = [word for word in LONG_WORDS[1:] if word not in texts]
    assert broken, "the table is narrow enough to break some words"
    for long in broken:
        head = next(
            word for word in words if word["text"].endswith("-") and long.startswith(word["text"][:-1])
        )
        column = sorted(
            (word for word in words if abs(word["x0"] - head["x0"]) < 1 and word["top"] >= head["top"]),
            key=lambda word: word["top"],
        )
        pieces = [word["text"] for word in column]
        # Every piece but the last ends in a hyphen, and together they spell the word.
        ending = next(index for index, piece in enumerate(pieces) if not piece.endswith("-"))
        assert "".join(piece[:-1] for piece in pieces[:ending]) + pieces[ending] == long, pieces
    assert "Juxtaposition" in texts, "the key word's column gives it room, set in bold as it is drawn"


def test_a_narrow_key_word_cell_hyphenates_at_a_syllable() -> None:
    styles = _Styles(VARIANTS["large-print"])
    paragraph = Typesetter("en-GB").paragraph("Juxtaposition", styles.header_cell)
    paragraph.wrap(30 * MM, 1000)
    lines = [" ".join(words) for _, words in paragraph.blPara.lines]
    assert len(lines) > 1
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line[:-1] for line in lines[:-1]) + lines[-1] == "Juxtaposition"
    assert lines[0] in ("Juxta-", "Jux-", "Juxtapos-", "Juxtaposi-")


# --------------------------------------------------------------------------- large print


def test_large_print_scales_the_footer_fields_and_cards(pack: PackFiles) -> None:
    large = VARIANTS["large-print"]
    path = pack.variants["large-print"]
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        footer = [char for char in first.chars if char["top"] > first.height - 20 * MM]
        assert {round(char["size"], 1) for char in footer} == {
            round(FOOTER_SIZE * large.body / STANDARD.body, 1)
        }
    for word in ("Name", "Class", "Date", "CARDONE", "CARDTWO"):
        assert {round(char["size"]) for char in _chars(path, word)} == {large.body}, word


def test_large_print_grids_have_1_cm_squares(pack: PackFiles) -> None:
    lines, _ = _region(pack.variants["large-print"], "QGRIDONE", "QGRIDTWO")
    grid = [line for line in lines if _colour(line["stroking_color"]) == GRID]
    rows = sorted({round(line["top"], 1) for line in grid if line["height"] == 0})
    assert rows and all(b - a == pytest.approx(LARGE_GRID_SQUARE, abs=0.2) for a, b in pairwise(rows))


# --------------------------------------------------------------------------- writing space


def test_an_8_mark_answer_gets_about_25_lines(pack: PackFiles) -> None:
    with pdfplumber.open(pack.worksheet) as pdf:
        started = False
        count = 0
        for page in pdf.pages:
            tops = [word["top"] for word in page.extract_words() if word["text"] == "EXAMPROMPT"]
            started = started or bool(tops)
            if started:
                count += len(
                    [
                        line
                        for line in page.lines
                        if _colour(line["stroking_color"]) == RULE and line["top"] > (tops or [0])[0]
                    ]
                )
    # 3 lines a mark, giving by up to a fifth to end a page or fill it.
    assert 24 - 24 // 5 <= count <= 24 + 24 // 5


def test_a_short_answer_column_gets_one_line_and_a_row_may_ask_for_more(pack: PackFiles) -> None:
    lines, _ = _region(pack.worksheet, "FIRSTPOST", None)
    ruled = [line for line in lines if _colour(line["stroking_color"]) == RULE]
    with pdfplumber.open(pack.worksheet) as pdf:
        words = [
            word
            for page in pdf.pages
            for word in page.extract_words()
            if word["text"] in ("Year", "Post", "SECONDPOST")
        ]
    year = next(word for word in words if word["text"] == "Year")
    post = next(word for word in words if word["text"] == "Post")
    second = next(word for word in words if word["text"] == "SECONDPOST")
    in_year = [line for line in ruled if line["x0"] < post["x0"] - 5]
    helped = [line for line in ruled if line["x0"] > post["x0"] + 60]
    year_first = [line for line in in_year if line["top"] < second["top"]]
    year_second = [line for line in in_year if line["top"] > second["top"]]
    helped_first = [line for line in helped if line["top"] < second["top"]]
    helped_second = [line for line in helped if line["top"] > second["top"]]
    assert year["x0"] < post["x0"]
    # A year needs one line whatever the table's (4) or the row's (6) lines say.
    assert (len(year_first), len(helped_first)) == (1, 4)
    assert (len(year_second), len(helped_second)) == (1, 6)


def test_a_part_level_space_applies_to_its_questions_unless_one_says_otherwise(pack: PackFiles) -> None:
    for first, then in (("QGRIDONE", "QGRIDTWO"), ("QGRIDTWO", "QLINES")):
        lines, _ = _region(pack.worksheet, first, then)
        assert [line for line in lines if _colour(line["stroking_color"]) == GRID], first
    lines, _ = _region(pack.worksheet, "QLINES", "Task")
    assert not [line for line in lines if _colour(line["stroking_color"]) == GRID]
    assert [line for line in lines if _colour(line["stroking_color"]) == RULE]
    assert "ANSWERQ" not in sheet_body(pack.worksheet)
