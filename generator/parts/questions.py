"""Written questions: numbered prompts with page references and writing lines; model answers in the key."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.choices import Space
from generator.deck.plan import Line, SlidePlan, sentence_lines
from generator.errors import Problem
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.sheet.plan import Block, Heading, Keep, Para, Reveal, WritingLines
from generator.spec import MAX_WRITING_LINES, SpecModel, Text, WritingLineCount

LINES_PER_MARK = 2
DEFAULT_LINES = 3


class Question(SpecModel):
    prompt: Text
    """The question pupils answer."""
    answer: Text | None = None
    """The model answer: in the answer key, the speaker notes and the answers slide, never the
    worksheet. Without one, the key shows the question with its writing space."""
    slide_answer: Text | None = None
    """A short form of the answer for the answers slide, such as its key points, so the class
    reads it from the back of the room; the full answer stays in the key and the speaker notes.
    Without one, the slide shows the full answer, at a readable size, over as many slides as
    it needs."""
    ref: Text | None = None
    """Where to find the answer, such as a textbook page: p71."""
    marks: int | None = Field(default=None, ge=1)
    """Marks available; shown as [2 marks] and sets the default number of writing lines."""
    lines: WritingLineCount | None = None
    """Writing lines under the question; by default 2 per mark, or 3."""
    space: Space | None = None
    """The room to answer in, as tall as the writing lines: lines, blank (an empty box) or grid
    (5 mm squares, for working in maths and science); by default the part's `space`."""

    @property
    def writing_lines(self) -> int:
        if self.lines is not None:
            return self.lines
        return marked_lines(self.marks) if self.marks else DEFAULT_LINES


def marked_lines(marks: int, per_mark: int = LINES_PER_MARK) -> int:
    """The writing lines a question's marks give it by default: 2 a mark for a short answer, up
    to the most allowed."""
    return min(MAX_WRITING_LINES, marks * per_mark)


def unanswered_warning(questions: Sequence[Question]) -> Iterator[Problem]:
    """One warning for a part's questions that have no model answer, naming them by number."""
    missing = [number for number, question in enumerate(questions, 1) if question.answer is None]
    if not missing:
        return
    which = "question " + str(missing[0]) if len(missing) == 1 else "questions " + _listed(missing)
    yield Problem(
        ("questions",),
        f"the answer key has no answer for {which}: it shows the writing space instead "
        "(add `answer:` to a question to put its model answer in the key)",
        at_key=True,
        warning=True,
    )


def slide_answer_problems(questions: Sequence[Question]) -> Iterator[Problem]:
    """A short answer for the slide is a short form of the full answer, which must be there."""
    for index, question in enumerate(questions):
        if question.slide_answer is not None and question.answer is None:
            yield Problem(
                ("questions", index, "slide_answer"),
                "slide_answer is a short form of the answer for the slide: give the full `answer` too",
                at_key=True,
            )


def _listed(numbers: Sequence[int]) -> str:
    """1, 2 and 4"""
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


class QuestionsPart(TaskPart):
    type: Literal["questions"]
    questions: list[Question] = Field(min_length=1)
    """The questions, numbered in this order on every output."""
    space: Space = "lines"
    """The room to answer every question in that does not say: lines, blank or grid."""

    default_title = "default_title_questions"

    def check(self, folder: Path) -> Iterator[Problem]:
        return slide_answer_problems(self.questions)

    def warnings(self) -> Iterator[Problem]:
        return unanswered_warning(self.questions)

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
        answered = [
            (number, question) for number, question in enumerate(self.questions, 1) if question.answer
        ]
        answers = [
            line
            for number, question in answered
            for line in (
                [Line(f"{number}. {question.slide_answer}", bullet=False)]
                if question.slide_answer
                else sentence_lines(question.answer or "", f"{number}.")
            )
        ]
        answer_notes = "\n".join(
            [context.wording("questions_notes_answers")]
            + [f"{number}. {question.answer}" for number, question in answered]
        )
        notes = "\n\n".join(filter(None, [self.notes, answer_notes if answers else None]))
        task = SlidePlan(context.heading, tuple(intro + prompts), notes=notes)
        if not answers:
            return [task]
        reveal = SlidePlan(
            context.wording("answers_title", title=context.heading), tuple(answers), reveals=True
        )
        return [task, reveal]

    def sheet(self, context: PartContext) -> list[Block]:
        blocks: list[Block] = [Heading(context.heading)]
        if self.instructions:
            blocks.append(Para(self.instructions, "instructions"))
        for number, question in enumerate(self.questions, 1):
            space = WritingLines(question.writing_lines, question.space or self.space)
            blocks.append(
                Keep(
                    (
                        Para(question.prompt, "prompt", f"{number}.", self._asides(question, context)),
                        Reveal(pupil=(space,), teacher=(Para(question.answer, "answer"),))
                        if question.answer is not None
                        else space,
                    )
                )
            )
        return blocks
