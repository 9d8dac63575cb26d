"""Problems found in a spec, each tied to the place in the file a teacher must go to fix it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SpecPath = tuple[str | int, ...]


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Characters a terminal acts on instead of showing (escape sequences that clear it or retitle
it, text direction overrides), and the stand-ins for a file name's bytes that are not UTF-8."""


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """The text safe to print on a teacher's terminal: every such character written as its
    escape (`\\x1b`), so what a spec holds is shown, never acted on."""
    return _UNPRINTABLE.sub(_escaped, text)


def quoted(choices: Iterable[object]) -> str:
    """Choices listed in a message, each in quotes, so that one holding a comma reads as one."""
    return ", ".join(f"'{choice}'" for choice in choices)


def describe_path(path: SpecPath) -> str:
    """Spell a spec path the way a teacher counts: `parts[4].rows[2]` is the fourth part's second row."""
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "lesson"


@dataclass(frozen=True)
class Problem:
    """Something wrong at a path in the spec; `at_key` points at the field's name, not its value.
    A warning is worth fixing but does not stop the build."""

    path: SpecPath
    message: str
    at_key: bool = False
    warning: bool = False

    def under(self, prefix: SpecPath) -> Problem:
        return Problem(prefix + self.path, self.message, self.at_key, self.warning)


@dataclass(frozen=True)
class LocatedProblem:
    file: str
    line: int
    column: int
    path: SpecPath
    message: str
    warning: bool = False

    def __str__(self) -> str:
        message = " ".join(self.message.split())
        kind = "warning: " if self.warning else ""
        where = f"{self.file}:{self.line}:{self.column}"
        return printable(f"{where}: {kind}{describe_path(self.path)}: {message}")


class SpecError(Exception):
    """Every problem that stops a spec from building, reported together so one edit pass fixes them."""

    def __init__(self, problems: Sequence[LocatedProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class TooLargeError(Exception):
    """A lesson past a limit that shows only as it is laid out (the slides of its deck, the pages
    of its sheets), raised at the part where the limit is passed."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
