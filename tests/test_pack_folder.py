"""Nothing a teacher has is ever lost: their own folders and files beside and inside the packs,
packs under kills and races, crafted manifests, and a watch that keeps watching.

Every test names the files that must survive and checks them byte for byte."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, make_png, output_listing, read_deck
from test_cli import BROKEN, LESSON, Watcher, in_tmp, lesson, summary_line
from test_spec_errors import snapshot

from generator.batch import Outcome
from generator.cli import main
from generator.manifest import MANIFEST_NAME, read_manifest

__all__ = ["in_tmp"]  # the fixture, shared with test_cli

NOTES = b"My notes for period 3\n"
EXPECTED = ["lesson-answers.pdf", "lesson-slides-pupils.pptx", "lesson-slides.pptx", "lesson-worksheet.pdf"]


BUILD = ("unit", "-o", "out")


def build(*arguments: str) -> int:
    return main(["build", *arguments])


@pytest.fixture
def built(in_tmp: Path) -> tuple[Path, Path]:
    """A lesson in unit/ built once into out/: its spec and its pack."""
    spec = lesson(in_tmp / "unit")
    assert build(*BUILD) == 0
    return spec, in_tmp / "out" / "lesson"


def title(pack: Path, name: str = "lesson") -> str:
    return read_deck(pack / f"{name}-slides.pptx")[0].title


def outputs(pack: Path) -> list[str]:
    return sorted(path.name for path in pack.iterdir() if path.suffix in {".pdf", ".pptx", ".zip"})


# --------------------------------------------------------------------------- the teacher's folders


def test_a_folder_named_like_the_pack_is_never_replaced(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scenario of the report: pictures in a folder named like the lesson, built with -o ."""
    rivers = in_tmp / "rivers"
    rivers.mkdir()
    make_png(rivers / "map.png")
    (rivers / "notes.txt").write_bytes(NOTES)
    spec = in_tmp / "rivers.yaml"
    spec.write_text(
        LESSON.format(title="Rivers").replace("image: map.png", "image: rivers/map.png"), encoding="utf-8"
    )
    before = snapshot(rivers)

    for _ in range(2):
        assert build("rivers.yaml", "-o", ".") == 2
        captured = capsys.readouterr()
        assert "rivers.yaml:1:1: lesson: rivers/ already exists and was not made by lessonpack" in (
            captured.err
        )
        assert "build into another folder with -o" in captured.err
        assert "Traceback" not in captured.err
        assert snapshot(rivers) == before, "map.png and notes.txt are kept byte for byte"

    assert build("rivers.yaml", "-o", "packs") == 0
    assert title(in_tmp / "packs" / "rivers", "rivers") == "Rivers"
    assert snapshot(rivers) == before


def test_a_file_named_like_the_pack_is_never_replaced(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson(in_tmp / "unit")
    (in_tmp / "out").mkdir()
    (in_tmp / "out" / "lesson").write_bytes(NOTES)
    assert build(*BUILD) == 2
    assert "out/lesson is not a pack folder of lessonpack's" in capsys.readouterr().err
    assert (in_tmp / "out" / "lesson").read_bytes() == NOTES


def test_the_teachers_files_in_a_pack_are_kept_across_rebuilds_and_force(
    in_tmp: Path, built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, pack = built
    (pack / "notes.txt").write_bytes(NOTES)
    (pack / "marked").mkdir()
    (pack / "marked" / "9C.txt").write_bytes(b"9C: 24 of 28 handed in\n")
    (pack / "seating-plan.odt").write_bytes(b"my own copy of the deck")
    mine = {name: data for name, data in snapshot(pack).items() if name not in [*EXPECTED, MANIFEST_NAME]}
    assert len(mine) == 3

    spec.write_text(LESSON.format(title="Second"), encoding="utf-8")
    assert build(*BUILD) == 0
    out = capsys.readouterr().out
    assert "(kept, not lessonpack's: marked, notes.txt, seating-plan.odt)" in out
    assert title(pack) == "Second"
    assert build(*BUILD, "--force") == 0
    assert build(*BUILD, "--force", "--zip", "--variants", "dyslexia") == 0
    assert all(snapshot(pack)[name] == data for name, data in mine.items())
    assert output_listing(in_tmp / "out") == ["lesson"]


def test_stale_outputs_go_only_while_they_are_as_lessonpack_wrote_them(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson(in_tmp / "unit")
    pack = in_tmp / "out" / "lesson"
    with_extras = ("--zip", "--variants", "large-print,dyslexia")
    assert build(*BUILD, *with_extras) == 0
    assert len(outputs(pack)) == 8
    assert build(*BUILD) == 0
    assert outputs(pack) == EXPECTED, "untouched stale variants and zip are cleaned away"

    assert build(*BUILD, *with_extras) == 0
    (pack / "lesson-worksheet-dyslexia.pdf").write_bytes(b"the copy I adjusted for Sam")
    capsys.readouterr()
    assert build(*BUILD) == 0
    assert "(kept, not lessonpack's: lesson-worksheet-dyslexia.pdf)" in capsys.readouterr().out
    assert outputs(pack) == sorted([*EXPECTED, "lesson-worksheet-dyslexia.pdf"])
    assert (pack / "lesson-worksheet-dyslexia.pdf").read_bytes() == b"the copy I adjusted for Sam"


def test_an_output_changed_by_hand_is_replaced_only_with_force(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, pack = built
    (pack / "lesson-slides.pptx").write_bytes(b"the deck with my own slides added")
    spec.write_text(LESSON.format(title="Second"), encoding="utf-8")
    assert build(*BUILD) == 2
    assert "lesson-slides.pptx in out/lesson/ changed since lessonpack built it" in capsys.readouterr().err
    assert (pack / "lesson-slides.pptx").read_bytes() == b"the deck with my own slides added"
    assert build(*BUILD, "--force") == 0
    assert title(pack) == "Second"


@pytest.mark.parametrize("layout", ["beside", "in folders"])
def test_building_into_the_lessons_own_folder_loses_nothing(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    """`lessonpack build content -o content`, with specs beside picture folders named like them,
    or each spec in a folder of its own named like it."""
    content = in_tmp / "content"
    if layout == "beside":
        pictures = content / "rivers"
        lesson(pictures, "map-lesson")
        (pictures / "map-lesson.yaml").rename(content / "rivers.yaml")
        (content / "rivers.yaml").write_text(
            LESSON.format(title="Rivers").replace("image: map.png", "image: rivers/map.png"), encoding="utf-8"
        )
    else:
        lesson(content / "rivers", "rivers", "Rivers")
    lesson(content / "other", "maths", "Maths")
    before = snapshot(content)

    assert build("content", "-o", "content") == 2
    captured = capsys.readouterr()
    assert "content/rivers/ already exists and was not made by lessonpack" in captured.err
    assert summary_line(captured.out) == "lessonpack: 1 built, 0 skipped (unchanged), 1 failed"
    after = snapshot(content)
    assert {name: after[name] for name in before} == before, "no spec or picture is touched"
    assert title(content / "maths", "maths") == "Maths"

    assert build("content", "-o", "content") == 2, "the next build finds no spec among the packs"
    assert summary_line(capsys.readouterr().out) == "lessonpack: 0 built, 1 skipped (unchanged), 1 failed"
    assert {name: snapshot(content)[name] for name in before} == before


# --------------------------------------------------------------------------- pack names


def test_two_specs_with_one_pack_name_in_separate_commands_are_refused(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson(in_tmp, "My Lesson", "First")
    lesson(in_tmp, "My-Lesson", "Second")
    lesson(in_tmp, "my lesson", "Third")
    assert build("My Lesson.yaml", "-o", "out") == 0
    for other in ("My-Lesson.yaml", "my lesson.yaml"):
        assert build(other, "-o", "out") == 2
        refusal = "holds the pack of My Lesson.yaml: rename one of the two lesson files"
        assert refusal in capsys.readouterr().err
    assert title(in_tmp / "out" / "My-Lesson", "My-Lesson") == "First"
    assert output_listing(in_tmp / "out") == ["My-Lesson"]

    (in_tmp / "My Lesson.yaml").rename(in_tmp / "old lesson.yaml")
    assert build("My-Lesson.yaml", "-o", "out") == 0, "once the first is renamed, its old pack may go"
    assert title(in_tmp / "out" / "My-Lesson", "My-Lesson") == "Second"


def test_names_differing_only_in_case_clash_in_one_command(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson(in_tmp / "a", "Rivers")
    lesson(in_tmp / "b", "rivers")
    assert build("a", "b", "-o", "out") == 2
    assert "b/rivers.yaml: builds into out/rivers/ like a/Rivers.yaml: rename one" in capsys.readouterr().err


# --------------------------------------------------------------------------- crafted manifests


class OpenedFiles:
    """Every path opened while recording, through an audit hook (hooks cannot be removed, so
    this one only records while asked to)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.recording = False
        sys.addaudithook(self._hook)

    def _hook(self, event: str, arguments: tuple[object, ...]) -> None:
        if self.recording and event == "open" and isinstance(arguments[0], (str, bytes, os.PathLike)):
            self.paths.append(os.fsdecode(arguments[0]))


_OPENED = OpenedFiles()


@pytest.fixture
def opened() -> Iterator[list[str]]:
    _OPENED.paths.clear()
    _OPENED.recording = True
    yield _OPENED.paths
    _OPENED.recording = False


def _manifest_with(pack: Path, change: dict[str, object]) -> None:
    """The pack's manifest with entries added to its mappings, or values replaced (an empty mapping
    replaces)."""
    data = json.loads((pack / MANIFEST_NAME).read_text(encoding="utf-8"))
    for key, value in change.items():
        if isinstance(value, dict) and value and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    (pack / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")


ZERO = "../../../../../../../../../../dev/zero"
CRAFTED: dict[str, object] = {
    "an output out of the folder": {"outputs": {"../secret.txt": "0" * 64}},
    "an output that is a device": {"outputs": {ZERO: "0" * 64}},
    "an absolute output": {"outputs": {"/etc/passwd": "0" * 64}},
    "a picture out of the folder": {"inputs": {"image ../out/secret.txt": "0" * 64}},
    "a picture that is a device": {"inputs": {"image " + ZERO: "0" * 64}},
    "an absolute picture": {"inputs": {"image /dev/zero": "0" * 64}},
    "a NUL in a name": {"outputs": {"lesson\0.pdf": "0" * 64}},
    "a NUL in the spec's path": {"spec": "lesson\0.yaml"},
    "the spec elsewhere": {"spec": "/dev/zero"},
    "no outputs": {"outputs": {}},
    "outputs of the wrong type": {"outputs": ["lesson-slides.pptx"]},
    "a hash of the wrong type": {"outputs": {"lesson-slides.pptx": 7}},
    "inputs of the wrong type": {"inputs": "spec"},
    "a format of the wrong type": {"format": "2"},
}


@pytest.mark.parametrize("change", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_crafted_manifest_means_rebuild_and_reads_nothing_outside(
    in_tmp: Path,
    built: tuple[Path, Path],
    opened: list[str],
    capsys: pytest.CaptureFixture[str],
    change: dict[str, object],
) -> None:
    _, pack = built
    secret = in_tmp / "out" / "secret.txt"
    secret.write_bytes(NOTES)
    _manifest_with(pack, change)
    opened.clear()
    assert build(*BUILD) == 0
    assert summary_line(capsys.readouterr().out).startswith("lessonpack: 1 built"), "a rebuild"
    assert not [path for path in opened if path.endswith(("secret.txt", "zero", "passwd"))]
    assert secret.read_bytes() == NOTES
    assert read_manifest(pack) is not None, "the rebuilt pack has a good manifest"


@pytest.mark.parametrize(
    "text",
    [b"{not json", b"[]", b"null", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b" " * (2 << 20)],
    ids=["broken", "a list", "null", "not UTF-8", "nested deep", "huge"],
)
def test_a_broken_manifest_means_rebuild(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str], text: bytes
) -> None:
    _, pack = built
    (pack / "notes.txt").write_bytes(NOTES)
    (pack / MANIFEST_NAME).write_bytes(text)
    assert build(*BUILD) == 0
    assert summary_line(capsys.readouterr().out).startswith("lessonpack: 1 built")
    assert (pack / "notes.txt").read_bytes() == NOTES


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_or_a_link_where_the_manifest_should_be_blocks_nothing(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, pack = built
    (pack / MANIFEST_NAME).unlink()
    os.mkfifo(pack / MANIFEST_NAME)
    finished = threading.Event()

    def rebuild() -> None:
        assert build(*BUILD) == 0
        finished.set()

    threading.Thread(target=rebuild, daemon=True).start()
    assert finished.wait(60), "the build never waits on a FIFO"
    (pack / MANIFEST_NAME).unlink()
    (pack / MANIFEST_NAME).symlink_to("/dev/zero")
    assert build(*BUILD) == 0
    assert read_manifest(pack) is not None


# --------------------------------------------------------------------------- kills and races

KILLED_AT = """\
import os, sys
import generator.pack_folder as pack_folder
from generator.cli import main

def stage_reached(stage):
    if stage == sys.argv[1]:
        os._exit(9)

pack_folder.stage_reached = stage_reached
raise SystemExit(main(["build", "unit", "-o", "out", *sys.argv[2:]]))
"""


def _run(tmp: Path, *arguments: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "generator"]
    environment = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.run(
        [*command, *arguments], cwd=tmp, env=environment, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("stage", ["written", "carried", "set aside", "swapped"])
def test_a_build_killed_at_any_step_leaves_a_whole_pack_and_no_debris(
    in_tmp: Path, built: tuple[Path, Path], capsys: pytest.CaptureFixture[str], stage: str
) -> None:
    spec, pack = built
    (pack / "notes.txt").write_bytes(NOTES)
    old = snapshot(pack)
    spec.write_text(LESSON.format(title="New"), encoding="utf-8")

    killed = _run(in_tmp, stage, script=KILLED_AT)
    assert killed.returncode == 9, killed.stderr
    if stage == "set aside":
        assert not pack.exists(), "the one instant with no pack: the next build brings the old one back"
    elif stage == "swapped":
        assert title(pack) == "New"
        assert (pack / "notes.txt").read_bytes() == NOTES, "already carried into the new pack"
    else:
        assert snapshot(pack) == old, "the old pack, exactly"

    assert build(*BUILD) == 0
    assert summary_line(capsys.readouterr().out).startswith("lessonpack: 1 built")
    assert title(pack) == "New"
    assert (pack / "notes.txt").read_bytes() == NOTES
    assert sorted(path.name for path in pack.iterdir()) == sorted([*EXPECTED, MANIFEST_NAME, "notes.txt"])
    assert output_listing(in_tmp / "out") == ["lesson"], "no staging or set-aside folder is left"


def test_a_pack_set_aside_by_a_killed_build_is_restored_even_when_nothing_changed(
    in_tmp: Path, built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, pack = built
    (pack / "notes.txt").write_bytes(NOTES)
    assert _run(in_tmp, "set aside", "--force", script=KILLED_AT).returncode == 9
    assert build(*BUILD) == 0
    assert summary_line(capsys.readouterr().out).startswith("lessonpack: 1 built"), "not skipped"
    assert (pack / "notes.txt").read_bytes() == NOTES
    assert output_listing(in_tmp / "out") == ["lesson"]


def test_staging_folders_an_older_version_left_are_cleared_but_not_look_alikes(
    in_tmp: Path, built: tuple[Path, Path]
) -> None:
    _, pack = built
    out = in_tmp / "out"
    staging = out / ".lesson.k2j4x9_a"
    staging.mkdir()
    (staging / "lesson-slides.pptx").write_bytes((pack / "lesson-slides.pptx").read_bytes())
    aside = out / ".lesson.old.q8w7e6r5" / "lesson"
    aside.mkdir(parents=True)
    (aside / MANIFEST_NAME).write_text("{}", encoding="utf-8")
    mine = out / ".lesson.my-notes"
    mine.mkdir()
    (mine / "notes.txt").write_bytes(NOTES)
    looks_alike = out / ".lesson.abcdefgh"
    looks_alike.mkdir()
    (looks_alike / "notes.txt").write_bytes(NOTES)
    assert build(*BUILD, "--force") == 0
    assert not staging.exists() and not aside.parent.exists(), "a killed older build's folders go"
    assert (mine / "notes.txt").read_bytes() == NOTES
    assert (looks_alike / "notes.txt").read_bytes() == NOTES, "a folder holding anything else stays"


def test_ten_builds_of_one_lesson_at_once_all_end_well(in_tmp: Path, built: tuple[Path, Path]) -> None:
    _, pack = built
    (pack / "notes.txt").write_bytes(NOTES)
    environment = os.environ | {"PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", "build", *BUILD, "--force"]
    builds = [
        subprocess.Popen(command, cwd=in_tmp, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(10)
    ]
    results = [process.communicate(timeout=600) for process in builds]
    assert [process.returncode for process in builds] == [0] * 10, [error for _, error in results]
    assert title(pack) == "The rise of Stalin"
    assert (pack / "notes.txt").read_bytes() == NOTES
    assert output_listing(in_tmp / "out") == ["lesson"]


# --------------------------------------------------------------------------- watch


def _quiet_for(watcher: Watcher, seconds: float) -> list[str]:
    """What the watcher reported in the next `seconds`."""
    reported = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            reported.append(watcher.results.get(timeout=left).message)
        except queue.Empty:
            break
    return reported


def test_watch_survives_its_folder_being_replaced(in_tmp: Path) -> None:
    folder = in_tmp / "lessons"
    spec = lesson(folder)
    watcher = Watcher([folder], in_tmp / "out")
    try:
        assert watcher.results.get(timeout=90).outcome is Outcome.BUILT

        def replace_folder() -> None:
            """What a sync client does: the whole folder goes, and comes back with the edit."""
            if folder.exists():
                for path in folder.iterdir():
                    path.unlink()
                folder.rmdir()
            time.sleep(0.5)
            lesson(folder, title="Synced")

        synced = watcher.next_after(replace_folder)
        assert synced.outcome is Outcome.BUILT, synced.message
        assert title(in_tmp / "out" / "lesson") == "Synced"
        edited = watcher.next_after(lambda: spec.write_text(LESSON.format(title="After"), encoding="utf-8"))
        assert edited.outcome is Outcome.BUILT, "still watching the new folder"
        assert title(in_tmp / "out" / "lesson") == "After"
        assert not [message for message in _quiet_for(watcher, 3) if "cannot read" in message]
    finally:
        watcher.stop.set()
        watcher.thread.join(timeout=30)
    assert watcher.failure is None


def test_watch_ignores_its_own_log_and_outputs_even_in_the_lessons_folder(in_tmp: Path) -> None:
    """`watch lessons -o lessons > lessons/watch.log`: a failing lesson is reported once per save."""
    folder = in_tmp / "lessons"
    spec = lesson(folder)
    log = folder / "watch.log"
    watcher = Watcher([folder], folder)

    def logged(message: str) -> None:
        with log.open("a", encoding="utf-8") as stream:
            stream.write(message + "\n")

    try:
        assert watcher.results.get(timeout=90).outcome is Outcome.BUILT
        broken = watcher.next_after(lambda: spec.write_text(BROKEN, encoding="utf-8"))
        assert broken.outcome is Outcome.FAILED
        logged(broken.message)
        assert _quiet_for(watcher, 4) == [], "writing the log starts no rebuild"
        fixed = watcher.next_after(lambda: spec.write_text(LESSON.format(title="Fixed"), encoding="utf-8"))
        assert fixed.outcome is Outcome.BUILT, "a save in a folder that is also the output folder rebuilds"
        logged(fixed.message)
        assert title(folder / "lesson") == "Fixed"
        assert _quiet_for(watcher, 4) == [], "nor does writing the pack"
    finally:
        watcher.stop.set()
        watcher.thread.join(timeout=30)
    assert watcher.failure is None


def test_readme_says_what_lessonpack_may_delete() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "lessonpack deletes only" in readme
