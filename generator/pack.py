"""Plans a whole lesson pack from the lesson model: the slide plans and the worksheet blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from generator.deck.fit import BODY, Box, DoesNotFitError
from generator.deck.plan import Line, SlidePlan
from generator.fonts import CARLITO, Face
from generator.part_context import PartContext
from generator.sheet.plan import Block, Boxed, Fields, Heading, NewPage, Para, Reveal
from generator.spec import Lesson, Part, paragraphs
from generator.wording import Wording

TOO_WIDE = (
    "a word in this part is too long for its box on the template's slides, even at the smallest "
    "size: shorten the longest words"
)
"""Drawn parts check their layout against our own deck's body when the spec is validated; a
template's body may be narrower."""


@dataclass(frozen=True)
class PackPlan:
    """What the pack is planned from. The slides are planned again for each deck as it is
    written, one part at a time, and the worksheet's blocks once, when the first sheet is written
    after the decks: a lesson of 20,000 slides held 7 MB of slide plans through both decks, and
    one of 20,000 questions 13 MB of worksheet blocks."""

    lesson: Lesson
    wording: Wording
    body: Box
    face: Face

    @cached_property
    def sheet(self) -> list[Block]:
        """The blocks of the worksheet and the answer key, in order, the tasks whose sheets go at
        the end after a new page."""
        sheet = _sheet_header(self.lesson, self.wording)
        at_end: list[Block] = []
        for index, (part, context) in enumerate(_contexts(self.lesson, self.wording, self.body, self.face)):
            blocks = [
                replace(block, part=index) if isinstance(block, Heading) else block
                for block in _sheet(part, context)
            ]
            if blocks and part.sheet_at_end():
                at_end += [NewPage(), *blocks]
            else:
                sheet += blocks
        return sheet + at_end

    def slides(self) -> Iterator[SlidePlan]:
        """The deck's slides in order, the answer slides where the spec wants them."""
        lesson, wording = self.lesson, self.wording
        answers = lesson.slides.answers
        held: list[SlidePlan] = []
        """The answer slides, where they all come at the end."""
        yield from _opening_slides(lesson, wording)
        for index, (part, context) in enumerate(_contexts(lesson, wording, self.body, self.face)):
            try:
                part_slides = part.slides(context)
            except DoesNotFitError:
                raise DoesNotFitError(TOO_WIDE, ("parts", index)) from None
            for plan in part_slides:
                placed = replace(plan, origin=("parts", index))
                if not plan.reveals or answers == "after_each_task":
                    yield placed
                elif answers == "at_end":
                    held.append(placed)
        yield from held


def _contexts(lesson: Lesson, wording: Wording, body: Box, face: Face) -> list[tuple[Part, PartContext]]:
    """Number the worksheet tasks once, so slides, worksheet and key all call them the same."""
    contexts = []
    task = 0
    for part in lesson.parts:
        title = part.heading(wording)
        if part.on_worksheet:
            task += 1
            title = wording("task_heading", number=task, title=title)
        contexts.append((part, PartContext(wording, lesson.folder, title, body, face)))
    return contexts


def _details(lesson: Lesson, wording: Wording) -> list[str]:
    minutes = wording("duration", minutes=lesson.duration) if lesson.duration else None
    return [text for text in (lesson.subject, lesson.course, lesson.audience, minutes) if text]


def _opening_slides(lesson: Lesson, wording: Wording) -> list[SlidePlan]:
    details = _details(lesson, wording)
    lines = [Line(wording("title_slide_details", details=details), bullet=False)] if details else []
    if lesson.author:
        lines.append(Line(lesson.author, bullet=False))
    slides = [SlidePlan(lesson.title, tuple(lines), kind="title", origin=("title",))]
    if lesson.objectives:
        objectives = tuple(Line(objective) for objective in lesson.objectives)
        slides.append(SlidePlan(wording("objectives_slide_title"), objectives, origin=("objectives",)))
    return slides


def _sheet_header(lesson: Lesson, wording: Wording) -> list[Block]:
    header: list[Block] = []
    details = _details(lesson, wording)
    if details:
        header.append(Para(wording("title_slide_details", details=details)))
    fields = Fields((wording("name_field"), wording("class_field"), wording("date_field")))
    header.append(Reveal(pupil=(fields,), teacher=()))
    if lesson.objectives:
        header.append(Para(wording("objectives_heading"), "label"))
        header.extend(Para(objective, "body", "•") for objective in lesson.objectives)
    return header


def _sheet(part: Part, context: PartContext) -> list[Block]:
    """The part's blocks, and under them, in the answer key only, its notes to the teacher."""
    blocks = part.sheet(context)
    note = part.teacher_note()
    if not blocks or not note:
        return blocks
    boxed = Boxed(context.wording("teacher_note_label"), paragraphs(note))
    return [*blocks, Reveal(pupil=(), teacher=(boxed,))]


def plan_pack(lesson: Lesson, wording: Wording, body: Box = BODY, face: Face = CARLITO) -> PackPlan:
    """`body` is where content goes on the deck's content slides, and `face` what its text is
    measured with."""
    return PackPlan(lesson, wording, body, face)
