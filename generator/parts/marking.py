"""A marking exercise: pupils mark sample answers against a levels scheme and give a reason."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from generator.deck.plan import Grid, Line, SlidePlan, sentence_lines
from generator.errors import Problem
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.sheet.plan import Block, Boxed, Heading, Keep, Para, Reveal, Table, WritingLines
from generator.spec import Prose, SpecModel, Text, WritingLineCount, paragraphs

_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")
REASON_LINES = 3
"""The same room for every answer's reason, however long the teacher's own reason is."""
FOLLOW_UP_LINES = 4
SCHEME_WIDTHS = (8.0, 7.0, 60.0)


class SchemeLevel(SpecModel):
    level: int = Field(ge=0)
    """The level's number: 0 for the band of answers with nothing worthy of credit."""
    marks: str
    """The marks the level covers, such as 3-4 (or a single mark, such as 8 or 0)."""
    descriptor: Text
    """What an answer at this level does."""

    @field_validator("marks")
    @classmethod
    def _is_range(cls, value: str) -> str:
        if not _RANGE.match(value):
            raise ValueError(f"'{value}' is not a mark range: write it like 3-4")
        return value

    @property
    def bounds(self) -> tuple[int, int]:
        found = _RANGE.match(self.marks)
        assert found, "checked when read"
        low = int(found.group(1))
        return low, int(found.group(2) or low)

    @property
    def marks_text(self) -> str:
        low, high = self.bounds
        return f"{low}–{high}" if high != low else str(low)


class SampleAnswer(SpecModel):
    text: Prose
    """The sample answer pupils read and mark; blank lines separate paragraphs."""
    mark: int = Field(ge=0)
    """The mark it deserves: in the answer key, the speaker notes and the marks reveal slide."""
    level: int | None = Field(default=None, ge=0)
    """The level it reaches: shown with the mark."""
    reason: Text
    """Why it deserves that mark, in terms of the scheme: shown with the mark."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return paragraphs(self.text)


class FollowUp(SpecModel):
    question: Text
    """A question pupils answer once they have marked the answers, such as what would move
    Answer 2 up a level."""
    answer: Text | None = None
    """The model answer: in the answer key, the speaker notes and the marks slide, never the
    worksheet. Without one, the key shows the question with its writing space."""
    lines: WritingLineCount = FOLLOW_UP_LINES
    """Writing lines for the answer on the worksheet."""


class MarkingPart(TaskPart):
    type: Literal["marking"]
    question: Text
    """The exam question the sample answers respond to."""
    marks: int = Field(ge=1)
    """The marks the question is worth."""
    scheme: list[SchemeLevel] = Field(default_factory=list)
    """The levels mark scheme, shown highest level first."""
    show_scheme: bool = True
    """Whether pupils see the scheme, on the worksheet and a slide (it is always in the answer key)."""
    answers: list[SampleAnswer] = Field(min_length=1)
    """The sample answers, numbered Answer 1, 2, 3..."""
    follow_up: list[FollowUp] = Field(default_factory=list)
    """Questions pupils answer after marking, each with room to write under the answers."""

    default_title = "default_title_marking"

    def check(self, folder: Path) -> Iterator[Problem]:
        levels: dict[int, SchemeLevel] = {}
        for index, level in enumerate(self.scheme):
            if level.level in levels:
                yield Problem(("scheme", index, "level"), f"level {level.level} is given twice")
            levels.setdefault(level.level, level)
            low, high = level.bounds
            if low > high:
                yield Problem(("scheme", index, "marks"), f"write the lower mark first: {high}-{low}")
                return
            elif high > self.marks:
                yield Problem(
                    ("scheme", index, "marks"), f"{level.marks} goes above the question's {self.marks} marks"
                )
        for index, answer in enumerate(self.answers):
            if answer.mark > self.marks:
                yield Problem(
                    ("answers", index, "mark"),
                    f"a mark of {answer.mark} is above the question's {self.marks}",
                )
            if answer.level is None or not self.scheme:
                continue
            if answer.level not in levels:
                known = ", ".join(str(level) for level in sorted(levels))
                yield Problem(
                    ("answers", index, "level"),
                    f"the scheme has no level {answer.level} (it has {known})",
                )
                continue
            low, high = levels[answer.level].bounds
            if not low <= answer.mark <= high:
                yield Problem(
                    ("answers", index, "mark"),
                    f"a mark of {answer.mark} is outside level {answer.level}'s range ({low}–{high})",
                )

    def warnings(self) -> Iterator[Problem]:
        for index, follow_up in enumerate(self.follow_up):
            if follow_up.answer is None:
                yield Problem(
                    ("follow_up", index, "question"),
                    "the answer key has no answer for this follow-up question: it shows the writing "
                    "space instead (add `answer:` to put a model answer in the key)",
                    warning=True,
                )

    def _scheme_rows(self, context: PartContext) -> list[tuple[str, str, str]]:
        ordered = sorted(self.scheme, key=lambda level: level.level, reverse=True)
        return [
            (context.wording("scheme_level", level=level.level), level.marks_text, level.descriptor)
            for level in ordered
        ]

    def _verdict(self, answer: SampleAnswer, context: PartContext) -> str:
        return context.wording(
            "mark_given",
            mark=answer.mark,
            marks=self.marks,
            level=answer.level if answer.level is not None else "–",
        )

    def slides(self, context: PartContext) -> list[SlidePlan]:
        wording = context.wording
        marks = wording("marks", marks=self.marks)
        follow_ups = tuple(Line(follow_up.question, bullet=False) for follow_up in self.follow_up)
        answered = [
            wording("follow_up_answer_line", question=follow_up.question, answer=follow_up.answer)
            for follow_up in self.follow_up
            if follow_up.answer is not None
        ]
        answer_notes = "\n".join([wording("follow_up_notes_answers"), *answered]) if answered else None
        intro = SlidePlan(
            context.heading,
            (
                Line(f"{self.question} {marks}", bullet=False, role="label"),
                Line(self.instructions or wording("marking_instructions"), bullet=False, role="aside"),
                *follow_ups,
            ),
            notes="\n\n".join(filter(None, [self.notes, answer_notes])),
        )
        slides = [intro]
        if self.scheme and self.show_scheme:
            grid = Grid(
                tuple(wording.items("scheme_columns")),
                tuple(self._scheme_rows(context)),
                SCHEME_WIDTHS,
            )
            slides.append(SlidePlan(wording("mark_scheme_title", title=context.heading), grid=grid))
        for number, answer in enumerate(self.answers, 1):
            slides.append(
                SlidePlan(
                    wording("sample_answer_title", title=context.heading, number=number),
                    tuple(Line(paragraph, bullet=False, role="quote") for paragraph in answer.paragraphs),
                    notes=f"{self._verdict(answer, context)}\n{answer.reason}",
                )
            )
        reveal = tuple(
            line
            for number, answer in enumerate(self.answers, 1)
            for line in sentence_lines(
                wording(
                    "marks_reveal_line",
                    number=number,
                    level=answer.level if answer.level is not None else "–",
                    mark=answer.mark,
                    marks=self.marks,
                    reason=answer.reason,
                )
            )
        ) + tuple(line for text in answered for line in sentence_lines(text))
        slides.append(SlidePlan(wording("marks_reveal_title", title=context.heading), reveal, reveals=True))
        return slides

    def sheet(self, context: PartContext) -> list[Block]:
        wording = context.wording
        question = Para(self.question, "prompt", aside=wording("marks", marks=self.marks))
        blocks: list[Block] = [
            Heading(context.heading),
            Para(self.instructions or wording("marking_instructions"), "instructions"),
        ]
        if self.scheme:
            scheme: tuple[Block, ...] = (
                Para(wording("mark_scheme_heading"), "label"),
                Table(
                    tuple(wording.items("scheme_columns")),
                    tuple(tuple((Para(text),) for text in row) for row in self._scheme_rows(context)),
                    SCHEME_WIDTHS,
                ),
            )
            # The question stays with its scheme: a heading and question alone on a page, the
            # scheme moved whole to the next, would leave most of the page empty.
            blocks.append(
                Keep((question, *(scheme if self.show_scheme else (Reveal(pupil=(), teacher=scheme),))))
            )
        else:
            blocks.append(question)
        for number, answer in enumerate(self.answers, 1):
            # The answer and the lines to mark it on are one block: pupils mark what they can see.
            marked = Reveal(
                pupil=(
                    Para(wording("mark_blank", marks=self.marks), "label"),
                    Para(wording("reason_label"), "label"),
                    WritingLines(REASON_LINES),
                ),
                teacher=(
                    Para(self._verdict(answer, context), "label"),
                    Para(wording("reason_label"), "label"),
                    Para(answer.reason, "answer"),
                ),
            )
            blocks.append(
                Keep((Boxed(wording("sample_answer_label", number=number), answer.paragraphs), marked))
            )
        for follow_up in self.follow_up:
            space = WritingLines(follow_up.lines)
            answer_space = (
                Reveal(pupil=(space,), teacher=(Para(follow_up.answer, "answer"),))
                if follow_up.answer is not None
                else space
            )
            blocks.append(Keep((Para(follow_up.question, "label"), answer_space)))
        return blocks
