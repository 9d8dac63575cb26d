"""A folder's lessonpack.yaml: options every build and watch of its lessons uses, overridden by
the command line, checked like a spec; and `check`, which says what `build` would."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import output_listing
from test_cli import in_tmp, lesson, summary_line

from generator import cli
from generator.cli import _parser, main
from generator.options import BuildOptions

__all__ = ["in_tmp"]  # the fixture, shared with test_cli

DUPLICATE_TITLES = "title: T\nparts:\n  - type: slide\n    title: A\n  - type: slide\n    title: A\n"


def options_file(folder: Path, text: str) -> Path:
    path = folder / "lessonpack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_build_keeps_the_folders_options(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson(in_tmp / "content")
    options_file(in_tmp / "content", "variants: [dyslexia]\nzip: true\noutput: ../handouts\n")
    assert main(["build"]) == 0
    pack = in_tmp / "handouts" / "lesson"
    made = {"lesson-worksheet-dyslexia.pdf", "lesson-pupils.zip", "lesson-teacher.zip"}
    assert made <= {path.name for path in pack.iterdir()}
    assert summary_line(capsys.readouterr().out) == "lessonpack: 1 built, 0 skipped (unchanged), 0 failed"
    assert main(["build"]) == 0, "next week, the same plain build"
    assert summary_line(capsys.readouterr().out) == "lessonpack: 0 built, 1 skipped (unchanged), 0 failed"
    assert made <= {path.name for path in pack.iterdir()}, "nothing the file asks for is cleaned away"
    assert not (in_tmp / "output").exists()
    assert output_listing(in_tmp / "handouts") == ["lesson"]


def test_the_command_line_overrides_the_file(in_tmp: Path) -> None:
    lesson(in_tmp / "unit")
    options_file(in_tmp / "unit", "paper: letter\nvariants: [dyslexia]\noutput: packs\n")
    for command in ("build", "watch"):
        arguments = _parser().parse_args([command, "unit", "--paper", "a4", "-o", "elsewhere"])
        options, output = cli._options(arguments)
        assert (options.paper, options.variants, output) == ("a4", ("dyslexia",), Path("elsewhere"))
        plain = cli._options(_parser().parse_args([command, "unit"]))
        assert plain == (BuildOptions("letter", ("dyslexia",)), (in_tmp / "unit" / "packs").resolve())


def test_the_options_file_is_read_from_a_lessons_own_folder(in_tmp: Path) -> None:
    spec = lesson(in_tmp / "unit")
    options_file(in_tmp / "unit", "variants: [large-print]\n")
    assert main(["build", str(spec), "-o", "out"]) == 0
    assert (in_tmp / "out" / "lesson" / "lesson-worksheet-large-print.pdf").is_file()


def test_the_options_file_is_not_a_lesson_and_may_be_empty(in_tmp: Path) -> None:
    lesson(in_tmp / "content")
    options_file(in_tmp / "content", "# options for the whole unit go here\n")
    assert main(["build"]) == 0
    assert output_listing(in_tmp / "output") == ["lesson"]


def test_problems_in_the_options_file_are_located_and_stop_the_build(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson(in_tmp / "content")
    options_file(in_tmp / "content", "variants: [dyslexia]\npaper: a5\nvariant: x\ntemplate: school.pptx\n")
    for command in (["build"], ["check"]):
        assert main(command) == 2
        err = capsys.readouterr().err.splitlines()
        assert "content/lessonpack.yaml:2:8: paper: 'a5' is not one of the choices: 'a4' or 'letter'" in err
        assert (
            "content/lessonpack.yaml:3:1: variant: unknown field 'variant'; did you mean 'variants'?" in err
        )
    assert not (in_tmp / "output").exists()
    options_file(in_tmp / "content", "template: school.pptx\n")
    assert main(["build"]) == 2
    assert (
        "content/lessonpack.yaml:1:11: template: no template file at school.pptx" in capsys.readouterr().err
    )


def test_check_reports_what_build_would_warn_about(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "content").mkdir()
    (in_tmp / "content" / "titles.yaml").write_text(DUPLICATE_TITLES, encoding="utf-8")
    (in_tmp / "content" / "fine.yaml").write_text(DUPLICATE_TITLES.replace("title: A", "title: B", 1))
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    assert "content/titles.yaml:5:5: warning: parts[2]: another slide is also titled 'A'" in captured.err
    assert captured.out.splitlines() == ["content/fine.yaml: ok", "content/titles.yaml: ok (1 warning)"]
    assert not (in_tmp / "output").exists(), "check writes nothing"
    assert main(["build", "content/titles.yaml"]) == 0
    assert (
        "content/titles.yaml:5:5: warning: parts[2]: another slide is also titled 'A'"
        in capsys.readouterr().err
    )
