"""A multiple-choice quiz: lettered options with tick boxes; the right ones ticked in the key."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from generator.deck.plan import Line, SlidePlan
from generator.errors import Problem, quoted
from generator.part_context import PartContext
from generator.parts.base import TaskPart
from generator.sheet.plan import Block, Heading, Keep, Option, Options, Para, Reveal
from generator.shuffle import shuffled
from generator.spec import SpecModel, Text

CONVENTIONAL_ORDERS = (("true", "false"), ("yes", "no"))
"""Pairs of options always shown in this order, never shuffled: "A. False, B. True" only confuses."""
MIN_OPTIONS = 2
MAX_OPTIONS = 26
"""Options are lettered A to Z."""


def letter(index: int) -> str:
    """A for the first, B for the second, and so on."""
    return chr(ord("A") + index)


def did_you_mean(word: str, choices: list[str]) -> str:
    """ "; did you mean 'X'?" for the closest choice, ignoring case; empty when none is close."""
    folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return f"; did you mean '{folded[close[0]]}'?" if close else ""


def repeats(texts: list[str]) -> Iterator[tuple[int, str]]:
    """Each text (with its index) that repeats an earlier one, ignoring capitals, as a message
    such as "'Stalin' is given twice"."""
    seen: dict[str, str] = {}
    for index, text in enumerate(texts):
        first = seen.get(text.casefold())
        if first is None:
            seen[text.casefold()] = text
        else:
            same = "" if first == text else f" (as '{first}')"
            yield index, f"'{text}' is given twice{same}"


def _not_an_option(answer: str, options: list[str]) -> str:
    """Why an answer matches no option. A letter such as B is a likely slip (options are lettered
    only when shown, after mixing), so the message names the option at that place as written."""
    known = quoted(options)
    written = answer.rstrip(".)")
    if len(written) == 1 and written.isascii() and written.isalpha():
        place = ord(written.upper()) - ord("A")
        example = f", such as `answer: {options[place]}`" if place < len(options) else ""
        return (
            f"'{answer}' is not one of the options ({known}): give the option's text, not its letter{example}"
        )
    return f"'{answer}' is not one of the options ({known}){did_you_mean(answer, options)}"


class Choice(SpecModel):
    prompt: Text
    """The question."""
    options: list[Text]
    """The options to choose from, at least 2, each different; lettered A, B, C... when shown."""
    answer: Text | Annotated[list[Text], Field(min_length=1)]
    """The right option, written exactly as in `options`; or a list of them when several are right.
    In the answer key, the speaker notes and the answers slide, never the worksheet."""

    @property
    def answers(self) -> list[str]:
        return [self.answer] if isinstance(self.answer, str) else list(self.answer)


def _conventional_order(options: list[str]) -> list[str] | None:
    """True before False (and Yes before No), however the teacher listed them; None for others."""
    by_word = {option.casefold(): option for option in options}
    for pair in CONVENTIONAL_ORDERS:
        if len(options) == len(pair) and set(by_word) == set(pair):
            return [by_word[word] for word in pair]
    return None


class MultipleChoicePart(TaskPart):
    type: Literal["multiple_choice"]
    questions: list[Choice] = Field(min_length=1)
    """The questions, numbered in this order on every output."""
    shuffle: bool = True
    """Whether to mix up each question's options (the same way every build); false keeps your order."""

    default_title = "default_title_multiple_choice"

    def check(self, folder: Path) -> Iterator[Problem]:
        for index, question in enumerate(self.questions):
            here = ("questions", index)
            options = question.options
            if len(options) < MIN_OPTIONS:
                yield Problem((*here, "options"), f"a question needs at least {MIN_OPTIONS} options")
            if len(options) > MAX_OPTIONS:
                yield Problem(
                    (*here, "options"),
                    f"at most {MAX_OPTIONS} options (lettered A to Z): cut some, or ask it as two questions",
                )
            for option_index, message in repeats(options):
                yield Problem((*here, "options", option_index), message)
            answers = question.answers
            for answer_index, answer in enumerate(answers):
                where = (
                    (*here, "answer") if isinstance(question.answer, str) else (*here, "answer", answer_index)
                )
                if answer not in options:
                    yield Problem(where, _not_an_option(answer, options))
            if not isinstance(question.answer, str):
                for answer_index, message in repeats(answers):
                    yield Problem((*here, "answer", answer_index), message)

    def _options(self, number: int, question: Choice) -> list[Option]:
        """The question's options in the order shown everywhere, lettered, the right ones ticked."""
        order = list(question.options)
        conventional = _conventional_order(order)
        if conventional is not None:
            order = conventional
        elif self.shuffle:
            order = shuffled(order, f"{question.model_dump_json()}options{number}")
        return [
            Option(letter(index), text, ticked=text in question.answers) for index, text in enumerate(order)
        ]

    def _choices(self, number: int, question: Choice, context: PartContext) -> list[str]:
        """Each right option as "B – Stalin"."""
        return [
            context.wording("quiz_choice", letter=option.letter, text=option.text)
            for option in self._options(number, question)
            if option.ticked
        ]

    def _prompt(self, question: Choice, context: PartContext) -> str:
        """The prompt, ending "(tick 2)" when several options are right, as exam papers say."""
        count = len(question.answers)
        if count == 1:
            return question.prompt
        return f"{question.prompt} {context.wording('quiz_tick_how_many', count=count)}"

    def slides(self, context: PartContext) -> list[SlidePlan]:
        wording = context.wording
        slides = []
        reveal = []
        all_answers = []
        for number, question in enumerate(self.questions, 1):
            choices = self._choices(number, question, context)
            answer = wording("quiz_answer", choices=choices)
            lines = [Line(self.instructions, bullet=False)] if self.instructions and number == 1 else []
            lines.append(Line(self._prompt(question, context), bullet=False))
            lines.extend(
                Line(f"{option.letter}. {option.text}", bullet=False)
                for option in self._options(number, question)
            )
            notes = [self.notes] if self.notes and number == 1 else []
            slides.append(
                SlidePlan(
                    wording("quiz_question_title", title=context.heading, number=number),
                    tuple(lines),
                    notes="\n\n".join([*notes, answer]),
                )
            )
            reveal.append(Line(wording("quiz_reveal_line", number=number, choices=choices), bullet=False))
            all_answers.append(reveal[-1].text)
        answers_notes = "\n".join([wording("quiz_notes_answers"), *all_answers])
        slides.append(
            SlidePlan(
                wording("answers_title", title=context.heading),
                tuple(reveal),
                notes=answers_notes,
                reveals=True,
            )
        )
        return slides

    def sheet(self, context: PartContext) -> list[Block]:
        wording = context.wording
        blocks: list[Block] = [
            Heading(context.heading),
            Para(self.instructions or wording("quiz_instructions"), "instructions"),
        ]
        for number, question in enumerate(self.questions, 1):
            options = self._options(number, question)
            blank = tuple(Option(option.letter, option.text) for option in options)
            blocks.append(
                Keep(
                    (
                        Para(self._prompt(question, context), "prompt", f"{number}."),
                        Reveal(
                            pupil=(Options(blank),),
                            teacher=(
                                Options(tuple(options)),
                                Para(
                                    wording("quiz_answer", choices=self._choices(number, question, context)),
                                    "answer",
                                ),
                            ),
                        ),
                    )
                )
            )
        return blocks
