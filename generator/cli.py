"""The `lessonpack` command: build, check and schema, with located errors and no tracebacks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple, get_args

from generator import __version__
from generator.choices import Paper, Variant
from generator.errors import SpecError

DEFAULT_CONTENT = Path("content")
DEFAULT_OUTPUT = Path("output")
SPEC_SUFFIXES = (".yaml", ".yml")
EXIT_PROBLEMS = 2
NO_SPECS = "lessonpack: no lesson specs (.yaml or .yml files) found there"


def find_specs(paths: Sequence[Path]) -> list[Path]:
    """Every spec named, or found in the folders named (recursively), in a stable order."""
    specs: list[Path] = []
    for path in paths:
        if path.is_dir():
            specs.extend(sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file()))
        else:
            specs.append(path)
    return specs


def _shown(path: Path) -> str:
    """The path as the teacher typed it or relative to where they are, for error messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def _each_spec(arguments: argparse.Namespace, action: Callable[[Path], str]) -> int:
    """Run `action` on every spec named; report each one's problems and carry on with the rest."""
    specs = find_specs(arguments.paths or [DEFAULT_CONTENT])
    if not specs:
        print(NO_SPECS, file=sys.stderr)
        return EXIT_PROBLEMS
    failed = 0
    for spec in specs:
        try:
            print(action(spec))
        except SpecError as error:
            failed += 1
            print(error, file=sys.stderr)
    if failed:
        print(f"lessonpack: {failed} of {len(specs)} lessons have problems", file=sys.stderr)
    return EXIT_PROBLEMS if failed else 0


def _variant_names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in get_args(Variant)]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"no variant called {', '.join(unknown)}: choose from {', '.join(get_args(Variant))}"
        )
    return names


def _run_build(arguments: argparse.Namespace) -> int:
    from generator.build import BuildOptions, build_pack

    options = BuildOptions(arguments.paper, arguments.variants)

    def build(spec: Path) -> str:
        files = build_pack(spec, arguments.output, _shown(spec), options)
        names = ", ".join(
            path.name for path in (files.slides, files.worksheet, files.answers, *files.variants.values())
        )
        return f"built {_shown(files.folder)}/: {names}"

    return _each_spec(arguments, build)


def _run_check(arguments: argparse.Namespace) -> int:
    from generator.build import load_lesson

    def check(spec: Path) -> str:
        load_lesson(spec, _shown(spec))
        return f"{_shown(spec)}: ok"

    return _each_spec(arguments, check)


def _run_schema(arguments: argparse.Namespace) -> int:
    from generator.schema import schema_json

    print(schema_json())
    return 0


class _Command(NamedTuple):
    name: str
    run: Callable[[argparse.Namespace], int]
    summary: str
    description: str
    example: str


_COMMANDS = (
    _Command(
        "build",
        _run_build,
        "build lesson packs",
        "Build each lesson's slides, worksheet and answer key.",
        "lessonpack build content/stalin-rise-to-power.yaml -o output --variants large-print,dyslexia",
    ),
    _Command(
        "check",
        _run_check,
        "check specs without building",
        "Report every problem in the specs, with file, line and column, without building anything.",
        "lessonpack check content/",
    ),
    _Command(
        "schema",
        _run_schema,
        "print the spec's JSON Schema",
        "Print the JSON Schema of a lesson spec, for editors that check YAML as you type.",
        "lessonpack schema > lesson.schema.json",
    ),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lessonpack",
        description="Turn a YAML lesson spec into slides, a worksheet and an answer key.",
    )
    parser.add_argument("--version", action="version", version=f"lessonpack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for spec in _COMMANDS:
        command = commands.add_parser(
            spec.name, help=spec.summary, description=spec.description, epilog=f"example: {spec.example}"
        )
        command.set_defaults(run=spec.run)
        if spec.name != "schema":
            command.add_argument(
                "paths", nargs="*", type=Path, help="spec files or folders (default: content/)"
            )
        if spec.name == "build":
            command.add_argument(
                "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: output/)"
            )
            command.add_argument(
                "--paper",
                choices=get_args(Paper),
                help="paper size for the PDFs (default: the spec's, or a4)",
            )
            command.add_argument(
                "--variants",
                type=_variant_names,
                default=(),
                metavar="NAMES",
                help=f"extra worksheets, comma separated: {', '.join(get_args(Variant))}",
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    status: int = arguments.run(arguments)
    return status
