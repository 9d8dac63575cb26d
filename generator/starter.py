"""`lessonpack new`: a starter lesson that builds as it is, with a comment on every field, and
the schema file its first line points editors at."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from generator.batch import SPEC_SUFFIXES

STARTER_TEMPLATE = "new-lesson.yaml.jinja"
SCHEMA_FILE = "lesson.schema.json"
"""Written beside the lesson when absent, as `lessonpack schema > lesson.schema.json` would."""


LESSONS_FOLDER = Path("content")
"""Where `make pack` and a plain `lessonpack build` look for lessons."""


def spec_path(name: str) -> Path:
    """NAME, or NAME.yaml when it does not already end in .yaml or .yml; a bare name goes into
    content/ when there is one here, where a plain `lessonpack build` will find it."""
    path = Path(name)
    path = path if path.suffix in SPEC_SUFFIXES else path.with_name(path.name + ".yaml")
    if len(path.parts) == 1 and LESSONS_FOLDER.is_dir():
        return LESSONS_FOLDER / path
    return path


def title_from(path: Path) -> str:
    """water-cycle.yaml gives "Water cycle": a title to change, but never an empty one."""
    words = " ".join(re.split(r"[-_\s]+", path.stem)).strip()
    return words[:1].upper() + words[1:] if words else "My lesson"


def _yaml_text(text: str) -> str:
    """Typed text as one double-quoted YAML value (JSON's string syntax is valid YAML), so a
    colon, a # or quotes in it stay part of the value."""
    return json.dumps(text, ensure_ascii=False)


def starter_text(path: Path, subject: str | None) -> str:
    environment = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    template = environment.from_string(
        files("generator.templates").joinpath(STARTER_TEMPLATE).read_text("utf-8")
    )
    return template.render(
        title=_yaml_text(title_from(path)),
        subject=_yaml_text(subject) if subject else None,
        file=path.name,
        schema=SCHEMA_FILE,
    )


def write_starter(name: str, subject: str | None = None) -> list[Path]:
    """Write the starter lesson (never over an existing file: FileExistsError) and, if there is
    none beside it yet, the schema file; returns what was written."""
    from generator.schema import schema_json

    path = spec_path(name)
    text = starter_text(path, subject)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as spec:
        spec.write(text)
    written = [path]
    schema = path.with_name(SCHEMA_FILE)
    if not schema.exists():
        schema.write_text(schema_json() + "\n", encoding="utf-8")
        written.append(schema)
    return written
