"""Pages that respect the task: what belongs together stays together, no page is left nearly
empty, and cut-out cards print on sheets of their own.

Measured on the printed sheets of the reference lesson and the all-parts fixture, each with both
variants, read back from the PDFs (tests/pages.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import ALL_PARTS_SPEC, REFERENCE_SPEC, build_text, copy_fixture
from pages import MM, Page, cut_out_faults, cut_out_pages, read_pages, stranded_labels, widow_pages
from test_pdf_navigation import _outline

from generator.build import PackFiles, build_pack
from generator.options import BuildOptions
from generator.parts.marking import MarkingPart
from generator.parts.sources import LETTERS, SourcesPart
from generator.sheet.writer import STANDARD
from generator.spec import Lesson
from generator.wording import default_wording

WORDING = default_wording()
CARDS_LABEL = WORDING("card_sort_cards_label", title="")
BOTH_VARIANTS = BuildOptions(variants=("large-print", "dyslexia"))


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PackFiles]:
    """The reference lesson and the all-parts fixture, each with both variants."""
    folder = tmp_path_factory.mktemp("pagination")
    return {
        "reference": build_pack(REFERENCE_SPEC, folder / "reference", options=BOTH_VARIANTS),
        "all-parts": build_pack(
            copy_fixture(ALL_PARTS_SPEC, folder / "spec"), folder / "all-parts", options=BOTH_VARIANTS
        ),
    }


def _sheets(files: PackFiles) -> dict[str, Path]:
    return {"worksheet": files.worksheet, "answers": files.answers, **files.variants}


def _every_sheet(packs: dict[str, PackFiles]) -> dict[str, tuple[Page, ...]]:
    return {
        f"{lesson} {name}": read_pages(path)
        for lesson, files in packs.items()
        for name, path in _sheets(files).items()
    }


def _found(
    packs: dict[str, PackFiles], check: Callable[[tuple[Page, ...], list[int]], list[Any]]
) -> dict[str, Any]:
    """What the check finds on each sheet, cut-out pages left out, for the sheets where it finds any."""
    return {
        name: found
        for name, pages in _every_sheet(packs).items()
        if (found := check(pages, cut_out_pages(pages, CARDS_LABEL)))
    }


def test_no_page_is_less_than_a_fifth_full(packs: dict[str, PackFiles]) -> None:
    """The last page too, unless the sheet is one page; a cut-out page (on a sheet of its own by
    design) and the blank back of one are left out."""
    assert _found(packs, widow_pages) == {}


def test_no_page_ends_on_a_heading_or_label(packs: dict[str, PackFiles]) -> None:
    assert _found(packs, stranded_labels) == {}


def test_cut_out_cards_are_on_fronts_with_blank_backs_at_the_end(packs: dict[str, PackFiles]) -> None:
    sheets = _every_sheet(packs)
    for name, pages in sheets.items():
        assert cut_out_faults(pages, CARDS_LABEL) == [], name
    worksheet = sheets["reference worksheet"]
    cards = cut_out_pages(worksheet, CARDS_LABEL)
    assert cards and cards[-1] == len(worksheet), "the cards come after every task"
    assert cut_out_pages(sheets["reference answers"], CARDS_LABEL) == []


def test_cards_go_on_a_front_of_their_own_with_no_empty_card(tmp_path: Path) -> None:
    """A card sort alone: its grid on page 1, so page 2 is left blank (not even a footer) and
    the cards go on page 3; four cards in three columns are four dashed boxes, not six."""
    cards = "".join(f"      - {{text: Card {n}, category: {'AB'[n % 2]}}}\n" for n in range(1, 5))
    files = build_text(
        tmp_path, f"title: T\nparts:\n  - type: card_sort\n    categories: [A, B]\n    cards:\n{cards}"
    )
    pages = read_pages(files.worksheet)
    assert [page.number for page in pages if page.blank] == [2]
    assert cut_out_pages(pages, CARDS_LABEL) == [3] == [len(pages)]
    assert pages[2].dashed_boxes == 4


def _page_of(pages: tuple[Page, ...], text: str, after: int = 0) -> int:
    return next(page.number for page in pages if page.number >= after and page.holds(text))


def _page_of_line(pages: tuple[Page, ...], text: str, after: int = 0) -> int:
    """The first page from `after` on with a line that is exactly the text (such as a label)."""
    line = "".join(text.split())
    return next(
        page.number for page in pages if page.number >= after and line in [x.text for x in page.lines]
    )


def test_a_source_is_kept_whole(packs: dict[str, PackFiles], reference_lesson: Lesson) -> None:
    """Every source of the reference lesson has its label and its attribution on one page."""
    sources = [part for part in reference_lesson.parts if isinstance(part, SourcesPart)]
    for pages in _every_sheet({"reference": packs["reference"]}).values():
        for part in sources:
            for letter, source in zip(LETTERS, part.sources, strict=False):
                assert source.attribution
                shown = (
                    WORDING("source_label_captioned", letter=letter, caption=source.caption)
                    if source.caption
                    else WORDING("source_label", letter=letter)
                )
                label = _page_of_line(pages, shown)
                assert _page_of(pages, source.attribution[:40], label) == label, (letter, label)


def test_a_sample_answer_is_kept_with_its_marking_lines(
    packs: dict[str, PackFiles], reference_lesson: Lesson
) -> None:
    """Its end and its Mark / Level / Reason lines on one page, and all of it on the label's page
    unless it is taller than a page (Answer 3 in large print): then it goes on under its label,
    "Answer 3 (continued)"."""
    (marking,) = [part for part in reference_lesson.parts if isinstance(part, MarkingPart)]
    for name, pages in _every_sheet({"reference": packs["reference"]}).items():
        for number, answer in enumerate(marking.answers, 1):
            label = WORDING("sample_answer_label", number=number)
            start = _page_of_line(pages, label)
            end = _page_of(pages, " ".join(answer.paragraphs[-1].split()[-6:]), start)
            assert _page_of(pages, WORDING("reason_label"), end) == end, (name, number)
            if end != start:
                continued = "".join(WORDING("continued", title=label, part=2).split())
                assert end == start + 1 and pages[end - 1].lines[0].text == continued, (name, number)


def test_short_tables_are_never_split(packs: dict[str, PackFiles]) -> None:
    """A mark scheme and a sorting grid, whose header row would print again on a second page."""
    scheme_header = " ".join(WORDING.items("scheme_columns"))
    sheets = _every_sheet({"reference": packs["reference"]})
    schemes = [page for page in sheets["reference answers"] if page.holds(scheme_header)]
    assert len(schemes) == 3
    assert all(page.holds(WORDING("scheme_level", level=1)) for page in schemes), (
        "the last row is with the header"
    )
    for name in ("reference worksheet", "reference answers", "reference dyslexia"):
        grid = [page.number for page in sheets[name] if page.holds("Circumstances and disputes")]
        assert len(grid) == 1, (name, grid)  # in large print the grid is taller than a page


LONG_SOURCE = "\n\n".join(
    f"Paragraph {n} of a long letter, which goes on for a good while about the weather, the harvest "
    "and the news from town, so that the whole letter is taller than a printed page." * 2
    for n in range(1, 16)
)


def test_a_source_taller_than_a_page_is_continued_under_its_label(tmp_path: Path) -> None:
    text = LONG_SOURCE.replace("\n", "\n          ")
    files = build_text(
        tmp_path,
        "title: T\nparts:\n  - type: sources\n    sources:\n      - text: |\n"
        f"          {text}\n        attribution: A LETTER OF 1850\n"
        "    questions:\n      - prompt: What does the letter say?\n",
    )
    pages = read_pages(files.worksheet)
    continued = WORDING("continued", title=WORDING("source_label", letter="A"), part=2)
    assert continued == "Source A (continued)"
    later = [page for page in pages if page.holds(continued)]
    assert later and all(page.lines[0].text == "".join(continued.split()) for page in later)
    for page in pages:
        body = [line for line in page.lines if "Paragraph" in line.text or "letter" in line.text]
        assert not body or len(body) >= 3, page.number


def test_headings_text_boxes_and_tables_share_one_left_edge(packs: dict[str, PackFiles]) -> None:
    """Every page's leftmost mark, and every heading, is at the margin (within a point): no box or
    table sticks out past the text, and no heading sits in from them. Text inside a box or a cell
    sits in by its padding, as it should."""
    margin = STANDARD.margin
    for name, pages in _every_sheet(packs).items():
        for page in pages:
            if page.blank:
                continue
            assert abs(min(mark[0] for mark in page.marks) - margin) < 1.0, (name, page.number)
            body = Counter(line.size for line in page.lines).most_common(1)[0][0] if page.lines else 0
            headings = [line for line in page.lines if line.bold and line.size > 1.1 * body]
            assert all(abs(line.x0 - margin) < 1.0 for line in headings), (name, page.number)


def test_name_class_and_date_each_have_a_line_to_write_on(packs: dict[str, PackFiles]) -> None:
    """A ruled line after each label, starting after the label and ending before the next."""
    with pdfplumber.open(packs["reference"].worksheet) as pdf:
        page = pdf.pages[0]
        words = {word["text"]: word for word in page.extract_words()}
        labels = [words[WORDING(key)] for key in ("name_field", "class_field", "date_field")]
        rules = sorted(
            (
                line
                for line in page.lines
                if abs(line["bottom"] - labels[0]["bottom"]) < 8 and line["width"] > 20
            ),
            key=lambda line: line["x0"],
        )
    assert len(rules) == 3
    for label, rule, following in zip(labels, rules, [*labels[1:], None], strict=True):
        assert label["x1"] < rule["x0"]
        assert following is None or rule["x1"] < following["x0"]


def test_large_print_scales_the_footer_and_the_fields(packs: dict[str, PackFiles]) -> None:
    footers = []
    for path in (packs["reference"].worksheet, packs["reference"].variants["large-print"]):
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[0]
            footers.append(
                {round(char["size"]) for char in page.chars if char["top"] > page.height - 16 * MM}
            )
    standard, large = footers
    assert max(large) >= 14 > max(standard)
    fields = [
        line.size
        for line in read_pages(packs["reference"].variants["large-print"])[0].lines
        if line.text.startswith(WORDING("name_field"))
    ]
    assert fields and min(fields) >= 18


def _rules_above(path: Path, text: str) -> tuple[float, list[float]]:
    """The top of the first line holding the text, and the heights of the horizontal rules drawn
    above it on its page (nearest first): a box's or table's edges, writing lines."""
    for page in read_pages(path):
        line = next((line for line in page.lines if "".join(text.split()) in line.text), None)
        if line is None:
            continue
        rules = sorted(
            (
                mark[3]
                for mark in page.marks
                if mark[1] == mark[3] and mark[2] - mark[0] > 100 and mark[3] < line.top
            ),
            reverse=True,
        )
        return line.top, rules
    raise AssertionError(f"{text!r} is on no page")


def test_blocks_have_room_between_them(packs: dict[str, PackFiles]) -> None:
    """6-8 mm between a box or table and the block after it: the first question under the
    sources, and Answer 1's box under the mark scheme."""
    for path in (packs["reference"].worksheet, packs["reference"].answers):
        top, rules = _rules_above(path, "1. Study Source A.")
        assert 6 * MM <= top - rules[0] <= 9 * MM
        label, rules = _rules_above(path, WORDING("sample_answer_label", number=1))
        box_top, *above = rules
        assert label - box_top < 4 * MM
        if path == packs["reference"].answers and not above:
            continue  # in the key, the teacher's notes before it may move Answer 1 to a new page
        assert 6 * MM <= box_top - above[0] <= 8 * MM


def test_writing_lines_carried_onto_a_new_page_are_headed_continued(
    packs: dict[str, PackFiles], reference_lesson: Lesson
) -> None:
    """The 22-mark essay's lines run over a page: the next page opens with its task heading,
    "(continued)", and that heading is not a second entry in the PDF's outline."""
    pages = read_pages(packs["reference"].worksheet)
    essay = next(line.text for page in pages for line in page.lines if line.text.startswith("Task11:"))
    continued = [page for page in pages if page.lines and page.lines[0].text == essay + "(continued)"]
    assert continued and all(page.number > 1 and page.fullness > 0.5 for page in continued)
    outline = [title for title, _ in _outline(packs["reference"].worksheet)]
    assert essay.startswith("Task11") and not [title for title in outline if "continued" in title]


def test_every_page_of_writing_lines_says_which_task_they_are_for(packs: dict[str, PackFiles]) -> None:
    """A page whose body is only ruled lines (writing space that found no room at the foot of the
    page before, as the dyslexia sheet's 8-mark answer did) still opens with its task's heading,
    continued: no page is lines alone."""
    unlabelled = {
        name: [page.number for page in pages if not page.blank and page.marks and not page.lines]
        for name, pages in _every_sheet(packs).items()
    }
    assert not any(unlabelled.values()), unlabelled
