"""The JSON Schema of a lesson spec, for editors that complete and check YAML as it is typed."""

from __future__ import annotations

import json

from pydantic import Field

from generator.parts import AnyPart
from generator.spec import LessonInfo


class LessonSpec(LessonInfo):
    """A lesson spec as a teacher writes it."""

    parts: list[AnyPart] = Field(min_length=1)
    """The lesson in teaching order: slides and tasks."""


def schema_json() -> str:
    schema = LessonSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "lessonpack lesson spec"
    return json.dumps(schema, indent=2, ensure_ascii=False)
