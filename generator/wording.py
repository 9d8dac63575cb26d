"""Fixed wording and labels, kept in templates/ so they can be changed without touching code."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

TITLE_ENDS = ("?", "!")
"""A title ending in one of these takes a suffix after a dash, never as "?:"."""


def suffixed(title: str, suffix: str) -> str:
    """`title: suffix`, or `title – suffix` when the title ends in a question or exclamation mark."""
    joint = " \u2013 " if title.rstrip().endswith(TITLE_ENDS) else ": "
    return f"{title}{joint}{suffix}"


class Wording:
    """Renders the label templates; lesson text is passed in as data, never compiled.

    Each template is compiled the first time it is used: compiling all ninety up front took a
    noticeable part of every command's start-up, and a build uses about a third of them."""

    def __init__(self, source: dict[str, Any]) -> None:
        self._environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
        self._environment.filters["suffixed"] = suffixed
        self._lists = {key: value for key, value in source.items() if isinstance(value, list)}
        self._sources = {key: value for key, value in source.items() if isinstance(value, str)}
        self._templates: dict[str, Template] = {}

    def __call__(self, key: str, **values: Any) -> str:
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = self._environment.from_string(self._sources[key])
        return template.render(**values)

    def items(self, key: str) -> list[str]:
        return [str(item) for item in self._lists[key]]


@cache
def default_wording() -> Wording:
    from generator.source import load_plain_yaml

    source = files("generator.templates").joinpath("wording.yaml").read_text(encoding="utf-8")
    return Wording(load_plain_yaml(source))
