"""Builds a lesson pack: read, validate and plan everything first, then write the files atomically."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.choices import Paper, Variant
from generator.errors import Problem, SpecError, SpecPath
from generator.metadata import Metadata
from generator.pack import PackPlan, plan_pack
from generator.source import load_spec
from generator.spec import Lesson
from generator.validate import validate
from generator.wording import Wording, default_wording

if TYPE_CHECKING:
    from generator.sheet.writer import PageText

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
    variants: dict[str, Path] = field(default_factory=dict)
    """Each extra version of the worksheet (large print, dyslexia) by its name."""


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asks for on top of the spec."""

    paper: Paper | None = None
    """Overrides the spec's paper."""
    variants: tuple[Variant, ...] = ()
    """Added to the spec's variants."""


def pack_name(spec_file: Path) -> str:
    """The pack's folder name: the spec's file name, reduced to characters safe on every system."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", spec_file.stem).strip(".-")
    return name or "lesson"


def pack_files(folder: Path, name: str, variants: Sequence[str] = ()) -> PackFiles:
    return PackFiles(
        folder,
        folder / f"{name}-slides.pptx",
        folder / f"{name}-worksheet.pdf",
        folder / f"{name}-answers.pdf",
        {variant: folder / f"{name}-worksheet-{variant}.pdf" for variant in variants},
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


def write_slides(lesson: Lesson, plan: PackPlan, wording: Wording, path: Path) -> None:
    """One output on its own (as are the worksheet and the key), so the benchmark can time each."""
    from generator.deck.fit import fit_slide
    from generator.deck.writer import write_deck

    def continued(title: str, part: int) -> str:
        return wording("continued", title=title, part=part)

    slides = [fitted for slide in plan.slides for fitted in fit_slide(slide, continued)]
    write_deck(slides, path, _metadata(lesson))


def write_worksheet(
    lesson: Lesson, plan: PackPlan, wording: Wording, path: Path, paper: Paper, variant: str | None = None
) -> None:
    """The pupil's sheet: the standard one, or the named variant (large print, dyslexia)."""
    from generator.sheet.plan import Audience
    from generator.sheet.writer import STANDARD, VARIANTS, write_sheet

    style = VARIANTS[variant] if variant else STANDARD
    pupil = _page_text(lesson, wording, "")
    write_sheet(plan.sheet, Audience.PUPIL, path, pupil, _metadata(lesson), style, paper)


def write_answers(lesson: Lesson, plan: PackPlan, wording: Wording, path: Path, paper: Paper) -> None:
    from generator.sheet.plan import Audience
    from generator.sheet.writer import STANDARD, write_sheet

    teacher = _page_text(lesson, wording, wording("answer_key_banner"))
    write_sheet(plan.sheet, Audience.TEACHER, path, teacher, _metadata(lesson), STANDARD, paper)


def _metadata(lesson: Lesson) -> Metadata:
    return Metadata(lesson.title, lesson.author or "", lesson.subject or "", lesson.language)


def _page_text(lesson: Lesson, wording: Wording, banner: str) -> PageText:
    from generator.sheet.writer import PageText

    def footer(page: int, pages: int) -> str:
        return wording("page_footer", title=lesson.title, page=page, pages=pages)

    return PageText(lesson.title, footer, banner)


def _write(lesson: Lesson, wording: Wording, files: PackFiles, paper: Paper) -> None:
    plan = plan_pack(lesson, wording)
    write_slides(lesson, plan, wording, files.slides)
    write_worksheet(lesson, plan, wording, files.worksheet, paper)
    write_answers(lesson, plan, wording, files.answers, paper)
    for variant, path in files.variants.items():
        write_worksheet(lesson, plan, wording, path, paper, variant)


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
                one_part = lesson.model_copy(update={"parts": [part]})
                _write(one_part, wording, pack_files(Path(scratch), "part"), lesson.paper)
            except LayoutError:
                return index
    return None


def build_pack(
    spec_file: Path, output_root: Path, shown_as: str | None = None, options: BuildOptions = BuildOptions()
) -> PackFiles:
    """Build one lesson's pack into output_root/<name>/; nothing is written if the spec has problems."""
    from reportlab.platypus.doctemplate import LayoutError

    loaded = load_spec(spec_file, shown_as)
    lesson = validate(loaded)
    wording = default_wording()
    name = pack_name(spec_file)
    destination = output_root / name
    variants = tuple(dict.fromkeys([*lesson.variants, *options.variants]))
    paper = options.paper or lesson.paper
    try:
        with atomic_folder(destination) as staging:
            _write(lesson, wording, pack_files(staging, name, variants), paper)
    except LayoutError:
        index = _overflowing_part(lesson, wording)
        where: SpecPath = ("parts", index) if index is not None else ()
        raise SpecError([loaded.source.locate(Problem(where, TOO_TALL))]) from None
    return pack_files(destination, name, variants)
