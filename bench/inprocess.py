"""Times one output, or the whole pack, built again and again inside one process.

Run by bench/run.py in a fresh process: `python bench/inprocess.py WHAT SPEC RUNS`, where WHAT is
pack, slides, worksheet or answers. The first build is not timed: it pays for the lazy imports and
for loading the fonts, which a long-lived process (watch mode, a batch worker) pays once. Prints the
median wall and processor seconds of the timed builds and the process's peak resident memory
in MB.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.build import (
    build_pack,
    load_lesson,
    plan_lesson,
    write_answers,
    write_slides,
    write_worksheet,
)
from generator.wording import default_wording


def one_output(spec: Path, folder: Path, what: str) -> Callable[[], None]:
    """Read, check and plan the lesson, then write only the output asked for."""

    def build() -> None:
        lesson = load_lesson(spec)
        wording = default_wording()
        plan, layouts = plan_lesson(lesson, wording, None)
        if what == "slides":
            decks = (folder / "slides.pptx", folder / "pupils.pptx")
            write_slides(lesson, plan, wording, decks, layouts, None)
        elif what == "worksheet":
            write_worksheet(lesson, plan, wording, folder / "worksheet.pdf", lesson.paper)
        else:
            write_answers(lesson, plan, wording, folder / "answers.pdf", lesson.paper)

    return build


def main() -> None:
    what, spec, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)

        def whole_pack() -> None:
            build_pack(spec, folder)

        build = whole_pack if what == "pack" else one_output(spec, folder, what)
        build()
        seconds = []
        cpu = []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            build()
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{statistics.median(seconds)} {statistics.median(cpu)} {peak}")


if __name__ == "__main__":
    main()
