"""A spec's text, as typed and not yet saved, read, checked and laid out as the build does, into
the PDFs the preview's pictures are drawn from: worksheet, answer key and the slides."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from generator.build import (
    TOO_TALL,
    _located,
    _slide_warnings,
    _spec_template,
    fitted_slides,
    plan_lesson,
    spec_warnings,
    write_answers,
    write_worksheet,
)
from generator.errors import LocatedProblem, Problem, SpecError
from generator.source import load_spec
from generator.validate import validate
from generator.wording import default_wording

KINDS = ("worksheet", "answers", "slides")


@dataclass(frozen=True)
class Preview:
    problems: tuple[LocatedProblem, ...]
    pdfs: dict[str, bytes]
    """By kind: those asked for, if it builds."""
    builds: bool = False
    """False while the spec has problems that stop it building."""


def preview(folder: Path, name: str, text: str, kinds: frozenset[str] = frozenset(KINDS)) -> Preview:
    """Everything `build` would say of the text, and those of its three documents asked for (the
    page asks only for the one in view), written to a private scratch folder (never beside the
    spec); pictures and templates are found in `folder`, as the saved spec's would be."""
    from reportlab.platypus.doctemplate import LayoutError

    from generator.deck.fit import DoesNotFitError
    from generator.deck.review import review
    from generator.serve.slides_pdf import slides_pdf

    with tempfile.TemporaryDirectory(prefix="lessonpack-preview-") as scratch:
        spec = Path(scratch) / "lesson.yaml"
        spec.write_text(text, encoding="utf-8")
        try:
            loaded = load_spec(spec, name)
            loaded = replace(loaded, folder=folder)
            lesson = validate(loaded)
        except SpecError as error:
            return Preview(error.problems, {})
        wording = default_wording()
        try:
            plan, layouts = plan_lesson(lesson, wording, _spec_template(lesson))
            fitted_plans = list(fitted_slides(plan, wording, layouts))
            noted = review(fitted_plans, layouts.scale)
            warnings = spec_warnings(lesson) + _slide_warnings(lesson, layouts, noted)
            pdfs: dict[str, bytes] = {}
            for kind, write in (("worksheet", write_worksheet), ("answers", write_answers)):
                if kind in kinds:
                    write(lesson, plan, wording, Path(scratch) / kind, lesson.paper)
                    pdfs[kind] = (Path(scratch) / kind).read_bytes()
        except DoesNotFitError as error:
            return Preview((loaded.source.locate(error.problem),), {})
        except LayoutError:
            return Preview((loaded.source.locate(Problem((), TOO_TALL)),), {})
        if "slides" in kinds:
            slides = [fitted for _, fitted_slides in fitted_plans for fitted in fitted_slides]
            pdfs["slides"] = slides_pdf(slides, layouts.height, layouts.content.face)
        return Preview(tuple(_located(loaded.source, warnings)), pdfs, builds=True)
