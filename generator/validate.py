"""Checks loaded data against the lesson model, collecting every problem in plain words."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.assets import asset_path, resolve_template
from generator.errors import Problem, SpecError, SpecPath
from generator.glyphs import as_printed, missing_glyphs
from generator.parts import PART_ADAPTER, PART_TYPES
from generator.source import LoadedSpec
from generator.spec import Lesson, LessonInfo, Part
from generator.typography import typeset


def field_names(model: type[BaseModel]) -> set[str]:
    """Every field name a model and the models inside it accept: the words "did you mean" offers."""
    names: set[str] = set()
    pending: list[Any] = [model]
    seen: set[Any] = set()
    while pending:
        annotation = pending.pop()
        if annotation in seen:
            continue
        seen.add(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for name, info in annotation.model_fields.items():
                names.add(name)
                pending.append(info.annotation)
        else:
            pending.extend(typing.get_args(annotation))
    return names


def _suggest(word: str, choices: set[str] | list[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _spec_path(data: Any, location: tuple[int | str, ...]) -> SpecPath:
    """Follow pydantic's error location through the data, dropping its union tags."""
    path: list[str | int] = []
    for step in location:
        in_mapping = isinstance(data, dict) and step in data
        in_list = isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        if in_mapping or in_list:
            data = data[step]
            path.append(step)
    return tuple(path)


_NUMBER_WORDS = {"int_parsing", "int_type", "int_from_float"}


def _explain(error: ErrorDetails, vocabulary: set[str]) -> tuple[str, bool]:
    """The error in a teacher's words, and whether it concerns the field name rather than the value."""
    kind = error["type"]
    name = error["loc"][-1] if error["loc"] else ""
    value = error.get("input")
    context = error.get("ctx", {})
    if kind == "missing":
        return f"'{name}' is missing", False
    if kind == "extra_forbidden":
        if name in vocabulary:
            # A field of another level of the part, such as a sources part's `questions` indented
            # under one of its sources: "did you mean" would offer the same word.
            return (
                f"'{name}' is not a field here, but of another level of this part: "
                "check how far it is indented",
                True,
            )
        return f"unknown field '{name}'{_suggest(str(name), vocabulary)}", True
    if kind in _NUMBER_WORDS:
        return f"expected a whole number, not '{value}'", False
    if kind == "greater_than_equal":
        return f"{value} is too small: the least allowed is {context['ge']}", False
    if kind == "greater_than":
        return f"{value} is too small: it must be more than {context['gt']}", False
    if kind in {"less_than_equal", "less_than"}:
        return (
            f"{value} is too large: the most allowed is {context.get('le', context.get('lt'))}",
            False,
        )
    if kind == "string_pattern_mismatch" and name == "language":
        return f"'{value}' is not a language tag: write it like en-GB, fr-FR or cy", False
    if kind == "literal_error":
        return f"'{value}' is not one of the choices: {context.get('expected', '')}", False
    if kind == "string_type":
        hint = (
            "; if the text contains a colon and a space, put it all in quotes"
            if isinstance(value, dict)
            else ""
        )
        return f"expected text here{hint}", False
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return (
            f"this is {len(str(value))} characters long, and the files' document properties hold at "
            f"most {context.get('max_length')}: shorten it",
            False,
        )
    if kind == "string_too_short":
        return "this is empty: write something, or leave the field out", False
    if kind == "too_short":
        least = context.get("min_length", 1)
        return ("needs at least one item" if least == 1 else f"needs at least {least} items"), False
    if kind == "list_type":
        return "expected a list (one item per line, each starting with '- ')", False
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        if isinstance(value, list) and value and isinstance(value[0], str):
            name = value[0] if len(value[0]) <= 30 else value[0][:30] + "…"
            return (
                "expected `name: value` lines here, not a list: write each without the '- ', as a name, "
                f"a colon and a space, then its value, such as `{name}: …`",
                False,
            )
        return "expected `name: value` fields here", False
    if kind in {"bool_type", "bool_parsing"}:
        return "expected true or false", False
    if kind.startswith("union_tag") and context.get("discriminator") != "'type'":
        return "a cell is text, {given: text} or {answer: text}", False
    if kind == "union_tag_invalid":
        tag = context.get("tag", "")
        known = ", ".join(PART_TYPES)
        return (
            f"unknown part type '{tag}'{_suggest(str(tag), list(PART_TYPES))} (part types: {known})",
            False,
        )
    if kind == "union_tag_not_found":
        return (
            f"this part has no 'type'; say which kind of part it is ({', '.join(PART_TYPES)})",
            False,
        )
    if kind == "value_error":
        return str(context.get("error", error["msg"])), False
    return error["msg"], False


_FORM_MISMATCHES = {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}
"""A value of the wrong form: where a field may take several forms, the form it came nearest
to is reported deeper in, and is the one the teacher needs to hear about."""


def problems_from(
    error: ValidationError, data: Any, vocabulary: set[str], union_tag: str | None = None
) -> list[Problem]:
    """One problem per place: a value that fits none of a field's forms fails each form, but the
    teacher needs to hear about it once, where it went wrong (a sub-bullet with a colon in it, not
    the whole bullet). `union_tag` is the part type pydantic puts first in each location; it is
    dropped so it is never mistaken for a field of the same name."""
    found = list(_each_problem(error, data, vocabulary, union_tag))
    paths = [problem.path for problem, _ in found]

    def deeper_one(path: SpecPath) -> bool:
        return any(len(other) > len(path) and other[: len(path)] == path for other in paths)

    return [problem for problem, kind in found if not (kind in _FORM_MISMATCHES and deeper_one(problem.path))]


def _each_problem(
    error: ValidationError, data: Any, vocabulary: set[str], union_tag: str | None
) -> Iterator[tuple[Problem, str]]:
    seen: set[SpecPath] = set()
    for detail in error.errors():
        message, at_key = _explain(detail, vocabulary)
        location = detail["loc"]
        if union_tag is not None and location[:1] == (union_tag,):
            location = location[1:]
        path = _spec_path(data, location)
        if detail["type"] == "missing" and path and path[-1] == location[-1]:
            path = path[:-1]
        if detail["type"] != "missing" and path in seen:
            continue
        seen.add(path)
        yield Problem(path, message, at_key), detail["type"]


def _validate_parts(raw_parts: list[Any], spec: LoadedSpec) -> tuple[list[Part], list[Problem]]:
    parts: list[Part] = []
    problems: list[Problem] = []
    for index, raw in enumerate(raw_parts):
        prefix: SpecPath = ("parts", index)
        kind = raw.get("type") if isinstance(raw, dict) else None
        model = PART_TYPES.get(kind) if isinstance(kind, str) else None
        try:
            part = PART_ADAPTER.validate_python(raw)
        except ValidationError as error:
            vocabulary = field_names(model) if model else set()
            found_problems = problems_from(error, raw, vocabulary, kind if model else None)
            problems.extend(problem.under(prefix) for problem in found_problems)
            continue
        found = [problem.under(prefix) for problem in part.check(spec.folder)]
        problems.extend(found)
        if not found:
            parts.append(part)
    return parts, problems


def _past_picture_budget(folder: Path, parts: list[Part]) -> Iterator[Problem]:
    """A problem at the first picture that takes the lesson's different pictures past
    MAX_PICTURE_BYTES, as the outputs embed them; each picture is counted once, however many
    times it is shown."""
    from generator.pictures import MAX_PICTURE_BYTES, embedded_bytes

    counted: set[Path] = set()
    total = 0
    for index, part in enumerate(parts):
        for where, relative in part.image_fields():
            path = asset_path(folder, relative)
            if path in counted:
                continue
            counted.add(path)
            total += embedded_bytes(path)
            if total > MAX_PICTURE_BYTES:
                yield Problem(
                    ("parts", index, *where),
                    f"with {relative} the lesson's pictures weigh {total / 1_000_000:.1f} MB as the "
                    f"slides and sheets embed them, more than the {MAX_PICTURE_BYTES // 1_000_000} MB "
                    "a lesson may have: use fewer pictures, or split the lesson into several lessons",
                )
                return


def validate(spec: LoadedSpec) -> Lesson:
    """The typed lesson, its quotes made curly for every output, or SpecError listing every
    problem at once with its line and column."""
    data: dict[str, Any] = as_printed(spec.data)
    problems: list[Problem] = []
    info_fields = {key: value for key, value in data.items() if key != "parts"}
    info: LessonInfo | None = None
    try:
        info = LessonInfo.model_validate(info_fields)
    except ValidationError as error:
        vocabulary = field_names(LessonInfo) | {"parts"}
        problems.extend(problems_from(error, info_fields, vocabulary))
    if info is not None and info.slides.template is not None:
        found = resolve_template(spec.folder, info.slides.template)
        if isinstance(found, str):
            problems.append(Problem(("slides", "template"), found))
    raw_parts = data.get("parts")
    parts: list[Part] = []
    if raw_parts is None:
        problems.append(Problem((), "'parts' is missing: list the lesson's slides and tasks"))
    elif not isinstance(raw_parts, list) or not raw_parts:
        problems.append(Problem(("parts",), "expected a list of parts, each starting with '- type:'"))
    else:
        parts, part_problems = _validate_parts(raw_parts, spec)
        problems.extend(part_problems)
    # One problem per place: a file name holding a control character is reported once.
    taken = {problem.path for problem in problems}
    problems.extend(problem for problem in missing_glyphs(data) if problem.path not in taken)
    if not problems:
        problems.extend(_past_picture_budget(spec.folder, parts))
    if problems or info is None:
        located = [spec.source.locate(problem) for problem in problems]
        raise SpecError(sorted(located, key=lambda problem: (problem.line, problem.column)))
    return typeset(Lesson(**dict(info), parts=parts, folder=spec.folder))
