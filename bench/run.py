"""Benchmarks: median wall time and peak memory of builds, written to docs/performance.md.

Cold figures are fresh processes (`python -m generator build ...`), so they include start-up and
imports as a teacher's command line would. Warm figures build again inside one process
(bench/inprocess.py), the path watch mode and batch workers take. Each figure sits beside its
goal from issue 5 (on a 2-core machine), marked met or not met.
"""

from __future__ import annotations

import os
import platform
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
class Figure:
    what: str
    seconds: float
    memory: float
    goal: str = ""
    met: bool | None = None

    def row(self) -> str:
        verdict = "" if self.met is None else ("met" if self.met else "**not met**")
        return f"| {self.what} | {self.seconds:.3f} | {self.memory:.0f} | {self.goal} | {verdict} |"


def timed(command: list[str], runs: int = RUNS) -> tuple[float, float]:
    """Median seconds over `runs`, and the peak resident memory in MB of the last run."""
    seconds = []
    peak = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        seconds.append(time.perf_counter() - started)
        last = done.stderr.strip().splitlines()[-1:] if done.stderr.strip() else []
        peak = int(last[0]) / 1024 if last and last[0].isdigit() else 0.0
    return statistics.median(seconds), peak


def in_process(what: str, spec: Path) -> tuple[float, float]:
    """Median seconds of building again inside one process, and that process's peak memory."""
    command = [sys.executable, str(ROOT / "bench" / "inprocess.py"), what, str(spec), str(WARM_RUNS)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, memory = done.stdout.split()
    return float(seconds), float(memory)


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


def unit_folder(folder: Path) -> Path:
    """A unit of lessons: the reference lesson under a hundred titles, each its own spec file."""
    unit = folder / "unit"
    unit.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for number in range(1, UNIT_LESSONS + 1):
        (unit / f"lesson-{number:03}.yaml").write_text(f"# Lesson {number} of the unit\n{text}", "utf-8")
    return unit


def memory_goal(memory: float) -> bool:
    return memory <= MEMORY_GOAL_MB


def measure(folder: Path) -> list[Figure]:
    floor, floor_memory = timed([sys.executable, "-c", IMPORTS])
    cold, cold_memory = timed(build_command(REFERENCE, "-o", folder / "out"))
    figures = [
        Figure("Importing the rendering libraries (the floor)", floor, floor_memory),
        Figure(
            "Reference pack, cold command-line build",
            cold,
            cold_memory,
            f"≤ 2× the floor ({2 * floor:.2f} s), ≤ {MEMORY_GOAL_MB:.0f} MB",
            cold <= 2 * floor and memory_goal(cold_memory),
        ),
    ]
    for what in ("slides", "worksheet", "answers"):
        seconds, memory = in_process(what, REFERENCE)
        figures.append(Figure(f"Reference {what} alone, warm, in-process", seconds, memory))
    warm, warm_memory = in_process("pack", REFERENCE)
    figures.append(
        Figure(
            "Reference pack, warm, in-process",
            warm,
            warm_memory,
            f"≤ 0.1 s, ≤ {MEMORY_GOAL_MB:.0f} MB",
            warm <= 0.1 and memory_goal(warm_memory),
        )
    )
    unit = unit_folder(folder)
    shutil.rmtree(folder / "out", ignore_errors=True)
    unit_cold, unit_memory = timed(build_command(unit, "-o", folder / "out"), runs=1)
    figures.append(
        Figure(
            f"Unit of {UNIT_LESSONS} lessons, cold command-line build",
            unit_cold,
            unit_memory,
            f"≤ 10 s, ≤ {MEMORY_GOAL_MB:.0f} MB a process",
            unit_cold <= 10 and memory_goal(unit_memory),
        )
    )
    rebuild, rebuild_memory = timed(build_command(unit, "-o", folder / "out"), runs=1)
    figures.append(
        Figure(
            f"Unit of {UNIT_LESSONS} lessons, rebuilt with no change",
            rebuild,
            rebuild_memory,
            "≤ 1 s",
            rebuild <= 1,
        )
    )
    for count in (500, 5000):
        runs = RUNS if count <= 500 else 1
        spent, memory = timed(build_command(questions_spec(folder, count), "-o", folder / "out"), runs)
        figures.append(Figure(f"{count:,} questions in one spec, cold build", spent, memory))
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        figures = measure(Path(scratch))
    floor = figures[0].seconds
    small, large = (next(f for f in figures if f.what.startswith(f"{n} questions")) for n in ("500", "5,000"))
    lines = [
        "# Performance",
        "",
        "The figures are written by `make bench` (bench/run.py); the notes after them are written by "
        "hand and kept. Cold figures: median wall time "
        f"of {RUNS} fresh processes (1 for the unit and the largest spec), with peak resident memory. "
        f"Warm figures: median of {WARM_RUNS} builds repeated inside one process after a first, "
        "untimed build (bench/inprocess.py); each output alone includes reading, checking and "
        "planning the lesson.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| what | seconds | peak memory (MB) | goal | |",
        "|---|---:|---:|---|---|",
        *(figure.row() for figure in figures),
        "",
        f"The cold reference build takes {figures[1].seconds / floor:.1f} times the import floor. "
        "Ten times the questions took "
        f"{large.seconds / small.seconds:.1f} times as long "
        "(linear would be 10).",
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
