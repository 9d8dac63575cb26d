"""A timeline: pupils place events on a drawn axis, or put them in order; the key shows them placed."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from generator.axis import AxisMarks, axis_marks, label_width
from generator.dates import Date, Style, read_date
from generator.deck.fit import BODY, Box, DoesNotFitError
from generator.deck.plan import Shape, SlidePlan
from generator.errors import Problem
from generator.fonts import CARLITO, Face
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.parts.drawn_boxes import (
    GAP,
    box_height,
    continued_titles,
    grid_pages,
    task_slides,
    text_height,
    words_fit,
)
from generator.sheet.plan import Block, Heading, Keep, Para, Reveal, Table, TimelineAxis, TimelineEvent
from generator.shuffle import shuffled
from generator.spec import SpecModel, Text

MAX_EVENTS = 26
"""Events are lettered A to Z for pupils."""

YEAR_SIZE = 16.0
AXIS_INSET = 40.0
"""Points between the body's edges and the slide axis's ends, room for the end years' labels."""
YEAR_LABEL_WIDTH = 60.0
LEAD = 30.0
"""The least room between the axis and the event boxes on the answers slide, for the leader lines."""
MAX_LEAD = 80.0
"""The most room: more makes the leader lines steeper and easier to follow."""
EVENT_SIZES = (20.0, 18.0, 16.0, 14.0)
MAX_BOX_WIDTH = 230.0
MAX_PER_ROW = 6
"""The most event boxes on one side of the axis on an answers slide; more go on another slide."""
DOT = 8.0
DOT_GAP = 2.0
"""Points between neighbouring dots on one side of the axis: events close in time are spread
apart this far, so no dot hides another."""
TICK = 6.0
"""A labelled year's tick, pointing into the axis ribbon from each of its lines."""

TIMELINE_BANDS = 2
"""Ruled lines above and below the pupils' axis, to write events (and anything the task adds) at
their places."""
MOST_BOXES = 4
"""The most letter boxes stacked at one year on the pupils' axis."""


def _is_date(text: str) -> str:
    found = read_date(text)
    if isinstance(found, str):
        raise ValueError(found)
    return text


def _is_year(text: str) -> str:
    found = read_date(text)
    if isinstance(found, str) or found.month is not None:
        raise ValueError(f"'{text}' is not a year: write a year alone, such as 1914, 800 BC or AD 500")
    return text


def as_date(text: str) -> Date:
    """A date the model has already checked."""
    found = read_date(text)
    assert isinstance(found, Date), "checked when read"
    return found


Year = Annotated[
    Text,
    AfterValidator(_is_year),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"}]}),
]
"""A year as teachers write it: 1914, 800 BC, AD 500, 44 BCE."""


def _is_task(value: Any) -> Any:
    if isinstance(value, str) and value not in ("place", "order"):
        raise ValueError(f"'{value}' is not a timeline task: write place or order")
    return value


@dataclass(frozen=True)
class SlideAxis:
    """The time axis drawn across a slide's body, from the start of year `start` to that of `end`."""

    start: int
    end: int
    body: Box
    style: Style = ""
    face: Face = CARLITO
    """What the events' boxes are measured with."""

    def x(self, when: float) -> float:
        left, right = self.body.left + AXIS_INSET, self.body.left + self.body.width - AXIS_INSET
        return left + (when - self.start) / (self.end - self.start) * (right - left)

    def marks(self) -> AxisMarks:
        return axis_marks(self.start, self.end, self.x(self.end) - self.x(self.start), YEAR_SIZE, self.style)

    def labelled(self) -> tuple[int, ...]:
        return self.marks().labelled

    def shapes(self, y: float) -> list[Shape]:
        """The axis as a ribbon from `y` down: two lines with the ticks pointing in from each and
        the year labels between them, so a leader from either side ends on a line at its date
        without crossing a label."""
        marks = self.marks()
        width = max(YEAR_LABEL_WIDTH, label_width(self.start, self.end, YEAR_SIZE, self.style) + 8)
        left, length = self.x(self.start), self.x(self.end) - self.x(self.start)
        bottom = y + ribbon()
        shapes = [Shape("line", left, y, length, 0.0), Shape("line", left, bottom, length, 0.0)]
        for year in marks.ticks:
            x = self.x(year)
            tick = TICK if year in marks.labelled else TICK * 2 / 3
            shapes += [Shape("line", x, y, 0.0, tick), Shape("line", x, bottom - tick, 0.0, tick)]
            if year in marks.labelled:
                label = marks.label(year)
                shapes.append(Shape("text", x - width / 2, y + TICK, width, _year_band(), label, YEAR_SIZE))
        return shapes


class TimelineEntry(SpecModel):
    date: Annotated[Text, AfterValidator(_is_date)]
    """When it happened, as written in the key: 1924, January 1924 (or Jan 1924), 21 January
    1924, 753 BC, AD 43, 44 BCE, 43 CE or c. 1200 BC."""
    event: Text
    """What happened: shown to pupils without its date."""

    @property
    def when(self) -> Date:
        return as_date(self.date)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return self.when.sort_key

    @property
    def position(self) -> float:
        """Where it stands on the axis, in years: a year at its tick, a month part-way through."""
        return self.when.position


class TimelinePart(TaskPart):
    type: Literal["timeline"]
    start: Year
    """The first year on the axis: 1914, 800 BC or AD 500."""
    end: Year
    """The last year on the axis, later than start."""
    events: list[TimelineEntry] = Field(min_length=2)
    """The events, in any order: they are shuffled for pupils and dated only in the answers."""
    task: Annotated[Literal["place", "order"], BeforeValidator(_is_task)] = "place"
    """place: pupils write each event's letter on the axis; order: pupils number the events."""
    answer: Text | None = None
    """The model answer to whatever else the instructions ask, such as events pupils add to the
    timeline themselves: in the answer key, under the events, and in the speaker notes."""

    default_title = "default_title_timeline"

    @property
    def first(self) -> int:
        """The first year, counted as generator.dates counts (1 BC is 0)."""
        return as_date(self.start).year

    @property
    def last(self) -> int:
        return as_date(self.end).year

    @property
    def style(self) -> Style:
        """How the axis names eras: as the spec does (BCE and CE if any date uses them), and with
        no era at all when the whole axis is AD and no date names one."""
        styles = {as_date(text).style for text in (self.start, self.end, *(e.date for e in self.events))}
        if self.first > 0 and styles == {""}:
            return ""
        return "BCE" if "BCE" in styles else "BC"

    def check(self, folder: Path) -> Iterator[Problem]:
        if self.last <= self.first:
            yield Problem(("end",), f"end ({self.end}) must be a later year than start ({self.start})")
            return
        if len(self.events) > MAX_EVENTS:
            yield Problem(
                ("events",),
                f"{len(self.events)} events, but events are lettered A to Z, so at most {MAX_EVENTS}: "
                "split them into two timelines, such as one for each half of the period",
            )
        for index, entry in enumerate(self.events):
            year = entry.sort_key[0]
            if not self.first <= year <= self.last:
                yield Problem(
                    ("events", index, "date"),
                    f"{entry.date} is outside the timeline ({self.start}–{self.end})",
                )
            if self.task == "order":
                yield from self._clashes(index, entry)
        yield from self._check_slides_fit()

    def _check_slides_fit(self) -> Iterator[Problem]:
        """Lay the slides out now, so a word too long for an event's box is the teacher's located
        problem rather than a failure while writing the deck."""
        if any(not self.first <= entry.sort_key[0] <= self.last for entry in self.events):
            return
        try:
            self._reveal_pages(BODY, CARLITO)
            grid_pages([entry.event for entry in self.events], BODY)
        except DoesNotFitError:
            yield Problem(
                ("events",),
                "an event, or a word in one, is too long for its box on the slide: "
                "shorten the longest events to a sentence, and split very long words",
            )

    def _clashes(self, index: int, entry: TimelineEntry) -> Iterator[Problem]:
        """In an order task, two events that cannot be told apart by their dates."""
        year, month, day = entry.sort_key
        for number, earlier in enumerate(self.events[:index], 1):
            other_year, other_month, other_day = earlier.sort_key
            same_month = not month or not other_month or month == other_month
            if other_year == year and same_month and (not day or not other_day or day == other_day):
                yield Problem(
                    ("events", index, "date"),
                    f"{entry.date} cannot be put in order with event {number} ({earlier.date}): "
                    "give events in the same year different months",
                )
                return

    # ----------------------------------------------------------------------- what pupils see

    def _chronological(self) -> list[int]:
        """The events' indices in date order (events on the same date in the spec's order)."""
        return sorted(range(len(self.events)), key=lambda index: self.events[index].sort_key)

    def _dealt(self) -> list[tuple[str, int]]:
        """The events' indices in a fixed shuffled order (never date order), lettered A, B, C..."""
        # Without the model answer, which came later: a lesson's letters stay as they were.
        order = shuffled(self._chronological(), self.model_dump_json(exclude={"answer"}) + "events")
        return [(chr(ord("A") + place), index) for place, index in enumerate(order)]

    def _axis_end(self) -> int:
        """The axis runs on to the next year's tick when an event falls after January of the last."""
        latest = max(entry.position for entry in self.events)
        return self.last + 1 if latest > self.last else self.last

    def _instructions(self, context: PartContext) -> str:
        return self.instructions or context.wording(f"timeline_{self.task}_instructions")

    def _answers(self, context: PartContext) -> list[str]:
        letters = {index: letter for letter, index in self._dealt()}
        return [
            context.wording(
                "timeline_answer",
                date=self.events[index].date,
                event=self.events[index].event,
                letter=letters[index],
            )
            for index in self._chronological()
        ]

    def _model_answer(self, context: PartContext) -> str | None:
        if self.answer is None:
            return None
        return f"{context.wording('timeline_model_answer_label')} {self.answer}"

    # ----------------------------------------------------------------------- slides

    def _task_slides(self, context: PartContext) -> list[SlidePlan]:
        texts = [self._lettered(context, letter, index) for letter, index in self._dealt()]
        body = context.body

        def pages(top: float) -> list[list[Shape]]:
            axis_y = top + 14
            grid_top = axis_y + ribbon() + 16
            area = Box(body.left, grid_top, body.width, body.top + body.height - grid_top)
            axis = SlideAxis(self.first, self._axis_end(), body, self.style).shapes(axis_y)
            return [axis + page for page in grid_pages(texts, area, context.face)]

        answers = "\n".join([context.wording("timeline_notes_answers"), *self._answers(context)])
        notes = "\n\n".join(filter(None, [self.notes, answers, self._model_answer(context)]))
        return task_slides(context, [self._instructions(context)], notes, pages)

    def _placed_row(
        self,
        axis: SlideAxis,
        entries: Sequence[TimelineEntry],
        size: float,
        above: bool,
        edge: float,
        axis_y: float,
    ) -> list[Shape]:
        """Boxes in date order along one side of the axis, each as near its date as its neighbours
        allow, with a straight leader line to its dot on the axis line on this side; `edge` is the
        side of the boxes facing the axis, `axis_y` that line."""
        if not entries:
            return []
        width = self._row_width(axis.body, len(entries))
        face = axis.face
        low, high = axis.body.left + width / 2, axis.body.left + axis.body.width - width / 2
        centres = [min(max(axis.x(entry.position), low), high) for entry in entries]
        for index in range(1, len(centres)):
            centres[index] = max(centres[index], centres[index - 1] + width + GAP)
        centres[-1] = min(centres[-1], high)
        for index in range(len(centres) - 2, -1, -1):
            centres[index] = min(centres[index], centres[index + 1] - width - GAP)
        anchors = spread([axis.x(entry.position) for entry in entries], axis.x(axis.start), axis.x(axis.end))
        shapes: list[Shape] = []
        for entry, centre, anchor in zip(entries, centres, anchors, strict=True):
            date_height = box_height(entry.date, size, width, True, face)
            event_height = box_height(entry.event, size, width, face=face)
            height = date_height + event_height
            top = edge - height if above else edge
            left = centre - width / 2
            shapes += [
                Shape("line", centre, edge, anchor - centre, axis_y - edge),
                Shape("box", left, top, width, height),
                Shape("text", left, top, width, date_height, entry.date, size, bold=True),
                Shape("text", left, top + date_height, width, event_height, entry.event, size),
                Shape("dot", anchor - DOT / 2, axis_y - DOT / 2, DOT, DOT),
            ]
        return shapes

    def _row_width(self, body: Box, count: int) -> float:
        return min(MAX_BOX_WIDTH, (body.width - (count - 1) * GAP) / count)

    def _row_height(
        self, axis: SlideAxis, entries: Sequence[TimelineEntry], size: float, whole_words: bool
    ) -> float | None:
        """The tallest box in the row, or None if (with `whole_words`) a word would not fit across."""
        width = self._row_width(axis.body, max(len(entries), 1))
        face = axis.face
        dates, events = [entry.date for entry in entries], [entry.event for entry in entries]
        fit = words_fit(dates, size, width, True, face) and words_fit(events, size, width, face=face)
        if whole_words and not fit:
            return None
        return max(
            (
                box_height(entry.date, size, width, True, face)
                + box_height(entry.event, size, width, face=face)
                for entry in entries
            ),
            default=0.0,
        )

    def _placed(
        self, axis: SlideAxis, entries: Sequence[TimelineEntry], whole_words: bool
    ) -> list[Shape] | None:
        """The axis with these events placed alternately above and below it, or None if they do
        not fit at 14 pt."""
        above, below = entries[0::2], entries[1::2]
        if len(above) > MAX_PER_ROW:
            return None
        band = ribbon()
        body = axis.body
        for size in EVENT_SIZES:
            high = self._row_height(axis, above, size, whole_words)
            low = self._row_height(axis, below, size, whole_words)
            if high is None or low is None:
                continue
            spare = body.height - (high + band + low)
            if spare >= 2 * LEAD:
                lead = min(spare / 2, MAX_LEAD)
                axis_y = body.top + (spare - 2 * lead) / 2 + high + lead
                return (
                    axis.shapes(axis_y)
                    + self._placed_row(axis, above, size, True, axis_y - lead, axis_y)
                    + self._placed_row(axis, below, size, False, axis_y + band + lead, axis_y + band)
                )
        return None

    def _reveal_pages(self, body: Box, face: Face) -> list[list[Shape]]:
        """The placed events on one slide; or split by date over as few slides as fit them, each
        slide's axis covering its own events' years."""
        ordered = [self.events[index] for index in self._chronological()]
        for whole_words in (True, False):
            for pages in range(1, len(ordered) + 1):
                bounds = [round(page * len(ordered) / pages) for page in range(pages + 1)]
                chunks = [ordered[bounds[page] : bounds[page + 1]] for page in range(pages)]
                laid = [
                    self._placed(self._chunk_axis(chunks, page, body, face), chunk, whole_words)
                    for page, chunk in enumerate(chunks)
                ]
                if all(shapes is not None for shapes in laid):
                    return [shapes for shapes in laid if shapes is not None]
        raise DoesNotFitError("an event is too long for a slide")

    def _chunk_axis(
        self, chunks: Sequence[Sequence[TimelineEntry]], page: int, body: Box, face: Face
    ) -> SlideAxis:
        """The whole axis for one slide; for one of several, from the timeline's start or the
        year of the slide's first event to the next year after its last, or the axis's end."""
        if len(chunks) == 1:
            return SlideAxis(self.first, self._axis_end(), body, self.style, face)
        first = self.first if page == 0 else math.floor(chunks[page][0].position)
        last = self._axis_end() if page == len(chunks) - 1 else math.floor(chunks[page][-1].position) + 1
        return SlideAxis(first, max(last, first + 1), body, self.style, face)

    def slides(self, context: PartContext) -> list[SlidePlan]:
        answers = context.wording("answers_title", title=context.heading)
        reveal = self._reveal_pages(context.body, context.face)
        return self._task_slides(context) + [
            SlidePlan(title, shapes=tuple(shapes), reveals=True)
            for title, shapes in zip(continued_titles(context, answers, len(reveal)), reveal, strict=True)
        ]

    # ----------------------------------------------------------------------- worksheet and key

    def _pupils_axis(self) -> TimelineAxis:
        """The empty axis, with as many letter boxes at each year as the most events in one year
        (at least two, so the count gives nothing away for a single event), and bands to write in."""
        per_year = Counter(math.floor(entry.position) for entry in self.events)
        boxes = min(MOST_BOXES, max(2, *per_year.values()))
        return TimelineAxis(self.first, self._axis_end(), (), self.style, boxes, TIMELINE_BANDS)

    def _completed_axis(self) -> tuple[Block, ...]:
        """The axis with every event's letter at its place (the key lists every event in full)."""
        letters = {index: letter for letter, index in self._dealt()}
        events = tuple(
            TimelineEvent(self.events[index].position, letters[index]) for index in self._chronological()
        )
        return (TimelineAxis(self.first, self._axis_end(), events, self.style),)

    def sheet(self, context: PartContext) -> list[Block]:
        wording = context.wording
        dealt = self._dealt()
        letters = {index: letter for letter, index in dealt}
        blocks: list[Block] = [Heading(context.heading), Para(self._instructions(context), "instructions")]
        if self.task == "place":
            listed = tuple(Para(self.events[index].event, "body", f"{letter}.") for letter, index in dealt)
            blocks.append(
                Keep((Reveal(pupil=(self._pupils_axis(),), teacher=self._completed_axis()), *listed))
            )
            in_order = Table(
                tuple(wording.items("timeline_key_columns")),
                tuple(
                    (
                        (Para(self.events[index].date, "answer"),),
                        (Para(self._lettered(context, letters[index], index), "answer"),),
                    )
                    for index in self._chronological()
                ),
                (1.0, 4.0),
            )
            label = Para(wording("timeline_answers_label"), "label")
            blocks.append(Reveal(pupil=(), teacher=(label, in_order, *self._model_answer_blocks(context))))
            return blocks
        ranks = {index: rank for rank, index in enumerate(self._chronological(), 1)}
        rows = tuple(
            (
                (Reveal(pupil=(), teacher=(Para(str(ranks[index]), "answer"),)),),
                (Para(self._lettered(context, letter, index)),),
            )
            for letter, index in dealt
        )
        blocks.append(Table(tuple(wording.items("timeline_order_columns")), rows, (1.0, 12.0)))
        numbered = (
            Para(answer, "answer", f"{number}.") for number, answer in enumerate(self._answers(context), 1)
        )
        label = Para(wording("timeline_answers_label"), "label")
        answer = self._model_answer_blocks(context)
        blocks.append(Reveal(pupil=(), teacher=(label, *numbered, *self._completed_axis(), *answer)))
        return blocks

    def _model_answer_blocks(self, context: PartContext) -> tuple[Block, ...]:
        if self.answer is None:
            return ()
        return (Para(context.wording("timeline_model_answer_label"), "label"), Para(self.answer, "answer"))

    def _lettered(self, context: PartContext, letter: str, index: int) -> str:
        return context.wording("timeline_lettered", letter=letter, event=self.events[index].event)


def _year_band() -> float:
    """The height of the year labels in the slide axis's ribbon."""
    return text_height(1, YEAR_SIZE)


def ribbon() -> float:
    """The height of the slide axis: its year labels with a tick's room above and below."""
    return 2 * TICK + _year_band()


def spread(anchors: Sequence[float], low: float, high: float) -> list[float]:
    """Dot positions in order along one side of the axis, each moved the least it must be so no
    two overlap, kept between `low` and `high`."""
    placed = list(anchors)
    for index in range(1, len(placed)):
        placed[index] = max(placed[index], placed[index - 1] + DOT + DOT_GAP)
    if placed:
        placed[-1] = min(placed[-1], high)
    for index in range(len(placed) - 2, -1, -1):
        placed[index] = min(placed[index], placed[index + 1] - DOT - DOT_GAP)
    return [max(place, low) for place in placed]
