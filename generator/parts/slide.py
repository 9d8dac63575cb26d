"""A content slide: title, text (prose or verse), bullets (nested one level), an optional picture and
speaker notes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.assets import asset_path, resolve_image
from generator.deck.plan import LINE_BUDGET, Line, Picture, SlidePlan, verse_line
from generator.errors import Problem, SpecPath
from generator.part_context import PartContext
from generator.sheet.plan import Block
from generator.spec import Part, Passage, Prose, Text
from generator.wording import Wording


class SlidePart(Part, Passage):
    type: Literal["slide"]
    title: Text
    """The slide's title; screen readers navigate a deck by its titles."""
    bullets: list[Text | list[Text]] = Field(default_factory=list)
    """Bullet points; a list inside the list gives sub-bullets of the bullet before it."""
    notes: Prose | None = None
    """Speaker notes: what to say, and what to ask the class."""
    image: Text | None = None
    """A PNG or JPEG picture, given relative to the lesson file."""
    image_alt: Text | None = None
    """A description of the picture for pupils who cannot see it (required with image)."""
    layout: Text | None = None
    """The name of the template's layout to draw the slide on, such as Section Header."""

    on_worksheet = False

    def heading(self, wording: Wording) -> str:
        return self.title

    def check(self, folder: Path) -> Iterator[Problem]:
        yield from self.passage_problems(())
        if self.bullets and isinstance(self.bullets[0], list):
            yield Problem(("bullets", 0), "sub-bullets must follow the bullet they belong to")
        if self.image is None:
            if self.image_alt is not None:
                yield Problem(("image_alt",), "image_alt is given but there is no image", at_key=True)
            return
        if self.image_alt is None:
            yield Problem(("image",), "add image_alt: a short description of the picture", at_key=True)
        found = resolve_image(folder, self.image)
        if isinstance(found, str):
            yield Problem(("image",), found)

    def image_fields(self) -> Iterator[tuple[SpecPath, str]]:
        return iter([(("image",), self.image)] if self.image else [])

    def slides(self, context: PartContext) -> list[SlidePlan]:
        lines = [Line(paragraph, bullet=False) for paragraph in self.paragraphs]
        lines.extend(map(verse_line, self.lines))
        for bullet in self.bullets:
            if isinstance(bullet, list):
                lines.extend(Line(sub, level=1) for sub in bullet)
            else:
                lines.append(Line(bullet))
        picture = None
        if self.image is not None:
            picture = Picture(asset_path(context.folder, self.image), self.image_alt or "")
        return [
            SlidePlan(
                self.title,
                tuple(lines),
                picture=picture,
                notes=self.notes or "",
                layout=self.layout,
                # A poem has the lines its poet gave it: no budget to cut it to.
                line_budget=None if self.verse else LINE_BUDGET,
            )
        ]

    def sheet(self, context: PartContext) -> list[Block]:
        return []
