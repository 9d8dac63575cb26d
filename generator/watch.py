"""`lessonpack watch`: rebuild lessons each time one is saved, reporting problems and carrying on.

Every round rebuilds only what changed: the manifests skip the rest, so a folder of twenty
lessons costs one build per save. Builds run in this process, which keeps the renderers loaded
between saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from threading import Event

from watchfiles import Change, DefaultFilter, watch

from generator.batch import Outcome, Result, build_lessons, find_specs
from generator.options import BuildOptions

WATCH_DEBOUNCE_MS = 1600
"""How long a burst of saves (an editor writing a file in several steps) is gathered into one."""


class _LessonFilter(DefaultFilter):
    """Editors' temporary files, caches and the output folder never start a rebuild (the builds
    themselves write there)."""

    def __init__(self, output: Path) -> None:
        super().__init__()
        self._output = output.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        return super().__call__(change, path) and not Path(path).is_relative_to(self._output)


def watched_folders(paths: Sequence[Path]) -> list[Path]:
    """The folders to watch: a spec's own folder (editors save by replacing the file, and its
    pictures lie there too), or the folder named."""
    folders = {(path if path.is_dir() else path.parent).resolve() for path in paths}
    return sorted(folders)


def watch_lessons(
    paths: Sequence[Path],
    output: Path,
    options: BuildOptions,
    report: Callable[[Result], None],
    stop: Event | None = None,
    debounce_ms: int = WATCH_DEBOUNCE_MS,
) -> None:
    """Build the lessons once, then again after every change until `stop` is set (or Ctrl-C).
    After the first round, lessons skipped as unchanged are not reported."""

    def changed_only(result: Result) -> None:
        if result.outcome is not Outcome.SKIPPED:
            report(result)

    build_lessons(find_specs(paths), output, options, report, parallel=False)
    for _ in watch(
        *watched_folders(paths),
        watch_filter=_LessonFilter(output),
        debounce=debounce_ms,
        stop_event=stop,
    ):
        build_lessons(find_specs(paths), output, options, changed_only, parallel=False)
