"""`lessonpack watch`: rebuild lessons each time one is saved, reporting problems and carrying on.

Every round rebuilds only what changed: the manifests skip the rest, so a folder of twenty
lessons costs one build per save. Builds run in this process, which keeps the renderers loaded
between saves.

Only what lessons are built from starts a round: specs, pictures and slide templates. The packs
(even when the output folder is the lessons' own), lessonpack's working folder, a log the
teacher sends the output to, and every other file never do, so a failing lesson is reported once
per save, not in a loop. A watched folder that is deleted and made again (as sync clients do) is
watched again once it is back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from threading import Event

from watchfiles import Change, DefaultFilter, watch

from generator.batch import SPEC_SUFFIXES, Outcome, Result, build_lessons, find_specs, shown
from generator.manifest import has_manifest
from generator.options import BuildOptions
from generator.pack_folder import WORK_FOLDER

WATCH_DEBOUNCE_MS = 1600
"""How long a burst of saves (an editor writing a file in several steps) is gathered into one."""
CHECK_MS = 1000
"""How often the watched folders are checked for having been replaced, when nothing changes."""
INPUT_SUFFIXES = frozenset({*SPEC_SUFFIXES, ".png", ".jpg", ".jpeg", ".pptx", ".potx", ".pptm", ".potm"})


class _LessonFilter(DefaultFilter):
    """Lets through the changes that can alter a pack, and those to the watched folders themselves."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__()
        self._roots = set(roots)

    def __call__(self, change: Change, path: str) -> bool:
        changed = Path(path)
        if changed in self._roots:
            return True
        return (
            super().__call__(change, path)
            and changed.suffix.lower() in INPUT_SUFFIXES
            and not _is_output(changed)
        )


def _is_output(path: Path) -> bool:
    """Inside lessonpack's working folder or a pack folder (one that holds a manifest)."""
    return WORK_FOLDER in path.parts or any(has_manifest(folder) for folder in path.parents)


def watched_folders(paths: Sequence[Path]) -> list[Path]:
    """The folders to watch: a spec's own folder (editors save by replacing the file, and its
    pictures lie there too), or the folder named."""
    folders = {(path.parent if path.suffix in SPEC_SUFFIXES else path).resolve() for path in paths}
    return sorted(folders)


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        found = folder.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _wait_for(folders: Sequence[Path], stop: Event) -> bool:
    """Wait until every folder exists; False if told to stop first."""
    while not all(folder.is_dir() for folder in folders):
        if stop.wait(CHECK_MS / 1000):
            return False
    return not stop.is_set()


def watch_lessons(
    paths: Sequence[Path],
    output: Path,
    options: BuildOptions,
    report: Callable[[Result], None],
    stop: Event | None = None,
    debounce_ms: int = WATCH_DEBOUNCE_MS,
) -> None:
    """Build the lessons once, then again after every change until `stop` is set (or Ctrl-C).
    After the first round, lessons skipped as unchanged are not reported, except one that failed
    last time: its error is still on the teacher's screen, so they are told it is mended."""
    failing: set[Path] = set()

    def remembered(result: Result) -> None:
        if result.outcome is Outcome.FAILED:
            failing.add(result.spec)
        else:
            failing.discard(result.spec)

    def every_result(result: Result) -> None:
        report(result)
        remembered(result)

    def changed_only(result: Result) -> None:
        if result.outcome is Outcome.SKIPPED and result.spec in failing:
            report(replace(result, message=f"{shown(result.spec)}: fixed; {result.message}"))
        elif result.outcome is not Outcome.SKIPPED:
            report(result)
        remembered(result)

    def build_round(on_result: Callable[[Result], None]) -> None:
        present = [path for path in paths if path.exists()]
        build_lessons(find_specs(present), output, options, on_result, parallel=False)

    stop = stop or Event()
    folders = watched_folders(paths)
    build_round(every_result)
    while _wait_for(folders, stop):
        identities = [_identity(folder) for folder in folders]
        for changes in watch(
            *folders,
            watch_filter=_LessonFilter(folders),
            debounce=debounce_ms,
            stop_event=stop,
            yield_on_timeout=True,
            rust_timeout=CHECK_MS,
        ):
            replaced = any(Path(path) in folders for _, path in changes)
            if replaced or [_identity(folder) for folder in folders] != identities:
                break
            if changes:
                build_round(changed_only)
        else:
            return
        if _wait_for(folders, stop):
            build_round(changed_only)
