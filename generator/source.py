"""Reads a lesson file into plain data, remembering the line and column every value came from.

PyYAML's own loaders forget positions, keep the last of two duplicate keys silently, turn `no`
into False and `1924-01-21` into a date, and expand aliases without limit. Building the data
ourselves from the parser's events fixes all of that in one pass, without holding a node tree.
"""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from generator.errors import LocatedProblem, Problem, SpecError, SpecPath

MAX_NODES = 200_000
MAX_PARTS = 20_000
"""The most parts a lesson may have: the benchmark's largest lesson, 20,000 one-bullet slides,
builds in about 135 MB of the 150 MB a build may take; real lessons have tens."""
MAX_ALIASES = 100
MAX_DEPTH = 64
MAX_FILE_BYTES = 2_000_000
"""The largest lesson file read: thirty times the reference lesson, more than a term's lessons
in one file. A build must keep within 150 MB of memory for any lesson it accepts, and one
answer of 2,000,000 characters (this whole file in one field) takes about 135 MB; a file is read
whole, so a huge one (or an endless device) would take all the memory."""
READ_BLOCK = 1 << 20
TEXT_PER_BYTE = 20
"""How many characters of text each byte of the file may give once `*aliases` are expanded: a
file without aliases gives at most one, and reusing a block a few times stays far below."""
MAX_TEXT = MAX_FILE_BYTES
"""The most characters of text a lesson may hold once its `*aliases` are expanded, for the
memory a build may take, as MAX_FILE_BYTES: repeated blocks give no more than a file could."""

_CORE = "tag:yaml.org,2002:"


class _LessonLoader(yaml.SafeLoader):
    """Safe loading in which every plain value stays the text the teacher typed.

    YAML 1.1 would turn `no` into False, `10:00` into 600, `007` into 7 and `1924-01-21` into a
    date. The lesson model decides what each field means, so the loader guesses nothing.
    """


_LessonLoader.yaml_implicit_resolvers = {}


def _parser(text: str, fast: bool) -> Any:
    """A YAML parser giving the file's events: libyaml's, in C, several times faster than
    PyYAML's pure-Python one; or PyYAML's, whose error messages the syntax hints match."""
    if fast:
        from yaml._yaml import CParser

        return CParser(text)
    return _LessonLoader(text)


def load_plain_yaml(text: str) -> Any:
    """Load a trusted file of ours (such as the wording templates) with the same no-guessing rules."""
    return yaml.load(text, Loader=_LessonLoader)


@dataclass(frozen=True)
class Position:
    line: int
    column: int


_COLUMN_BITS = 24
_POSITION_BITS = 2 * _COLUMN_BITS
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1
_POSITION_MASK = (1 << _POSITION_BITS) - 1
"""A position is kept as one int, line << 24 | column (both from 1; a file of MAX_FILE_BYTES has
fewer lines and columns than 2 ** 24), and a mapping's scalar value as key << 48 | value: a Position
object and a path tuple for each value took 50 MB for a lesson of 20,000 slides."""


def _pack(mark: Any) -> int:
    return int(mark.line + 1) << _COLUMN_BITS | int(mark.column + 1)


def _unpack(packed: int) -> Position:
    return Position(packed >> _COLUMN_BITS, packed & _COLUMN_MASK)


@dataclass(slots=True)
class _Places:
    """Where a list or mapping stands (and, as a mapping's value, its key), and the places of
    what it holds: another _Places for a list or mapping, a packed int for a scalar."""

    at: int
    items: dict[str, Place] | list[Place]
    key_at: int = 0

    def child(self, step: str | int) -> Place | None:
        items = self.items
        if isinstance(items, dict):
            return items.get(step) if isinstance(step, str) else None
        if isinstance(step, int) and not isinstance(step, bool) and 0 <= step < len(items):
            return items[step]
        return None


Place = int | _Places


def _value_at(place: Place) -> int:
    return place.at if isinstance(place, _Places) else place & _POSITION_MASK


def _key_at(place: Place) -> int:
    return place.key_at if isinstance(place, _Places) else place >> _POSITION_BITS


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the loaded data stands in the file, held as a
    tree shaped like the data."""

    file: str
    root: Place | None = 0
    """None once shed: found again from `text` when a problem needs them (read once already
    within its text budget, so not held to it again)."""
    text: str = ""

    def shed(self) -> None:
        """Let the places go, keeping only the text to find them again: once the lesson is
        checked, they are needed only for a warning or a failure found as the pack is written,
        and a lesson of 20,000 slides kept 12 MB of them through the whole build."""
        self.root = None

    def locate(self, problem: Problem) -> LocatedProblem:
        """The nearest recorded place: a missing field is reported at the mapping that lacks it."""
        if self.root is None:
            document = _read_document(self.text, sys.maxsize)[1]
            self.root = document[1] if document else 0
        found = [self.root]
        for step in problem.path:
            place = found[-1]
            child = place.child(step) if isinstance(place, _Places) else None
            if child is None:
                break
            found.append(child)
        packed = 0
        for place in reversed(found):
            packed = (problem.at_key and _key_at(place)) or _value_at(place)
            if packed:
                break
        where = _unpack(packed) if packed else Position(1, 1)
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


@dataclass
class _Anchor:
    """Where an &anchor's node lies in the builder's log of events, and where it starts."""

    start: int
    mark: Any
    end: int | None = None
    """None while the node is still being read: an *alias inside it would repeat it without end."""


Events = Callable[[], yaml.Event]


class _Builder:
    """Builds dicts, lists and scalars straight from the parser's events, within the safety
    limits, recording each value's place as it goes.

    PyYAML's composer would first build a node tree holding two position marks a value (about
    100 MB for a lesson of 20,000 slides) and keep it whole while the data was built. Here only
    the events of &anchored nodes are kept, so that each *alias can be built again from them at
    its own place, as the composer's shared node was; the composer's rules (one document,
    every alias defined, no anchor given twice) are checked as it checked them.
    """

    def __init__(self, parser: Any, text_budget: int) -> None:
        self.parser = parser
        self.problems: list[Problem] = []
        self.nodes = 0
        self.aliases = 0
        self.text_budget = text_budget
        self.text_left = text_budget
        self.seen: set[int] = set()
        """The logged collection events built once: building one again repeats it by an alias."""
        self.log: list[yaml.Event] = []
        """The events of every &anchored node (and of anchored nodes inside it)."""
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors = 0
        self.root: list[Place] = []
        """The root's place, once it is read."""
        self.top = _Places(0, self.root)
        self.root_mark: Any = None

    def document(self) -> tuple[Any, Place] | None:
        """The document's data and its places, or None for an empty file."""
        parser = self.parser
        parser.get_event()
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()
        first = self.live()
        self.root_mark = first.start_mark
        try:
            data = self.build(first, self.live, (), 0, self.top, 0)
        except _TooLargeError as error:
            self.drain()
            error.root = self.root[0]
            raise
        parser.get_event()
        self.single(self.root_mark)
        return data, self.root[0]

    def live(self) -> yaml.Event:
        """The parser's next event, logged while an anchored node is being read."""
        event: yaml.Event = self.parser.get_event()
        if self.open_anchors or _defines_anchor(event):
            self.log.append(event)
        return event

    def single(self, root_mark: Any) -> None:
        """Raise as PyYAML's composer does if a second document follows the first."""
        if not self.parser.check_event(yaml.StreamEndEvent):
            event = self.parser.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root_mark,
                "but found another document",
                _mark(event),
            )

    def drain(self) -> None:
        """Read the rest of the file once a limit is passed, so that a YAML error anywhere in it
        is still the one reported, as when the whole file was composed before it was built."""
        parser = self.parser
        while not isinstance(event := parser.get_event(), yaml.StreamEndEvent):
            if isinstance(event, yaml.DocumentEndEvent):
                self.single(self.root_mark)
            elif isinstance(event, yaml.AliasEvent):
                self.resolve(event)
            elif _defines_anchor(event):
                self.define(event, 0)

    def define(self, event: yaml.NodeEvent, start: int) -> _Anchor:
        name = str(event.anchor)
        if name in self.anchors:
            raise yaml.composer.ComposerError(
                f"found duplicate anchor {name!r}; first occurrence",
                self.anchors[name].mark,
                "second occurrence",
                _mark(event),
            )
        anchor = self.anchors[name] = _Anchor(start, event.start_mark)
        return anchor

    def resolve(self, event: yaml.AliasEvent) -> _Anchor:
        anchor = self.anchors.get(event.anchor or "")
        if anchor is None:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", _mark(event)
            )
        return anchor

    def aliased(self, event: yaml.AliasEvent) -> tuple[yaml.Event, Events]:
        """The first event of the node the alias names, and the rest of its events."""
        anchor = self.resolve(event)
        end = len(self.log) if anchor.end is None else anchor.end
        replay = iter(self.log[anchor.start : end]).__next__
        return replay(), replay

    def build(
        self,
        event: yaml.Event,
        events: Events,
        path: SpecPath,
        depth: int,
        parent: _Places,
        slot: str | int,
        key_at: int = 0,
    ) -> Any:
        """The value that starts with `event`, its place recorded in `parent` under `slot`."""
        anchor = None
        if isinstance(event, yaml.AliasEvent):
            if self.resolve(event).end is None:
                self.record(parent, slot, key_at << _POSITION_BITS | _pack(event.start_mark))
                raise _TooLargeError(ENDLESS_ALIAS, path)
            event, events = self.aliased(event)
        elif events == self.live and _defines_anchor(event):
            anchor = self.define(event, len(self.log) - 1)
        at = _pack(event.start_mark)
        collection = isinstance(event, yaml.CollectionStartEvent)
        place: Place = (
            _Places(at, {} if isinstance(event, yaml.MappingStartEvent) else [], key_at)
            if collection
            else key_at << _POSITION_BITS | at
        )
        self.record(parent, slot, place)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLargeError(f"the file holds more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise _TooLargeError(f"lists and mappings are nested more than {MAX_DEPTH} deep", path)
        if isinstance(event, yaml.ScalarEvent):
            if anchor is not None:
                anchor.end = anchor.start + 1
            return self.scalar(event, path)
        assert isinstance(place, _Places) and isinstance(event, yaml.CollectionStartEvent)
        logged = events != self.live or self.open_anchors or anchor is not None
        if logged:
            if id(event) in self.seen:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise _TooLargeError(
                        f"the file repeats anchors (*aliases) more than {MAX_ALIASES} times", path
                    )
            self.seen.add(id(event))
        if anchor is not None:
            self.open_anchors += 1
        if isinstance(event, yaml.MappingStartEvent):
            data: Any = self.mapping(event, events, path, depth, place)
        else:
            self.check_tag(event, _CORE + "seq", path)
            data = []
            while not isinstance(item := events(), yaml.SequenceEndEvent):
                if path == ("parts",) and len(data) == MAX_PARTS:
                    self.record(place, len(data), _pack(_mark(item)))
                    raise _TooLargeError(
                        f"the lesson has more than {MAX_PARTS:,} parts, far more than any lesson: "
                        "split it into several lessons",
                        (*path, len(data)),
                    )
                data.append(self.build(item, events, (*path, len(data)), depth + 1, place, len(data)))
        if anchor is not None:
            self.open_anchors -= 1
            anchor.end = len(self.log)
        return data

    @staticmethod
    def record(parent: _Places, slot: str | int, place: Place) -> None:
        """A value's place; the first recorded stays, as for the "?" of several unusable keys."""
        items = parent.items
        if isinstance(items, dict):
            items.setdefault(str(slot), place)
        else:
            items.append(place)

    def scalar(self, event: yaml.ScalarEvent, path: SpecPath) -> str:
        self.check_tag(event, _CORE + "str", path)
        self.text_left -= len(event.value)
        if self.text_left < 0 and self.text_budget == MAX_TEXT:
            raise _TooLargeError(
                f"the *aliases make the lesson's text more than {MAX_TEXT:,} characters long, more "
                "than any lesson: repeat shorter blocks, or fewer times",
                path,
            )
        if self.text_left < 0:
            raise _TooLargeError(
                f"the *aliases make the text more than {TEXT_PER_BYTE} times as long as the file: "
                "repeat shorter blocks, or fewer times",
                path,
            )
        return str(event.value)

    def check_tag(self, event: yaml.NodeEvent, expected: str, path: SpecPath) -> None:
        """As the composer resolves it: no tag (or `!`) is the kind's own, plain text guessing nothing."""
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and tag != expected:
            self.problems.append(Problem(path, f"the tag {tag} is not allowed in a lesson"))

    def mapping(
        self, start: yaml.MappingStartEvent, events: Events, path: SpecPath, depth: int, place: _Places
    ) -> dict[str, Any]:
        self.check_tag(start, _CORE + "map", path)
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        items = place.items
        assert isinstance(items, dict)
        while not isinstance(event := events(), yaml.MappingEndEvent):
            key_event = self.aliased(event)[0] if isinstance(event, yaml.AliasEvent) else event
            if not isinstance(event, yaml.AliasEvent):
                self.skip(event, events, depth + 1)
            where = _pack(key_event.start_mark)
            if not isinstance(key_event, yaml.ScalarEvent) or not key_event.value:
                items.setdefault("?", where)
                self.problems.append(Problem((*path, "?"), "a field name must be plain text"))
                self.skip(events(), events, depth + 1)
                continue
            key = sys.intern(str(key_event.value))
            if key in first_seen:
                kept = items[key]
                if isinstance(kept, _Places):
                    kept.key_at = where
                else:
                    items[key] = where << _POSITION_BITS | _value_at(kept)
                self.problems.append(
                    Problem((*path, key), _twice(key, first_seen[key], _unpack(where)), at_key=True)
                )
                self.skip(events(), events, depth + 1)
                continue
            first_seen[key] = _unpack(where)
            result[key] = self.build(events(), events, (*path, key), depth + 1, place, key, where)
        return result

    def skip(self, event: yaml.Event, events: Events, depth: int) -> None:
        """Read past a node that is not built (a key, or a value under a key refused), still
        defining its anchors and checking its aliases as the composer did."""
        if isinstance(event, yaml.AliasEvent):
            self.resolve(event)
            return
        anchor = None
        if events == self.live and _defines_anchor(event):
            anchor = self.define(event, len(self.log) - 1)
        if not isinstance(event, yaml.CollectionStartEvent):
            if anchor is not None:
                anchor.end = anchor.start + 1
            return
        if depth > MAX_DEPTH:
            raise _TooLargeError(f"lists and mappings are nested more than {MAX_DEPTH} deep")
        if anchor is not None:
            self.open_anchors += 1
        while not isinstance(inner := events(), yaml.CollectionEndEvent):
            self.skip(inner, events, depth + 1)
        if anchor is not None:
            self.open_anchors -= 1
            anchor.end = len(self.log)


def _mark(event: yaml.Event) -> Any:
    """The event's start: a PyYAML Mark, or libyaml's own Mark of the same fields."""
    return event.start_mark


def _defines_anchor(event: yaml.Event) -> TypeGuard[yaml.NodeEvent]:
    return (
        isinstance(event, yaml.NodeEvent)
        and not isinstance(event, yaml.AliasEvent)
        and event.anchor is not None
    )


ENDLESS_ALIAS = "this *alias stands inside the &anchor it names, so it would repeat without end"


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
        self.root: Place = 0
        """The places recorded before the limit was passed, to locate it by."""


def _read_document(text: str, text_budget: int) -> tuple[_Builder, tuple[Any, Place] | None]:
    """The builder and what it built from the text, parsed by libyaml; a file libyaml cannot
    read is read again by PyYAML's parser, whose error messages the syntax hints match."""
    fast = yaml.__with_libyaml__
    while True:
        parser = _parser(text, fast)
        builder = _Builder(parser, text_budget)
        try:
            return builder, builder.document()
        except yaml.YAMLError:
            if not fast:
                raise
            fast = False
        finally:
            parser.dispose()


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
    source = SourceMap(file, text=text)
    try:
        builder, document = _read_document(text, min(TEXT_PER_BYTE * len(raw), MAX_TEXT))
    except yaml.MarkedYAMLError as error:
        raise SpecError([_syntax_problem(file, error, text)]) from None
    except yaml.YAMLError as error:
        raise fail(f"not valid YAML: {error}") from None
    except _TooLargeError as error:
        source.root = error.root
        raise SpecError([source.locate(Problem(error.path, error.message))]) from None
    if document is None:
        raise fail("the file is empty: a lesson needs at least a title and parts")
    data, source.root = document
    if builder.problems:
        raise SpecError([source.locate(problem) for problem in builder.problems])
    if not isinstance(data, dict):
        raise fail(
            "a lesson must be a set of `name: value` fields (title, parts, ...), not a single value or a list"
        )
    return LoadedSpec(data, source, spec_file.resolve().parent)
