"""Benchmarks: median wall time and peak memory of whole builds, written to docs/performance.md.

Each figure is a fresh process (`python -m generator build ...` or a small script), so it
includes start-up and imports as a teacher's command line would; repeated runs give a median.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "content" / "stalin-rise-to-power.yaml"
REPORT = ROOT / "docs" / "performance.md"
RUNS = 3
IMPORTS = (
    "import resource, sys, pptx, reportlab.platypus, pydantic, jinja2, yaml;"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)
PEAK_MEMORY = (
    "import resource, runpy, sys; sys.argv = ['lessonpack'] + sys.argv[1:];"
    "code = 0\n"
    "try: runpy.run_module('generator', run_name='__main__')\n"
    "except SystemExit as stop: code = stop.code\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


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


def build_command(spec: Path, output: Path) -> list[str]:
    return [sys.executable, "-c", PEAK_MEMORY, "build", str(spec), "-o", str(output), "--force"]


def questions_spec(folder: Path, count: int) -> Path:
    questions = [
        {"prompt": f"Question {index}: why?", "answer": f"Because of reason {index}.", "marks": 2}
        for index in range(count)
    ]
    path = folder / f"questions-{count}.yaml"
    lesson = {"title": "Scale", "parts": [{"type": "questions", "questions": questions}]}
    path.write_text(yaml.safe_dump(lesson), encoding="utf-8")
    return path


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        floor, floor_memory = timed([sys.executable, "-c", IMPORTS])
        rows.append(("Importing the rendering libraries (the floor)", floor, floor_memory))
        reference, reference_memory = timed(build_command(REFERENCE, folder / "out"))
        rows.append(("Reference pack, cold command-line build", reference, reference_memory))
        for count in (500, 5000):
            runs = RUNS if count <= 500 else 1
            spent, memory = timed(build_command(questions_spec(folder, count), folder / "out"), runs)
            rows.append((f"{count:,} questions in one spec, cold build", spent, memory))
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (bench/run.py); do not edit by hand. Median wall time of "
        f"{RUNS} runs (1 for the largest spec), each a fresh process, and its peak resident memory.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| what | seconds | peak memory (MB) |",
        "|---|---:|---:|",
        *(f"| {what} | {seconds:.2f} | {memory:.0f} |" for what, seconds, memory in rows),
        "",
        f"The cold reference build takes {rows[1][1] / rows[0][1]:.1f} times the import floor. "
        f"Ten times the questions took {rows[3][1] / rows[2][1]:.1f} times as long (linear would be 10).",
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
