"""`lessonpack.yaml`: the options a folder of lessons is always built with, so that a plain `build`
or `watch` next week makes the same pack as the one with flags today (and does not clean away the
variants and zips those flags asked for).

The file lies in the folder of lessons; the command line's flags override it. It is read and
checked like a spec: every problem is located, in plain words.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import Field, ValidationError

from generator.assets import asset_path, resolve_template
from generator.batch import OPTIONS_FILE
from generator.choices import AnswerSlides, Paper, Variant
from generator.errors import Problem, SpecError
from generator.options import BuildOptions
from generator.source import load_spec
from generator.spec import SpecModel, Text


class FolderOptions(SpecModel):
    """What every lesson in the folder is built with, unless the command line says otherwise."""

    variants: list[Variant] = Field(default_factory=list)
    """Extra versions of every worksheet: large-print, dyslexia."""
    paper: Paper | None = None
    """The paper for every worksheet and answer key, over what each lesson says: a4 or letter."""
    template: Text | None = None
    """The school's slide template for every lesson, as a path from this file's folder."""
    answers: AnswerSlides | None = None
    """Where every deck puts its answer slides, over what each lesson says: after_each_task,
    at_end or hidden."""
    zip: bool = False
    """Also write each pack's pupils' zip and teacher's zip."""
    output: Text | None = None
    """Where the packs go, as a path from this file's folder (the command's default is output/)."""


def options_file(paths: list[Path], default: Path) -> Path:
    """The options file for the lessons named: in the folder named first (or the folder of the
    first lesson named), or in the default lessons folder."""
    first = paths[0] if paths else default
    return (first if first.is_dir() else first.parent) / OPTIONS_FILE


def read_folder_options(path: Path, shown_as: str) -> tuple[BuildOptions, Path | None]:
    """The options the file sets, and the output folder it names (None: the command's default);
    no file sets nothing. Raises SpecError with every located problem."""
    if not path.is_file() or _says_nothing(path):
        return BuildOptions(), None
    loaded = load_spec(path, shown_as)
    try:
        options = FolderOptions.model_validate(loaded.data)
    except ValidationError as error:
        from generator.validate import field_names, problems_from

        problems = problems_from(error, loaded.data, field_names(FolderOptions))
        raise SpecError([loaded.source.locate(problem) for problem in problems]) from None
    template = None
    if options.template is not None:
        found = resolve_template(loaded.folder, options.template)
        if isinstance(found, str):
            raise SpecError([loaded.source.locate(Problem(("template",), found))])
        template = found
    output = asset_path(loaded.folder, options.output) if options.output else None
    built = BuildOptions(options.paper, tuple(options.variants), options.zip, template)
    return replace(built, answers=options.answers), output


def _says_nothing(path: Path) -> bool:
    """Blank, or comments only: a file kept ready for options to come."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def overridden(folder: BuildOptions, command_line: BuildOptions) -> BuildOptions:
    """The folder's options, with each one the command line gives in its place."""
    return replace(
        folder,
        paper=command_line.paper or folder.paper,
        variants=command_line.variants or folder.variants,
        archive=command_line.archive or folder.archive,
        template=command_line.template or folder.template,
        answers=command_line.answers or folder.answers,
        force=command_line.force,
    )
