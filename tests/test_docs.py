"""The user guide's examples work: every YAML block in docs/spec.md builds or validates, every file
in docs/examples/ builds, and the error examples print exactly what the guide says they print."""

from __future__ import annotations

import re
import textwrap
import typing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import yaml
from PIL import Image
from pptx import Presentation
from pydantic import BaseModel

from generator.batch import OPTIONS_FILE
from generator.build import build_pack, load_lesson
from generator.errors import SpecError
from generator.folder_options import FolderOptions, read_folder_options
from generator.parts import PART_TYPES

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "spec.md"
EXAMPLES = REPO / "docs" / "examples"

SNIPPET_LESSON = "title: T\nparts:\n"
"""A snippet of parts (starting `- type:`) goes under this, indented by two spaces."""
ERROR_EXAMPLE_FILE = "my-lesson.yaml"
"""The file name the guide's error examples are printed under."""

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_NUMBERED = re.compile(r"^\s*(\d+)(?:  (.*))?$")
_IMAGE = re.compile(r"^\s*image:\s*(\S.*?)\s*$", re.MULTILINE)
_TEMPLATE = re.compile(r"^\s*template:\s*(\S.*?)\s*$", re.MULTILINE)
_NAMING = re.compile(r"^\s*(?:- )?(?:title|question):\s*(.+?)\s*$", re.MULTILINE)
_HEADING = re.compile(r"^#{2,4} (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int
    """The line of the guide on which the block's opening fence stands."""
    heading: str
    """The heading of the section the block is in."""

    @property
    def first_line(self) -> str:
        """The first line that is not blank or a comment."""
        return next(
            (line for line in self.text.splitlines() if line.strip() and not line.lstrip().startswith("#")),
            "",
        )

    @property
    def ident(self) -> str:
        """A readable test id: where the block is and its first title (or marking question)."""
        found = _NAMING.search(self.text)
        return f"line{self.line}-{_slug(found.group(1) if found else 'untitled')}"


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:40].rstrip("-")


def _heading_before(guide: str, position: int) -> str:
    headings = [found.group(1) for found in _HEADING.finditer(guide, 0, position)]
    return headings[-1] if headings else "guide"


def _blocks() -> list[Block]:
    guide = GUIDE.read_text(encoding="utf-8")
    return [
        Block(
            found.group(1),
            found.group(2),
            guide.count("\n", 0, found.start()) + 1,
            _heading_before(guide, found.start()),
        )
        for found in _FENCE.finditer(guide)
    ]


BLOCKS = _blocks()
YAML_BLOCKS = [block for block in BLOCKS if block.language == "yaml"]
LESSONS = [block for block in YAML_BLOCKS if block.first_line.startswith("title:")]
SNIPPETS = [block for block in YAML_BLOCKS if block.text.startswith("- type:")]
FOLDER_OPTIONS = [block for block in YAML_BLOCKS if block.text.startswith(f"# {OPTIONS_FILE}")]
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _error_examples() -> list[tuple[str, str, str]]:
    """(id, the numbered listing as a file, the output printed under it) for each error example."""
    examples = []
    for index, block in enumerate(BLOCKS[:-1]):
        lines = block.text.splitlines()
        matches = [_NUMBERED.match(line) for line in lines]
        if block.language != "text" or not lines or not all(matches):
            continue
        numbers = [int(found.group(1)) for found in matches if found]
        assert numbers == list(range(1, len(lines) + 1)), f"listing at line {block.line} is misnumbered"
        spec = "".join(f"{found.group(2) or ''}\n" for found in matches if found)
        output = BLOCKS[index + 1]
        assert output.language == "text", f"no output block after the listing at line {block.line}"
        examples.append((f"line{block.line}-{_slug(block.heading)}", spec, output.text))
    return examples


ERROR_EXAMPLES = _error_examples()


def _make_image(path: Path) -> None:
    """A small picture, in the format its name says (PNG unless the name says JPEG)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image_format = "JPEG" if path.suffix.lower() in {".jpg", ".jpeg"} else "PNG"
    Image.new("RGB", (320, 200), (40, 90, 200)).save(path, format=image_format)


def _write_lesson(folder: Path, text: str, name: str = "lesson.yaml") -> Path:
    """Write a lesson into `folder`, with every picture and slide template it names beside it."""
    for relative in _IMAGE.findall(text):
        _make_image(folder.joinpath(*PurePosixPath(relative.strip("\"'")).parts))
    for relative in _TEMPLATE.findall(text):
        Presentation().save(str(folder.joinpath(*PurePosixPath(relative.strip("\"'")).parts)))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _assert_built(spec: Path, output: Path) -> None:
    files = build_pack(spec, output)
    for path in (files.slides, files.worksheet, files.answers):
        assert path.is_file(), f"{path.name} was not written"
        assert path.stat().st_size > 0, f"{path.name} is empty"


def test_the_guide_has_examples() -> None:
    """Guard against the extraction silently finding nothing (a renamed file, a changed fence)."""
    assert len(LESSONS) >= 4
    assert len(SNIPPETS) >= 5
    assert len(ERROR_EXAMPLES) >= 2
    assert EXAMPLE_FILES


def test_every_yaml_block_is_a_lesson_or_a_snippet() -> None:
    """A YAML block that is none of these would not be tested: make it one of them."""
    tested = LESSONS + SNIPPETS + FOLDER_OPTIONS
    untested = [block.line for block in YAML_BLOCKS if block not in tested]
    assert not untested, (
        f"YAML blocks at lines {untested} are not a lesson, a `- type:` snippet or a `# {OPTIONS_FILE}`"
    )


@pytest.mark.parametrize("block", FOLDER_OPTIONS, ids=[block.ident for block in FOLDER_OPTIONS])
def test_folder_options_in_the_guide_are_read(block: Block, tmp_path: Path) -> None:
    path = _write_lesson(tmp_path, block.text, OPTIONS_FILE)
    options, output = read_folder_options(path, OPTIONS_FILE)
    assert options.variants and options.template and output == (tmp_path.parent / "handouts").resolve()


@pytest.mark.parametrize("block", LESSONS, ids=[block.ident for block in LESSONS])
def test_lesson_in_the_guide_builds(block: Block, tmp_path: Path) -> None:
    _assert_built(_write_lesson(tmp_path, block.text), tmp_path / "out")


@pytest.mark.parametrize("block", SNIPPETS, ids=[block.ident for block in SNIPPETS])
def test_part_in_the_guide_is_valid(block: Block, tmp_path: Path) -> None:
    lesson = SNIPPET_LESSON + textwrap.indent(block.text, "  ")
    load_lesson(_write_lesson(tmp_path, lesson))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[path.stem for path in EXAMPLE_FILES])
def test_example_file_builds(example: Path, tmp_path: Path) -> None:
    _assert_built(example, tmp_path / "out")


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[path.stem for path in EXAMPLE_FILES])
def test_example_file_is_shown_in_the_guide(example: Path) -> None:
    """The guide says "saved as docs/examples/...": the file and the block must not drift apart."""
    guide = GUIDE.read_text(encoding="utf-8")
    assert f"docs/examples/{example.name}" in guide
    assert example.read_text(encoding="utf-8") in [block.text for block in YAML_BLOCKS]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [(spec, expected) for _, spec, expected in ERROR_EXAMPLES],
    ids=[ident for ident, _, _ in ERROR_EXAMPLES],
)
def test_error_example_prints_what_the_guide_shows(spec: str, expected: str, tmp_path: Path) -> None:
    path = _write_lesson(tmp_path, spec, ERROR_EXAMPLE_FILE)
    with pytest.raises(SpecError) as raised:
        load_lesson(path, ERROR_EXAMPLE_FILE)
    assert str(raised.value).splitlines() == expected.splitlines()


def _section(title: str) -> str:
    """The guide's text from a `## title` heading to the next heading of that level."""
    guide = GUIDE.read_text(encoding="utf-8")
    start = guide.index(f"\n## {title}\n")
    end = guide.find("\n## ", start + 1)
    return guide[start : end if end != -1 else None]


def test_the_part_types_table_lists_every_part_type() -> None:
    listed = re.findall(r"^\| \[`([a-z_]+)`\]\(#\1\) \|", _section("Parts"), re.MULTILINE)
    assert listed == list(PART_TYPES)


def test_the_wording_table_documents_every_label() -> None:
    keys = yaml.safe_load((REPO / "templates" / "wording.yaml").read_text(encoding="utf-8"))
    rows = re.findall(r"^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", _section("Fixed wording"), re.MULTILINE)
    documented = {name for row in rows for name in re.findall(r"`([a-z_]+)`", row)}
    assert documented == set(keys)


def _switches(model: type[BaseModel]) -> set[str]:
    """The true-or-false fields of a model and of the models inside it."""
    found = set()
    for name, field in model.model_fields.items():
        if field.annotation is bool:
            found.add(name)
        for inner in (field.annotation, *typing.get_args(field.annotation)):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found |= _switches(inner)
    return found


def test_every_switch_is_named_where_the_guide_explains_true_and_false() -> None:
    switches = set().union(*map(_switches, [*PART_TYPES.values(), FolderOptions]))
    paragraphs = _section("What counts as text").split("\n\n")
    explained = next(paragraph for paragraph in paragraphs if "true and false" in paragraph)
    assert switches >= {"show_scheme", "word_bank", "shuffle", "zip"}
    assert {name for name in switches if f"`{name}`" not in explained} == set()
