"""Hostile and huge input, round two: spec text the libraries refuse, pictures as phones and the
web give them, files that are not files, and text that expands or pastes strangely. Each is a
located problem from `check` and `build` alike (exit 2, no traceback, the last good pack byte for
byte as it was), or builds correctly.

Every reproducer is made here, small: no binary fixture."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, make_png, output_listing, read_deck, read_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin
from pptx import Presentation
from test_cli import LESSON, in_tmp, lesson
from test_spec_errors import snapshot

import generator.build
import generator.pictures
import generator.sheet.writer
from generator import __version__
from generator.batch import Job, Outcome, build_one
from generator.cli import main
from generator.errors import LocatedProblem
from generator.options import BuildOptions
from generator.parts.table import MAX_ROWS
from generator.pictures import MAX_PNG_PIXELS, MAX_SIDE
from generator.source import MAX_FILE_BYTES, MAX_PARTS, MAX_TEXT, TEXT_PER_BYTE

__all__ = ["in_tmp"]

SLIDE = "title: {title}\nparts:\n  - type: slide\n    title: Rivers\n    bullets:\n      - {bullet}\n"
PICTURE = (
    "title: Rivers\nparts:\n  - type: slide\n    title: A photo\n    image: {image}\n    image_alt: A photo\n"
)
TABLE = "title: Rivers\nparts:\n  - type: table\n    columns: [{columns}]\n    rows:\n      - [{cells}]\n"
LONG = "x" * 300


def _refused(
    root: Path, capsys: pytest.CaptureFixture[str], expected: str, spec: str = "unit/lesson.yaml"
) -> None:
    """`check` and `build` both say `expected` (a located line), exit 2 with no traceback, and the
    pack built before is byte for byte as it was."""
    capsys.readouterr()
    assert main(["check", spec]) == 2
    checked = capsys.readouterr()
    assert main(["build", spec, "-o", "out"]) == 2
    built = capsys.readouterr()
    for said in (checked.out + checked.err, built.out + built.err):
        assert expected in said, said
        assert "Traceback" not in said and "bug in lessonpack" not in said


@pytest.fixture
def good(in_tmp: Path) -> Callable[[], None]:
    """unit/lesson.yaml built once into out/; returns the check that the pack is untouched."""
    lesson(in_tmp / "unit")
    assert main(["build", "unit", "-o", "out"]) == 0
    before = snapshot(in_tmp / "out")
    listing = output_listing(in_tmp / "out")

    def untouched() -> None:
        assert snapshot(in_tmp / "out") == before
        assert output_listing(in_tmp / "out") == listing

    return untouched


def _write(root: Path, text: str) -> None:
    (root / "unit" / "lesson.yaml").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- text the outputs refuse

FIELD_LINES = {
    "title": ("title: {value}\n", "1:8: title"),
    "subject": ("title: T\nsubject: {value}\n", "2:10: subject"),
    "author": ("title: T\nauthor: {value}\n", "2:9: author"),
    "language": ("title: T\nlanguage: {value}\n", "2:11: language"),
}
PARTS = "parts:\n  - type: slide\n    title: Rivers\n"


@pytest.mark.parametrize("field", list(FIELD_LINES))
def test_a_document_property_over_255_characters_is_refused_by_check_and_build(
    field: str, in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    line, where = FIELD_LINES[field]
    value = "en" + "-abcdefgh" * 30 if field == "language" else LONG
    _write(in_tmp, line.format(value=value) + PARTS)
    _refused(
        in_tmp,
        capsys,
        f"unit/lesson.yaml:{where}: this is {len(value)} characters long, and the files' document "
        "properties hold at most 255: shorten it",
    )
    good()


@pytest.mark.parametrize(
    ("escape", "where", "code"),
    [
        ('title: "Rivers\\0"\n' + PARTS, "1:8: title", "0000"),
        ('title: Rivers\nparts:\n  - type: slide\n    title: "Bell \\a"\n', "4:12: parts[1].title", "0007"),
        (PICTURE.format(image='"map\\0.png"'), "5:12: parts[1].image", "0000"),
    ],
)
def test_a_control_character_written_as_an_escape_is_refused_by_check_and_build(
    escape: str,
    where: str,
    code: str,
    in_tmp: Path,
    good: Callable[[], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write(in_tmp, escape)
    _refused(
        in_tmp,
        capsys,
        f"unit/lesson.yaml:{where}: this holds a control character (U+{code}) that cannot be text: "
        "delete it (in quotes, look for an escape such as \\0 or \\x07)",
    )
    good()


def test_a_field_name_holding_terminal_escapes_is_printed_escaped(
    in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    _write(in_tmp, SLIDE.format(title="Rivers", bullet="Rain") + '"\\e]0;PWNED\\a\\e[2J": x\n')
    escaped = "\\x1b]0;PWNED\\x07\\x1b[2J"
    _refused(in_tmp, capsys, f"unit/lesson.yaml:7:1: {escaped}: unknown field '{escaped}'")
    assert main(["check", "unit/lesson.yaml"]) == 2
    said = capsys.readouterr()
    assert "\x1b" not in said.out + said.err and "\x07" not in said.out + said.err
    good()


def test_every_printed_message_escapes_what_a_terminal_would_act_on() -> None:
    problem = LocatedProblem("l\udcffesson.yaml", 1, 1, ("\x1b[2J",), "'\u202eevil' \x9b")
    assert str(problem) == "l\\xffesson.yaml:1:1: \\x1b[2J: '\\u202eevil' \\x9b"


def test_pasted_accents_and_soft_hyphens_print_as_they_look(in_tmp: Path) -> None:
    (in_tmp / "lesson.yaml").write_text(
        SLIDE.format(title="Cafe\u0301 society", bullet="photo\u00adsynthesis"), encoding="utf-8"
    )
    assert main(["build", "lesson.yaml", "-o", "out"]) == 0
    slides = read_deck(in_tmp / "out" / "lesson" / "lesson-slides.pptx")
    assert slides[0].title == "Café society"
    assert "photosynthesis" in slides[1].body
    assert "Café society" in "".join(
        page.text for page in read_pdf(in_tmp / "out" / "lesson" / "lesson-worksheet.pdf")
    )


# --------------------------------------------------------------------------- tables


def test_a_long_web_address_in_a_table_cell_is_broken_inside_the_page(in_tmp: Path) -> None:
    address = "https://example.org/" + "resources" * 60
    (in_tmp / "lesson.yaml").write_text(
        TABLE.format(columns="Source, Notes", cells=f"{address}, short"), encoding="utf-8"
    )
    assert main(["build", "lesson.yaml", "-o", "out"]) == 0
    [page] = read_pdf(in_tmp / "out" / "lesson" / "lesson-worksheet.pdf")
    assert all(char.x1 <= page.width for char in page.chars)
    # The blank column keeps room to write in: its heading starts well left of the edge.
    notes = next(char for char in page.chars if char.text == "N" and char.fontname.endswith("Bold"))
    assert notes.x0 < page.width * 0.75


def test_a_table_of_13_columns_is_refused_and_12_build(
    in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    def table(count: int) -> str:
        names = ", ".join(f"Year {number}" for number in range(count))
        return TABLE.format(columns=names, cells=", ".join("Flooding" for _ in range(count)))

    _write(in_tmp, table(60))
    _refused(
        in_tmp,
        capsys,
        "unit/lesson.yaml:4:14: parts[1].columns: 60 columns is more than 12, as many as fit across a page "
        "with room to write: split the table into two tables",
    )
    good()
    (in_tmp / "wide.yaml").write_text(table(12), encoding="utf-8")
    assert main(["build", "wide.yaml", "-o", "wide"]) == 0


# --------------------------------------------------------------------------- pictures


def _png_with(path: Path, **options: object) -> None:
    Image.new("RGB", (64, 40), (200, 30, 30)).save(path, "PNG", **options)


def _noisy_jpeg(path: Path) -> None:
    Image.effect_noise((200, 150), 60).convert("RGB").save(path, "JPEG")


def _cut(path: Path, keep: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _text_bomb(path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("comment", "a" * 3_000_000, zip=True)
    _png_with(path, pnginfo=info)


PICTURES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "truncated PNG": (
        "photo.png",
        lambda path: (_png_with(path), _cut(path, 0.7)),
        "is cut short or damaged",
    ),
    "truncated JPEG": (
        "photo.jpg",
        lambda path: (_noisy_jpeg(path), _cut(path, 0.5)),
        "is cut short or damaged",
    ),
    "zTXt bomb": ("photo.png", _text_bomb, "carries text or a colour profile too large to unpack"),
    "iCCP bomb": (
        "photo.png",
        lambda path: _png_with(path, icc_profile=bytes(3_000_000)),
        "carries text or a colour profile too large to unpack",
    ),
    "FIFO": ("photo.png", lambda path: os.mkfifo(path), "is not a file (it is a device or a pipe)"),
    "PNG past its most pixels": (
        "photo.png",
        lambda path: Image.new("1", (4_001, 4_001)).save(path, "PNG"),
        f"has too many pixels; use an image under {MAX_PNG_PIXELS // 1_000_000} megapixels",
    ),
}
PICTURE_ADVICE = {
    "is cut short or damaged": ": save or download the picture again",
    "carries text or a colour profile too large to unpack": (
        ", as a hostile file does: save the picture again (export it as a new PNG or JPEG)"
    ),
    "is not a file (it is a device or a pipe)": "",
    f"has too many pixels; use an image under {MAX_PNG_PIXELS // 1_000_000} megapixels": "",
}


@pytest.mark.parametrize("kind", list(PICTURES))
def test_a_damaged_or_hostile_picture_is_a_located_problem(
    kind: str, in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    name, make, reason = PICTURES[kind]
    make(in_tmp / "unit" / name)
    _write(in_tmp, PICTURE.format(image=name))
    started = time.perf_counter()
    _refused(
        in_tmp, capsys, f"unit/lesson.yaml:5:12: parts[1].image: {name} {reason}{PICTURE_ADVICE[reason]}"
    )
    assert time.perf_counter() - started < 30
    good()


def _slide_picture(deck: Path) -> Image.Image:
    import io

    presentation = Presentation(str(deck))
    picture = next(shape for slide in presentation.slides for shape in slide.shapes if shape.shape_type == 13)
    shown = Image.open(io.BytesIO(picture.image.blob))
    assert (picture.width > picture.height) == (shown.width > shown.height)
    return shown


SOURCE_PICTURE = """\
  - type: sources
    sources:
      - image: photo.jpg
        image_alt: A photo
    questions:
      - prompt: What does it show?
"""


def test_a_portrait_phone_photo_is_turned_upright_on_the_slide_and_the_sheet(in_tmp: Path) -> None:
    import pdfplumber

    exif = Image.Exif()
    exif[0x0112] = 6  # held upright: the pixels are stored on their side
    Image.new("RGB", (80, 40), (200, 30, 30)).save(in_tmp / "photo.jpg", "JPEG", exif=exif.tobytes())
    (in_tmp / "lesson.yaml").write_text(PICTURE.format(image="photo.jpg") + SOURCE_PICTURE, encoding="utf-8")
    assert main(["build", "lesson.yaml", "-o", "out"]) == 0
    pack = in_tmp / "out" / "lesson"
    with _slide_picture(pack / "lesson-slides.pptx") as shown:
        assert shown.size == (40, 80)
    with pdfplumber.open(pack / "lesson-worksheet.pdf") as pdf:
        [image] = [image for page in pdf.pages for image in page.images]
        assert image["srcsize"] == (40, 80)
        assert image["height"] > image["width"]


def test_an_hdr_phone_photo_is_used_by_its_first_frame(in_tmp: Path) -> None:
    first = Image.new("RGB", (80, 40), (200, 30, 30))
    first.save(in_tmp / "photo.jpg", "MPO", save_all=True, append_images=[Image.new("RGB", (80, 40))])
    with Image.open(in_tmp / "photo.jpg") as opened:
        assert opened.format == "MPO"
    (in_tmp / "lesson.yaml").write_text(PICTURE.format(image="photo.jpg"), encoding="utf-8")
    assert main(["build", "lesson.yaml", "-o", "out"]) == 0
    with _slide_picture(in_tmp / "out" / "lesson" / "lesson-slides.pptx") as shown:
        assert shown.format == "JPEG" and shown.size == (80, 40)
        red, green, _ = shown.convert("RGB").getpixel((40, 20))
        assert red > 150 and green < 80


def test_pictures_past_the_lessons_budget_are_refused_at_the_first_past_it(
    in_tmp: Path,
    good: Callable[[], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each different picture counts once, however often it is shown, by what the outputs embed."""
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        _noisy_jpeg(in_tmp / "unit" / name)
    weights = [(in_tmp / "unit" / name).stat().st_size for name in ("a.jpg", "b.jpg", "c.jpg")]
    monkeypatch.setattr(generator.pictures, "MAX_PICTURE_BYTES", weights[0] + weights[1])
    shown = "".join(
        f"  - type: slide\n    title: Photo {number}\n    image: {name}\n    image_alt: A photo\n"
        for number, name in enumerate(["a.jpg", "b.jpg", "a.jpg", "b.jpg", "c.jpg"])
    )
    _write(in_tmp, f"title: Rivers\nparts:\n{shown}")
    total = sum(weights) / 1_000_000
    _refused(
        in_tmp,
        capsys,
        f"unit/lesson.yaml:21:12: parts[5].image: with c.jpg the lesson's pictures weigh {total:.1f} MB",
    )
    good()


def test_a_large_photo_is_embedded_once_made_no_larger_than_it_is_shown(in_tmp: Path) -> None:
    """Every output embeds the photo at MAX_SIDE pixels across, as a JPEG, which the PDF carries
    as it is (DCTDecode) rather than decoded and encoded again."""
    import pdfplumber

    Image.effect_noise((3_000, 1_500), 40).convert("RGB").save(in_tmp / "photo.jpg", "JPEG")
    (in_tmp / "lesson.yaml").write_text(PICTURE.format(image="photo.jpg") + SOURCE_PICTURE, encoding="utf-8")
    assert main(["build", "lesson.yaml", "-o", "out"]) == 0
    pack = in_tmp / "out" / "lesson"
    with _slide_picture(pack / "lesson-slides.pptx") as shown:
        assert (shown.format, shown.size) == ("JPEG", (MAX_SIDE, MAX_SIDE // 2))
    for sheet in ("lesson-worksheet.pdf", "lesson-answers.pdf"):
        with pdfplumber.open(pack / sheet) as pdf:
            [image] = [image for page in pdf.pages for image in page.images]
            assert image["srcsize"] == (MAX_SIDE, MAX_SIDE // 2)
            assert "DCT" in str(image["stream"].get("Filter"))
        assert (pack / sheet).stat().st_size < (in_tmp / "photo.jpg").stat().st_size


# --------------------------------------------------------------------------- files and expansion


def _answer_repeated(root: Path, characters: int, times: int) -> None:
    """A lesson naming one answer of `characters` with an anchor, and reusing it `times` times."""
    reuses = "".join(f"      - prompt: Question {number}?\n        answer: *big\n" for number in range(times))
    _write(
        root,
        f"title: Rivers\nparts:\n  - type: questions\n    questions:\n      - prompt: First?\n"
        f"        answer: &big {'a' * characters}\n{reuses}",
    )


def test_text_expanded_by_aliases_past_its_budget_is_refused_at_once(
    in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    _answer_repeated(in_tmp, 1_500, 1_200)
    started = time.perf_counter()
    capsys.readouterr()
    assert main(["check", "unit/lesson.yaml"]) == 2
    assert time.perf_counter() - started < 10
    said = capsys.readouterr().err
    assert f"the *aliases make the text more than {TEXT_PER_BYTE} times as long as the file" in said
    assert "unit/lesson.yaml:" in said and ".answer: " in said
    _refused(in_tmp, capsys, f"more than {TEXT_PER_BYTE} times as long as the file")
    good()


def test_text_expanded_by_aliases_past_the_lessons_most_is_refused_at_once(
    in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    """A block repeated fewer than twenty times its size, but past the most text a lesson holds."""
    _answer_repeated(in_tmp, 300_000, 8)
    _refused(in_tmp, capsys, f"the *aliases make the lesson's text more than {MAX_TEXT:,} characters long")
    good()


TOO_MANY_PARTS = "".join(f"  - {{type: slide, title: Slide {number}}}\n" for number in range(MAX_PARTS + 5))
TOO_MANY_ROWS = "".join(f"      - [Row {number}, '{1900 + number}']\n" for number in range(MAX_ROWS + 2))


@pytest.mark.parametrize(
    ("lesson", "expected"),
    [
        (
            f"title: Rivers\nparts:\n{TOO_MANY_PARTS}",
            f"unit/lesson.yaml:{MAX_PARTS + 3}:5: parts[{MAX_PARTS + 1}]: the lesson has more than "
            f"{MAX_PARTS:,} parts, far more than any lesson: split it into several lessons",
        ),
        (
            f"title: Rivers\nparts:\n  - type: table\n    columns: [Event, Date]\n    rows:\n{TOO_MANY_ROWS}",
            f"unit/lesson.yaml:{MAX_ROWS + 6}:9: parts[1].rows[{MAX_ROWS + 1}]: {MAX_ROWS + 2} rows is "
            f"more than {MAX_ROWS}, about 50 pages with room to write: split the table into several tables",
        ),
    ],
    ids=["parts", "table rows"],
)
def test_too_many_parts_or_rows_are_refused_at_the_first_past_the_most(
    in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str], lesson: str, expected: str
) -> None:
    _write(in_tmp, lesson)
    _refused(in_tmp, capsys, expected)
    good()


LONG_TASKS = "title: Rivers\nparts:\n" + "".join(
    f"  - type: questions\n    title: Part {number}\n    questions:\n"
    f"      - {{prompt: Why {number}?, answer: Because., lines: 18}}\n"
    for number in range(8)
)
"""Eight tasks of one question with room to write, a page each on the worksheet; two slides each (the
question and its answer) after the title slide."""


def test_a_deck_past_its_most_slides_is_refused_at_the_part_that_passes_it(
    in_tmp: Path,
    good: Callable[[], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(generator.build, "MAX_SLIDES", 6)
    _write(in_tmp, LONG_TASKS)
    # The title slide and two for each part: the third part's answer slide is the seventh.
    _refused(
        in_tmp, capsys, "unit/lesson.yaml:11:5: parts[3]: with this part the deck has more than 6 slides"
    )
    good()


def test_a_deck_holding_much_of_its_template_is_refused_at_fewer_slides(
    in_tmp: Path,
    good: Callable[[], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A deck holds its template's design and the lesson's pictures while its slides are written,
    so they take their share of the memory its slides may have: on a template that leaves room
    for six slides, the lesson is refused where it passes six, saying why."""
    from test_hostile_templates import PLAIN

    from generator.deck.template import plain_package

    template = in_tmp / "unit" / "school.potx"
    template.write_bytes(PLAIN)
    held = plain_package(template).weight
    assert held > 0
    monkeypatch.setattr(generator.build, "DECK_ALLOWANCE", held + 6 * generator.build.SLIDE_BYTES)
    _write(in_tmp, LONG_TASKS + "slides:\n  template: school.potx\n")
    _refused(
        in_tmp,
        capsys,
        "unit/lesson.yaml:11:5: parts[3]: with this part the deck has more than 6 slides, the most a deck "
        "may have on this template with this lesson's pictures",
    )
    good()


def test_a_sheet_holding_many_pictures_is_refused_at_fewer_pages(
    in_tmp: Path,
    good: Callable[[], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sheet holds the lesson's pictures, several times their weight, until it is written, so
    they take their share of the memory its pages may have: with room left for three pages, the
    lesson is refused where its worksheet passes three, saying why."""
    from generator.pictures import embedded_bytes

    picture = embedded_bytes(in_tmp / "unit" / "map.png")
    held = generator.build.SHEET_PICTURE_HELD * picture
    monkeypatch.setattr(generator.build, "SHEET_ALLOWANCE", held + 3 * generator.build.PAGE_BYTES)
    _write(
        in_tmp, LONG_TASKS + "  - type: slide\n    title: The map\n    image: map.png\n    image_alt: A map\n"
    )
    _refused(
        in_tmp,
        capsys,
        "runs to more than 3 pages, the most a sheet may have with this lesson's pictures",
    )
    good()


def test_a_sheet_past_its_most_pages_is_refused_at_the_part_laid_out_as_it_passes(
    in_tmp: Path,
    good: Callable[[], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _write(in_tmp, LONG_TASKS)
    assert main(["build", "unit/lesson.yaml", "-o", "whole"]) == 0
    pages = read_pdf(in_tmp / "whole" / "lesson" / "lesson-worksheet.pdf")
    assert len(pages) > 3
    headed = [
        number
        for page in pages[:3]
        for number in range(8)
        if f"Task {number + 1}: Part {number}" in page.lines
    ]
    last = headed[-1]
    monkeypatch.setattr(generator.sheet.writer, "MAX_PAGES", 3)
    _refused(
        in_tmp,
        capsys,
        f"unit/lesson.yaml:{3 + 4 * last}:5: parts[{last + 1}]: with this part a worksheet of the lesson, "
        "or its answer key, runs to more than 3 pages",
    )
    good()


def test_a_huge_sparse_spec_is_refused_before_it_is_read(
    in_tmp: Path, good: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    spec = in_tmp / "unit" / "lesson.yaml"
    with spec.open("r+b") as stream:
        stream.truncate(6_000_000_000)
    started = time.perf_counter()
    _refused(
        in_tmp,
        capsys,
        f"unit/lesson.yaml:1:1: lesson: the file is over {MAX_FILE_BYTES // 1_000_000} MB, far more than "
        "any lesson: split it into several lessons",
    )
    assert time.perf_counter() - started < 10
    good()


def test_a_spec_that_is_a_pipe_is_refused_without_waiting(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(in_tmp / "lesson.yaml")
    _refused(
        in_tmp,
        capsys,
        "lesson.yaml:1:1: lesson: this is not a file: name a lesson's .yaml file",
        "lesson.yaml",
    )


NON_UTF8 = b"le\xe7on.yaml"


def _strict_utf8(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """lessonpack run as in a locale such as en_GB.UTF-8, where printing a name that is not
    UTF-8 raises."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONPATH": str(REPO)},
        check=False,
    )


def test_a_file_name_that_is_not_utf8_is_shown_escaped_by_check(in_tmp: Path) -> None:
    (in_tmp / os.fsdecode(NON_UTF8)).write_text(
        LESSON.format(title="Rivers").split("  - type: questions")[0], encoding="utf-8"
    )
    make_png(in_tmp / "map.png")
    checked = _strict_utf8("check", os.fsdecode(NON_UTF8), cwd=in_tmp)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == b"le\\xe7on.yaml: ok\n"
    assert b"Traceback" not in checked.stderr


def test_new_refuses_a_name_that_is_not_utf8_and_writes_nothing(in_tmp: Path) -> None:
    made = _strict_utf8("new", os.fsdecode(NON_UTF8), cwd=in_tmp)
    assert made.returncode == 2
    assert made.stderr == b"lessonpack: le\\xe7on.yaml is not valid text (UTF-8): type the name again\n"
    assert list(in_tmp.iterdir()) == []


# --------------------------------------------------------------------------- strange text at random

STRANGE = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(["\u0301", "\u00ad", "\x1b", "\u202e", "\ufeff", " ", "-", "/", ":", "#", "é"]),
    ),
    min_size=1,
    max_size=40,
).map(lambda text: text * 3)
"""Pasted, escaped and hostile text: any character (combining marks, soft hyphens, escapes,
direction overrides), repeated into long unbroken runs."""


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=STRANGE, bullet=STRANGE, cell=STRANGE)
def test_strange_and_long_text_builds_or_is_a_located_problem(
    title: str,
    bullet: str,
    cell: str,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    root = tmp_path_factory.mktemp("strange")
    spec = (
        f"title: {json.dumps(title)}\nparts:\n  - type: slide\n    title: Rivers\n    bullets:\n"
        f"      - {json.dumps(bullet)}\n  - type: table\n    columns: [A, B]\n    rows:\n"
        f"      - [{json.dumps(cell)}, {json.dumps(cell)}]\n"
    )
    (root / "lesson.yaml").write_text(spec, encoding="utf-8")
    capsys.readouterr()
    code = main(["build", str(root / "lesson.yaml"), "-o", str(root / "out")])
    said = capsys.readouterr()
    everything = said.out + said.err
    assert "Traceback" not in everything and "bug in lessonpack" not in everything
    assert "\x1b" not in everything and "\u202e" not in everything
    if code != 0:
        assert code == 2 and "lesson.yaml:" in said.err


def test_lessons_named_in_greek_and_cyrillic_keep_their_own_packs(in_tmp: Path) -> None:
    """Already held before this round (pack names keep letters of every script): kept as a
    reproducer of the review's row."""
    for name in ("Φωτοσύνθεση", "Фотосинтез", "é"):
        (in_tmp / f"{name}.yaml").write_text(SLIDE.format(title=name, bullet="Light"), encoding="utf-8")
    assert main(["build", ".", "-o", "out"]) == 0
    assert sorted(
        path.name for path in (in_tmp / "out").iterdir() if not path.name.startswith(".")
    ) == sorted(["Φωτοσύνθεση", "Фотосинтез", "é"])


def test_a_fault_in_lessonpack_itself_says_it_is_a_bug_and_how_to_report_it(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.build

    def broken(*arguments: object, **options: object) -> None:
        raise RuntimeError("\x1b[2Jan internal fault")

    monkeypatch.setattr(generator.build, "build_pack", broken)
    result = build_one(Job(lesson(in_tmp), in_tmp / "out", "lesson.yaml", BuildOptions()))
    assert result.outcome is Outcome.FAILED
    assert result.message == (
        "lesson.yaml: lessonpack failed on this lesson (RuntimeError: \\x1b[2Jan internal fault): "
        f"this is a bug in lessonpack {__version__}, not a mistake in the lesson: please report it, with "
        "this message and the lesson file (and any pictures or template it names)"
    )
