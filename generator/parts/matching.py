"""A matching exercise: numbered terms beside lettered, mixed-up definitions; the pairing in the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from generator.deck.plan import Grid, Line, SlidePlan
from generator.errors import Problem
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.parts.multiple_choice import letter, repeats
from generator.sheet.plan import Block, Heading, Keep, Para, Reveal, Span, Spans, Table
from generator.shuffle import shuffled
from generator.spec import SpecModel, Text

MIN_PAIRS = 2
MAX_PAIRS = 26
"""Definitions are lettered A to Z."""
DERANGEMENT_TRIES = 50
"""Shuffles tried before falling back to moving every definition down a row; about 1 in 3
shuffles leaves no definition on its own row, so the fallback is all but never needed."""


class Pair(SpecModel):
    term: Text
    """The term, numbered 1, 2, 3... in this order."""
    definition: Text
    """What the term means; lettered and mixed up among the other definitions."""


class MatchingPart(TaskPart):
    type: Literal["matching"]
    pairs: list[Pair]
    """The terms and their definitions, at least 2; each term and each definition different."""

    default_title = "default_title_matching"

    def check(self, folder: Path) -> Iterator[Problem]:
        if len(self.pairs) < MIN_PAIRS:
            yield Problem(("pairs",), f"a matching task needs at least {MIN_PAIRS} pairs")
        if len(self.pairs) > MAX_PAIRS:
            yield Problem(
                ("pairs",),
                f"at most {MAX_PAIRS} pairs (the definitions are lettered A to Z): "
                "split them into two matching tasks",
            )
        for index, message in repeats([pair.term for pair in self.pairs]):
            yield Problem(("pairs", index, "term"), f"the term {message}")
        for index, message in repeats([pair.definition for pair in self.pairs]):
            yield Problem(
                ("pairs", index, "definition"), f"the definition {message}: two terms cannot share a letter"
            )

    def order(self) -> list[int]:
        """The definitions' order as printed, as indices into `pairs`: mixed up so that no
        definition stands on its own term's row (rows beside their match would give pairs away)."""
        seed = self.model_dump_json() + "definitions"
        for attempt in range(DERANGEMENT_TRIES):
            order = shuffled(range(len(self.pairs)), f"{seed}{attempt}")
            if all(index != place for place, index in enumerate(order)):
                return order
        count = len(self.pairs)
        return [(place + 1) % count for place in range(count)]

    def letters(self) -> list[str]:
        """The letter of each pair's definition, in the pairs' order."""
        found = [""] * len(self.pairs)
        for place, index in enumerate(self.order()):
            found[index] = letter(place)
        return found

    def _widths(self) -> tuple[float, float]:
        terms = max(len(pair.term) for pair in self.pairs) + 3
        definitions = max(len(pair.definition) for pair in self.pairs) + 3
        return float(min(max(terms, 8), 30)), float(min(max(definitions, 8), 60))

    def _rows(self, context: PartContext) -> list[tuple[str, str]]:
        """Each numbered term beside the definition printed on its row (not its match)."""
        wording = context.wording
        return [
            (
                wording("matching_term", number=number, text=pair.term),
                wording("matching_definition", letter=letter(place), text=self.pairs[index].definition),
            )
            for (number, pair), (place, index) in zip(
                enumerate(self.pairs, 1), enumerate(self.order()), strict=True
            )
        ]

    def _matched(self, context: PartContext) -> list[tuple[str, str]]:
        """Each numbered term beside its own definition, with that definition's letter."""
        wording = context.wording
        return [
            (
                wording("matching_term", number=number, text=pair.term),
                wording("matching_definition", letter=found, text=pair.definition),
            )
            for (number, pair), found in zip(enumerate(self.pairs, 1), self.letters(), strict=True)
        ]

    def slides(self, context: PartContext) -> list[SlidePlan]:
        wording = context.wording
        intro = (Line(self.instructions or wording("matching_instructions"), bullet=False),)
        columns = tuple(wording.items("matching_columns"))
        notes_lines = [
            wording(
                "matching_notes_line", number=number, letter=found, term=pair.term, definition=pair.definition
            )
            for (number, pair), found in zip(enumerate(self.pairs, 1), self.letters(), strict=True)
        ]
        answers = "\n".join([wording("matching_notes_answers"), *notes_lines])
        exercise = Grid(columns, tuple(self._rows(context)), self._widths())
        matched = Grid(
            tuple(wording.items("matching_reveal_columns")), tuple(self._matched(context)), self._widths()
        )
        return [
            SlidePlan(
                context.heading, intro, grid=exercise, notes="\n\n".join(filter(None, [self.notes, answers]))
            ),
            SlidePlan(
                wording("answers_title", title=context.heading), grid=matched, notes=answers, reveals=True
            ),
        ]

    def sheet(self, context: PartContext) -> list[Block]:
        wording = context.wording
        numbers = range(1, len(self.pairs) + 1)
        separator = wording("matching_pairs_separator")
        blanks = separator.join(wording("matching_blank", number=number) for number in numbers)
        pairs: list[Span] = []
        for number, found in zip(numbers, self.letters(), strict=True):
            if pairs:
                pairs.append(Span(separator))
            pairs += [Span(wording("matching_pair", number=number)), Span(found, emphasis=True)]
        matched = Table(
            tuple(wording.items("matching_reveal_columns")),
            tuple(
                ((Para(term),), (Para(definition, "answer"),)) for term, definition in self._matched(context)
            ),
            self._widths(),
        )
        exercise = Table(
            tuple(wording.items("matching_columns")),
            tuple(((Para(term),), (Para(definition),)) for term, definition in self._rows(context)),
            self._widths(),
        )
        return [
            Heading(context.heading),
            Para(self.instructions or wording("matching_instructions"), "instructions"),
            Keep(
                (
                    exercise,
                    Reveal(
                        pupil=(Para(wording("matching_answers_label"), "label"), Para(blanks, "quote")),
                        teacher=(Para(wording("matching_key_label"), "label"), Spans(tuple(pairs), "quote")),
                    ),
                )
            ),
            Reveal(pupil=(), teacher=(Keep((Para(wording("matching_matched_label"), "label"), matched)),)),
        ]
