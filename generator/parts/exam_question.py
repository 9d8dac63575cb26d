"""One exam question with its marks and room to write; the mark scheme and indicative content in the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.choices import Space
from generator.deck.plan import Grid, Line, SlidePlan
from generator.errors import Problem
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.parts.marking import SCHEME_WIDTHS, MarkingPart, SchemeLevel
from generator.parts.questions import marked_lines
from generator.sheet.plan import Block, Heading, Keep, Para, Reveal, Table, WritingLines
from generator.spec import Text, WritingLineCount

KEPT_LINES = 4
LINES_PER_MARK = 3
"""An extended answer's writing lines: about 25 for an 8-mark answer, which takes about 12
minutes to write, and about a page and a half per 10 marks (the sheet's lines are 8.5 mm apart)."""
"""Writing lines kept on the question's page; the rest run on over as many pages as they need."""


class ExamQuestionPart(TaskPart):
    type: Literal["exam_question"]
    prompt: Text
    """The exam question pupils answer."""
    marks: int = Field(ge=1)
    """The marks the question is worth, shown as [8 marks]."""
    lines: WritingLineCount | None = None
    """Writing lines on the worksheet; by default 3 per mark, running onto further pages."""
    space: Space = "lines"
    """The room to answer in, as tall as the writing lines: lines, blank (an empty box) or grid
    (5 mm squares, for working in maths and science)."""
    scheme: list[SchemeLevel] = Field(default_factory=list)
    """The levels mark scheme: in the answer key, the speaker notes and a mark scheme slide only."""
    indicative: list[Text] = Field(default_factory=list)
    """Points a good answer might make: in the answer key, the speaker notes and the answers slide only."""

    default_title = "default_title_exam_question"

    @property
    def writing_lines(self) -> int:
        return self.lines if self.lines is not None else marked_lines(self.marks, LINES_PER_MARK)

    def _marking(self) -> MarkingPart:
        """The scheme checked and tabled exactly as a marking part does (with no sample answers)."""
        return MarkingPart.model_construct(
            type="marking", question=self.prompt, marks=self.marks, scheme=self.scheme, answers=[]
        )

    def check(self, folder: Path) -> Iterator[Problem]:
        return self._marking().check(folder)

    def warnings(self) -> Iterator[Problem]:
        if not self.scheme and not self.indicative:
            yield Problem(
                ("prompt",),
                "the answer key has no answer for this question: it shows the writing space instead "
                "(add `scheme:` or `indicative:` to put a mark scheme or points to look for in the key)",
                at_key=True,
                warning=True,
            )

    def _notes(self, context: PartContext) -> str:
        wording = context.wording
        scheme = [
            wording("scheme_notes_line", level=level, marks=marks, descriptor=descriptor)
            for level, marks, descriptor in self._marking()._scheme_rows(context)
        ]
        indicative = [wording("indicative_notes_line", point=point) for point in self.indicative]
        sections = [
            self.notes,
            "\n".join([wording("mark_scheme_heading"), *scheme]) if scheme else None,
            "\n".join([wording("indicative_heading"), *indicative]) if indicative else None,
        ]
        return "\n\n".join(section for section in sections if section)

    def slides(self, context: PartContext) -> list[SlidePlan]:
        wording = context.wording
        question = Line(f"{self.prompt} {wording('marks', marks=self.marks)}", bullet=False, role="label")
        instructions = [Line(self.instructions, bullet=False, role="aside")] if self.instructions else []
        slides = [SlidePlan(context.heading, (question, *instructions), notes=self._notes(context))]
        if self.scheme:
            grid = Grid(
                tuple(wording.items("scheme_columns")),
                tuple(self._marking()._scheme_rows(context)),
                SCHEME_WIDTHS,
            )
            slides.append(
                SlidePlan(wording("mark_scheme_title", title=context.heading), grid=grid, reveals=True)
            )
        if self.indicative:
            slides.append(
                SlidePlan(
                    wording("answers_title", title=context.heading),
                    tuple(Line(point) for point in self.indicative),
                    reveals=True,
                )
            )
        return slides

    def _answer(self, context: PartContext) -> list[Block]:
        """What only the teacher sees: the scheme, then the indicative content."""
        wording = context.wording
        blocks: list[Block] = []
        if self.scheme:
            rows = self._marking()._scheme_rows(context)
            blocks.append(Para(wording("mark_scheme_heading"), "label"))
            blocks.append(
                Table(
                    tuple(wording.items("scheme_columns")),
                    tuple(tuple((Para(text),) for text in row) for row in rows),
                    SCHEME_WIDTHS,
                )
            )
        if self.indicative:
            blocks.append(Para(wording("indicative_heading"), "label"))
            blocks.extend(Para(point, "body", "•") for point in self.indicative)
        return blocks

    def sheet(self, context: PartContext) -> list[Block]:
        blocks: list[Block] = [Heading(context.heading)]
        if self.instructions:
            blocks.append(Para(self.instructions, "instructions"))
        # A box or a grid is one area: kept whole with the question (on a new page if need be)
        # rather than cut in two where the question's page has room for only its first lines.
        kept = min(KEPT_LINES, self.writing_lines) if self.space == "lines" else self.writing_lines
        rest = self.writing_lines - kept
        answer = self._answer(context)
        prompt = Para(self.prompt, "prompt", aside=context.wording("marks", marks=self.marks))
        kept_space: tuple[Block, ...] = (WritingLines(kept, self.space),) if kept else ()
        rest_space: tuple[Block, ...] = (WritingLines(rest, self.space),) if rest else ()
        if not answer:
            return [*blocks, Keep((prompt, *kept_space)), *rest_space]
        blocks.append(Keep((prompt, Reveal(pupil=kept_space, teacher=tuple(answer[:2])))))
        if rest or answer[2:]:
            blocks.append(Reveal(pupil=rest_space, teacher=tuple(answer[2:])))
        return blocks
