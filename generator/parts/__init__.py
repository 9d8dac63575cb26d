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
from generator.spec import Part

PART_TYPES: dict[str, type[Part]] = {
    "slide": SlidePart,
    "questions": QuestionsPart,
    "table": TablePart,
    "marking": MarkingPart,
}

AnyPart: Any = Annotated[reduce(operator.or_, PART_TYPES.values()), Field(discriminator="type")]
"""Any registered part, chosen by its `type` field."""

PART_ADAPTER: TypeAdapter[Part] = TypeAdapter(AnyPart)
