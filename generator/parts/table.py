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

BLANK_COLUMN = 16
"""The least relative width of a column on a task slide: a blank one still reads as a column."""

MAX_COLUMNS = 12
"""The most columns a table may have: the worksheet's page is about 17 cm wide between its
margins, and thirteen columns would leave each under 1.3 cm, too narrow to write a word in."""


MAX_ROWS = 500
"""The most rows a table may have: with room to write, 500 rows fill about 50 pages. reportlab
lays a table out whole, holding every cell's broken lines, so the answer key of a table of 1,000
rows of 12 columns takes a build past the 150 MB it may use."""


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

DEFAULT_LINES = 3
SHORT_ANSWER = 12
"""Letters in the longest answer of a column that gets one writing line a box: a year, a number,
a name or two."""


class TableRow(SpecModel):
    """A row with its own room to write: `{cells: [...], lines: 6}`."""

    cells: list[Cell] = Field(min_length=1)
    """The row's cells, one per column, as in a row written as a plain list."""
    lines: WritingLineCount = Field(ge=1)
    """Writing lines in each box of this row that pupils fill in, instead of the table's."""


Row = Annotated[
    Annotated[list[Cell], Tag("cells")] | Annotated[TableRow, Tag("row")],
    Discriminator(lambda value: "row" if isinstance(value, dict | TableRow) else "cells"),
]


class TablePart(TaskPart):
    type: Literal["table"]
    columns: list[Text] = Field(min_length=1)
    """The column headings."""
    rows: list[Row] = Field(min_length=1)
    """The rows, each with one cell per column: text, {given: text} or {answer: text}; a row
    written as {cells: [...], lines: 6} gets its own number of writing lines."""
    blank: list[Text] | None = None
    """The columns pupils fill in; by default every column but the first."""
    lines: Annotated[WritingLineCount, Field(ge=1)] | None = None
    """Writing lines in each blank cell of the worksheet (3 by default); a column of ruled
    lines whose answers are all short, such as years, always gets 1."""
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
        if len(self.rows) > MAX_ROWS:
            yield Problem(
                ("rows", MAX_ROWS),
                f"{len(self.rows)} rows is more than {MAX_ROWS}, about 50 pages with room to write: "
                "split the table into several tables",
            )
        for name_index, name in enumerate(self.blank or []):
            if name not in self.columns:
                known = quoted(self.columns)
                yield Problem(("blank", name_index), f"'{name}' is not one of the columns ({known})")
        for row_index, row in enumerate(self._rows()):
            if len(row) != len(self.columns):
                yield Problem(
                    ("rows", row_index),
                    f"{_count(len(row), 'cell')}, but the table has {_count(len(self.columns), 'column')}",
                )

    def _rows(self) -> list[list[Cell]]:
        return [row.cells if isinstance(row, TableRow) else row for row in self.rows]

    def _blank_columns(self) -> set[int]:
        if self.blank is None:
            return set(range(1, len(self.columns)))
        return {self.columns.index(name) for name in self.blank}

    def _cells(self) -> list[list[tuple[str, bool]]]:
        """Each cell's full text and whether pupils must fill it in."""
        blank_columns = self._blank_columns()
        table = []
        for row in self._rows():
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

    def _widths(self, shown: bool = False) -> tuple[float, ...]:
        """Wider columns for longer text, and room to write in blank ones; `shown` measures only
        the text the task slide shows, as a projected table needs no room to write."""
        cells = self._cells()
        widths = []
        for index, heading in enumerate(self.columns):
            texts = [text for text, is_blank in (row[index] for row in cells) if not (shown and is_blank)]
            longest = max([len(heading), *map(len, texts)])
            widths.append(min(max(longest, BLANK_COLUMN if shown else 8), 60))
        return tuple(float(width) for width in widths)

    def slides(self, context: PartContext) -> list[SlidePlan]:
        cells = self._cells()
        widths = self._widths()
        filled = Grid(tuple(self.columns), tuple(tuple(text for text, _ in row) for row in cells), widths)
        blank = Grid(
            tuple(self.columns),
            tuple(tuple("" if is_blank else text for text, is_blank in row) for row in cells),
            self._widths(shown=True),
            uniform_rows=True,
        )
        intro = (Line(self.instructions, bullet=False),) if self.instructions else ()
        return [
            SlidePlan(context.heading, intro, grid=blank, notes=self.notes or ""),
            SlidePlan(context.wording("answers_title", title=context.heading), grid=filled, reveals=True),
        ]

    def _lines(self) -> list[list[int]]:
        """The writing lines of each box: one in a column of ruled lines whose answers are all
        short (a year needs no more, whatever `lines` says); elsewhere the row's own, else the
        table's, else 3."""
        cells = self._cells()
        short = [
            self.space == "lines"
            and all(len(row[index][0]) <= SHORT_ANSWER for row in cells if row[index][1])
            for index in range(len(self.columns))
        ]
        return [
            [
                1 if short[index] else row.lines if isinstance(row, TableRow) else self.lines or DEFAULT_LINES
                for index in range(len(self.columns))
            ]
            for row in self.rows
        ]

    def sheet(self, context: PartContext) -> list[Block]:
        rows = tuple(
            tuple(
                (Reveal(pupil=(WritingLines(lines, self.space),), teacher=(Para(text, "answer"),)),)
                if is_blank
                else (Para(text),)
                for (text, is_blank), lines in zip(row, row_lines, strict=True)
            )
            for row, row_lines in zip(self._cells(), self._lines(), strict=True)
        )
        blocks: list[Block] = [Heading(context.heading)]
        if self.instructions:
            blocks.append(Para(self.instructions, "instructions"))
        blocks.append(Table(tuple(self.columns), rows, self._widths()))
        return blocks
