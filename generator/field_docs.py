"""Field descriptions for the JSON Schema, read from the attribute docstrings only when a schema is
made.

pydantic's `use_attribute_docstrings` reads every model's source as its class is created, walking
the interpreter's frames: about 160 ms of every command's start-up, for descriptions that only
`lessonpack schema` (editors' hover text) shows. `describe_fields` is the models'
`json_schema_extra`, so the same descriptions reach the schema without that cost.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache
from itertools import pairwise
from typing import Any


@cache
def _own_docstrings(cls: type) -> dict[str, str]:
    """The docstring under each annotated attribute of this class's own body."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = next((node.body for node in ast.parse(source).body if isinstance(node, ast.ClassDef)), [])
    return {
        field.target.id: inspect.cleandoc(doc.value.value)
        for field, doc in pairwise(body)
        if isinstance(field, ast.AnnAssign)
        and isinstance(field.target, ast.Name)
        and isinstance(doc, ast.Expr)
        and isinstance(doc.value, ast.Constant)
        and isinstance(doc.value.value, str)
    }


def attribute_docstrings(model: type) -> dict[str, str]:
    """Every field's docstring, a subclass's own taking precedence over its bases'."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if cls.__module__.startswith("generator."):
            docs.update(_own_docstrings(cls))
    return docs


def describe_fields(schema: dict[str, Any], model: type) -> None:
    """Give each property of the model's JSON Schema its field's docstring as its description."""
    docs = attribute_docstrings(model)
    for name, field in schema.get("properties", {}).items():
        if name in docs:
            field.setdefault("description", docs[name])
