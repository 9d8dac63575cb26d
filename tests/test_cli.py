"""The teacher's workflow on the command line: new, build (many lessons, incremental, zipped,
byte for byte reproducible), watch, and help that shows an example for every command."""

from __future__ import annotations

import json
import queue
import re
import shlex
import threading
import time
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, make_png, output_listing, pdf_text, plain, read_deck
from pptx import Presentation
from test_spec_errors import snapshot

from generator import batch, cli
from generator.batch import Outcome, Result
from generator.build import build_pack
from generator.cli import _COMMANDS, _parser, main
from generator.manifest import MANIFEST_NAME
from generator.options import BuildOptions
from generator.schema import schema_json
from generator.watch import watch_lessons

LESSON = """\
title: {title}
subject: History
parts:
  - type: slide
    title: The map
    image: map.png
    image_alt: A map of Europe in 1924
  - type: questions
    questions:
      - prompt: Who won?
        answer: Stalin
        marks: 2
"""
BROKEN = "title: Broken\nparts:\n  - type: slide\n    titel: A\n"
BROKEN_ERROR = "parts[1].titel: unknown field 'titel'; did you mean 'title'?"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lesson(folder: Path, name: str = "lesson", title: str = "The rise of Stalin") -> Path:
    """A lesson with a picture beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "map.png").exists():
        make_png(folder / "map.png")
    spec = folder / f"{name}.yaml"
    spec.write_text(LESSON.format(title=title), encoding="utf-8")
    return spec


FIELD = re.compile(r"^\s*(?:- )?([a-z_]+):", re.MULTILINE)


def explained(lines: list[str], index: int) -> bool:
    """A comment on the line above, or at the end of the line."""
    return lines[index - 1].lstrip().startswith("#") or " # " in lines[index]


def summary_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("lessonpack: "))


# --------------------------------------------------------------------------- help


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    for name in ("new", "build", "watch", "check", "schema"):
        assert name in shown


@pytest.mark.parametrize("command", [command.name for command in _COMMANDS])
def test_each_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == 0
    assert f"example: lessonpack {command}" in capsys.readouterr().out


@pytest.mark.parametrize("command", _COMMANDS, ids=[command.name for command in _COMMANDS])
def test_the_example_pastes_as_one_line_in_a_narrow_terminal(
    command: cli._Command, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    with pytest.raises(SystemExit):
        main([command.name, "--help"])
    assert f"example: {command.example}" in capsys.readouterr().out.splitlines()


FENCED = re.compile(r"^\s*```\w*\n(.*?)^\s*```", re.MULTILINE | re.DOTALL)


def _documented_commands() -> list[str]:
    """Every lessonpack command line shown in the README and the guide."""
    lines = []
    for document in (REPO / "README.md", REPO / "docs" / "spec.md"):
        for block in FENCED.findall(document.read_text(encoding="utf-8")):
            for line in block.splitlines():
                command = line.strip().removeprefix(".venv/bin/")
                if command.startswith("lessonpack ") and not command.startswith("lessonpack: "):
                    lines.append(command.split("#")[0].split(">")[0].strip())
    return sorted(set(lines))


DOCUMENTED = _documented_commands()


def test_the_docs_show_every_command() -> None:
    assert {shlex.split(line)[1] for line in DOCUMENTED} >= {command.name for command in _COMMANDS}


@pytest.mark.parametrize("line", DOCUMENTED)
def test_every_command_in_the_docs_is_accepted(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed as the command would be (not run): a renamed option would fail here. The template a
    line names need not exist, so it is taken as a plain path."""
    monkeypatch.setattr(cli, "_template_file", Path)
    arguments = _parser().parse_args(shlex.split(line)[1:])
    assert arguments.run


# --------------------------------------------------------------------------- new


def test_new_writes_a_commented_starter_that_builds(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subject = "Geography: rivers # and 'floods'"
    assert main(["new", "water-cycle", "--subject", subject]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["wrote water-cycle.yaml", "wrote lesson.schema.json"]
    lines = (in_tmp / "water-cycle.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./lesson.schema.json"
    assert (in_tmp / "lesson.schema.json").read_text(encoding="utf-8") == schema_json() + "\n"
    fields = [index for index, line in enumerate(lines) if FIELD.match(line)]
    assert set(FIELD.findall("\n".join(lines))) >= {
        *("title", "subject", "audience", "duration", "language", "paper", "objectives", "parts"),
        *("type", "bullets", "notes", "instructions", "questions", "prompt", "answer", "marks"),
    }
    unexplained = [lines[index] for index in fields if not explained(lines, index)]
    assert unexplained == [], "every field has a comment"

    assert main(["build", "water-cycle.yaml", "-o", "out"]) == 0
    worksheet = pdf_text(in_tmp / "out" / "water-cycle" / "water-cycle-worksheet.pdf")
    assert "Water cycle" in worksheet
    assert subject in plain(worksheet)


def test_new_without_a_subject_builds(in_tmp: Path) -> None:
    assert main(["new", "units/Photosynthesis.yaml"]) == 0
    assert main(["build", "units/Photosynthesis.yaml", "-o", "out"]) == 0
    assert (
        read_deck(in_tmp / "out" / "Photosynthesis" / "Photosynthesis-slides.pptx")[0].title
        == "Photosynthesis"
    )


def test_new_writes_into_the_content_folder_with_a_hint_that_pastes(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the project's folder, a new lesson goes where `make pack` and a plain build find it."""
    (in_tmp / "content").mkdir()
    monkeypatch.setattr("sys.argv", [".venv/bin/lessonpack"])
    assert main(["new", "water cycle"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "wrote content/water cycle.yaml"
    assert out[-1] == "next: edit it, then run: .venv/bin/lessonpack build 'content/water cycle.yaml'"
    assert main(["build"]) == 0
    assert (in_tmp / "output" / "water-cycle" / "water-cycle-worksheet.pdf").is_file()


def test_build_with_no_content_folder_says_how_to_start(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("build", "watch", "check"):
        assert main([command]) == 2
        captured = capsys.readouterr()
        assert captured.err.startswith("lessonpack: there is no content/ folder here to build."), command
        assert "lessonpack new my-lesson" in captured.err
        assert "content:1:1" not in captured.err + captured.out


def test_new_never_overwrites(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "mine.yaml").write_text("title: My own work\n", encoding="utf-8")
    (in_tmp / "lesson.schema.json").write_text("{}", encoding="utf-8")
    assert main(["new", "mine"]) == 2
    assert capsys.readouterr().err.strip() == (
        "lessonpack: mine.yaml already exists: choose another name, or move it first"
    )
    assert (in_tmp / "mine.yaml").read_text(encoding="utf-8") == "title: My own work\n"
    assert main(["new", "other"]) == 0
    assert (in_tmp / "lesson.schema.json").read_text(encoding="utf-8") == "{}", "an existing schema is kept"


# --------------------------------------------------------------------------- build: many lessons


def test_a_folder_builds_in_parallel_and_one_broken_lesson_stops_no_other(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unit = in_tmp / "unit"
    for number in (1, 2, 3):
        lesson(unit / f"week-{number}", f"lesson-{number}", f"Lesson {number}")
    (unit / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    pools: list[int] = []
    in_parallel = batch._in_parallel

    def counted(jobs: list[batch.Job], report: Callable[[Result], None]) -> None:
        pools.append(len(jobs))
        in_parallel(jobs, report)

    monkeypatch.setattr(batch, "_in_parallel", counted)
    assert main(["build", "unit", "-o", "out"]) == 2
    captured = capsys.readouterr()
    assert pools == [4], "the four lessons went to the pool of workers together"
    assert f"unit/broken.yaml:4:5: {BROKEN_ERROR}" in captured.err.splitlines()
    assert summary_line(captured.out) == "lessonpack: 3 built, 0 skipped (unchanged), 1 failed"
    for number in (1, 2, 3):
        deck = read_deck(in_tmp / "out" / f"lesson-{number}" / f"lesson-{number}-slides.pptx")
        assert deck[0].title == f"Lesson {number}"
    assert output_listing(in_tmp / "out") == ["lesson-1", "lesson-2", "lesson-3"]


def test_two_lessons_with_one_pack_name_are_a_problem_not_a_race(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson(in_tmp / "a")
    lesson(in_tmp / "b")
    assert main(["build", "a", "b", "-o", "out"]) == 2
    captured = capsys.readouterr()
    assert "b/lesson.yaml: builds into out/lesson/ like a/lesson.yaml: rename one" in captured.err
    assert summary_line(captured.out) == "lessonpack: 1 built, 0 skipped (unchanged), 1 failed"


def test_the_progress_bar_prints_results_as_plain_text(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal, results are printed above the bar, and brackets are not rich markup."""
    (in_tmp / "[bold]one.yaml").write_text(BROKEN, encoding="utf-8")
    (in_tmp / "two.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["build", "[bold]one.yaml", "two.yaml", "-o", "out"]) == 2
    captured = capsys.readouterr()
    assert f"[bold]one.yaml:4:5: {BROKEN_ERROR}" in captured.err
    assert "building lessons" in captured.err
    assert summary_line(captured.out) == "lessonpack: 0 built, 0 skipped (unchanged), 2 failed"


# --------------------------------------------------------------------------- build: incremental


def test_an_unchanged_lesson_is_skipped_until_an_input_changes(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = lesson(in_tmp / "unit")
    pack = in_tmp / "out" / "lesson"

    def build(*extra: str) -> str:
        assert main(["build", "unit", "-o", "out", *extra]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        return captured.out

    assert summary_line(build()) == "lessonpack: 1 built, 0 skipped (unchanged), 0 failed"
    manifest = json.loads((pack / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert {"spec", "wording templates", "generator version", "build options", "image map.png"} <= set(
        manifest["inputs"]
    )
    before = snapshot(pack)

    out = build()
    assert out.splitlines()[0] == "skipped out/lesson/: unchanged since it was built"
    assert summary_line(out) == "lessonpack: 0 built, 1 skipped (unchanged), 0 failed"
    assert snapshot(pack) == before

    assert summary_line(build("--force")).startswith("lessonpack: 1 built")

    make_png(in_tmp / "unit" / "map.png", (400, 300))
    assert summary_line(build()).startswith("lessonpack: 1 built"), "a changed picture rebuilds"
    assert summary_line(build()).startswith("lessonpack: 0 built, 1 skipped")

    assert summary_line(build("--paper", "letter")).startswith("lessonpack: 1 built"), "other options rebuild"
    assert summary_line(build("--paper", "letter")).startswith("lessonpack: 0 built, 1 skipped")

    (pack / "lesson-worksheet.pdf").unlink()
    assert summary_line(build("--paper", "letter")).startswith("lessonpack: 1 built"), (
        "a missing file rebuilds"
    )
    assert (pack / "lesson-worksheet.pdf").is_file()

    (pack / "lesson-answers.pdf").write_bytes(b"changed by hand")
    assert main(["build", "unit", "-o", "out", "--paper", "letter"]) == 2, "a changed output is kept"
    assert "lesson-answers.pdf in out/lesson/ changed since lessonpack built it" in capsys.readouterr().err
    assert (pack / "lesson-answers.pdf").read_bytes() == b"changed by hand"
    assert summary_line(build("--paper", "letter", "--force")).startswith("lessonpack: 1 built"), (
        "--force replaces it"
    )

    spec.write_text(LESSON.format(title="A new title"), encoding="utf-8")
    assert summary_line(build("--paper", "letter")).startswith("lessonpack: 1 built")
    assert read_deck(pack / "lesson-slides.pptx")[0].title == "A new title"


def test_a_changed_slide_template_rebuilds(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The school's template is an input like a picture, whether the spec names it or --template."""
    from pptx import Presentation

    folder = in_tmp / "unit"
    lesson(folder)
    spec = folder / "lesson.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("parts:", "slides:\n  template: school.pptx\nparts:")
    )
    Presentation().save(str(folder / "school.pptx"))
    other = in_tmp / "other.pptx"
    Presentation().save(str(other))

    def build(*extra: str) -> str:
        assert main(["build", "unit", "-o", "out", *extra]) == 0
        return summary_line(capsys.readouterr().out)

    assert build().startswith("lessonpack: 1 built")
    assert build().startswith("lessonpack: 0 built, 1 skipped")
    deck = Presentation(str(folder / "school.pptx"))
    deck.slide_width = deck.slide_height
    deck.save(str(folder / "school.pptx"))
    assert build().startswith("lessonpack: 1 built"), "a changed template rebuilds"
    assert build("--template", str(other)).startswith("lessonpack: 1 built")
    assert build("--template", str(other)).startswith("lessonpack: 0 built, 1 skipped")
    deck = Presentation(str(other))
    deck.slide_width = deck.slide_height
    deck.save(str(other))
    assert build("--template", str(other)).startswith("lessonpack: 1 built"), "so does a --template"


# --------------------------------------------------------------------------- build: zip and bytes


def test_zip_holds_the_whole_pack_in_name_order_with_fixed_dates(in_tmp: Path) -> None:
    lesson(in_tmp)
    assert main(["build", "lesson.yaml", "-o", "out", "--zip", "--variants", "large-print"]) == 0
    pack = in_tmp / "out" / "lesson"
    pupils = [
        "lesson/lesson-slides-pupils.pptx",
        "lesson/lesson-worksheet-large-print.pdf",
        "lesson/lesson-worksheet.pdf",
    ]
    teacher = sorted([*pupils, "lesson/lesson-answers.pdf", "lesson/lesson-slides.pptx"])
    for archive_name, expected in (("lesson-pupils.zip", pupils), ("lesson-teacher.zip", teacher)):
        with zipfile.ZipFile(pack / archive_name) as archive:
            entries = archive.infolist()
            names = [entry.filename for entry in entries]
            assert names == expected, "in name order"
            assert {entry.date_time for entry in entries} == {(2000, 1, 1, 0, 0, 0)}
            for name in names:
                assert archive.read(name) == (pack / Path(name).name).read_bytes()


def test_the_same_inputs_give_the_same_bytes_anywhere_at_any_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = BuildOptions(variants=("large-print", "dyslexia"), archive=True)
    first = build_pack(lesson(tmp_path / "one"), tmp_path / "one" / "out", options=options)
    later = time.time() + 3 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    second = build_pack(lesson(tmp_path / "two"), tmp_path / "two" / "elsewhere", options=options)
    assert first.archives and second.archives
    assert len(snapshot(first.folder)) == 9, "two decks, two sheets, two variants, two zips and manifest"
    assert snapshot(first.folder) == snapshot(second.folder)
    with zipfile.ZipFile(first.slides) as deck:
        assert {entry.date_time for entry in deck.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert deck.namelist()[0] == "[Content_Types].xml"
    assert Presentation(str(first.slides)).core_properties.created == datetime(2000, 1, 1)


def test_source_date_epoch_dates_the_deck_and_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = build_pack(lesson(tmp_path), tmp_path / "out", options=BuildOptions(archive=True))
    assert Presentation(str(files.slides)).core_properties.modified == datetime(2023, 11, 14, 22, 13, 20)
    assert files.archives
    for path in (files.archives.pupils, files.archives.teacher):
        with zipfile.ZipFile(path) as archive:
            assert {entry.date_time for entry in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_an_interrupted_build_leaves_the_last_pack_exactly_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = lesson(tmp_path)
    options = BuildOptions(archive=True)
    files = build_pack(spec, tmp_path / "out", options=options)
    before = snapshot(files.folder)
    spec.write_text(LESSON.format(title="Half written"), encoding="utf-8")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.build.write_manifest", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_pack(spec, tmp_path / "out", options=options)
    assert snapshot(files.folder) == before
    assert output_listing(tmp_path / "out") == ["lesson"], "no staging folder is left"


# --------------------------------------------------------------------------- watch


class Watcher:
    """watch_lessons on a thread, its reports in a queue."""

    def __init__(self, paths: list[Path], output: Path) -> None:
        self.results: queue.Queue[Result] = queue.Queue()
        self.stop = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(paths, output), daemon=True)
        self.thread.start()

    def _run(self, paths: list[Path], output: Path) -> None:
        try:
            watch_lessons(paths, output, BuildOptions(), self.results.put, self.stop, debounce_ms=200)
        except BaseException as error:
            self.failure = error

    def next_after(self, change: Callable[[], None], timeout: float = 90.0) -> Result:
        """Make the change, and again every few seconds (the first may come before the watch
        has started), until a result is reported."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            change()
            try:
                return self.results.get(timeout=5)
            except queue.Empty:
                assert self.failure is None, self.failure
        raise AssertionError("the watcher reported nothing")


def test_watch_rebuilds_on_save_reports_problems_and_keeps_watching(in_tmp: Path) -> None:
    spec = lesson(in_tmp / "lessons")
    deck = in_tmp / "out" / "lesson" / "lesson-slides.pptx"
    watcher = Watcher([in_tmp / "lessons"], in_tmp / "out")
    try:
        first = watcher.results.get(timeout=90)
        assert first.outcome is Outcome.BUILT
        assert read_deck(deck)[0].title == "The rise of Stalin"

        edited = watcher.next_after(lambda: spec.write_text(LESSON.format(title="Edited"), encoding="utf-8"))
        assert edited.outcome is Outcome.BUILT, edited.message
        assert read_deck(deck)[0].title == "Edited"

        broken = watcher.next_after(lambda: spec.write_text(BROKEN, encoding="utf-8"))
        assert broken.outcome is Outcome.FAILED
        assert f"lessons/lesson.yaml:4:5: {BROKEN_ERROR}" in broken.message.splitlines()
        assert read_deck(deck)[0].title == "Edited", "the last good pack stays"

        fixed = watcher.next_after(lambda: spec.write_text(LESSON.format(title="Fixed"), encoding="utf-8"))
        assert fixed.outcome is Outcome.BUILT, "still watching after a problem"
        assert read_deck(deck)[0].title == "Fixed"

        watcher.next_after(lambda: spec.write_text(BROKEN, encoding="utf-8"))
        undone = watcher.next_after(lambda: spec.write_text(LESSON.format(title="Fixed"), encoding="utf-8"))
        assert (
            undone.message == "lessons/lesson.yaml: fixed; skipped out/lesson/: unchanged since it was built"
        ), "a fix that brings back the last pack's spec is reported, so the old error is not left on screen"
    finally:
        watcher.stop.set()
        watcher.thread.join(timeout=30)
    assert not watcher.thread.is_alive(), "setting the stop event ends the watch"
    assert watcher.failure is None
