"""The `lessonpack` command: new, build, watch, check and schema, with located errors and no
tracebacks."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple, get_args

from generator import __version__
from generator.batch import Outcome, find_specs, shown
from generator.choices import Paper, Variant
from generator.errors import SpecError, printable
from generator.options import BuildOptions

DEFAULT_CONTENT = Path("content")
DEFAULT_OUTPUT = Path("output")
EXIT_PROBLEMS = 2
NO_SPECS = "lessonpack: no lesson specs (.yaml or .yml files) found there"
NO_CONTENT = (
    "lessonpack: there is no content/ folder here to build. Name a lesson file or a folder of "
    "lessons (lessonpack build my-lesson.yaml), or start one with: lessonpack new my-lesson"
)


def _specs(arguments: argparse.Namespace) -> list[Path]:
    if not arguments.paths and not DEFAULT_CONTENT.is_dir():
        print(NO_CONTENT, file=sys.stderr)
        return []
    specs = find_specs(arguments.paths or [DEFAULT_CONTENT])
    if not specs:
        print(NO_SPECS, file=sys.stderr)
    return specs


def _command_name() -> str:
    """The command that ran lessonpack, as a hint the teacher can paste: the script's path
    (`.venv/bin/lessonpack`, or in full when it lies elsewhere), or Python running the package."""
    script = Path(sys.argv[0])
    if script.stem != "lessonpack":
        return f"{shlex.quote(sys.executable)} -m generator"
    return shlex.quote(shown(script))


def _folder_options(arguments: argparse.Namespace) -> tuple[BuildOptions, Path | None]:
    """What the lessons' folder's lessonpack.yaml says; raises SpecError with its problems."""
    from generator.folder_options import options_file, read_folder_options

    path = options_file(arguments.paths, DEFAULT_CONTENT)
    return read_folder_options(path, shown(path))


def _options(arguments: argparse.Namespace) -> tuple[BuildOptions, Path]:
    """The build's options and output folder: the command line's flags over the folder's
    lessonpack.yaml over the defaults. Raises SpecError with the file's problems."""
    from generator.folder_options import overridden

    force = getattr(arguments, "force", False)
    given = BuildOptions(arguments.paper, arguments.variants, arguments.zip, arguments.template, force)
    folder, output = _folder_options(arguments)
    return overridden(folder, given), arguments.output or output or DEFAULT_OUTPUT


def _variant_names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in get_args(Variant)]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"no variant called {', '.join(unknown)}: choose from {', '.join(get_args(Variant))}"
        )
    return names


def _template_file(text: str) -> Path:
    """A template named on the command line: any path the teacher types, if it is a usable deck."""
    from generator.deck.template import template_problem

    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no template file at {text}")
    problem = template_problem(path, text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return path


def _is_text(argument: str) -> bool:
    """Whether a command-line argument is text: a name made of bytes that are not UTF-8 reaches
    Python as stand-ins that no file can be written with."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _run_new(arguments: argparse.Namespace) -> int:
    from generator.starter import spec_path, write_starter

    for given in (arguments.name, arguments.subject or ""):
        if not _is_text(given):
            name = printable(given)
            print(f"lessonpack: {name} is not valid text (UTF-8): type the name again", file=sys.stderr)
            return EXIT_PROBLEMS
    try:
        written = write_starter(arguments.name, arguments.subject)
    except FileExistsError:
        path = shown(spec_path(arguments.name))
        print(f"lessonpack: {path} already exists: choose another name, or move it first", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"lessonpack: could not write {arguments.name}: {error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for written_path in written:
        print(f"wrote {shown(written_path)}")
    print(f"next: edit it, then run: {_command_name()} build {shlex.quote(shown(written[0]))}")
    return 0


def _run_build(arguments: argparse.Namespace) -> int:
    from generator.batch import build_lessons
    from generator.progress import reporting, summary

    specs = _specs(arguments)
    if not specs:
        return EXIT_PROBLEMS
    try:
        options, output = _options(arguments)
    except SpecError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    with reporting(len(specs)) as report:
        results = build_lessons(specs, output, options, report)
    print(summary(results))
    return EXIT_PROBLEMS if any(result.outcome is Outcome.FAILED for result in results) else 0


def _run_watch(arguments: argparse.Namespace) -> int:
    from generator.progress import print_result
    from generator.watch import watch_lessons, watched_folders

    if not _specs(arguments):
        return EXIT_PROBLEMS
    paths = arguments.paths or [DEFAULT_CONTENT]
    absent = [path for path in paths if not path.exists()]
    if absent:
        print(f"lessonpack: nothing at {', '.join(map(shown, absent))} to watch", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        options, output = _options(arguments)
    except SpecError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    folders = ", ".join(f"{shown(folder)}/" for folder in watched_folders(paths))
    print(f"watching {folders} for changes: save a lesson to rebuild it (Ctrl-C to stop)", flush=True)
    try:
        watch_lessons(paths, output, options, print_result)
    except KeyboardInterrupt:
        print("lessonpack: stopped watching")
    return 0


def _run_check(arguments: argparse.Namespace) -> int:
    """Report each spec's problems and warnings, as `build` would with the folder's options (the
    pack is laid out, not written), and the folder's options file's problems, and carry on with
    the rest."""
    from generator.build import check_lesson

    specs = _specs(arguments)
    if not specs:
        return EXIT_PROBLEMS
    failed = 0
    options = BuildOptions()
    try:
        options = _folder_options(arguments)[0]
    except SpecError as error:
        failed += 1
        print(error, file=sys.stderr)
    for spec in specs:
        try:
            warnings = check_lesson(spec, shown(spec), options)
        except SpecError as error:
            failed += 1
            print(error, file=sys.stderr)
            continue
        for warning in warnings:
            print(warning, file=sys.stderr)
        count = len(warnings)
        print(f"{shown(spec)}: ok" + (f" ({count} warning{'s' if count > 1 else ''})" if count else ""))
    if failed:
        print(f"lessonpack: {failed} of {len(specs)} lessons have problems", file=sys.stderr)
    return EXIT_PROBLEMS if failed else 0


def _run_serve(arguments: argparse.Namespace) -> int:
    from generator.serve.run import serve

    return serve(arguments.folder, arguments.output, arguments.port, not arguments.no_browser)


def _run_schema(arguments: argparse.Namespace) -> int:
    from generator.schema import schema_json

    print(schema_json())
    return 0


def _new_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("name", help="the new lesson's file name (.yaml is added if missing)")
    command.add_argument("--subject", help="the subject, such as History")


def _spec_paths(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", type=Path, help="spec files or folders (default: content/)")


def _output_arguments(command: argparse.ArgumentParser) -> None:
    _spec_paths(command)
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        help="output folder (default: as the folder's lessonpack.yaml says, else output/)",
    )
    command.add_argument(
        "--paper", choices=get_args(Paper), help="paper size for the PDFs (default: the spec's, or a4)"
    )
    command.add_argument(
        "--variants",
        type=_variant_names,
        default=(),
        metavar="NAMES",
        help=f"extra worksheets, comma separated: {', '.join(get_args(Variant))}",
    )
    command.add_argument(
        "--zip",
        action="store_true",
        help="also write <name>-pupils.zip (pupils' deck and worksheets, no answers) and "
        "<name>-teacher.zip (everything) in the pack",
    )
    command.add_argument(
        "--template",
        type=_template_file,
        metavar="FILE",
        help="build the slides on this PowerPoint template (default: the spec's slides.template)",
    )


def _build_arguments(command: argparse.ArgumentParser) -> None:
    _output_arguments(command)
    command.add_argument(
        "--force",
        action="store_true",
        help="rebuild every lesson, even those unchanged since their last build, and replace "
        "slides or sheets changed by hand since they were built",
    )


def _serve_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEFAULT_CONTENT,
        help="the lessons' folder (default: content/)",
    )
    command.add_argument("--port", type=int, default=0, help="the port to listen on (default: a free one)")
    command.add_argument("--no-browser", action="store_true", help="print the address, do not open it")
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="where Build puts the packs (default: output/)",
    )


def _no_arguments(command: argparse.ArgumentParser) -> None:
    """schema takes none."""


class _Command(NamedTuple):
    name: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None]
    summary: str
    description: str
    example: str


_COMMANDS = (
    _Command(
        "new",
        _run_new,
        _new_arguments,
        "start a new lesson from a template",
        "Write NAME.yaml, a starter lesson with a comment on every field that builds as it is, and "
        "lesson.schema.json beside it (if missing) so that editors can help as you type.",
        "lessonpack new water-cycle --subject Geography",
    ),
    _Command(
        "build",
        _run_build,
        _build_arguments,
        "build lesson packs",
        "Build each lesson's slides, worksheet and answer key, several lessons at once on every core. "
        "A lesson unchanged since its last build is skipped.",
        "lessonpack build content/ -o output --zip --variants large-print,dyslexia",
    ),
    _Command(
        "watch",
        _run_watch,
        _output_arguments,
        "rebuild lessons whenever they are saved",
        "Build the lessons, then rebuild each one whenever it (or a picture it shows) is saved, "
        "reporting problems as they appear. Ctrl-C stops.",
        "lessonpack watch content/water-cycle.yaml",
    ),
    _Command(
        "check",
        _run_check,
        _spec_paths,
        "check specs without building",
        "Report every problem in the specs, with file, line and column, without building anything.",
        "lessonpack check content/",
    ),
    _Command(
        "serve",
        _run_serve,
        _serve_arguments,
        "write lessons in the browser, with a live preview",
        "Open a page in the browser to write the folder's lessons, with the worksheet, the answer key "
        "and the slides redrawn as you type. Only this computer can reach it, with the secret address "
        "printed. Ctrl-C stops.",
        "lessonpack serve content/",
    ),
    _Command(
        "schema",
        _run_schema,
        _no_arguments,
        "print the spec's JSON Schema",
        "Print the JSON Schema of a lesson spec, for editors that check YAML as you type.",
        "lessonpack schema > lesson.schema.json",
    ),
)


class _ExampleKeptWhole(argparse.HelpFormatter):
    """Wraps descriptions as usual, but never the example command, which must paste as one line."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(EXAMPLE):
            return indent + text
        return super()._fill_text(text, width, indent)


EXAMPLE = "example: "


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lessonpack",
        description="Turn a YAML lesson spec into slides, a worksheet and an answer key.",
    )
    parser.add_argument("--version", action="version", version=f"lessonpack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for spec in _COMMANDS:
        command = commands.add_parser(
            spec.name,
            help=spec.summary,
            description=spec.description,
            epilog=EXAMPLE + spec.example,
            formatter_class=_ExampleKeptWhole,
        )
        command.set_defaults(run=spec.run)
        spec.arguments(command)
    return parser


EXIT_INTERRUPTED = 130
"""What shells report for a command stopped with Ctrl-C."""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        status: int = arguments.run(arguments)
    except KeyboardInterrupt:
        print("lessonpack: stopped before every lesson was built", file=sys.stderr)
        return EXIT_INTERRUPTED
    return status
