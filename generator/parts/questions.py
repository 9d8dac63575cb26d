"""Written questions: numbered prompts with page references and writing lines; model answers in the key."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.deck.plan import Line, SlidePlan
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.sheet.plan import Block, Heading, Keep, Para, Reveal, WritingLines
from generator.spec import SpecModel, Text

LINES_PER_MARK = 2
DEFAULT_LINES = 3
MAX_LINES = 40


class Question(SpecModel):
    prompt: Text
    """The question pupils answer."""
    answer: Text
    """The model answer: in the answer key, the speaker notes and the answers slide, never the worksheet."""
    ref: Text | None = None
    """Where to find the answer, such as a textbook page: p71."""
    marks: int | None = Field(default=None, ge=1, le=100)
    """Marks available; shown as [2 marks] and sets the default number of writing lines."""
    lines: int | None = Field(default=None, ge=0, le=MAX_LINES)
    """Writing lines under the question; by default 2 per mark, or 3."""

    @property
    def writing_lines(self) -> int:
        if self.lines is not None:
            return self.lines
        return min(MAX_LINES, self.marks * LINES_PER_MARK) if self.marks else DEFAULT_LINES


class QuestionsPart(TaskPart):
    type: Literal["questions"]
    questions: list[Question] = Field(min_length=1)
    """The questions, numbered in this order on every output."""

    default_title = "default_title_questions"

    def _asides(self, question: Question, context: PartContext) -> str:
        asides = []
        if question.ref:
            asides.append(context.wording("page_ref", ref=question.ref))
        if question.marks:
            asides.append(context.wording("marks", marks=question.marks))
        return "  ".join(asides)

    def slides(self, context: PartContext) -> list[SlidePlan]:
        intro = [Line(self.instructions, bullet=False)] if self.instructions else []
        prompts = [
            Line(
                f"{number}. {question.prompt} {self._asides(question, context)}".rstrip(),
                bullet=False,
            )
            for number, question in enumerate(self.questions, 1)
        ]
        answers = [
            Line(f"{number}. {question.answer}", bullet=False)
            for number, question in enumerate(self.questions, 1)
        ]
        answer_notes = "\n".join(
            [context.wording("questions_notes_answers")] + [line.text for line in answers]
        )
        notes = "\n\n".join(filter(None, [self.notes, answer_notes]))
        return [
            SlidePlan(context.heading, tuple(intro + prompts), notes=notes),
            SlidePlan(context.wording("answers_title", title=context.heading), tuple(answers), reveals=True),
        ]

    def sheet(self, context: PartContext) -> list[Block]:
        blocks: list[Block] = [Heading(context.heading)]
        if self.instructions:
            blocks.append(Para(self.instructions, "instructions"))
        for number, question in enumerate(self.questions, 1):
            blocks.append(
                Keep(
                    (
                        Para(question.prompt, "prompt", f"{number}.", self._asides(question, context)),
                        Reveal(
                            pupil=(WritingLines(question.writing_lines),),
                            teacher=(Para(question.answer, "answer"),),
                        ),
                    )
                )
            )
        return blocks
