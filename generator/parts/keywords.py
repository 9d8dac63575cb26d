"""Key words and their meanings: a reference box pupils keep, not a task, so it has no answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.deck.plan import Grid, SlidePlan
from generator.errors import Problem
from generator.part_context import PartContext
from generator.sheet.plan import Block, Heading, Para, Table
from generator.spec import Part, Prose, Text
from generator.wording import Wording

TERM_WIDTH = (8, 30)
"""The term column's relative width grows with the longest term, within these bounds."""
MEANING_WIDTH = 60.0


class KeywordsPart(Part):
    type: Literal["keywords"]
    title: Text | None = None
    """The box's heading; "Key words" when left out. It is not numbered as a task."""
    notes: Prose | None = None
    """Speaker notes for the key words slide."""
    terms: dict[Text, Text] = Field(min_length=1)
    """Each key word and its meaning, as `word: meaning`, shown in this order."""
    worksheet: Literal["here", "end"] = "here"
    """Where the box prints on the worksheet and the answer key: here, in the part's place, or end,
    on a page of its own at the end, so that it gives no answers away to the tasks before it."""

    on_worksheet = False
    default_title = "default_title_keywords"

    def heading(self, wording: Wording) -> str:
        return self.title or super().heading(wording)

    def teacher_note(self) -> str | None:
        return self.notes

    def sheet_at_end(self) -> bool:
        return self.worksheet == "end"

    def check(self, folder: Path) -> Iterator[Problem]:
        seen: dict[str, str] = {}
        for term in self.terms:
            first = seen.setdefault(term.casefold(), term)
            if first != term:
                message = f"'{term}' is already a key word (as '{first}'); keep one"
                yield Problem(("terms", term), message, at_key=True)

    def _widths(self) -> tuple[float, float]:
        low, high = TERM_WIDTH
        return float(min(max(max(len(term) for term in self.terms), low), high)), MEANING_WIDTH

    def slides(self, context: PartContext) -> list[SlidePlan]:
        grid = Grid(
            tuple(context.wording.items("keywords_columns")), tuple(self.terms.items()), self._widths()
        )
        return [SlidePlan(context.heading, grid=grid, notes=self.notes or "")]

    def sheet(self, context: PartContext) -> list[Block]:
        rows = tuple(((Para(term, "label"),), (Para(meaning),)) for term, meaning in self.terms.items())
        return [
            Heading(context.heading),
            Table(tuple(context.wording.items("keywords_columns")), rows, self._widths()),
        ]
