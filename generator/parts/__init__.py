"""The part types a lesson can use: one module each, registered here in one table."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from generator.parts.card_sort import CardSortPart
from generator.parts.exam_question import ExamQuestionPart
from generator.parts.gap_fill import GapFillPart
from generator.parts.keywords import KeywordsPart
from generator.parts.marking import MarkingPart
from generator.parts.matching import MatchingPart
from generator.parts.multiple_choice import MultipleChoicePart
from generator.parts.questions import QuestionsPart
from generator.parts.slide import SlidePart
from generator.parts.sources import SourcesPart
from generator.parts.table import TablePart
from generator.parts.timeline import TimelinePart
from generator.spec import Part

PART_TYPES: dict[str, type[Part]] = {
    "slide": SlidePart,
    "questions": QuestionsPart,
    "table": TablePart,
    "marking": MarkingPart,
    "timeline": TimelinePart,
    "card_sort": CardSortPart,
    "sources": SourcesPart,
    "exam_question": ExamQuestionPart,
    "keywords": KeywordsPart,
    "multiple_choice": MultipleChoicePart,
    "gap_fill": GapFillPart,
    "matching": MatchingPart,
}

AnyPart: Any = Annotated[reduce(operator.or_, PART_TYPES.values()), Field(discriminator="type")]
"""Any registered part, chosen by its `type` field."""

PART_ADAPTER: TypeAdapter[Part] = TypeAdapter(AnyPart)
