"""Build-time accessibility warnings: the pack is built, and the teacher is told which line to fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import build_text, emu_to_pt, write_spec
from pptx import Presentation

from generator.build import PackFiles, build_pack
from generator.cli import main
from generator.deck.fit import TABLE_SIZES, TITLE_SIZES
from generator.errors import SpecError

LONG_BULLET = "The Politburo argued about how fast the Soviet Union should industrialise and who should pay"


def _build_parts(tmp_path: Path, parts: str) -> PackFiles:
    """A lesson of these parts, titled Warnings: its first part starts on line 3."""
    listed = textwrap.indent(textwrap.dedent(parts).strip("\n"), "  ")
    return build_text(tmp_path, f"title: Warnings\nparts:\n{listed}\n")


def _only_warning(files: PackFiles) -> str:
    assert len(files.warnings) == 1, [str(warning) for warning in files.warnings]
    return str(files.warnings[0])


def _title_sizes(files: PackFiles) -> list[float]:
    deck = Presentation(str(files.slides))
    return [
        emu_to_pt(run.font.size)
        for slide in deck.slides
        if slide.shapes.title is not None
        for run in slide.shapes.title.text_frame.paragraphs[0].runs
    ]


def test_the_reference_lessons_build_without_warnings(reference_pack: PackFiles) -> None:
    assert reference_pack.warnings == ()


def test_a_duplicate_slide_title_is_a_warning_at_the_second_slide(tmp_path: Path) -> None:
    files = _build_parts(
        tmp_path,
        """
          - type: slide
            title: Lenin's death
            bullets: [January 1924]
          - type: slide
            title: "Lenin's  DEATH"
            bullets: [The funeral]
        """,
    )
    warning = _only_warning(files)
    assert "lesson.yaml:6:5: warning: parts[2]: another slide is also titled" in warning
    assert "screen readers" in warning
    assert files.slides.exists()


def test_a_wall_of_text_is_over_the_line_budget(tmp_path: Path) -> None:
    bullets = "\n".join(f"              - {LONG_BULLET} ({number})" for number in range(16))
    files = _build_parts(
        tmp_path,
        f"""
          - type: slide
            title: Too much
            bullets:
{bullets}
        """,
    )
    warning = _only_warning(files)
    assert "lesson.yaml:3:5: warning: parts[1]: the slide 'Too much' holds" in warning
    assert "runs on over 2 slides" in warning


def test_a_short_slide_is_within_the_budget(tmp_path: Path) -> None:
    files = _build_parts(
        tmp_path,
        f"""
          - type: slide
            title: Enough
            bullets: ["{LONG_BULLET}", "{LONG_BULLET}", "{LONG_BULLET}"]
        """,
    )
    assert files.warnings == ()


def test_a_title_too_long_for_the_floor_is_set_smaller_with_a_warning(tmp_path: Path) -> None:
    title = " ".join(["Stalin's rise to power and the defeat of the Left and Right Oppositions"] * 3)
    files = _build_parts(
        tmp_path,
        f"""
          - type: slide
            title: {title}
            bullets: [One point]
        """,
    )
    warning = _only_warning(files)
    assert "lesson.yaml:3:5: warning: parts[1]: the title" in warning
    assert f"too long for {TITLE_SIZES[-1]:g} pt" in warning
    assert min(_title_sizes(files)) < TITLE_SIZES[-1]


def test_a_table_row_too_long_for_a_slide_carries_on_with_a_warning(tmp_path: Path) -> None:
    sentence = "Stalin used his control of appointments to fill the congress with supporters."
    cell = " ".join(f"{sentence} ({number})" for number in range(35))
    files = _build_parts(
        tmp_path,
        f"""
          - type: table
            columns: [Year, What happened]
            rows:
              - [1924, "{cell}"]
              - [1925, Zinoviev and Kamenev]
        """,
    )
    warning = _only_warning(files)
    assert "lesson.yaml:3:5: warning: parts[1]: a row of this table is too long for one slide" in warning
    deck = Presentation(str(files.slides))
    titles = [(slide, slide.shapes.title.text) for slide in deck.slides]
    task = [slide for slide, title in titles if title.startswith("Task 1") and "answers" in title]
    assert len(task) > 1
    shown = []
    for slide in task:
        (table,) = [shape.table for shape in slide.shapes if shape.has_table]
        assert [cell.text for cell in table.rows[0].cells] == ["Year", "What happened"]
        shown.extend(row.cells[1].text for row in list(table.rows)[1:])
        runs = [run for row in table.rows for cell in row.cells for run in cell.text_frame.paragraphs[0].runs]
        sizes = {emu_to_pt(run.font.size) for run in runs}
        assert min(sizes) >= TABLE_SIZES[-1]
        assert emu_to_pt(sum(row.height for row in table.rows)) <= emu_to_pt(deck.slide_height)
    # The pupils' task slide shows the table blank, its rows one line high: no answer, and no
    # hint of its length, reaches them.
    blank = [slide for slide, title in titles if title.startswith("Task 1") and "answers" not in title]
    assert len(blank) == 1
    for slide in blank:
        (table,) = [shape.table for shape in slide.shapes if shape.has_table]
        assert all(row.cells[1].text == "" for row in list(table.rows)[1:])
    # Every word of the long cell is shown once, in order, across the slides.
    assert " ".join(shown).split() == f"{cell} Zinoviev and Kamenev".split()


def test_a_title_too_long_for_any_size_is_a_located_error(tmp_path: Path) -> None:
    title = " ".join(["An impossibly long slide title that goes on"] * 60)
    spec = write_spec(tmp_path, f"title: Warnings\nparts:\n  - type: slide\n    title: {title}\n")
    with pytest.raises(SpecError) as raised:
        build_pack(spec, tmp_path / "out", "lesson.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.column, problem.path) == (3, 5, ("parts", 0))
    assert "this title is too long to fit on a slide: shorten it" in problem.message
    assert not (tmp_path / "out" / "lesson").exists()


def test_the_command_prints_warnings_and_still_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(
        tmp_path,
        """
        title: Warnings
        parts:
          - type: slide
            title: Same
          - type: slide
            title: Same
        """,
    )
    assert main(["build", str(spec), "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert ":5:5: warning: parts[2]: another slide is also titled 'Same'" in captured.err
    assert "built" in captured.out
