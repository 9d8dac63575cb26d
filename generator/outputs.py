"""Where a pack's files go and what they are called: known before anything is built, so a
rebuild can tell whether a pack is up to date without loading the renderers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from generator.choices import Variant
from generator.errors import LocatedProblem


@dataclass(frozen=True)
class Archives:
    """The pack as zip files, when asked for: one to share with pupils, one with everything."""

    pupils: Path
    teacher: Path


@dataclass(frozen=True)
class PackFiles:
    folder: Path
    slides: Path
    pupil_slides: Path
    """The deck without answer slides or speaker notes, safe to share with pupils."""
    worksheet: Path
    answers: Path
    variants: dict[str, Path] = field(default_factory=dict)
    """Each extra version of the worksheet (large print, dyslexia) by its name."""
    archives: Archives | None = None
    warnings: tuple[LocatedProblem, ...] = ()
    """What the teacher should fix although the pack was built: the slides' accessibility, and
    anything built differently from what the spec asked (a layout the template lacks)."""
    kept: tuple[str, ...] = ()
    """Files in the pack folder that lessonpack did not write, or that were changed since it did,
    carried over into the new pack untouched."""

    @property
    def documents(self) -> tuple[Path, ...]:
        """The files a teacher opens or prints, in the order they are listed."""
        return (self.slides, self.pupil_slides, self.worksheet, self.answers, *self.variants.values())

    @property
    def for_pupils(self) -> tuple[Path, ...]:
        """What may go to pupils: nothing here holds an answer."""
        return (self.pupil_slides, self.worksheet, *self.variants.values())

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every file the pack holds for the teacher, the zips included."""
        zips = (self.archives.pupils, self.archives.teacher) if self.archives else ()
        return (*self.documents, *zips)


def pack_name(spec_file: Path) -> str:
    """The pack's folder name: the spec's file name, reduced to letters (of any script), digits,
    dots, dashes and underscores, which every system allows. Composed to NFC, as macOS hands names
    over decomposed."""
    stem = unicodedata.normalize("NFC", spec_file.stem)
    name = re.sub(r"[^\w.-]+", "-", stem).strip(".-")
    return name or "lesson"


def possible_outputs(name: str) -> frozenset[str]:
    """Every file name a build of the pack could write, whatever its options: only these can be
    stale outputs to clean away."""
    every = pack_files(Path(), name, get_args(Variant), archive=True)
    return frozenset(path.name for path in every.outputs)


def pack_files(folder: Path, name: str, variants: Sequence[str] = (), archive: bool = False) -> PackFiles:
    return PackFiles(
        folder,
        folder / f"{name}-slides.pptx",
        folder / f"{name}-slides-pupils.pptx",
        folder / f"{name}-worksheet.pdf",
        folder / f"{name}-answers.pdf",
        {variant: folder / f"{name}-worksheet-{variant}.pdf" for variant in variants},
        Archives(folder / f"{name}-pupils.zip", folder / f"{name}-teacher.zip") if archive else None,
    )
