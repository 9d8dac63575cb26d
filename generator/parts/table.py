"""A table to complete: pupils fill the blank cells; the key and the reveal slide show them filled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from generator.choices import Space
from generator.deck.plan import Grid, Line, SlidePlan
from generator.errors import Problem, quoted
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.sheet.plan import Block, Heading, Para, Reveal, Table, WritingLines
from generator.spec import SpecModel, Text, WritingLineCount

MAX_COLUMNS = 12
"""The most columns a table may have: the worksheet's page is about 17 cm wide between its
margins, and thirteen columns would leave each under 1.3 cm, too narrow to write a word in."""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class GivenCell(SpecModel):
    given: Text
    """Printed for pupils even though its column is one they fill in."""


class AnswerCell(SpecModel):
    answer: Text
    """Left blank for pupils even though its column is printed."""


def _cell_kind(value: Any) -> str | None:
    """Which kind of cell this is; None (an error) for a mapping that is neither kind."""
    if not isinstance(value, dict):
        return "text"
    if set(value) == {"given"}:
        return "given"
    if set(value) == {"answer"}:
        return "answer"
    return None


Cell = Annotated[
    Annotated[Text, Tag("text")] | Annotated[GivenCell, Tag("given")] | Annotated[AnswerCell, Tag("answer")],
    Discriminator(_cell_kind),
]


class TablePart(TaskPart):
    type: Literal["table"]
    columns: list[Text] = Field(min_length=1)
    """The column headings."""
    rows: list[list[Cell]] = Field(min_length=1)
    """The rows, each with one cell per column: text, {given: text} or {answer: text}."""
    blank: list[Text] | None = None
    """The columns pupils fill in; by default every column but the first."""
    lines: WritingLineCount = Field(default=3, ge=1)
    """Writing lines in each blank cell of the worksheet."""
    space: Space = "lines"
    """The room in each blank cell, as tall as its writing lines: lines, blank (an empty box) or
    grid (5 mm squares, for working in maths and science)."""

    default_title = "default_title_table"

    def check(self, folder: Path) -> Iterator[Problem]:
        if len(self.columns) > MAX_COLUMNS:
            yield Problem(
                ("columns",),
                f"{len(self.columns)} columns is more than {MAX_COLUMNS}, as many as fit across a page "
                "with room to write: split the table into two tables",
            )
        for name_index, name in enumerate(self.blank or []):
            if name not in self.columns:
                known = quoted(self.columns)
                yield Problem(("blank", name_index), f"'{name}' is not one of the columns ({known})")
        for row_index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                yield Problem(
                    ("rows", row_index),
                    f"{_count(len(row), 'cell')}, but the table has {_count(len(self.columns), 'column')}",
                )

    def _blank_columns(self) -> set[int]:
        if self.blank is None:
            return set(range(1, len(self.columns)))
        return {self.columns.index(name) for name in self.blank}

    def _cells(self) -> list[list[tuple[str, bool]]]:
        """Each cell's full text and whether pupils must fill it in."""
        blank_columns = self._blank_columns()
        table = []
        for row in self.rows:
            cells = []
            for index, cell in enumerate(row):
                if isinstance(cell, GivenCell):
                    cells.append((cell.given, False))
                elif isinstance(cell, AnswerCell):
                    cells.append((cell.answer, True))
                else:
                    cells.append((cell, index in blank_columns))
            table.append(cells)
        return table

    def _widths(self) -> tuple[float, ...]:
        """Wider columns for longer text, and room to write in blank ones."""
        cells = self._cells()
        widths = []
        for index, heading in enumerate(self.columns):
            longest = max([len(heading)] + [len(row[index][0]) for row in cells])
            widths.append(min(max(longest, 8), 60))
        return tuple(float(width) for width in widths)

    def slides(self, context: PartContext) -> list[SlidePlan]:
        cells = self._cells()
        widths = self._widths()
        filled = Grid(tuple(self.columns), tuple(tuple(text for text, _ in row) for row in cells), widths)
        blank = Grid(
            tuple(self.columns),
            tuple(tuple("" if is_blank else text for text, is_blank in row) for row in cells),
            widths,
        )
        intro = (Line(self.instructions, bullet=False),) if self.instructions else ()
        return [
            SlidePlan(context.heading, intro, grid=blank, sizing_grid=filled, notes=self.notes or ""),
            SlidePlan(context.wording("answers_title", title=context.heading), grid=filled, reveals=True),
        ]

    def sheet(self, context: PartContext) -> list[Block]:
        rows = tuple(
            tuple(
                (Reveal(pupil=(WritingLines(self.lines, self.space),), teacher=(Para(text, "answer"),)),)
                if is_blank
                else (Para(text),)
                for text, is_blank in row
            )
            for row in self._cells()
        )
        blocks: list[Block] = [Heading(context.heading)]
        if self.instructions:
            blocks.append(Para(self.instructions, "instructions"))
        blocks.append(Table(tuple(self.columns), rows, self._widths()))
        return blocks
