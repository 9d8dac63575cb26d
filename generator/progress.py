"""How a batch build reports: a progress bar for a person at a terminal, plain lines for logs and
scripts, and the same summary for both."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from generator.batch import Outcome, Result

Report = Callable[[Result], None]


def print_result(result: Result) -> None:
    """A problem goes to standard error, anything else to standard output."""
    failed = result.outcome is Outcome.FAILED
    if result.warnings:
        print(result.warnings, file=sys.stderr, flush=True)
    print(result.message, file=sys.stderr if failed else sys.stdout, flush=True)


@contextmanager
def _progress_bar(total: int) -> Iterator[Report]:
    """A rich progress bar on standard error; each result is printed above it as plain text
    (rich.text.Text, so square brackets in a lesson's title are never read as markup)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    console = Console(stderr=True, highlight=False)
    columns = (TextColumn("building lessons"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("build", total=total)

        def report(result: Result) -> None:
            style = "red" if result.outcome is Outcome.FAILED else ""
            if result.warnings:
                progress.console.print(Text(result.warnings), soft_wrap=True)
            progress.console.print(Text(result.message, style=style), soft_wrap=True)
            progress.advance(task)

        yield report


@contextmanager
def reporting(total: int) -> Iterator[Report]:
    """The bar when there is more than one lesson and a person is watching; plain lines otherwise."""
    if total > 1 and sys.stderr.isatty():
        with _progress_bar(total) as report:
            yield report
    else:
        yield print_result


def summary(results: Sequence[Result]) -> str:
    """One line: how many lessons were built, skipped as unchanged, and failed."""
    counts = Counter(result.outcome for result in results)
    return (
        f"lessonpack: {counts[Outcome.BUILT]} built, {counts[Outcome.SKIPPED]} skipped (unchanged), "
        f"{counts[Outcome.FAILED]} failed"
    )
