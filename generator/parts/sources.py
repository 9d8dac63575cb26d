"""Sources to study: each text or picture boxed as Source A, B, C..., then written questions on them."""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.assets import asset_path, resolve_image
from generator.choices import Space
from generator.deck.fit import paginate_text, picture_split
from generator.deck.plan import Line, Picture, SlidePlan, verse_line
from generator.errors import Problem, SpecPath
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.parts.questions import Question, QuestionsPart, slide_answer_problems, unanswered_warning
from generator.sheet.plan import Block, Boxed, Heading, Image, Para
from generator.spec import Passage, Text

LETTERS = string.ascii_uppercase
SOURCE_IMAGE_HEIGHT_MM = 85.0


class Source(Passage):
    image: Text | None = None
    """A PNG or JPEG picture, given relative to the lesson file."""
    image_alt: Text | None = None
    """A description of the picture for pupils who cannot see it (required with image)."""
    caption: Text | None = None
    """What the source is, shown after its label: Source A: A speech by Stalin, 1925."""
    attribution: Text | None = None
    """Where the source comes from, printed at its foot, such as a book and its date."""


class SourcesPart(TaskPart):
    type: Literal["sources"]
    sources: list[Source] = Field(min_length=1)
    """The sources, labelled Source A, Source B... in this order on every output (at most 26)."""
    questions: list[Question] = Field(min_length=1)
    """The questions on the sources, numbered in this order on every output."""
    space: Space = "lines"
    """The room to answer every question in that does not say: lines, blank or grid."""

    default_title = "default_title_sources"

    def check(self, folder: Path) -> Iterator[Problem]:
        yield from slide_answer_problems(self.questions)
        if len(self.sources) > len(LETTERS):
            yield Problem(
                ("sources", len(LETTERS)),
                f"{len(self.sources)} sources, but they are lettered A to Z: split them into two tasks",
            )
        for index, source in enumerate(self.sources):
            where = ("sources", index)
            if source.text is None and source.image is None:
                yield Problem(where, "a source needs text, an image or both")
            yield from source.passage_problems(where)
            if source.image is None:
                if source.image_alt is not None:
                    yield Problem(
                        (*where, "image_alt"), "image_alt is given but there is no image", at_key=True
                    )
                continue
            if source.image_alt is None:
                yield Problem(
                    (*where, "image"), "add image_alt: a short description of the picture", at_key=True
                )
            found = resolve_image(folder, source.image)
            if isinstance(found, str):
                yield Problem((*where, "image"), found)

    def warnings(self) -> Iterator[Problem]:
        return unanswered_warning(self.questions)

    def image_fields(self) -> Iterator[tuple[SpecPath, str]]:
        return (
            (("sources", index, "image"), source.image)
            for index, source in enumerate(self.sources)
            if source.image
        )

    def _label(self, letter: str, source: Source, context: PartContext) -> str:
        """Source A, or Source A: with the caption after it."""
        if source.caption:
            return context.wording("source_label_captioned", letter=letter, caption=source.caption)
        return context.wording("source_label", letter=letter)

    def _questions(self, instructions: str | None) -> QuestionsPart:
        """The questions drawn exactly as a questions part draws them."""
        return QuestionsPart(
            type="questions", instructions=instructions, questions=self.questions, space=self.space
        )

    def _picture(self, source: Source, context: PartContext) -> Path | None:
        if source.image is None:
            return None
        return asset_path(context.folder, source.image)

    def _source_slides(self, letter: str, source: Source, context: PartContext) -> list[SlidePlan]:
        """The source on one slide; a picture with more text than fits beside it gets a slide of its own."""
        wording = context.wording
        label = wording("source_label", letter=letter)
        title = wording("source_slide_title", title=context.heading, label=label)
        label_line = Line(self._label(letter, source, context), bullet=False, role="label")
        caption = [label_line] if source.caption else []
        credit = wording("source_attribution_line", attribution=source.attribution)
        attribution = [Line(credit, bullet=False, role="credit")] if source.attribution else []
        text = (Line(paragraph, bullet=False, role="quote") for paragraph in source.paragraphs)
        verse = (verse_line(line, "quote") for line in source.lines)
        lines = (*caption, *text, *verse, *attribution)
        path = self._picture(source, context)
        if path is None:
            return [SlidePlan(title, lines)]
        picture = Picture(path, source.image_alt or "")
        beside_picture, _ = picture_split(context.body)
        if not (source.paragraphs or source.lines) or len(paginate_text(lines, beside_picture)) == 1:
            return [SlidePlan(title, lines, picture=picture)]
        picture_title = wording("source_picture_title", title=context.heading, label=label)
        return [SlidePlan(title, lines), SlidePlan(picture_title, (*caption, *attribution), picture=picture)]

    def slides(self, context: PartContext) -> list[SlidePlan]:
        slides = [
            plan
            for letter, source in zip(LETTERS, self.sources, strict=False)
            for plan in self._source_slides(letter, source, context)
        ]
        if self.notes:
            slides[0] = replace(slides[0], notes=self.notes)
        questions, *answers = self._questions(self.instructions).slides(context)
        title = context.wording("sources_questions_title", title=context.heading)
        return [*slides, replace(questions, title=title), *answers]

    def sheet(self, context: PartContext) -> list[Block]:
        blocks: list[Block] = [Heading(context.heading)]
        if self.instructions:
            blocks.append(Para(self.instructions, "instructions"))
        for letter, source in zip(LETTERS, self.sources, strict=False):
            path = self._picture(source, context)
            image = Image(path, source.image_alt or "", SOURCE_IMAGE_HEIGHT_MM) if path else None
            blocks.append(
                Boxed(
                    self._label(letter, source, context),
                    source.paragraphs,
                    source.attribution or "",
                    image,
                    source.lines,
                )
            )
        heading, *questions = self._questions(None).sheet(context)
        assert heading == Heading(context.heading), "a questions part's sheet opens with its heading"
        return blocks + questions
