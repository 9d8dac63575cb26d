"""Builds a lesson pack: read, validate and plan everything first, then write the files atomically."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, SpecError, SpecPath
from generator.metadata import Metadata
from generator.pack import plan_pack
from generator.source import load_spec
from generator.spec import Lesson
from generator.validate import validate
from generator.wording import Wording, default_wording

TOO_TALL = (
    "this part holds a piece of text too tall for one page of the worksheet: "
    "split it into shorter paragraphs, cells or rows"
)


@dataclass(frozen=True)
class PackFiles:
    folder: Path
    slides: Path
    worksheet: Path
    answers: Path


def pack_name(spec_file: Path) -> str:
    """The pack's folder name: the spec's file name, reduced to characters safe on every system."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", spec_file.stem).strip(".-")
    return name or "lesson"


def pack_files(folder: Path, name: str) -> PackFiles:
    return PackFiles(
        folder,
        folder / f"{name}-slides.pptx",
        folder / f"{name}-worksheet.pdf",
        folder / f"{name}-answers.pdf",
    )


@contextmanager
def atomic_folder(destination: Path) -> Iterator[Path]:
    """Yield a staging folder beside `destination` that replaces it only once fully written."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = None
    if destination.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{destination.name}.old.", dir=destination.parent))
        destination.rename(retired / destination.name)
    staging.rename(destination)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)


def _write(lesson: Lesson, wording: Wording, files: PackFiles) -> None:
    from generator.deck.fit import fit_slide
    from generator.deck.writer import write_deck
    from generator.sheet.plan import Audience
    from generator.sheet.writer import PageText, write_sheet

    plan = plan_pack(lesson, wording)

    def continued(title: str, part: int) -> str:
        return wording("continued", title=title, part=part)

    slides = [fitted for slide in plan.slides for fitted in fit_slide(slide, continued)]
    metadata = Metadata(lesson.title, lesson.author or "", lesson.subject or "", lesson.language)
    write_deck(slides, files.slides, metadata)

    def footer(page: int, pages: int) -> str:
        return wording("page_footer", title=lesson.title, page=page, pages=pages)

    for audience, path, banner in (
        (Audience.PUPIL, files.worksheet, ""),
        (Audience.TEACHER, files.answers, wording("answer_key_banner")),
    ):
        write_sheet(plan.sheet, audience, path, PageText(lesson.title, footer, banner), metadata)


def load_lesson(spec_file: Path, shown_as: str | None = None) -> Lesson:
    """Parse and validate; raises SpecError with every located problem."""
    return validate(load_spec(spec_file, shown_as))


def _overflowing_part(lesson: Lesson, wording: Wording) -> int | None:
    """Which part holds the text too tall for a page, found by building each part on its own:
    slow, but only ever done to name the culprit in an error message."""
    from reportlab.platypus.doctemplate import LayoutError

    for index, part in enumerate(lesson.parts):
        with tempfile.TemporaryDirectory() as scratch:
            try:
                _write(
                    lesson.model_copy(update={"parts": [part]}), wording, pack_files(Path(scratch), "part")
                )
            except LayoutError:
                return index
    return None


def build_pack(spec_file: Path, output_root: Path, shown_as: str | None = None) -> PackFiles:
    """Build one lesson's pack into output_root/<name>/; nothing is written if the spec has problems."""
    from reportlab.platypus.doctemplate import LayoutError

    loaded = load_spec(spec_file, shown_as)
    lesson = validate(loaded)
    wording = default_wording()
    name = pack_name(spec_file)
    destination = output_root / name
    try:
        with atomic_folder(destination) as staging:
            _write(lesson, wording, pack_files(staging, name))
    except LayoutError:
        index = _overflowing_part(lesson, wording)
        where: SpecPath = ("parts", index) if index is not None else ()
        raise SpecError([loaded.source.locate(Problem(where, TOO_TALL))]) from None
    return pack_files(destination, name)
