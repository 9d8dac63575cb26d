"""The typed lesson model: what a spec may say, independent of how any output draws it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PositiveInt, StringConstraints

from generator.choices import AnswerSlides, Paper, Variant
from generator.errors import Problem, SpecPath
from generator.field_docs import describe_fields
from generator.verse import VerseLine, verse_lines

if TYPE_CHECKING:
    from generator.deck.plan import SlidePlan
    from generator.part_context import PartContext
    from generator.sheet.plan import Block
    from generator.wording import Wording

Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Text whose line breaks matter, such as speaker notes or a sample answer's paragraphs."""
Text = Annotated[Prose, AfterValidator(lambda text: " ".join(text.split()))]
"""A line of text: line breaks typed in the file (as in a `|` block) become spaces."""

MAX_PROPERTY = 255
"""The most characters a title, subject, author or language may have: the deck's document
properties hold no more (PowerPoint's limit, enforced by python-pptx)."""
Property = Annotated[Text, StringConstraints(max_length=MAX_PROPERTY)]
"""A line of text also stored in the files' document properties."""


MAX_WRITING_LINES = 200
"""The most writing lines one answer may have: about seven A4 pages, more than any answer on paper
needs. Not a limit of the page (a long run of lines carries on over pages) but of sense: a larger
number is a slip, and would print pages of empty lines."""


def _room_for_an_answer(lines: int) -> int:
    if lines > MAX_WRITING_LINES:
        raise ValueError(
            f"{lines} lines is more than {MAX_WRITING_LINES}, about seven pages, the most one answer "
            "is given: give fewer lines, or split the question into parts"
        )
    return lines


WritingLineCount = Annotated[int, Field(ge=0), AfterValidator(_room_for_an_answer)]
"""A number of writing lines, from 0 (none) up to MAX_WRITING_LINES."""


def paragraphs(prose: str) -> tuple[str, ...]:
    """Prose split at its blank lines, each paragraph on one line: how teachers separate
    paragraphs in a `|` block."""
    return tuple(" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", prose) if chunk.strip())


class SpecModel(BaseModel):
    """Strict about field names (a misspelt field is an error, not silently ignored)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, json_schema_extra=describe_fields
    )


class Passage(SpecModel):
    """Words set as prose or, marked verse, line for line as a poem: a source's text or a slide's."""

    text: Prose | None = None
    """The words: prose, where a blank line starts a new paragraph, or a poem with verse: true."""
    verse: bool = False
    """true for a poem or song: its line breaks and stanza breaks are kept on every output."""
    line_numbers: int | None = Field(default=None, ge=1)
    """With verse, number every n-th line in the margin, such as 5 for lines 5, 10, 15."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The prose's paragraphs; none for verse."""
        return paragraphs(self.text) if self.text and not self.verse else ()

    @property
    def lines(self) -> tuple[VerseLine, ...]:
        """The verse's lines; none for prose."""
        return verse_lines(self.text, self.line_numbers) if self.text and self.verse else ()

    def passage_problems(self, where: SpecPath) -> Iterator[Problem]:
        """`verse` and `line_numbers` need text to apply to, and line numbers need verse."""
        if self.verse and self.text is None:
            yield Problem((*where, "verse"), "verse: true needs a `text` to set as verse", at_key=True)
        if self.line_numbers is not None and not self.verse:
            yield Problem(
                (*where, "line_numbers"),
                "line_numbers needs verse: true (prose has no fixed lines)",
                at_key=True,
            )


class Part(SpecModel):
    """One step of the lesson. Each part type declares its fields and its rendering on every output."""

    type: str
    on_worksheet: ClassVar[bool] = True
    """Whether the part becomes a numbered task on the worksheet and answer key."""
    default_title: ClassVar[str] = ""
    """The wording key used for the heading when the spec gives no title."""

    def heading(self, wording: Wording) -> str:
        """The title shown for this part when the spec gives none."""
        return wording(self.default_title)

    def check(self, folder: Path) -> Iterator[Problem]:
        """Problems that span several fields, found once each field is valid on its own."""
        return iter(())

    def warnings(self) -> Iterator[Problem]:
        """What still builds but a teacher would want to hear about, such as a key with no answers."""
        return iter(())

    def teacher_note(self) -> str | None:
        """The part's speaker notes, also printed under it in the answer key: the guidance a
        teacher marks with (what to accept, where to be careful) is needed at the desk too."""
        return None

    def sheet_at_end(self) -> bool:
        """Whether the part's blocks print on a page of their own at the end of the worksheet and
        the key, rather than in the part's place."""
        return False

    def image_fields(self) -> Iterator[tuple[SpecPath, str]]:
        """The pictures the part shows, each as typed and where in the part it is typed."""
        return iter(())

    def images(self) -> Iterator[str]:
        """The pictures the part shows, as typed: the build reads them, so a pack is out of date
        when one of them changes."""
        return (relative for _, relative in self.image_fields())

    def slides(self, context: PartContext) -> list[SlidePlan]:
        raise NotImplementedError

    def sheet(self, context: PartContext) -> list[Block]:
        raise NotImplementedError


class Slides(SpecModel):
    """How the slide deck is made."""

    template: Text | None = None
    """A PowerPoint file (.pptx, .potx, .pptm or .potm) beside the lesson file, such as the
    school's template: the deck is built on its masters and layouts."""
    answers: AnswerSlides = "after_each_task"
    """Where the answer slides go: after_each_task (each straight after its task), at_end (all
    together after the last task) or hidden (none: answers stay in the notes and the key)."""


class LessonInfo(SpecModel):
    """Everything about a lesson except its parts."""

    title: Property
    """The lesson's title, on the title slide and at the top of every sheet."""
    subject: Property | None = None
    """The subject, e.g. History."""
    course: Text | None = None
    """The course or exam specification, e.g. A-level Russia 1917–1953."""
    audience: Text | None = None
    """Who the lesson is for, e.g. Year 12."""
    duration: PositiveInt | None = None
    """The lesson's length in minutes."""
    author: Property | None = None
    """Who wrote the lesson; stored in the files' metadata."""
    objectives: list[Text] = Field(default_factory=list)
    """What pupils should be able to do by the end; shown on a slide and the worksheet."""
    paper: Paper = "a4"
    """The paper the worksheet and answer key are printed on: a4, or letter for US Letter."""
    variants: list[Variant] = Field(default_factory=list)
    """Extra versions of the pupil's worksheet to write: large-print, dyslexia."""
    slides: Slides = Field(default_factory=Slides)
    """How the slide deck is made: `template: school.pptx` builds it on a school's template."""
    language: Annotated[
        str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=MAX_PROPERTY)
    ] = "en-GB"
    """The lesson's language as a tag such as en-GB or fr-FR, recorded in the files for screen readers."""


class Lesson(LessonInfo):
    """A validated lesson: the only thing renderers ever read."""

    parts: list[Part]
    folder: Path
