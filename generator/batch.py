"""Builds many lessons at once: skips those whose packs are up to date, builds the rest in
parallel on every core, and reports each lesson as it finishes. One failing lesson never stops
the others.

Whether a pack is up to date is decided here, in the calling process, from the manifests alone:
a rebuild of an unchanged unit then starts no worker and loads no renderer.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from generator import __version__
from generator.errors import SpecError, printable
from generator.manifest import is_up_to_date
from generator.options import BuildOptions
from generator.outputs import pack_files, pack_name
from generator.pack_folder import WORK_FOLDER, has_leftovers
from generator.source import check_spec_file

SPEC_SUFFIXES = (".yaml", ".yml")
BUG = (
    f"this is a bug in lessonpack {__version__}, not a mistake in the lesson: please report it, with "
    "this message and the lesson file (and any pictures or template it names)"
)
"""What the catch-all adds: the teacher can do nothing but report it."""
STOPPING = "lessonpack: stopping once the lessons being built now are finished"


OPTIONS_FILE = "lessonpack.yaml"
"""A folder's options (generator.folder_options), not a lesson."""


def find_specs(paths: Sequence[Path]) -> list[Path]:
    """Every spec named, or found in the folders named (recursively), in a stable order, each once.
    lessonpack's own working folders are no place for specs: a build may be copying one there."""
    specs: list[Path] = []
    for path in paths:
        if path.is_dir():
            specs.extend(sorted(found for found in path.rglob("*") if _is_spec(found, path)))
        else:
            specs.append(path)
    unique: dict[Path, Path] = {}
    for spec in specs:
        unique.setdefault(spec.resolve(), spec)
    return list(unique.values())


def _is_spec(path: Path, folder: Path) -> bool:
    return (
        path.suffix in SPEC_SUFFIXES
        and path.name != OPTIONS_FILE
        and WORK_FOLDER not in path.relative_to(folder).parts
        and path.is_file()
    )


class Outcome(Enum):
    BUILT = "built"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    spec: Path
    outcome: Outcome
    message: str
    """What to tell the teacher: the files written, or every located problem."""
    warnings: str = ""
    """Located warnings about a pack that was built, one a line."""


@dataclass(frozen=True)
class Job:
    """One lesson to build; sent to a worker process, so plain data only."""

    spec: Path
    output: Path
    shown: str
    """The spec's path as the teacher sees it, for messages."""
    options: BuildOptions


def shown(path: Path) -> str:
    """The path as the teacher typed it or relative to where they are, for messages."""
    try:
        return printable(str(path.resolve().relative_to(Path.cwd())))
    except (ValueError, OSError):
        return printable(str(path))


def build_one(job: Job) -> Result:
    """Build one pack and describe the outcome; never raises for a problem with the lesson."""
    from generator.build import build_pack

    try:
        files = build_pack(job.spec, job.output, job.shown, job.options)
    except SpecError as error:
        return Result(job.spec, Outcome.FAILED, str(error))
    except OSError as error:
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        return Result(job.spec, Outcome.FAILED, f"{job.shown}: could not write the pack: {reason}{where}")
    except Exception as error:
        # A fault in lessonpack itself: say so plainly, and let the other lessons build.
        message = f"{job.shown}: lessonpack failed on this lesson ({type(error).__name__}: {error}): {BUG}"
        return Result(job.spec, Outcome.FAILED, printable(message))
    names = ", ".join(path.name for path in files.outputs)
    kept = f" (kept, not lessonpack's: {', '.join(files.kept)})" if files.kept else ""
    warnings = "\n".join(map(str, files.warnings))
    return Result(job.spec, Outcome.BUILT, f"built {shown(files.folder)}/: {names}{kept}", warnings)


def _warm_up() -> None:
    """Import the renderers once per worker, before its first lesson. Ctrl-C is left to the
    main process, which lets the lessons in hand finish (each pack is written atomically anyway)
    and cancels the rest, so the teacher sees no worker's traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import generator.build
    import generator.deck.writer
    import generator.sheet.writer  # noqa: F401


@contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """Worker processes started in here begin with Ctrl-C ignored, so one pressed while they
    are still starting up prints no error from them either (on POSIX systems, where children
    inherit it; _warm_up covers the rest)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def cores() -> int:
    """The cores this process may run on: one worker each."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _in_parallel(jobs: Sequence[Job], report: Callable[[Result], None]) -> None:
    """Each job in a pool of worker processes. Spawned, not forked: the progress display runs
    a thread, and spawning works the same on Windows and macOS."""
    context = multiprocessing.get_context("spawn")
    workers = min(cores(), len(jobs))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_up) as pool:
        with _ctrl_c_ignored():
            futures: dict[Future[Result], Job] = {pool.submit(build_one, job): job for job in jobs}
        try:
            for future in as_completed(futures):
                try:
                    report(future.result())
                except Exception as error:
                    job = futures[future]
                    message = f"{job.shown}: lessonpack failed on this lesson ({type(error).__name__}): {BUG}"
                    report(Result(job.spec, Outcome.FAILED, message))
        except KeyboardInterrupt:
            print(STOPPING, file=sys.stderr, flush=True)
            raise
        finally:
            pool.shutdown(cancel_futures=True)


def _is_current(folder: Path, spec: Path, options: BuildOptions) -> bool:
    """Whether the pack can be skipped: up to date, and with nothing of a killed build to clear.
    A folder that cannot be read is not: the build then says what is wrong with it."""
    expected = (path.name for path in pack_files(folder, folder.name).documents)
    try:
        check_spec_file(spec)
    except SpecError:
        return False  # not a file, or too big to hash: the build says so without reading it
    try:
        return not has_leftovers(folder) and is_up_to_date(folder, spec, options.fingerprint, expected)
    except OSError:
        return False


def build_lessons(
    specs: Sequence[Path],
    output: Path,
    options: BuildOptions,
    report: Callable[[Result], None],
    parallel: bool = True,
) -> list[Result]:
    """Build every spec's pack into `output`, calling `report` as each one is done; a single
    lesson to build (or parallel=False, as watch mode asks) builds in this process. Two specs
    whose packs would share a folder are a problem, names that differ only in case included: on
    Windows and macOS they are one folder."""
    results: list[Result] = []

    def record(result: Result) -> None:
        results.append(result)
        report(result)

    jobs: list[Job] = []
    claimed: dict[str, Path] = {}
    for spec in specs:
        name = pack_name(spec)
        folder = output / name
        if name.casefold() in claimed:
            other = claimed[name.casefold()]
            clash = f"{shown(spec)}: builds into {shown(folder)}/ like {shown(other)}: rename one"
            record(Result(spec, Outcome.FAILED, clash))
            continue
        claimed[name.casefold()] = spec
        if not options.force and _is_current(folder, spec, options):
            record(Result(spec, Outcome.SKIPPED, f"skipped {shown(folder)}/: unchanged since it was built"))
        else:
            jobs.append(Job(spec, output, shown(spec), options))
    if parallel and len(jobs) > 1:
        _in_parallel(jobs, record)
    else:
        for job in jobs:
            record(build_one(job))
    return results
