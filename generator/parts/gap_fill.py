"""A gap fill: a text with numbered blanks, all the same length, and a shuffled word bank."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.deck.plan import Line, SlidePlan
from generator.errors import Problem, quoted
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.sheet.plan import Block, Boxed, Heading, Para, Reveal, Span, Spans
from generator.shuffle import shuffled
from generator.spec import Prose, Text
from generator.spec import paragraphs as split_paragraphs

_GAP = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
_SINGLE = re.compile(r"(?<!\[)\[([^\[\]]+)\](?!\])")
"""A word in single brackets, such as [hypotenuse]: printed as typed, so usually a gap's slip."""
SHEET_BLANK = "_" * 20
"""Every gap on the worksheet, whatever its word: a blank's length must never hint at the word."""
SLIDE_BLANK = "_" * 10


@dataclass(frozen=True)
class Piece:
    """A run of the text: plain words, or a gap (`number` from 1) whose answer is `text`."""

    text: str
    number: int = 0


def _tidy(text: str) -> str:
    return " ".join(text.split())


def paragraphs(text: str) -> list[list[Piece]]:
    """The text's paragraphs (split at blank lines), each as plain runs and numbered gaps; line
    breaks inside a paragraph become single spaces."""
    found: list[list[Piece]] = []
    number = 0
    for line in split_paragraphs(text):
        pieces: list[Piece] = []
        place = 0
        for gap in _GAP.finditer(line):
            if gap.start() > place:
                pieces.append(Piece(line[place : gap.start()]))
            number += 1
            pieces.append(Piece(_tidy(gap.group(1)), number))
            place = gap.end()
        if place < len(line):
            pieces.append(Piece(line[place:]))
        found.append(pieces)
    return found


class GapFillPart(TaskPart):
    type: Literal["gap_fill"]
    text: Prose
    """The text, with each missing word written in double square brackets: [[word]]. A blank line
    starts a new paragraph."""
    word_bank: bool = True
    """Whether to print a word bank: the missing words, mixed up, with any distractors."""
    distractors: list[Text] = Field(default_factory=list)
    """Extra wrong words for the word bank, to make it harder."""

    default_title = "default_title_gap_fill"

    def check(self, folder: Path) -> Iterator[Problem]:
        yield from self._check_gaps()
        words = {piece.text.casefold() for piece in self._gaps()}
        if self.distractors and not self.word_bank:
            yield Problem(("distractors",), "distractors are given but word_bank is false", at_key=True)
        seen: set[str] = set()
        for index, word in enumerate(self.distractors):
            if word.casefold() in words:
                yield Problem(
                    ("distractors", index),
                    f"'{word}' fills a gap: a distractor must be a word that fits none",
                )
            elif word.casefold() in seen:
                yield Problem(("distractors", index), f"'{word}' is given twice")
            seen.add(word.casefold())

    def warnings(self) -> Iterator[Problem]:
        """Single brackets print as typed, answer and all; they may be meant ([sic], [...]), so a
        warning rather than an error."""
        outside = " ".join(_GAP.sub(" ", chunk) for chunk in split_paragraphs(self.text))
        words = [_tidy(match.group(1)) for match in _SINGLE.finditer(outside)]
        if not words:
            return
        one = len(words) == 1
        yield Problem(
            ("text",),
            f"{quoted(f'[{word}]' for word in words)} {'is' if one else 'are'} in single brackets, so the "
            f"worksheet prints {'it' if one else 'them'} for pupils to read: write a gap in double "
            f"brackets, [[{words[0]}]] (single brackets are right only for words pupils should read, "
            "such as [sic])",
            at_key=True,
            warning=True,
        )

    def _check_gaps(self) -> Iterator[Problem]:
        """The first problem with the brackets, checked paragraph by paragraph: a gap never spans
        a blank line."""
        chunks = split_paragraphs(self.text)
        gaps = [gap for chunk in chunks for gap in _GAP.finditer(chunk)]
        outside = " ".join(_GAP.sub(" ", chunk) for chunk in chunks)
        if "[[" in outside or any("[[" in gap.group(1) for gap in gaps):
            yield Problem(("text",), "a gap opens with [[ but is not closed with ]] in the same paragraph")
        elif "]]" in outside:
            yield Problem(("text",), "]] closes a gap that was never opened with [[")
        elif not gaps:
            yield Problem(
                ("text",), "the text has no gaps: write each missing word in double brackets, [[like this]]"
            )
        elif any(not gap.group(1).strip() for gap in gaps):
            yield Problem(("text",), "an empty gap [[]]: write the missing word inside the brackets")

    def _gaps(self) -> list[Piece]:
        return [piece for paragraph in paragraphs(self.text) for piece in paragraph if piece.number]

    def bank(self) -> list[str]:
        """The missing words in an order unlike the text's, with the distractors among them."""
        answers = [gap.text for gap in self._gaps()]
        seed = self.model_dump_json()
        mixed = shuffled(answers, seed + "word bank")
        total = len(answers) + len(self.distractors)
        distractor_places = set(shuffled(range(total), seed + "distractor places")[: len(self.distractors)])
        words = iter(mixed)
        extras = iter(self.distractors)
        return [next(extras) if place in distractor_places else next(words) for place in range(total)]

    def _instructions(self, context: PartContext) -> str:
        if self.instructions:
            return self.instructions
        if self.word_bank:
            return context.wording("gap_fill_instructions_bank", spare=bool(self.distractors))
        return context.wording("gap_fill_instructions")

    def slides(self, context: PartContext) -> list[SlidePlan]:
        wording = context.wording
        texts = paragraphs(self.text)
        task = [Line(self._instructions(context), bullet=False)]
        task += [Line(self._blank_text(pieces, context, SLIDE_BLANK), bullet=False) for pieces in texts]
        if self.word_bank:
            task.append(Line(wording("word_bank_line", words=self.bank()), bullet=False))
        reveal = [
            Line(
                "".join(
                    wording("gap_filled", number=piece.number, word=piece.text.upper())
                    if piece.number
                    else piece.text
                    for piece in pieces
                ),
                bullet=False,
            )
            for pieces in texts
        ]
        answers = [wording("gap_fill_notes_answer", number=gap.number, word=gap.text) for gap in self._gaps()]
        notes = "\n\n".join(
            filter(None, [self.notes, "\n".join([wording("gap_fill_notes_answers"), *answers])])
        )
        return [
            SlidePlan(context.heading, tuple(task), notes=notes),
            SlidePlan(wording("answers_title", title=context.heading), tuple(reveal), reveals=True),
        ]

    def _blank_text(self, pieces: list[Piece], context: PartContext, blank: str) -> str:
        return "".join(
            context.wording("gap_blank", number=piece.number, blank=blank) if piece.number else piece.text
            for piece in pieces
        )

    def sheet(self, context: PartContext) -> list[Block]:
        wording = context.wording
        blocks: list[Block] = [Heading(context.heading), Para(self._instructions(context), "instructions")]
        if self.word_bank:
            words = [word.replace(" ", "\u00a0") for word in self.bank()]
            blocks.append(Boxed(wording("word_bank_label"), (wording("word_bank_words", words=words),)))
        for pieces in paragraphs(self.text):
            blocks.append(
                Reveal(
                    pupil=(Para(self._blank_text(pieces, context, SHEET_BLANK), "prompt"),),
                    teacher=(Spans(tuple(self._key_spans(pieces, context)), "prompt"),),
                )
            )
        return blocks

    def _key_spans(self, pieces: list[Piece], context: PartContext) -> Iterator[Span]:
        for piece in pieces:
            if piece.number:
                number = context.wording("gap_filled", number=piece.number, word="")
                yield Span(number)
                yield Span(piece.text, emphasis=True)
            else:
                yield Span(piece.text)
