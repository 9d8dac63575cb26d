"""The part types a lesson can use: one module each, registered here in one table."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from generator.parts.marking import MarkingPart
from generator.parts.questions import QuestionsPart
from generator.parts.slide import SlidePart
from generator.parts.table import TablePart

# imports: timeline, card_sort
# imports: sources, exam_question, keywords
# imports: multiple_choice, gap_fill, matching
from generator.spec import Part

PART_TYPES: dict[str, type[Part]] = {
    "slide": SlidePart,
    "questions": QuestionsPart,
    "table": TablePart,
    "marking": MarkingPart,
    # registry: timeline, card_sort
    # registry: sources, exam_question, keywords
    # registry: multiple_choice, gap_fill, matching
}

AnyPart: Any = Annotated[reduce(operator.or_, PART_TYPES.values()), Field(discriminator="type")]
"""Any registered part, chosen by its `type` field."""

PART_ADAPTER: TypeAdapter[Part] = TypeAdapter(AnyPart)
