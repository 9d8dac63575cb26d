"""A large lesson is read and written in memory that grows slowly with it: no YAML node tree, no
slide held as python-pptx's part once it is written. Memory is measured with tracemalloc (the
Python objects the build allocates), never with time."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import read_deck
from pptx.parts.slide import NotesSlidePart, SlidePart

import generator.deck.writer
from generator.build import MAX_SLIDES, plan_lesson, read_lesson, write_slides, write_worksheet
from generator.errors import Problem
from generator.source import load_spec
from generator.wording import default_wording

MEMORY_GOAL_MB = 150
"""The most memory a build may take, for any lesson it accepts (issue 17)."""
PEAK_MEMORY = (
    "import runpy, sys\n"
    "sys.argv = ['lessonpack', 'build', *sys.argv[1:]]\n"
    "try: runpy.run_module('generator', run_name='__main__')\n"
    "except SystemExit as exited: sys.stderr.write(f'exit {exited.code}')\n"
    "print(next(line for line in open('/proc/self/status') if line.startswith('VmHWM')))"
)
"""Builds one lesson from the command line (in one process) and prints its peak resident memory:
VmHWM, which starts afresh when the process starts, where getrusage's peak would count the test
process it was forked from. How the build ended is written to standard error."""
DECK_BYTES_PER_SLIDE = 8_000
"""The most writing a lesson's two decks may take at its peak for each slide (with its notes
page): the slide fitted, and what stays of it until its deck is zipped (its name, its links, its
place in the scratch file); about 5,500 now. Holding each slide's bytes and python-pptx's part
objects took about 18,500."""
SHEET_BYTES_PER_QUESTION = 3_000
"""The most writing a lesson's worksheet may take at its peak for each question (about a sixth of
a page): what reportlab keeps of each page until the PDF is written (the page's entry, its
encoded drawing, its place in the file) and the plan's blocks seen by the pupil; about 1,700 now.
Making every flowable before the first was drawn, keeping each once drawn, and each page's whole
drawing state until the end took about 13,000."""
READ_PEAK_PER_BYTE = 40
"""The most memory reading a lesson may take at its peak, in bytes per byte of the file: the data
and its places, about 21 now. Composing PyYAML's node tree first took about 90."""


def _slides(folder: Path, count: int, notes: bool = False) -> Path:
    """A lesson of `count` slides, each a title and one bullet, as the benchmark makes them."""
    parts = [
        {"type": "slide", "title": f"Slide {index}", "bullets": [f"Point {index}"]}
        | ({"notes": f"Say point {index}."} if notes else {})
        for index in range(count)
    ]
    path = folder / f"slides-{count}.yaml"
    path.write_text(yaml.safe_dump({"title": "Scale", "parts": parts}), encoding="utf-8")
    return path


def _traced_peak(action: Any) -> int:
    """The peak of memory allocated while `action` runs, above what was allocated before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        action()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_a_lesson_is_read_without_composing_a_node_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def composed(*_: object) -> None:
        raise AssertionError("a YAML node tree was composed")

    monkeypatch.setattr(yaml.composer.Composer, "compose_node", composed)
    spec = tmp_path / "lesson.yaml"
    spec.write_text(
        "title: &t Rivers\nparts:\n  - &part {type: slide, title: *t, bullets: [a, b]}\n  - *part\n",
        encoding="utf-8",
    )
    data = load_spec(spec).data
    assert data["parts"] == [{"type": "slide", "title": "Rivers", "bullets": ["a", "b"]}] * 2


def test_reading_a_large_lesson_takes_a_few_times_its_size(tmp_path: Path) -> None:
    spec = _slides(tmp_path, 3_000)
    peak = _traced_peak(lambda: load_spec(spec))
    assert peak <= READ_PEAK_PER_BYTE * spec.stat().st_size, f"{peak / spec.stat().st_size:.0f} a byte"


def test_the_last_value_of_a_large_lesson_is_located_on_its_own_line(tmp_path: Path) -> None:
    spec = _slides(tmp_path, 3_000)
    lines = spec.read_text(encoding="utf-8").splitlines()
    line = lines.index("  title: Slide 2999") + 1
    located = load_spec(spec).source.locate(Problem(("parts", 2_999, "title"), "here"))
    assert (located.line, located.column) == (line, 10)
    missing = load_spec(spec).source.locate(Problem(("parts", 2_999, "notes"), "missing", at_key=True))
    assert (missing.line, missing.column) == (line - 2, 3)


def _parts_alive_when_zipped(spec: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Write both decks of the lesson; for each deck as it is zipped, how many python-pptx slide
    and notes parts are still alive."""
    alive: list[int] = []
    zip_deck = generator.deck.writer.write_zip

    def counting(path: Path, entries: Any) -> None:
        # python-pptx's walks over a deck's parts leave cycles (a recursive closure and the set
        # of parts it visited) that only the collector frees: garbage, not parts held.
        gc.collect()
        alive.append(sum(isinstance(thing, SlidePart | NotesSlidePart) for thing in gc.get_objects()))
        zip_deck(path, entries)

    monkeypatch.setattr(generator.deck.writer, "write_zip", counting)
    _write_decks(spec, folder)
    return alive


def _write_decks(spec: Path, folder: Path) -> None:
    """The lesson's teacher's and pupils' decks, as slides.pptx and pupils.pptx in `folder`."""
    lesson, _ = read_lesson(spec)
    wording = default_wording()
    plan, layouts = plan_lesson(lesson, wording, None)
    write_slides(lesson, plan, wording, (folder / "slides.pptx", folder / "pupils.pptx"), layouts, None)


def test_no_slide_or_notes_page_is_held_as_a_part_once_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _slides(tmp_path, 40, notes=True)
    assert _parts_alive_when_zipped(spec, tmp_path, monkeypatch) == [0, 0]
    teacher, pupils = read_deck(tmp_path / "slides.pptx"), read_deck(tmp_path / "pupils.pptx")
    assert [slide.title for slide in teacher][1:] == [f"Slide {index}" for index in range(40)]
    assert (teacher[40].body[0], teacher[40].notes) == ("Point 39", "Say point 39.")
    assert [slide.body for slide in pupils] == [slide.body for slide in teacher]
    assert not any(slide.notes for slide in pupils)


def test_writing_the_decks_takes_a_few_kilobytes_a_slide(tmp_path: Path) -> None:
    def grown(count: int) -> int:
        folder = tmp_path / str(count)
        folder.mkdir()
        spec = _slides(folder, count, notes=True)
        lesson, _ = read_lesson(spec)
        wording = default_wording()
        plan, layouts = plan_lesson(lesson, wording, None)
        paths = (folder / "slides.pptx", folder / "pupils.pptx")
        return _traced_peak(lambda: write_slides(lesson, plan, wording, paths, layouts, None))

    small, large = grown(100), grown(400)
    per_slide = (large - small) / 300
    assert per_slide <= DECK_BYTES_PER_SLIDE, f"{per_slide:.0f} bytes a slide"


def test_the_slide_list_is_kept_out_of_the_decks_xml_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _slides(tmp_path, 30)
    listed: list[int] = []
    entries = generator.deck.writer.deck_entries

    def counting(presentation: Any, spilled: Any) -> Any:
        listed.append(len(presentation.part._element.get_or_add_sldIdLst()))
        return entries(presentation, spilled)

    monkeypatch.setattr(generator.deck.writer, "deck_entries", counting)
    _write_decks(spec, tmp_path)
    assert listed == [0, 0]
    for deck in ("slides.pptx", "pupils.pptx"):
        assert [slide.title for slide in read_deck(tmp_path / deck)][1:] == [f"Slide {n}" for n in range(30)]


def _peak_mb(spec: Path, output: Path, *options: str) -> float:
    run = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(spec), "-o", str(output), "--force", *options],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stderr.endswith("exit 0"), run.stdout + run.stderr
    assert any(output.rglob("*-slides.pptx")), "the build wrote no deck"
    return int(run.stdout.split()[-2]) / 1000


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_the_largest_deck_accepted_builds_within_the_memory_goal(tmp_path: Path) -> None:
    """Peak memory grows by a few kilobytes a slide, so that the most slides a deck may have
    (MAX_SLIDES), each with speaker notes (a notes page is two more files in the deck), stay
    within the goal at the same rate: measured on 2,000 and 8,000 slides (3.5 kB a slide between
    these, 147 MB at 21,000). The rate only falls as a deck grows (20,000 slides take 134 MB),
    so the line overstates the largest deck; through 1,000 and 4,000 slides it put it at 149.8."""
    small, large = 2_000, 8_000
    peaks = [_peak_mb(_slides(tmp_path, count, notes=True), tmp_path / "out") for count in (small, large)]
    per_slide = (peaks[1] - peaks[0]) / (large - small)
    largest = peaks[0] + per_slide * (MAX_SLIDES - small)
    assert largest <= MEMORY_GOAL_MB, (
        f"{peaks} MB: {per_slide * 1000:.1f} kB a slide, {largest:.0f} MB at {MAX_SLIDES:,}"
    )


PHOTO_LESSON = """\
title: A photo
parts:
  - type: slide
    title: The photo
    image: photo.jpg
    image_alt: Grey noise
  - type: sources
    sources:
      - caption: The photo again
        image: photo.jpg
        image_alt: Grey noise
    questions:
      - prompt: What does it show?
        answer: Noise.
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_24_megapixel_photo_builds_within_the_memory_goal(tmp_path: Path) -> None:
    """A phone's photo is decoded at a fraction of its size and embedded once made smaller: whole,
    it took a build 230 MB (noise, the most a JPEG of its size can hold, about 120 MB now)."""
    from PIL import Image

    Image.effect_noise((6_000, 4_000), 40).convert("RGB").save(tmp_path / "photo.jpg", quality=90)
    spec = tmp_path / "photo.yaml"
    spec.write_text(PHOTO_LESSON, encoding="utf-8")
    peak = _peak_mb(spec, tmp_path / "out")
    assert peak <= MEMORY_GOAL_MB, f"{peak:.0f} MB"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_template_with_a_large_photo_builds_within_the_memory_goal(tmp_path: Path) -> None:
    """A template's picture is made smaller as the template is read: the reference-sized lesson on
    a template with a 17 MB photo takes about 140 MB (a 40 MB photo took 383 MB, and is refused
    now)."""
    from PIL import Image
    from test_cli import LESSON, lesson
    from test_hostile_templates import EMBEDDED_LOGO, rezipped, with_master_picture

    photo = io.BytesIO()
    Image.effect_noise((4_500, 3_400), 60).convert("RGB").save(photo, "JPEG", quality=97)
    logo = EMBEDDED_LOGO.replace("logo.png", "logo.jpeg")
    folder = tmp_path / "unit"
    lesson(folder)
    template = rezipped(
        lambda name, blob: blob,
        with_master_picture(logo, "r:embed"),
        {"ppt/media/logo.jpeg": photo.getvalue()},
    )
    (folder / "school.potx").write_bytes(template)
    spec = folder / "lesson.yaml"
    spec.write_text(LESSON.format(title="Rivers") + "slides:\n  template: school.potx\n", encoding="utf-8")
    peak = _peak_mb(spec, tmp_path / "out")
    assert peak <= MEMORY_GOAL_MB, f"{peak:.0f} MB"


def test_a_warning_found_as_the_pack_is_written_is_located_once_the_places_are_let_go(tmp_path: Path) -> None:
    spec = _slides(tmp_path, 2_000)
    source = read_lesson(spec)[1]
    assert source.root is None
    located = source.locate(Problem(("parts", 1_999, "title"), "a warning", warning=True))
    lines = spec.read_text(encoding="utf-8").splitlines()
    assert (located.line, located.column) == (lines.index("  title: Slide 1999") + 1, 10)
    assert located.warning


def _questions(folder: Path, count: int) -> Path:
    """A lesson of one questions part with `count` questions, each with an answer and marks."""
    questions = "".join(
        f"      - {{prompt: 'Question {index}: why?', answer: 'Because of reason {index}.', marks: 2}}\n"
        for index in range(count)
    )
    path = folder / f"questions-{count}.yaml"
    path.write_text(
        f"title: Scale\nparts:\n  - type: questions\n    questions:\n{questions}", encoding="utf-8"
    )
    return path


def test_writing_a_worksheet_takes_a_few_kilobytes_a_question(tmp_path: Path) -> None:
    def grown(count: int) -> int:
        spec = _questions(tmp_path, count)
        lesson, _ = read_lesson(spec)
        wording = default_wording()
        plan, _ = plan_lesson(lesson, wording, None)
        sheet = tmp_path / f"worksheet-{count}.pdf"
        return _traced_peak(lambda: write_worksheet(lesson, plan, wording, sheet, lesson.paper))

    grown(10)  # the fonts loaded and the modules imported, outside the measure
    small, large = grown(200), grown(800)
    per_question = (large - small) / 600
    assert per_question <= SHEET_BYTES_PER_QUESTION, f"{per_question:.0f} bytes a question"


SHAPE = (
    '<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Shape {id}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
    '<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="300000" cy="200000"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:sp>'
)
"""A small rectangle, of 11 XML elements, at a place of its own."""
PHOTO = (
    '<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Photo {id}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    '<p:blipFill><a:blip r:embed="rIdPhoto{id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
    '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000000" cy="700000"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
)
TEXT = (
    '<p:sp><p:nvSpPr><p:cNvPr id="9999" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="100000" cy="100000"/></a:xfrm></p:spPr>'
    "<p:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
)
LAYOUT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _elements(xml: bytes) -> int:
    from lxml import etree

    return sum(1 for _ in etree.fromstring(xml).iter())


def _template_at_the_budgets() -> bytes:
    """python-pptx's own template made as elaborate as a template may be, nearly at every budget
    at once: MAX_LAYOUTS layouts, each drawing rectangles, MAX_TEMPLATE_ELEMENTS elements,
    MAX_TEMPLATE_XML bytes of XML (the rest in a text box on the master) and MAX_TEMPLATE_PICTURES
    of photos on the master (noise, which a JPEG holds the least of a pixel in)."""
    from PIL import Image
    from test_hostile_templates import MASTER, MASTER_RELS, PLAIN

    from generator.deck.template_package import (
        MAX_LAYOUTS,
        MAX_TEMPLATE_ELEMENTS,
        MAX_TEMPLATE_PICTURES,
        MAX_TEMPLATE_XML,
    )

    with zipfile.ZipFile(io.BytesIO(PLAIN)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    design = [name for name in parts if name.endswith(".xml") and "_rels" not in name]
    layouts = [name for name in design if name.startswith("ppt/slideLayouts/")]
    extra = MAX_LAYOUTS - len(layouts)
    layout = parts[layouts[0]]
    used = sum(map(_elements, (parts[name] for name in design))) + extra * _elements(layout)
    drawn = int((0.95 * MAX_TEMPLATE_ELEMENTS - used) / extra / 11)
    rectangles = "".join(SHAPE.format(id=100 + n, x=n * 9_973, y=n * 7_919) for n in range(drawn))
    layout = layout.replace(b"</p:spTree>", rectangles.encode() + b"</p:spTree>")
    photos = {}
    while sum(map(len, photos.values())) < 0.9 * MAX_TEMPLATE_PICTURES:
        noise = Image.frombytes("RGB", (1_900, 1_300), os.urandom(1_900 * 1_300 * 3))
        saved = io.BytesIO()
        noise.save(saved, "JPEG", quality=85)
        photos[5_000 + len(photos)] = saved.getvalue()
    written = sum(len(parts[name]) for name in design) + extra * len(layout)
    text = os.urandom(int(0.95 * MAX_TEMPLATE_XML - written) // 2).hex()
    parts[MASTER] = parts[MASTER].replace(
        b"</p:spTree>",
        ("".join(PHOTO.format(id=id) for id in photos) + TEXT.format(text=text)).encode() + b"</p:spTree>",
        1,
    )
    links = [
        f'<Relationship Id="rIdPhoto{id}" Target="../media/photo{id}.jpeg" Type="{RELATIONSHIP}image"/>'
        for id in photos
    ] + [
        f'<Relationship Id="rIdMany{n}" Target="../slideLayouts/many{n}.xml" '
        f'Type="{RELATIONSHIP}slideLayout"/>'
        for n in range(extra)
    ]
    parts[MASTER_RELS] = parts[MASTER_RELS].replace(
        b"</Relationships>", "".join(links).encode() + b"</Relationships>"
    )
    listed = "".join(f'<p:sldLayoutId id="{2_147_484_000 + n}" r:id="rIdMany{n}"/>' for n in range(extra))
    parts[MASTER] = parts[MASTER].replace(b"</p:sldLayoutIdLst>", listed.encode() + b"</p:sldLayoutIdLst>")
    types = "".join(
        f'<Override PartName="/ppt/slideLayouts/many{n}.xml" ContentType="{LAYOUT_TYPE}"/>'
        for n in range(extra)
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", types.encode() + b"</Types>"
    )
    layout_links = parts[layouts[0].replace("slideLayouts/", "slideLayouts/_rels/") + ".rels"]
    for n in range(extra):
        parts[f"ppt/slideLayouts/many{n}.xml"] = layout
        parts[f"ppt/slideLayouts/_rels/many{n}.xml.rels"] = layout_links
    for id, photo in photos.items():
        parts[f"ppt/media/photo{id}.jpeg"] = photo
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as template:
        for name, blob in parts.items():
            template.writestr(name, blob)
    return out.getvalue()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_the_reference_lesson_on_a_template_at_every_budget_builds_within_the_memory_goal(
    tmp_path: Path,
) -> None:
    """A deck holds every element and picture of its template while it is written, so a template's
    budgets are set to keep the largest accepted within the goal: the reference lesson on one
    nearly at all of them at once takes about 121 MB (171 MB with budgets twice as large). A
    template of a million elements took 680 MB before its budgets."""
    (tmp_path / "school.potx").write_bytes(_template_at_the_budgets())
    spec = tmp_path / "lesson.yaml"
    spec.write_text(
        (Path(__file__).parents[1] / "content" / "stalin-rise-to-power.yaml").read_text("utf-8"), "utf-8"
    )
    peak = _peak_mb(spec, tmp_path / "out", "--template", str(tmp_path / "school.potx"))
    assert peak <= MEMORY_GOAL_MB, f"{peak:.0f} MB"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_sheet_of_photos_and_the_most_pages_they_leave_builds_within_the_memory_goal(
    tmp_path: Path,
) -> None:
    """A sheet holds its pictures, and the PDF made of them, until it is written: seven photos
    (13 MB, under the lesson's picture budget) on a worksheet of 987 pages took 172 MB. The pages
    the pictures leave (generator.build.most_pages) keep such a sheet within the goal: about
    145 MB for 13 MB of photos and about 350 pages."""
    from PIL import Image

    from generator.build import most_pages
    from generator.validate import validate

    sources = ""
    for number in range(7):
        noise = Image.frombytes("RGB", (1_900, 1_300), os.urandom(1_900 * 1_300 * 3))
        noise.save(tmp_path / f"photo{number}.jpg", "JPEG", quality=85)
        sources += (
            f"      - {{image: photo{number}.jpg, image_alt: Photo {number}, caption: Photo {number}}}\n"
        )
    head = (
        f"title: Photos\nparts:\n  - type: sources\n    sources:\n{sources}    questions:\n"
        "      - {prompt: 'What do they show?', answer: 'Noise.', marks: 1}\n"
        "  - type: questions\n    questions:\n"
    )
    spec = tmp_path / "photos.yaml"
    spec.write_text(head + "      - {prompt: Why?, answer: Because., marks: 2}\n", encoding="utf-8")
    # About six questions of two lines fill a page: a little short of the most pages.
    count = int(most_pages(validate(load_spec(spec))) * 5.8)
    questions = "".join(
        f"      - {{prompt: 'Question {index}: why?', answer: 'Because of reason {index}.', marks: 2}}\n"
        for index in range(count)
    )
    spec.write_text(head + questions, encoding="utf-8")
    peak = _peak_mb(spec, tmp_path / "out")
    assert peak <= MEMORY_GOAL_MB, f"{peak:.0f} MB"
