"""Reads a lesson file into plain data, remembering the line and column every value came from.

PyYAML's own loaders forget positions, keep the last of two duplicate keys silently, turn `no`
into False and `1924-01-21` into a date, and expand aliases without limit. Composing the node
tree and building the data ourselves fixes all of that in one walk.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import LocatedProblem, Problem, SpecError, SpecPath

MAX_NODES = 200_000
MAX_ALIASES = 100
MAX_DEPTH = 64
MAX_FILE_BYTES = 10_000_000
"""The largest lesson file read: a year's lessons in one file weigh under a megabyte, and a file
is read whole, so a huge one (or an endless device) would take all the memory."""
READ_BLOCK = 1 << 20
TEXT_PER_BYTE = 20
"""How many characters of text each byte of the file may give once `*aliases` are expanded: a
file without aliases gives at most one, and reusing a block a few times stays far below."""

_CORE = "tag:yaml.org,2002:"


class _LessonLoader(yaml.SafeLoader):
    """Safe loading in which every plain value stays the text the teacher typed.

    YAML 1.1 would turn `no` into False, `10:00` into 600, `007` into 7 and `1924-01-21` into a
    date. The lesson model decides what each field means, so the loader guesses nothing.
    """


_LessonLoader.yaml_implicit_resolvers = {}


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastLessonLoader(yaml.composer.Composer, CParser, yaml.resolver.Resolver):
        """The same node tree and positions, scanned and parsed by libyaml in C (several times
        faster than PyYAML's pure-Python scanner) but composed by PyYAML's Python composer:
        nesting too deep then raises RecursionError, where libyaml's own composer would overflow
        the C stack."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLessonLoader.yaml_implicit_resolvers = {}


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree; raises PyYAML's own errors for a file that is not valid YAML: a
    file libyaml cannot read is read again by _LessonLoader, whose error messages the hints match."""
    if yaml.__with_libyaml__:
        fast = _FastLessonLoader(text)
        try:
            node: yaml.Node | None = fast.get_single_node()
            return node
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = _LessonLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_plain_yaml(text: str) -> Any:
    """Load a trusted file of ours (such as the wording templates) with the same no-guessing rules."""
    return yaml.load(text, Loader=_LessonLoader)


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the loaded data stands in the file."""

    file: str
    values: dict[SpecPath, Position] = field(default_factory=dict)
    keys: dict[SpecPath, Position] = field(default_factory=dict)

    def locate(self, problem: Problem) -> LocatedProblem:
        """The nearest recorded place: a missing field is reported at the mapping that lacks it."""
        path = problem.path
        while True:
            found = (self.keys.get(path) if problem.at_key else None) or self.values.get(path)
            if found or not path:
                break
            path = path[:-1]
        where = found or Position(1, 1)
        return LocatedProblem(
            self.file, where.line, where.column, problem.path, problem.message, problem.warning
        )


@dataclass(frozen=True)
class LoadedSpec:
    data: Any
    source: SourceMap
    folder: Path


_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML refuses to read (control characters, lone surrogates)."""


def _position(mark: yaml.Mark | None) -> Position:
    return Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)


_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": (
        "a tab character here: indent with spaces, never tabs"
    ),
    "mapping values are not allowed here": (
        "a colon followed by a space inside a value: put the value in quotes, "
        "or check the indentation of this line"
    ),
    "could not find expected ':'": (
        "expected `name: value` here; check the line above for a missing quote or colon"
    ),
    "found unexpected end of stream": "a quote is opened here but never closed",
    "found undefined alias": "this *alias names no &anchor",
    "expected <block end>, but found": "this line does not line up with the lines above it",
}


OVER_INDENTED = (
    "this line is indented more than the line above it: line it up with that line, or, if it "
    "carries on the text above, put all that text in quotes"
)
_KEY_WITH_VALUE = re.compile(r"^\s*(?:- )?[^\s#:][^:]*:\s+\S")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _over_indented(text: str, line: int, column: int) -> bool:
    """Whether the line's own `name:` stands further in than the `name: value` line before it:
    the commonest cause of YAML's "mapping values are not allowed here" after a colon in a value,
    and one quotes would not mend."""
    lines = text.splitlines()
    if not 1 < line <= len(lines) or lines[line - 1].find(":") != column - 1:
        return False
    before = [
        earlier for earlier in lines[: line - 1] if earlier.strip() and not earlier.lstrip().startswith("#")
    ]
    return (
        bool(before)
        and _indent(lines[line - 1]) > _indent(before[-1])
        and bool(_KEY_WITH_VALUE.match(before[-1]))
    )


def _syntax_problem(file: str, error: yaml.MarkedYAMLError, text: str) -> LocatedProblem:
    problem = (error.problem or "not valid YAML").strip()
    message = next(
        (hint for start, hint in _SYNTAX_HINTS.items() if problem.startswith(start)),
        f"not valid YAML: {problem}",
    )
    mark = error.problem_mark
    if problem == "found unexpected end of stream" and error.context_mark:
        mark = error.context_mark
    where = _position(mark)
    colon_in_value = problem.startswith("mapping values are not allowed here")
    if colon_in_value and _over_indented(text, where.line, where.column):
        message = OVER_INDENTED
    return LocatedProblem(file, where.line, where.column, (), message)


class _Builder:
    """Turns the composed node tree into dicts, lists and scalars, within the safety limits."""

    def __init__(self, source: SourceMap, text_budget: int) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.nodes = 0
        self.aliases = 0
        self.text_left = text_budget
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: SpecPath, depth: int = 0) -> Any:
        self.source.values.setdefault(path, _position(node.start_mark))
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLargeError(f"the file holds more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise _TooLargeError(f"lists and mappings are nested more than {MAX_DEPTH} deep", path)
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise _TooLargeError(
                        f"the file repeats anchors (*aliases) more than {MAX_ALIASES} times", path
                    )
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _CORE + "seq", path)
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        self._check_tag(node, _CORE + "str", path)
        self.text_left -= len(node.value)
        if self.text_left < 0:
            raise _TooLargeError(
                f"the *aliases make the text more than {TEXT_PER_BYTE} times as long as the file: "
                "repeat shorter blocks, or fewer times",
                path,
            )
        return str(node.value)

    def _check_tag(self, node: yaml.Node, expected: str, path: SpecPath) -> None:
        if node.tag != expected:
            self.problems.append(Problem(path, f"the tag {node.tag} is not allowed in a lesson"))

    def _mapping(self, node: yaml.MappingNode, path: SpecPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, _CORE + "map", path)
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            where = _position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
                self.source.values.setdefault((*path, "?"), where)
                self.problems.append(Problem((*path, "?"), "a field name must be plain text"))
                continue
            key = str(key_node.value)
            if key in first_seen:
                self.source.keys[(*path, key)] = where
                self.problems.append(Problem((*path, key), _twice(key, first_seen[key], where), at_key=True))
                continue
            first_seen[key] = where
            self.source.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def _twice(key: str, first: Position, second: Position) -> str:
    """A second `type:` in one mapping is nearly always a new part whose `- ` was left out."""
    if key == "type":
        return (
            f"'type' is given twice, on lines {first.line} and {second.line}: if line {second.line} "
            f"starts a new part, write '- ' before 'type:' (as in '- type: ...'), lined up with "
            "the other parts' dashes"
        )
    return f"'{key}' is given twice, on lines {first.line} and {second.line}; keep one"


class _TooLargeError(Exception):
    def __init__(self, message: str, path: SpecPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def check_spec_file(spec_file: Path, shown_as: str | None = None) -> None:
    """Raise SpecError if the lesson file is not one a lesson can be read from: not a regular
    file (a folder, a device, a pipe) or over MAX_FILE_BYTES; looked at before a byte is read."""
    file = shown_as or str(spec_file)
    try:
        status = spec_file.stat()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "no such file"
        raise SpecError([LocatedProblem(file, 1, 1, (), f"cannot read the file: {reason}")]) from None
    if not stat.S_ISREG(status.st_mode):
        raise SpecError([LocatedProblem(file, 1, 1, (), "this is not a file: name a lesson's .yaml file")])
    if status.st_size > MAX_FILE_BYTES:
        raise SpecError([LocatedProblem(file, 1, 1, (), _TOO_BIG)])


_TOO_BIG = (
    f"the file is over {MAX_FILE_BYTES // 1_000_000} MB, far more than any lesson: "
    "split it into several lessons"
)


def _read(spec_file: Path, file: str) -> bytes:
    """The file's bytes, read only up to MAX_FILE_BYTES, whatever its size claims."""
    check_spec_file(spec_file, file)
    chunks, total = [], 0
    try:
        with spec_file.open("rb") as stream:
            while chunk := stream.read(READ_BLOCK):
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    raise SpecError([LocatedProblem(file, 1, 1, (), _TOO_BIG)])
                chunks.append(chunk)
    except OSError as error:
        raise SpecError([LocatedProblem(file, 1, 1, (), f"cannot read the file: {error.strerror}")]) from None
    return b"".join(chunks)


def load_spec(spec_file: Path, shown_as: str | None = None) -> LoadedSpec:
    """Read and parse a lesson file; raise SpecError with every located problem found."""
    file = shown_as or str(spec_file)
    source = SourceMap(file)

    def fail(message: str, line: int = 1, column: int = 1) -> SpecError:
        return SpecError([LocatedProblem(file, line, column, (), message)])

    raw = _read(spec_file, file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail("the file is not saved as UTF-8: save it again choosing UTF-8", line, column) from None
    bad = _UNREADABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise fail(
            f"the file holds a control character (code {ord(bad.group())}) that cannot be text", line, column
        )
    try:
        root = _compose(text)
        if root is None:
            raise fail("the file is empty: a lesson needs at least a title and parts")
        builder = _Builder(source, TEXT_PER_BYTE * len(raw))
        data = builder.build(root, ())
    except yaml.MarkedYAMLError as error:
        raise SpecError([_syntax_problem(file, error, text)]) from None
    except yaml.YAMLError as error:
        raise fail(f"not valid YAML: {error}") from None
    except RecursionError:
        raise fail(f"lists and mappings are nested more than {MAX_DEPTH} deep") from None
    except _TooLargeError as error:
        raise SpecError([source.locate(Problem(error.path, error.message))]) from None
    if builder.problems:
        raise SpecError([source.locate(problem) for problem in builder.problems])
    if not isinstance(data, dict):
        raise fail(
            "a lesson must be a set of `name: value` fields (title, parts, ...), not a single value or a list"
        )
    return LoadedSpec(data, source, spec_file.resolve().parent)
