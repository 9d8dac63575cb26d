"""Builds a lesson pack: read, validate and plan everything first, then write the files atomically."""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.assets import asset_path
from generator.choices import Paper
from generator.errors import LocatedProblem, Problem, SpecError, SpecPath, TooLargeError
from generator.manifest import image_fingerprints, input_fingerprints, write_manifest
from generator.metadata import Metadata
from generator.options import BuildOptions
from generator.outputs import PackFiles, pack_files, pack_name
from generator.pack import PackPlan, plan_pack
from generator.pack_folder import PackFolderError, Replacement, replace_pack
from generator.reproducible import write_zip
from generator.source import SourceMap, check_spec_file, load_spec
from generator.spec import Lesson
from generator.validate import validate
from generator.wording import Wording, default_wording

if TYPE_CHECKING:
    from generator.deck.fit import FittedSlide
    from generator.deck.layouts import DeckLayouts
    from generator.deck.plan import SlidePlan
    from generator.deck.review import Review
    from generator.sheet.writer import PageText

DEFAULT_OPTIONS = BuildOptions()
MAX_SLIDES = 21_000
"""The most slides a deck may have: room for the most parts a lesson may have (20,000), a slide
each, with the title and objectives slides. A deck's memory grows by about 2.5 kB a slide (the
names, sizes and places of its files, held until its zip is closed): 21,000 slides with speaker
notes build within 150 MB."""
SLIDE_BYTES = 3_500
"""What a deck holds of each slide with its notes page until its zip is closed: 20,000 such
slides took a build 70 MB more than a small lesson."""
DECK_ALLOWANCE = 80_000_000
"""The memory a deck may hold of its slides, its template and its pictures together, above what
a build of a small lesson takes (about 65 MB): a deck holds all three while its slides are
written, so 20,000 slides on a template at every budget took 187 MB."""
PAGE_BYTES = 40_000
"""What a sheet may hold of each page until it is written, with the lesson's own weight: 987 pages
of questions took a build 31 MB more than a small lesson, and pages beside 13 MB of photos about
26 kB each; the rest is margin."""
SHEET_PICTURE_HELD = 5
"""How many times its pictures' weight a sheet holds until it is written (the pictures, and the
PDF made of them): 13 MB of photos took a 987-page worksheet 64 MB more."""
SHEET_ALLOWANCE = 80_000_000
"""The memory a sheet may hold of its pages and pictures together, above what a build of a small
lesson takes: a 987-page worksheet with 13 MB of photos took 160 MB."""
LARGE_DECK = 500
"""Slides from which a deck's memory (about 7 kB a slide) is worth a collection to free."""
TOO_MANY_SLIDES = (
    "with this part the deck has more than {most:,} slides, far more than any lesson: "
    "split the lesson into several lessons"
)
TOO_MANY_HELD = (
    "with this part the deck has more than {most:,} slides, the most a deck may have on this "
    "template with this lesson's pictures, which a deck holds while its slides are written: "
    "split the lesson into several lessons, or use a simpler template or fewer pictures"
)
TOO_TALL = (
    "this part holds a piece of text too tall for one page of the worksheet: "
    "split it into shorter paragraphs, cells or rows"
)


def _layout_warnings(lesson: Lesson, layouts: DeckLayouts) -> list[Problem]:
    """A warning at each `layout:` the deck's template cannot honour."""
    from generator.parts.slide import SlidePart

    warnings = []
    for index, part in enumerate(lesson.parts):
        if isinstance(part, SlidePart) and part.layout is not None:
            reason = layouts.missing(part.layout)
            if reason is not None:
                warnings.append(Problem(("parts", index, "layout"), reason, warning=True))
    return warnings


def spec_warnings(lesson: Lesson) -> list[Problem]:
    """What each part says still builds but is worth a teacher's attention."""
    return [
        warning.under(("parts", index))
        for index, part in enumerate(lesson.parts)
        for warning in part.warnings()
    ]


def plan_lesson(lesson: Lesson, wording: Wording, template: Path | None) -> tuple[PackPlan, DeckLayouts]:
    """The pack's plan, laid out for the deck it will be written on (ours, or the template), and
    the deck's designs without the deck, which each written deck opens again."""
    from generator.deck.layouts import deck_layouts

    layouts = deck_layouts(template).on(None)
    if template is not None:
        gc.collect()
    return plan_pack(lesson, wording, layouts.content.body, layouts.content.face), layouts


def fitted_slides(
    plan: PackPlan, wording: Wording, layouts: DeckLayouts
) -> Iterator[tuple[SlidePlan, list[FittedSlide]]]:
    """Each planned slide with the slides it fills once fitted to the deck, fitted as each deck
    is written rather than all held for both: a lesson of 20,000 slides held 24 MB of fitted
    slides, where fitting them again takes a few milliseconds a hundred slides. Counted as they
    are fitted, so that `check` finds a deck past MAX_SLIDES too: raises TooLargeError at the part
    whose slides pass it."""
    from generator.deck.fit import fit_slide

    def continued(title: str, part: int) -> str:
        return wording("slide_continued", title=title, part=part)

    most = most_slides(plan.lesson, layouts)
    count = 0
    for slide in plan.slides():
        fitted = fit_slide(slide, continued, layouts.design(slide))
        count += len(fitted)
        if count > most:
            message = TOO_MANY_SLIDES if most == MAX_SLIDES else TOO_MANY_HELD
            raise TooLargeError(Problem(slide.origin, message.format(most=most)))
        yield slide, fitted


def most_slides(lesson: Lesson, layouts: DeckLayouts) -> int:
    """MAX_SLIDES, or fewer where the deck's template and the lesson's pictures take part of
    DECK_ALLOWANCE: the reference lesson fits on a template at every budget with 15 MB of
    pictures, where 20,000 slides would not."""
    held = layouts.held + _pictures_bytes(lesson)
    return max(min(MAX_SLIDES, (DECK_ALLOWANCE - held) // SLIDE_BYTES), 0)


def most_pages(lesson: Lesson) -> int:
    """MAX_PAGES, or fewer where the lesson's pictures take part of SHEET_ALLOWANCE."""
    from generator.sheet.writer import MAX_PAGES

    held = SHEET_PICTURE_HELD * _pictures_bytes(lesson)
    return max(min(MAX_PAGES, (SHEET_ALLOWANCE - held) // PAGE_BYTES), 0)


def _pictures_bytes(lesson: Lesson) -> int:
    """What the lesson's different pictures weigh as the outputs embed them."""
    from generator.pictures import embedded_bytes

    pictures = {asset_path(lesson.folder, relative) for part in lesson.parts for relative in part.images()}
    return sum(map(embedded_bytes, pictures))


def _slide_warnings(lesson: Lesson, layouts: DeckLayouts, review: Review) -> list[Problem]:
    """What the teacher should know about the slides: layouts the template lacks, text colours
    changed to stay readable on it, and what the review of the fitted slides found."""
    readable = [Problem(("slides", "template"), warning, warning=True) for warning in layouts.look.warnings]
    return _layout_warnings(lesson, layouts) + readable + review.problems


@dataclass(frozen=True)
class _Build:
    """The lesson as the build's options change it, and what they choose: what `build` writes
    and `check` lays out."""

    lesson: Lesson
    options: BuildOptions
    paper: Paper
    variants: tuple[str, ...]
    template: Path | None


def _build_of(lesson: Lesson, options: BuildOptions) -> _Build:
    if options.answers is not None:
        slides = lesson.slides.model_copy(update={"answers": options.answers})
        lesson = lesson.model_copy(update={"slides": slides})
    variants = tuple(dict.fromkeys([*lesson.variants, *options.variants]))
    template = options.template or _spec_template(lesson)
    return _Build(lesson, options, options.paper or lesson.paper, variants, template)


def check_lesson(
    spec_file: Path, shown_as: str, options: BuildOptions = DEFAULT_OPTIONS
) -> list[LocatedProblem]:
    """What `build` would say of the lesson, without writing its pack: raises SpecError with its
    problems, or returns its warnings. The slides are fitted and every worksheet laid out by the
    code that writes them, in a scratch folder; the decks are written there only on a template,
    the one input writing a deck can still fail on."""
    lesson, source = read_lesson(spec_file, shown_as)
    wording = default_wording()
    build = _build_of(lesson, options)
    with (
        _build_failures(source, build, wording),
        tempfile.TemporaryDirectory(prefix="lessonpack-") as scratch,
    ):
        files = pack_files(Path(scratch), "check", build.variants)
        plan, layouts = plan_lesson(build.lesson, wording, build.template)
        if build.template is None:
            from generator.deck.review import review

            noted = review(fitted_slides(plan, wording, layouts), layouts.scale)
            slides = _slide_warnings(build.lesson, layouts, noted)
        else:
            decks = (files.slides, files.pupil_slides)
            slides = write_slides(build.lesson, plan, wording, decks, layouts, build.template)
        _write_sheets(build.lesson, plan, wording, files, build.paper)
    return _located(source, spec_warnings(lesson) + slides)


@contextmanager
def _build_failures(source: SourceMap, build: _Build, wording: Wording) -> Iterator[None]:
    """Each problem found only as the pack is laid out or written, located in the spec: a text
    that fits no slide or no page, a template damaged where validation did not read it."""
    from reportlab.platypus.doctemplate import LayoutError

    from generator.deck.fit import DoesNotFitError
    from generator.deck.template import TemplateError

    try:
        yield
    except (DoesNotFitError, TooLargeError) as error:
        raise SpecError([source.locate(error.problem)]) from None
    except TemplateError as error:
        problem = _template_problem(build.lesson, build.options, error)
        raise SpecError([source.locate(problem)]) from None
    except LayoutError:
        index = _overflowing_part(build, wording)
        where: SpecPath = ("parts", index) if index is not None else ()
        raise SpecError([source.locate(Problem(where, TOO_TALL))]) from None


def _located(source: SourceMap, warnings: list[Problem]) -> list[LocatedProblem]:
    """The warnings at their places in the spec, in the order a teacher reads it."""
    return sorted(map(source.locate, warnings), key=lambda warning: (warning.line, warning.column))


def write_slides(
    lesson: Lesson,
    plan: PackPlan,
    wording: Wording,
    paths: tuple[Path, Path],
    layouts: DeckLayouts,
    template: Path | None,
) -> list[Problem]:
    """The teacher's deck and the pupils' (no answer slide, no speaker notes) at `paths`, each on
    its own copy of the deck (ours or the `template`), each slide fitted as it is written: one
    output on its own (as are the worksheet and the key), so the benchmark can time each; returns
    the warnings about the slides."""
    from generator.deck.review import Review
    from generator.deck.template import template_failures

    teacher, pupils = paths
    safe = (
        replace(one, notes="")
        for slide, fitted in fitted_slides(plan, wording, layouts)
        if not slide.reveals
        for one in fitted
    )
    review = Review(layouts.scale)
    with template_failures(template):
        _write_on_a_copy(lesson, layouts, template, safe, pupils)
        _write_on_a_copy(
            lesson, layouts, template, review.passing(fitted_slides(plan, wording, layouts)), teacher
        )
    return _slide_warnings(lesson, layouts, review)


def _write_on_a_copy(
    lesson: Lesson, layouts: DeckLayouts, template: Path | None, slides: Iterable[FittedSlide], path: Path
) -> None:
    """One deck, on a copy of the deck (ours or the template) that nothing keeps once it is
    written, so that only one deck is held at a time, and none while the sheets are written.
    python-pptx's parts refer to each other, so a deck is freed by the cycle collector: run at
    once for a deck that holds much (many slides, or pictures' bytes), as a full collection costs
    about as much as writing 20 slides."""
    from generator.deck.template import open_deck
    from generator.deck.writer import write_deck

    count = write_deck(layouts.on(open_deck(template)), slides, path, _metadata(lesson))
    if count >= LARGE_DECK or any(part.images() for part in lesson.parts):
        gc.collect()


def write_worksheet(
    lesson: Lesson, plan: PackPlan, wording: Wording, path: Path, paper: Paper, variant: str | None = None
) -> None:
    """The pupil's sheet: the standard one, or the named variant (large print, dyslexia)."""
    from generator.sheet.plan import Audience
    from generator.sheet.writer import STANDARD, VARIANTS, write_sheet

    style = VARIANTS[variant] if variant else STANDARD
    pupil = _page_text(lesson, wording, "")
    write_sheet(plan.sheet, Audience.PUPIL, path, pupil, _metadata(lesson), style, paper, most_pages(lesson))


def write_answers(lesson: Lesson, plan: PackPlan, wording: Wording, path: Path, paper: Paper) -> None:
    from generator.sheet.plan import Audience
    from generator.sheet.writer import STANDARD, write_sheet

    teacher = _page_text(lesson, wording, wording("answer_key_banner"))
    write_sheet(
        plan.sheet, Audience.TEACHER, path, teacher, _metadata(lesson), STANDARD, paper, most_pages(lesson)
    )


def _metadata(lesson: Lesson) -> Metadata:
    return Metadata(lesson.title, lesson.author or "", lesson.subject or "", lesson.language)


def _page_text(lesson: Lesson, wording: Wording, banner: str) -> PageText:
    from generator.sheet.writer import PageText

    def footer(page: int, pages: int) -> str:
        return wording("page_footer", title=lesson.title, page=page, pages=pages)

    def continued(label: str) -> str:
        return wording("continued", title=label, part=2)

    return PageText(lesson.title, footer, banner, continued)


def _write(
    lesson: Lesson, wording: Wording, files: PackFiles, paper: Paper, template: Path | None
) -> list[Problem]:
    """Write every file of the pack; returns the warnings found on the way."""
    plan, layouts = plan_lesson(lesson, wording, template)
    warnings = write_slides(lesson, plan, wording, (files.slides, files.pupil_slides), layouts, template)
    _write_sheets(lesson, plan, wording, files, paper)
    return warnings


def _write_sheets(lesson: Lesson, plan: PackPlan, wording: Wording, files: PackFiles, paper: Paper) -> None:
    """The worksheet, the answer key and each variant of the worksheet."""
    write_worksheet(lesson, plan, wording, files.worksheet, paper)
    write_answers(lesson, plan, wording, files.answers, paper)
    for variant, path in files.variants.items():
        write_worksheet(lesson, plan, wording, path, paper, variant)


def load_lesson(spec_file: Path, shown_as: str | None = None) -> Lesson:
    """Parse and validate; raises SpecError with every located problem."""
    return read_lesson(spec_file, shown_as)[0]


def read_lesson(spec_file: Path, shown_as: str | None = None) -> tuple[Lesson, SourceMap]:
    """The lesson, and where its values stand in the file for the problems the build may still
    find; the data read from the file is let go, as the lesson holds all of it the build needs."""
    loaded = load_spec(spec_file, shown_as)
    lesson = validate(loaded)
    loaded.source.shed()
    return lesson, loaded.source


def _overflowing_part(build: _Build, wording: Wording) -> int | None:
    """Which part holds the text too tall for a page, found by laying out each part's sheets on
    their own: slow, but only ever done to name the culprit in an error message."""
    from reportlab.platypus.doctemplate import LayoutError

    from generator.deck.layouts import deck_layouts

    body = deck_layouts(build.template).content.body
    for index, part in enumerate(build.lesson.parts):
        one_part = build.lesson.model_copy(update={"parts": [part]})
        with tempfile.TemporaryDirectory(prefix="lessonpack-") as scratch:
            try:
                files = pack_files(Path(scratch), "part", build.variants)
                _write_sheets(one_part, plan_pack(one_part, wording, body), wording, files, build.paper)
            except LayoutError:
                return index
    return None


def _write_archives(files: PackFiles, name: str) -> None:
    """The pupils' files as one zip and the whole pack as another, each holding a folder named like
    the pack, so unzipping gives the same layout."""
    if files.archives:
        contents = {path: path.read_bytes() for path in files.documents}
        for archive, chosen in (
            (files.archives.pupils, files.for_pupils),
            (files.archives.teacher, files.documents),
        ):
            write_zip(archive, [(f"{name}/{path.name}", contents[path]) for path in chosen])


def build_pack(
    spec_file: Path, output_root: Path, shown_as: str | None = None, options: BuildOptions = DEFAULT_OPTIONS
) -> PackFiles:
    """Build one lesson's pack into output_root/<name>/, with its zip (if asked for) and its
    manifest, all put in place together and beside any files of the teacher's in that folder;
    nothing is written if the spec has problems or the folder is not lessonpack's."""
    check_spec_file(spec_file, shown_as)
    # Taken before the spec is read: if it is saved again mid-build, the pack reads as out of date.
    inputs = input_fingerprints(spec_file, options.fingerprint)
    lesson, source = read_lesson(spec_file, shown_as)
    named_files = [image for part in lesson.parts for image in part.images()]
    if lesson.slides.template is not None:
        named_files.append(lesson.slides.template)
    inputs |= image_fingerprints(spec_file, named_files)
    build = _build_of(lesson, options)
    wording = default_wording()
    name = pack_name(spec_file)
    destination = output_root / name
    built = pack_files(destination, name, build.variants, options.archive)
    outputs = frozenset(path.name for path in built.outputs)
    warnings = spec_warnings(lesson)

    def write(staging: Path) -> None:
        files = pack_files(staging, name, build.variants, options.archive)
        warnings.extend(_write(build.lesson, wording, files, build.paper, build.template))
        _write_archives(files, name)
        write_manifest(staging, destination, spec_file, inputs, files.outputs)

    with _build_failures(source, build, wording):
        try:
            kept = replace_pack(Replacement(destination, spec_file, outputs, options.force), write)
        except PackFolderError as error:
            raise SpecError([source.locate(Problem((), str(error)))]) from None
    return replace(built, warnings=tuple(_located(source, warnings)), kept=kept)


def _template_problem(lesson: Lesson, options: BuildOptions, error: Exception) -> Problem:
    """A template found damaged only while the deck was written, on the field or option naming it."""
    if options.template is not None:
        return Problem((), f"the template {options.template} given with --template {error}")
    return Problem(("slides", "template"), f"{lesson.slides.template} {error}")


def _spec_template(lesson: Lesson) -> Path | None:
    """The template the spec names, which validation has found usable."""
    relative = lesson.slides.template
    return asset_path(lesson.folder, relative) if relative is not None else None
