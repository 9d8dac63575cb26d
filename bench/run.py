"""Benchmarks: median wall time and peak memory of builds, written to docs/performance.md.

Cold figures are fresh processes (`python -m generator build ...`), so they include start-up and
imports as a teacher's command line would. Warm figures build again inside one process
(bench/inprocess.py), the path watch mode and batch workers take. Each figure sits beside its
goal from issue 5 (on a 2-core machine), marked met or not met.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "content" / "stalin-rise-to-power.yaml"
REPORT = ROOT / "docs" / "performance.md"
RUNS = 3
WARM_RUNS = 5
UNIT_LESSONS = 100
LONG_ANSWERS = (10_000, 100_000)
MANY_PARTS = (2_000, 20_000)
MEMORY_GOAL_MB = 150.0
IMPORTS = (
    "import resource, sys, pptx, reportlab.platypus, pydantic, jinja2, yaml;"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)
PEAK_MEMORY = (
    "import resource, runpy, sys; sys.argv = ['lessonpack'] + sys.argv[1:];"
    "code = 0\n"
    "try: runpy.run_module('generator', run_name='__main__')\n"
    "except SystemExit as stop: code = stop.code\n"
    "peak = max(resource.getrusage(who).ru_maxrss"
    " for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(peak, file=sys.stderr); sys.exit(code)"
)
"""Runs the command line and reports the peak memory of the largest process it used (itself or
one of its workers)."""


@dataclass(frozen=True)
class Timing:
    seconds: float
    """Median wall time."""
    cpu: float
    """Median processor time (user and system) of the same runs: not stretched by waiting for a
    core while other work runs on a shared machine."""
    memory: float
    """Peak resident memory in MB."""


@dataclass(frozen=True)
class Figure:
    what: str
    timing: Timing
    goal: str = ""
    met: bool | None = None

    @property
    def seconds(self) -> float:
        return self.timing.seconds

    def row(self) -> str:
        verdict = "" if self.met is None else ("met" if self.met else "**not met**")
        timing = self.timing
        return (
            f"| {self.what} | {timing.seconds:.3f} | {timing.cpu:.3f} | {timing.memory:.0f} "
            f"| {self.goal} | {verdict} |"
        )


INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The environment the timed commands run in: Python's compiled-module cache allowed, as it is for
an installed lessonpack (pip compiles it), so a cold build is not timed compiling the generator
from source where the shell happens to forbid the cache. The libraries in the floor are compiled
already either way."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], runs: int = RUNS) -> Timing:
    """Median wall and processor seconds over `runs`, and the peak memory of the last run."""
    seconds = []
    cpu = []
    peak = 0.0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=INSTALLED)
        seconds.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - started_cpu)
        last = done.stderr.strip().splitlines()[-1:] if done.stderr.strip() else []
        peak = int(last[0]) / 1024 if last and last[0].isdigit() else 0.0
    return Timing(statistics.median(seconds), statistics.median(cpu), peak)


def in_process(what: str, spec: Path) -> Timing:
    """Median seconds of building again inside one process, and that process's peak memory."""
    command = [sys.executable, str(ROOT / "bench" / "inprocess.py"), what, str(spec), str(WARM_RUNS)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=INSTALLED)
    seconds, cpu, memory = (float(value) for value in done.stdout.split())
    return Timing(seconds, cpu, memory)


def build_command(*arguments: str | Path) -> list[str]:
    return [sys.executable, "-c", PEAK_MEMORY, "build", *map(str, arguments)]


def questions_spec(folder: Path, count: int) -> Path:
    questions = [
        {"prompt": f"Question {index}: why?", "answer": f"Because of reason {index}.", "marks": 2}
        for index in range(count)
    ]
    path = folder / f"questions-{count}.yaml"
    lesson = {"title": "Scale", "parts": [{"type": "questions", "questions": questions}]}
    path.write_text(yaml.safe_dump(lesson), encoding="utf-8")
    return path


ANSWER_WORDS = (
    "Stalin",
    "used",
    "his",
    "post",
    "as",
    "General",
    "Secretary",
    "to",
    "appoint",
    "loyal",
    "men",
)


def long_answer_spec(folder: Path, characters: int) -> Path:
    """One question whose model answer is a single paragraph of `characters` characters: on the
    answers slides (cut over as many as it fills), in the speaker notes and over pages of the key."""
    words = (ANSWER_WORDS[index % len(ANSWER_WORDS)] for index in range(characters))
    answer = " ".join(words)[:characters]
    lesson = {
        "title": "Scale",
        "parts": [{"type": "questions", "questions": [{"prompt": "Why?", "answer": answer}]}],
    }
    path = folder / f"answer-{characters}.yaml"
    path.write_text(yaml.safe_dump(lesson, width=1 << 30), encoding="utf-8")
    return path


def many_parts_spec(folder: Path, count: int) -> Path:
    """A lesson of `count` parts, each a slide with a title and one bullet."""
    parts = [
        {"type": "slide", "title": f"Slide {index}", "bullets": [f"Point {index}"]} for index in range(count)
    ]
    path = folder / f"parts-{count}.yaml"
    path.write_text(yaml.safe_dump({"title": "Scale", "parts": parts}), encoding="utf-8")
    return path


def unit_folder(folder: Path) -> Path:
    """A unit of lessons: the reference lesson under a hundred titles, each its own spec file."""
    unit = folder / "unit"
    unit.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for number in range(1, UNIT_LESSONS + 1):
        (unit / f"lesson-{number:03}.yaml").write_text(f"# Lesson {number} of the unit\n{text}", "utf-8")
    return unit


def within(timing: Timing, seconds: float) -> bool:
    return timing.seconds <= seconds and timing.memory <= MEMORY_GOAL_MB


def measure(folder: Path) -> list[Figure]:
    floor = timed([sys.executable, "-c", IMPORTS])
    cold = timed(build_command(REFERENCE, "-o", folder / "out", "--force"))
    memory = f"≤ {MEMORY_GOAL_MB:.0f} MB"
    figures = [
        Figure("Importing the rendering libraries (the floor)", floor),
        Figure(
            "Reference pack, cold command-line build",
            cold,
            f"≤ 2× the floor ({2 * floor.seconds:.2f} s), {memory}",
            within(cold, 2 * floor.seconds),
        ),
    ]
    for what in ("slides", "worksheet", "answers"):
        figures.append(Figure(f"Reference {what} alone, warm, in-process", in_process(what, REFERENCE)))
    warm = in_process("pack", REFERENCE)
    figures.append(Figure("Reference pack, warm, in-process", warm, f"≤ 0.1 s, {memory}", within(warm, 0.1)))
    unit = unit_folder(folder)
    shutil.rmtree(folder / "out", ignore_errors=True)
    unit_cold = timed(build_command(unit, "-o", folder / "out"), runs=1)
    figures.append(
        Figure(
            f"Unit of {UNIT_LESSONS} lessons, cold command-line build",
            unit_cold,
            f"≤ 10 s, {memory} a process",
            within(unit_cold, 10),
        )
    )
    rebuild = timed(build_command(unit, "-o", folder / "out"), runs=1)
    figures.append(
        Figure(
            f"Unit of {UNIT_LESSONS} lessons, rebuilt with no change", rebuild, "≤ 1 s", within(rebuild, 1)
        )
    )
    for count in (500, 5000):
        runs = RUNS if count <= 500 else 1
        spec = questions_spec(folder, count)
        timing = timed(build_command(spec, "-o", folder / "out", "--force"), runs)
        figures.append(
            Figure(
                f"{count:,} questions in one spec, cold build",
                timing,
                memory,
                timing.memory <= MEMORY_GOAL_MB,
            )
        )
    for characters in LONG_ANSWERS:
        spec = long_answer_spec(folder, characters)
        timing = timed(build_command(spec, "-o", folder / "out", "--force"), 1)
        figures.append(
            Figure(
                f"One answer of {characters:,} characters, cold build",
                timing,
                memory,
                timing.memory <= MEMORY_GOAL_MB,
            )
        )
    for count in MANY_PARTS:
        spec = many_parts_spec(folder, count)
        timing = timed(build_command(spec, "-o", folder / "out", "--force"), 1)
        figures.append(
            Figure(
                f"{count:,} one-bullet slides, cold build", timing, memory, timing.memory <= MEMORY_GOAL_MB
            )
        )
    return figures


def growth(figures: list[Figure], small: str, large: str) -> str:
    """How many times as long the larger build took (wall and processor time)."""
    first, second = (
        next(figure for figure in figures if figure.what.startswith(what)) for what in (small, large)
    )
    return (
        f"{second.seconds / first.seconds:.1f} times as long "
        f"({second.timing.cpu / first.timing.cpu:.1f} times the processor time)"
    )


SERVE_GOAL = 0.3
"""Seconds from a keystroke (once typing pauses) to the preview redrawn: issue 15."""
SERVE_MEMORY_GROWTH_MB = 5.0
"""The most the server may grow from its 100th preview to its 200th: its previews are bounded."""


def serve_figures() -> tuple[list[Figure], str]:
    """`lessonpack serve`'s keystroke-to-preview rows (bench/serve.py) and a line on its memory."""
    command = [sys.executable, str(ROOT / "bench" / "serve.py")]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=INSTALLED)
    measured = json.loads(done.stdout)
    after = measured["memory_after"]
    in_view = Timing(*measured["in_view"], after)
    every = Timing(*measured["every_document"], after)
    rise = after - measured["memory_halfway"]
    rows = [
        Figure(
            "`serve`: keystroke to preview, warm, reference worksheet in view (CPU: the server's)",
            in_view,
            f"≤ {SERVE_GOAL} s",
            in_view.seconds <= SERVE_GOAL,
        ),
        Figure("`serve`: keystroke to preview of all three documents, warm", every),
    ]
    bounded = after <= MEMORY_GOAL_MB and rise <= SERVE_MEMORY_GROWTH_MB
    line = (
        f"`lessonpack serve`'s resident memory: {measured['memory_started']:.0f} MB once started, "
        f"{measured['memory_halfway']:.0f} MB after 100 previews, {after:.0f} MB after 200 "
        f"(bound: ≤ {MEMORY_GOAL_MB:.0f} MB, and ≤ {SERVE_MEMORY_GROWTH_MB:.0f} MB more from the 100th to "
        f"the 200th: {'met' if bounded else '**not met**'})."
    )
    return rows, line


def main() -> None:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        figures = measure(Path(scratch))
    serve_rows, serve_memory = serve_figures()
    figures.extend(serve_rows)
    floor = figures[0].seconds
    small, large = (next(f for f in figures if f.what.startswith(f"{n} questions")) for n in ("500", "5,000"))
    lines = [
        "# Performance",
        "",
        "The figures are written by `make bench` (bench/run.py); the notes after them are written by "
        "hand and kept. Cold figures: median wall time "
        f"of {RUNS} fresh processes (1 for the unit and the largest spec), their processor time (user "
        "and system) and peak resident memory. "
        f"Warm figures: median of {WARM_RUNS} builds repeated inside one process after a first, "
        "untimed build (bench/inprocess.py); each output alone includes reading, checking and "
        "planning the lesson.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {load:.1f} as the run began, then {os.getloadavg()[0]:.1f} at its end (other work "
        "sharing the cores stretches wall times; processor times stretch less).",
        "",
        "| what | seconds | CPU seconds | peak memory (MB) | goal | |",
        "|---|---:|---:|---:|---|---|",
        *(figure.row() for figure in figures),
        "",
        f"The cold reference build takes {figures[1].seconds / floor:.1f} times the import floor "
        f"({figures[1].timing.cpu / figures[0].timing.cpu:.1f} times in processor time). "
        "Ten times the questions took "
        f"{large.seconds / small.seconds:.1f} times as long "
        "(linear would be 10). "
        "Ten times the answer's length took "
        f"{growth(figures, 'One answer of 10,000', 'One answer of 100,000')}, and ten times the slides "
        f"{growth(figures, '2,000 one-bullet', '20,000 one-bullet')}: "
        "each includes the same start-up, so linear work gives a little under 10.",
        "",
        serve_memory,
        "",
    ]
    report = "\n".join(lines)
    notes = REPORT.read_text(encoding="utf-8").split(NOTES_HEADING, 1) if REPORT.exists() else []
    if len(notes) == 2:
        report += f"\n{NOTES_HEADING}{notes[1]}"
    REPORT.write_text(report, encoding="utf-8")
    print(report)


NOTES_HEADING = "## Profile and what was done about it"
"""The hand-written section below the figures; `make bench` keeps it and rewrites the rest."""


if __name__ == "__main__":
    main()
