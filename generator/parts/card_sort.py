"""A card sort: pupils cut out cards and sort them under category headings; the key shows them sorted."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.columns import widest_word
from generator.deck.fit import BODY, Box, DoesNotFitError
from generator.deck.plan import Shape, SlidePlan
from generator.errors import Problem, quoted
from generator.fonts import CARLITO, Face, wrap
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.parts.drawn_boxes import (
    GAP,
    SHAPE_SIZES,
    box_height,
    continued_titles,
    grid_pages,
    task_slides,
    text_lines,
    words_fit,
)
from generator.sheet.plan import Block, CutCards, Heading, Para, Reveal, Table, WritingLines
from generator.shuffle import shuffled
from generator.spec import SpecModel, Text

MAX_CATEGORIES = 6
MM = 72 / 25.4
SHEET_WIDTH = (210 - 2 * 17) * MM
"""The worksheet's text width: A4 less the sheet's margins (generator.sheet.writer.SheetStyle)."""
CARD_PADDING = 6 * MM + 2
"""A cut-out card's left and right padding (generator.sheet.writer), with a little to spare."""
CARD_SIZE = 11.5
CARD_LINES = 4
"""Lines of bold body text that fit on a 24 mm cut-out card."""
CARD_COLUMNS = (3, 2)
"""Cut-out cards per row, tried in order: narrower cards when every text fits on them."""
SORT_LINES = 3
"""Writing lines in each box of the sorting grid: about a cut-out card's height, to stick one on."""


# --------------------------------------------------------------------------- the part


class Card(SpecModel):
    text: Text
    """What the card says: on the cut-out cards and the slides, for everyone."""
    category: Text
    """The category it belongs under, spelt as in `categories`: this is the answer."""


HEADER_SIZE = 20.0
"""The largest size of the category names over the dealt cards: no louder than the cards."""


def card_columns(texts: Sequence[str]) -> int | None:
    """Cut-out cards per row on the worksheet such that every text fits its card, or None."""
    for columns in CARD_COLUMNS:
        width = SHEET_WIDTH / columns - CARD_PADDING
        if all(
            len(wrap(text, CARD_SIZE, width, bold=True)) <= CARD_LINES
            and widest_word([text], CARD_SIZE, bold=True) <= width
            for text in texts
        ):
            return columns
    return None


class CardSortPart(TaskPart):
    type: Literal["card_sort"]
    categories: list[Text] = Field(min_length=2)
    """The headings pupils sort the cards under: at least 2, at most 6."""
    cards: list[Card] = Field(min_length=2)
    """The cards, each with the category it belongs to; shuffled on the slides and the worksheet."""

    default_title = "default_title_card_sort"

    def check(self, folder: Path) -> Iterator[Problem]:
        if len(self.categories) > MAX_CATEGORIES:
            yield Problem(
                ("categories",),
                f"{len(self.categories)} categories, but at most {MAX_CATEGORIES} fit side by side on a "
                "slide and a page: split the cards into two card sorts",
            )
        for index, name in enumerate(self.categories):
            if name in self.categories[:index]:
                yield Problem(("categories", index), f"'{name}' is given twice")
        known = quoted(dict.fromkeys(self.categories))
        folded = {name.casefold(): name for name in self.categories}
        for index, card in enumerate(self.cards):
            if card.category not in self.categories:
                close = difflib.get_close_matches(card.category.casefold(), list(folded), n=1, cutoff=0.6)
                hint = f"; did you mean '{folded[close[0]]}'?" if close else ""
                yield Problem(
                    ("cards", index, "category"),
                    f"'{card.category}' is not one of the categories ({known}){hint}",
                )
            if card_columns([card.text]) is None:
                yield Problem(
                    ("cards", index, "text"),
                    "too long for a cut-out card: keep a card to about 25 words",
                )
        yield from self._check_slides_fit()

    def _check_slides_fit(self) -> Iterator[Problem]:
        """Lay the slides out now, so a word too long for a card's column on the slide is the
        teacher's located problem rather than a failure while writing the deck."""
        if any(card.category not in self.categories for card in self.cards):
            return
        try:
            self._reveal_pages(BODY, CARLITO)
            grid_pages([card.text for card in self.cards], BODY)
        except DoesNotFitError:
            yield Problem(
                ("cards",),
                f"a word on a card is too long for a column of the slide with {len(self.categories)} "
                "categories: shorten the longest words, or use fewer categories",
            )

    def _dealt(self) -> list[Card]:
        """The cards in a fixed shuffled order; never in the spec's order and, where another
        order exists, never with each category's cards side by side (that would sort them)."""
        seed = self.model_dump_json() + "cards"
        order = shuffled(self.cards, seed)
        for attempt in range(20):
            if not self._grouped(order):
                break
            order = shuffled(self.cards, f"{seed}{attempt}")
        return order

    def _grouped(self, cards: Sequence[Card]) -> bool:
        runs = [
            card.category
            for index, card in enumerate(cards)
            if not index or card.category != cards[index - 1].category
        ]
        return len(runs) == len(set(runs))

    def _sorted(self) -> list[list[str]]:
        """Each category's cards, in spec order."""
        return [[card.text for card in self.cards if card.category == name] for name in self.categories]

    def _answer_notes(self, context: PartContext) -> str:
        lines = [context.wording("card_sort_notes_answers")]
        lines += [
            context.wording("card_sort_notes_line", category=name, cards=texts)
            for name, texts in zip(self.categories, self._sorted(), strict=True)
        ]
        return "\n".join(lines)

    def _instructions(self, context: PartContext) -> str:
        return self.instructions or context.wording("card_sort_instructions")

    def slides(self, context: PartContext) -> list[SlidePlan]:
        intro = [self._instructions(context)]
        texts = [card.text for card in self._dealt()]

        body, face = context.body, context.face
        width = (body.width - (len(self.categories) - 1) * GAP) / len(self.categories)
        fitting = [size for size in SHAPE_SIZES if size <= HEADER_SIZE and self._names_fit(size, width, face)]
        size = next(iter(fitting), SHAPE_SIZES[-1])

        def pages(top: float) -> list[list[Shape]]:
            """The categories as labelled columns across the top, the cards dealt below them."""
            header, below = self._columns(Box(body.left, top, body.width, body.height), width, size, face)
            area = Box(body.left, below + GAP / 2, body.width, body.top + body.height - below - GAP / 2)
            return [header + cards for cards in grid_pages(texts, area, face)]

        notes = "\n\n".join(filter(None, [self.notes, self._answer_notes(context)]))
        slides = task_slides(context, intro, notes, pages)
        reveal = self._reveal_pages(body, face)
        answers = context.wording("answers_title", title=context.heading)
        slides += [
            SlidePlan(title, shapes=tuple(shapes), reveals=True)
            for title, shapes in zip(continued_titles(context, answers, len(reveal)), reveal, strict=True)
        ]
        return slides

    def _reveal_pages(self, body: Box, face: Face) -> list[list[Shape]]:
        """One column per category with its cards under it; rows go on to further slides only when
        they cannot all fit at 14 pt."""
        sorted_texts = self._sorted()
        count = len(self.categories)
        width = (body.width - (count - 1) * GAP) / count
        deepest = max(len(texts) for texts in sorted_texts)
        texts = [*self.categories, *(card.text for card in self.cards)]
        sizes = [size for size in SHAPE_SIZES if words_fit(texts, size, width, True, face)]
        for size in sizes:
            page = self._reveal_page(sorted_texts, body, width, size, face)
            if page is not None:
                return [page]
        size = SHAPE_SIZES[-1]
        for pages in range(2, deepest + 1):
            per_page = math.ceil(deepest / pages)
            laid = [
                self._reveal_page(
                    [texts[start : start + per_page] for texts in sorted_texts], body, width, size, face
                )
                for start in range(0, deepest, per_page)
            ]
            if all(page is not None for page in laid):
                return [page for page in laid if page is not None]
        raise DoesNotFitError("a card is too long for a slide")

    def _names_fit(self, size: float, width: float, face: Face) -> bool:
        """Whether every category's name takes at most two lines of its column."""
        return all(text_lines(name, size, width, True, face) <= 2 for name in self.categories)

    def _columns(self, body: Box, width: float, size: float, face: Face) -> tuple[list[Shape], float]:
        """The category names side by side in bold over a rule, one column each; returns them and
        the point below them."""
        header = max(box_height(name, size, width, True, face) for name in self.categories)
        shapes: list[Shape] = [Shape("line", body.left, body.top + header + GAP / 4, body.width, 0.0)]
        shapes += [
            Shape("text", body.left + index * (width + GAP), body.top, width, header, name, size, bold=True)
            for index, name in enumerate(self.categories)
        ]
        return shapes, body.top + header + GAP / 2

    def _reveal_page(
        self, columns: list[list[str]], body: Box, width: float, size: float, face: Face
    ) -> list[Shape] | None:
        """The category names side by side with their cards under them, the rows lined up."""
        shapes, top = self._columns(body, width, size, face)
        for row in range(max(len(texts) for texts in columns)):
            cells = [(index, texts[row]) for index, texts in enumerate(columns) if row < len(texts)]
            height = max(box_height(text, size, width, face=face) for _, text in cells)
            shapes += [
                Shape("box", body.left + index * (width + GAP), top, width, height, text, size)
                for index, text in cells
            ]
            top += height + GAP / 2
        return shapes if top - GAP / 2 <= body.top + body.height else None

    def sheet(self, context: PartContext) -> list[Block]:
        sorted_texts = self._sorted()
        rows = max(len(texts) for texts in sorted_texts)
        widths = tuple(1.0 for _ in self.categories)
        blank = Table(
            tuple(self.categories),
            tuple(tuple((WritingLines(SORT_LINES),) for _ in self.categories) for _ in range(rows + 1)),
            widths,
        )
        filled = Table(
            tuple(self.categories),
            tuple(
                tuple((Para(texts[row], "answer"),) if row < len(texts) else () for texts in sorted_texts)
                for row in range(rows)
            ),
            widths,
        )
        return [
            Heading(context.heading),
            Para(self._instructions(context), "instructions"),
            Reveal(pupil=(blank, *self._card_pages(context)), teacher=(filled,)),
        ]

    def _card_pages(self, context: PartContext) -> list[Block]:
        """The cut-out cards, printed on pages of their own at the end of the sheet."""
        dealt = tuple(card.text for card in self._dealt())
        columns = card_columns(list(dealt)) or CARD_COLUMNS[-1]
        label = context.wording("card_sort_cards_label", title=context.heading)
        return [CutCards(dealt, columns, label)]
