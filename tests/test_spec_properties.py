"""Properties of the spec loader: text round-trips, damage is always located, answers stay hidden."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import glyphs
from generator.build import build_pack, load_lesson
from generator.errors import SpecError
from generator.pack import plan_pack
from generator.parts.questions import QuestionsPart
from generator.sheet.plan import (
    Audience,
    Block,
    Boxed,
    Fields,
    Heading,
    Keep,
    Para,
    Reveal,
    Table,
    for_audience,
)
from generator.typography import curly
from generator.wording import default_wording

SHOWN = "lesson.yaml"
BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Python's str.strip() also strips the separators U+001C..U+001F, which are not Unicode White_Space
# and which pydantic (Rust's trim) keeps; leave them out so "surrounding whitespace" means one thing.
# Surrogates cannot be written to a UTF-8 file at all.
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x1c\x1d\x1e\x1f")
)
# Most of Unicode is outside any one font; half the examples keep to what the font draws, so the
# text that builds is tried as often as the text refused.
PRINTABLE_TEXT = st.text(alphabet=st.sampled_from(sorted(chr(code) for code in glyphs.drawable())))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


_counter = itertools.count()


def write_spec(folder: Path, text: str) -> Path:
    """A fresh file per example, so no example can see another's leftovers."""
    path = folder / f"spec-{next(_counter)}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def assert_located(error: SpecError, text: str) -> None:
    """Every problem points at a real place in the file, and prints as file:line:col: path: msg."""
    assert error.problems
    last_line = text.count("\n") + 1
    for problem in error.problems:
        assert problem.file == SHOWN
        assert 1 <= problem.line <= last_line, str(problem)
        assert problem.column >= 1, str(problem)
        assert problem.message.strip(), str(problem)
        assert str(problem).startswith(f"{SHOWN}:{problem.line}:{problem.column}: ")


# ---------------------------------------------------------------- any text round-trips


@BOUNDED
@given(
    prompt=st.one_of(ANY_TEXT, PRINTABLE_TEXT), answer=st.one_of(ANY_TEXT, PRINTABLE_TEXT), raw=st.booleans()
)
def test_any_text_loads_back_as_itself(workdir: Path, prompt: str, answer: str, raw: bool) -> None:
    data = {
        "title": "T",
        "parts": [{"type": "questions", "questions": [{"prompt": prompt, "answer": answer}]}],
    }
    # raw: non-ASCII written as itself rather than as \u escapes. PyYAML's own emitter cannot
    # write U+0085 (NEL) raw and read it back (it folds it to a space), so escape that one.
    raw = raw and "\x85" not in prompt + answer
    text = yaml.safe_dump(data, allow_unicode=raw, sort_keys=False)
    spec = write_spec(workdir, text)
    # Read as pasted text is: accents composed (NFC), soft hyphens dropped. Refused: empty once
    # trimmed, holding a character no file can hold as text, or one the font cannot draw.
    prompt, answer = glyphs.as_printed(prompt), glyphs.as_printed(answer)
    drawable = glyphs.drawable()
    refused = [
        name
        for name, value in (("prompt", prompt), ("answer", answer))
        if not value.strip()
        or glyphs.NOT_TEXT.search(value)
        or any(ord(ch) not in drawable and not ch.isspace() for ch in value)
    ]
    if refused:
        with pytest.raises(SpecError) as raised:
            load_lesson(spec, SHOWN)
        assert_located(raised.value, text)
        paths = {problem.path for problem in raised.value.problems}
        assert paths == {("parts", 0, "questions", 0, name) for name in refused}
        return
    lesson = load_lesson(spec, SHOWN)
    part = lesson.parts[0]
    assert isinstance(part, QuestionsPart)
    # As typed, but for straight quotes, which become curly ones (generator.typography).
    assert part.questions[0].prompt == curly(" ".join(prompt.split()))
    assert part.questions[0].answer == curly(" ".join(answer.split()))


# ---------------------------------------------------------------- damaged specs


BASE: dict[str, Any] = {
    "title": "Stalin's rise",
    "subject": "History",
    "duration": 60,
    "objectives": ["Explain the General Secretary's power"],
    "parts": [
        {"type": "slide", "title": "Who would succeed Lenin?", "bullets": ["Trotsky", ["Stalin"]]},
        {
            "type": "questions",
            "questions": [
                {"prompt": "When did Lenin die?", "answer": "1924", "marks": 1},
                {"prompt": "Who won?", "answer": "Stalin", "ref": "p71"},
            ],
        },
        {
            "type": "table",
            "columns": ["Year", "Post"],
            "blank": ["Post"],
            "rows": [["1917", {"given": "Commissar"}], [{"answer": "1922"}, "General Secretary"]],
        },
        {
            "type": "marking",
            "question": "Why did Stalin win?",
            "marks": 4,
            "scheme": [
                {"level": 1, "marks": "1-2", "descriptor": "Simple"},
                {"level": 2, "marks": "3-4", "descriptor": "Explained"},
            ],
            "answers": [{"text": "He was clever.", "mark": 2, "level": 1, "reason": "Simple"}],
        },
    ],
}


def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) below data, collections and scalars alike."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from places(value, (*path, index))


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


OTHER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(),
    ANY_TEXT.filter(lambda value: len(value) < 30),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(min_value=0, max_value=9), max_size=2),
)


@st.composite
def damaged_spec(draw: st.DrawFn) -> str:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        keyed = [path for path, _ in places(data) if path and isinstance(path[-1], str)]
        scalars = [path for path, value in places(data) if path and not isinstance(value, dict | list)]
        kind = draw(st.sampled_from(["delete", "replace", "rename"]))
        if kind == "delete" and keyed:
            path = draw(st.sampled_from(keyed))
            del parent_of(data, path)[path[-1]]
        elif kind == "replace" and scalars:
            path = draw(st.sampled_from(scalars))
            old = parent_of(data, path)[path[-1]]
            new = draw(OTHER_VALUES.filter(lambda value, old=old: type(value) is not type(old)))
            parent_of(data, path)[path[-1]] = new
        elif kind == "rename" and keyed:
            path = draw(st.sampled_from(keyed))
            parent = parent_of(data, path)
            name = draw(st.one_of(st.text(max_size=12), st.just(path[-1][:-1] or "x")))
            parent[name] = parent.pop(path[-1])
    lines = dump(data).splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        kind = draw(st.sampled_from(["duplicate", "delete", "tab"]))
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1)) if lines else 0
        if kind == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif kind == "delete" and lines:
            del lines[index]
        elif kind == "tab" and lines:
            line = lines[index]
            at = draw(st.integers(min_value=0, max_value=len(line.rstrip("\n"))))
            lines[index] = line[:at] + "\t" + line[at:]
    return "".join(lines)


def test_the_undamaged_base_spec_is_valid(workdir: Path) -> None:
    lesson = load_lesson(write_spec(workdir, dump(BASE)), SHOWN)
    assert [part.type for part in lesson.parts] == ["slide", "questions", "table", "marking"]


@BOUNDED
@given(text=damaged_spec())
def test_damaged_specs_validate_or_fail_with_located_problems(workdir: Path, text: str) -> None:
    spec = write_spec(workdir, text)
    try:
        lesson = load_lesson(spec, SHOWN)
    except SpecError as error:
        assert_located(error, text)
    else:
        assert lesson.title
        assert lesson.parts


# ---------------------------------------------------------------- answers never reach pupils


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(
    lambda value: value.strip() != ""
)


@st.composite
def valid_lesson(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A valid lesson whose every teacher-only text starts with a unique ANS-<n>- marker."""
    counter = itertools.count(1)
    markers: list[str] = []

    def secret() -> str:
        marker = f"ANS-{next(counter)}-"
        markers.append(marker)
        return marker + draw(WORDS)

    parts: list[dict[str, Any]] = []
    for kind in draw(
        st.lists(st.sampled_from(["slide", "questions", "table", "marking"]), min_size=1, max_size=4)
    ):
        if kind == "slide":
            parts.append({"type": "slide", "title": draw(WORDS), "bullets": draw(st.lists(WORDS))})
        elif kind == "questions":
            questions = [
                {"prompt": draw(WORDS), "answer": secret()}
                for _ in range(draw(st.integers(min_value=1, max_value=5)))
            ]
            parts.append({"type": "questions", "questions": questions})
        elif kind == "table":
            width = draw(st.integers(min_value=2, max_value=4))
            columns = [f"{draw(WORDS)} {index}" for index in range(width)]
            blank = sorted(draw(st.sets(st.integers(min_value=0, max_value=width - 1), min_size=1)))
            rows = []
            for _ in range(draw(st.integers(min_value=1, max_value=4))):
                row: list[Any] = []
                for index in range(width):
                    if index in blank:
                        row.append(secret())
                    elif draw(st.booleans()):
                        row.append({"answer": secret()})
                    else:
                        row.append(draw(WORDS))
                rows.append(row)
            parts.append(
                {
                    "type": "table",
                    "columns": columns,
                    "blank": [columns[index] for index in blank],
                    "rows": rows,
                }
            )
        else:
            marks = draw(st.integers(min_value=1, max_value=10))
            answers = [
                {"text": draw(WORDS), "mark": draw(st.integers(0, marks)), "reason": secret()}
                for _ in range(draw(st.integers(min_value=1, max_value=3)))
            ]
            parts.append({"type": "marking", "question": draw(WORDS), "marks": marks, "answers": answers})
    return {"title": draw(WORDS), "parts": parts}, markers


def texts(blocks: tuple[Block, ...] | list[Block]) -> Iterator[str]:
    """Every piece of text in the blocks, looking inside Keep, Table cells and Reveal."""
    for block in blocks:
        if isinstance(block, Para):
            yield from (block.text, block.number, block.aside)
        elif isinstance(block, Heading):
            yield block.text
        elif isinstance(block, Boxed):
            yield block.label
            yield from block.paragraphs
        elif isinstance(block, Fields):
            yield from block.labels
        elif isinstance(block, Keep):
            yield from texts(block.blocks)
        elif isinstance(block, Table):
            yield from block.columns
            for row in block.rows:
                for cell in row:
                    yield from texts(cell)
        elif isinstance(block, Reveal):
            yield from texts(block.pupil)
            yield from texts(block.teacher)


@BOUNDED
@given(generated=valid_lesson())
def test_pupils_never_see_an_answer(workdir: Path, generated: tuple[dict[str, Any], list[str]]):
    data, markers = generated
    lesson = load_lesson(write_spec(workdir, dump(data)), SHOWN)
    assert len(lesson.parts) == len(data["parts"])
    sheet = plan_pack(lesson, default_wording()).sheet
    pupil = "\n".join(texts(for_audience(sheet, Audience.PUPIL)))
    teacher = "\n".join(texts(for_audience(sheet, Audience.TEACHER)))
    leaked = [marker for marker in markers if marker in pupil]
    assert leaked == []
    missing = [marker for marker in markers if marker not in teacher]
    assert missing == []
    assert not any(isinstance(block, Reveal) for block in for_audience(sheet, Audience.PUPIL))


# ---------------------------------------------------------------- the built files, end to end

BUILDS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Full builds write three files each: few examples, so CI stays quick."""


def pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


@BUILDS
@given(generated=valid_lesson())
def test_generated_lessons_build_and_the_worksheet_holds_no_answer(
    tmp_path_factory: pytest.TempPathFactory, generated: tuple[dict[str, Any], list[str]]
) -> None:
    data, markers = generated
    folder = tmp_path_factory.mktemp("built")
    files = build_pack(write_spec(folder, dump(data)), folder / "out", SHOWN)
    worksheet, key = pdf_text(files.worksheet), pdf_text(files.answers)
    assert [marker for marker in markers if marker in worksheet] == []
    assert [marker for marker in markers if marker not in key] == []


@BUILDS
@given(text=damaged_spec())
def test_damaged_specs_build_or_fail_with_located_problems(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("damaged")
    spec = write_spec(folder, text)
    try:
        files = build_pack(spec, folder / "out", SHOWN)
    except SpecError as error:
        assert_located(error, text)
        assert not (folder / "out").exists() or list((folder / "out").iterdir()) == []
    else:
        assert files.worksheet.stat().st_size > 0
