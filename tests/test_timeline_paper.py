"""Timelines on paper, measured from the drawn PDF: the axis across the text width, letter boxes at
each year and bands to write in for pupils, and in the key each letter joined by one leader to its
date, clear of the year labels, with events that share a year spread apart; large print enlarges
it all and labels every year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from conftest import build_text, sheet_body
from geometry import MM

from generator.build import PackFiles
from generator.dates import read_date
from generator.sheet.writer import STANDARD, VARIANTS

TEXT_WIDTH = (210 - 2 * 17) * MM
"""The A4 sheet's text width: 17 mm margins."""
AXIS_WIDTH = 1.4
LEADER_WIDTH = 0.6

EVENTS = {
    "EVSEC": "1922",
    "EVLENIN": "January 1924",
    "EVENROL": "February 1924",
    "EVWAR": "January 1925",
    "EVUNITED": "1926",
    "EVPLENUM": "December 1926",
    "EVEXPEL": "1927",
    "EVEXILE": "1928",
    "EVDEPORT": "1929",
}
"""Events by a word of their text, and their dates: four pairs share a year."""

SPEC = (
    "title: Timeline\nvariants: [large-print]\nparts:\n  - type: timeline\n    start: 1917\n"
    "    end: 1930\n    events:\n"
    + "".join(f"      - {{date: {date}, event: {word} happens}}\n" for word, date in EVENTS.items())
)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> PackFiles:
    return build_text(tmp_path_factory.mktemp("timeline"), SPEC)


@dataclass(frozen=True)
class Axis:
    x0: float
    x1: float
    y: float
    years: dict[int, tuple[float, float, float, float]]
    """Each labelled year's box: x0, top, x1, bottom."""
    lines: list[dict[str, object]]
    rects: list[dict[str, object]]
    chars: list[dict[str, object]]

    def over(self, shape: dict[str, object]) -> bool:
        """Whether a shape lies in the band over the axis where letters and their boxes are."""
        return self.y - 25 * MM < float(shape["top"]) and float(shape["bottom"]) < self.y

    def x(self, when: float) -> float:
        """Where a date is, from the labelled years' centres (a straight line through them)."""
        (first, low), (last, high) = min(self.years.items()), max(self.years.items())
        left, right = (low[0] + low[2]) / 2, (high[0] + high[2]) / 2
        return left + (when - first) / (last - first) * (right - left)


def _axis(path: Path) -> Axis:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            axes = [line for line in page.lines if round(line["linewidth"], 1) == AXIS_WIDTH]
            if not axes:
                continue
            (axis,) = axes
            y = float(axis["top"])
            years = {
                int(word["text"]): (word["x0"], word["top"], word["x1"], word["bottom"])
                for word in page.extract_words()
                if re.fullmatch(r"1[89]\d\d", word["text"]) and y < word["top"] < y + 20 * MM
            }
            return Axis(
                float(axis["x0"]),
                float(axis["x1"]),
                y,
                years,
                list(page.lines),
                list(page.rects),
                list(page.chars),
            )
    raise AssertionError(f"no timeline axis in {path.name}")


def _letters(pack: PackFiles) -> dict[str, float]:
    """Each event's letter and its place on the axis, in years, as the worksheet lists them."""
    listed = dict(re.findall(r"\b([A-Z])\. (EV[A-Z]+) happens", sheet_body(pack.worksheet)))
    places = {}
    for letter, word in listed.items():
        found = read_date(EVENTS[word])
        assert not isinstance(found, str)
        places[letter] = found.position
    return places


def _leaders(axis: Axis) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The key's leaders as (end on the axis, end at the letter), in page points from the top."""
    found = []
    for line in axis.lines:
        if round(float(line["linewidth"]), 1) != LEADER_WIDTH:
            continue
        low, high = sorted(line["pts"], key=lambda point: -point[1])
        if abs(low[1] - axis.y) < 0.5 and axis.y - high[1] > 5 * MM:
            found.append(((float(low[0]), float(low[1])), (float(high[0]), float(high[1]))))
    return found


def test_the_pupils_axis_uses_the_whole_text_width(pack: PackFiles) -> None:
    axis = _axis(pack.worksheet)
    assert axis.x1 - axis.x0 >= TEXT_WIDTH - 12 * MM, "at most 6 mm each side for the end years' labels"
    assert sorted(axis.years) == list(range(1917, 1931)), "every year labelled"


def test_pupils_get_a_stack_of_letter_boxes_at_each_year_and_bands_to_write_in(pack: PackFiles) -> None:
    axis = _axis(pack.worksheet)
    boxes = [rect for rect in axis.rects if axis.over(rect)]
    for year, (x0, _, x1, _) in axis.years.items():
        stack = [box for box in boxes if abs((box["x0"] + box["x1"]) / 2 - (x0 + x1) / 2) < 1]
        # Two events share 1924 (and 1926): two boxes at every year, so the count gives nothing away.
        assert len(stack) == 2, year
    sides = {round(float(box["width"]), 1) for box in boxes}
    assert sides == {round(STANDARD.body * 1.6, 1)}
    bands = [line for line in axis.lines if line["height"] == 0 and float(line["width"]) > TEXT_WIDTH - 1]
    above = [line for line in bands if float(line["top"]) < axis.y]
    below = [line for line in bands if float(line["top"]) > axis.y]
    assert len(above) == 2 and len(below) == 2


def test_every_key_leader_ends_on_the_axis_at_its_events_date(pack: PackFiles) -> None:
    axis = _axis(pack.answers)
    places = _letters(pack)
    letters = {
        char["text"]: (float(char["x0"]) + float(char["x1"])) / 2
        for char in axis.chars
        if char["text"] in places and "Bold" in str(char["fontname"]) and axis.over(char)
    }
    assert sorted(letters) == sorted(places)
    leaders = _leaders(axis)
    assert len(leaders) == len(places)
    for letter, when in places.items():
        (leader,) = [leader for leader in leaders if abs(leader[1][0] - letters[letter]) < 0.5]
        assert leader[0][0] == pytest.approx(axis.x(when), abs=0.5), (letter, when)


def test_key_letters_are_spread_in_date_order_and_never_overlap(pack: PackFiles) -> None:
    axis = _axis(pack.answers)
    boxes = sorted(
        (rect for rect in axis.rects if axis.over(rect)),
        key=lambda rect: float(rect["x0"]),
    )
    assert len(boxes) == len(EVENTS)
    assert all(left["x1"] <= right["x0"] for left, right in pairwise(boxes))
    ends = [leader[0][0] for leader in sorted(_leaders(axis), key=lambda leader: leader[1][0])]
    assert ends == sorted(ends), "no two leaders cross"


def test_no_leader_runs_through_a_year_label(pack: PackFiles) -> None:
    axis = _axis(pack.answers)
    for (x0, y0), (x1, y1) in _leaders(axis):
        for left, top, right, bottom in axis.years.values():
            for step in range(101):
                x, y = x0 + (x1 - x0) * step / 100, y0 + (y1 - y0) * step / 100
                assert not (left <= x <= right and top <= y <= bottom)


def test_large_print_enlarges_the_axis_and_labels_every_year(pack: PackFiles) -> None:
    standard, large = _axis(pack.worksheet), _axis(pack.variants["large-print"])
    # Only the end years' larger labels take a little more room at its ends.
    assert large.x1 - large.x0 >= 0.95 * (standard.x1 - standard.x0)
    assert sorted(large.years) == list(range(1917, 1931))
    sizes = {
        round(float(char["size"]))
        for char in large.chars
        if char["text"].isdigit() and large.y < float(char["top"]) < large.y + 20 * MM
    }
    assert sizes == {VARIANTS["large-print"].body}
    boxes = [rect for rect in large.rects if large.over(rect)]
    assert {round(float(box["width"]), 1) for box in boxes} == {round(18 * 1.6, 1)}


@pytest.mark.parametrize("document", ["worksheet", "answers", "large-print"])
def test_no_tick_runs_into_a_year_label(pack: PackFiles, document: str) -> None:
    """No upright line (a tick) reaches into a year label's box: a tick into the digits reads
    as "19|17"."""
    path = pack.variants[document] if document in pack.variants else getattr(pack, document)
    axis = _axis(path)
    ticks = [line for line in axis.lines if abs(float(line["x0"]) - float(line["x1"])) < 0.1]
    assert ticks
    crossing = [
        (year, float(line["x0"]))
        for line in ticks
        for year, (left, top, right, bottom) in axis.years.items()
        if left <= float(line["x0"]) <= right and float(line["top"]) < bottom and float(line["bottom"]) > top
    ]
    assert not crossing
