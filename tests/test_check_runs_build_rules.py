"""`check` finds every problem `build` can report about a lesson: it fits the slides and lays out
every worksheet `build` would write (the variants and the folder's options included) with the
same code, so a lesson `check` calls ok never fails to build. Each case is a small spec that
`build` refuses; `check` must say the same, at the same place, with exit 2 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import in_tmp

from generator.cli import main

__all__ = ["in_tmp"]


def _quiz(words: int) -> str:
    """A quiz whose first option is one paragraph of this many words: a quiz option cannot be
    split across pages, so a long one is too tall for a page."""
    option = " ".join(["word"] * words)
    return (
        "parts:\n  - type: multiple_choice\n    questions:\n      - prompt: Which?\n"
        f"        options: [{option}, Short]\n        answer: Short\n"
    )


TOO_TALL = (
    "parts[1]: this part holds a piece of text too tall for one page of the worksheet: "
    "split it into shorter paragraphs, cells or rows"
)
FITS_ONLY_STANDARD = 400
"""Words of an option that fit a page of the standard worksheet but not of the large-print one."""

CASES = {
    "too tall for a page of the worksheet": (
        {"lesson.yaml": "title: Long texts\n" + _quiz(1500)},
        f"lesson.yaml:3:5: {TOO_TALL}",
    ),
    "too tall only for the large-print worksheet the spec asks for": (
        {"lesson.yaml": "title: Long texts\nvariants: [large-print]\n" + _quiz(FITS_ONLY_STANDARD)},
        f"lesson.yaml:4:5: {TOO_TALL}",
    ),
    "too tall only for the large-print worksheet the folder's options ask for": (
        {
            "lesson.yaml": "title: Long texts\n" + _quiz(FITS_ONLY_STANDARD),
            "lessonpack.yaml": "variants: [large-print]\n",
        },
        f"lesson.yaml:3:5: {TOO_TALL}",
    ),
}


def _said(capsys: pytest.CaptureFixture[str]) -> str:
    said = capsys.readouterr()
    return said.out + said.err


@pytest.mark.parametrize("case", list(CASES))
def test_check_reports_what_build_refuses_at_the_same_place(
    case: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, message = CASES[case]
    folder = in_tmp / "unit"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")

    assert main(["build", "unit", "-o", "out"]) == 2
    built = _said(capsys)
    assert main(["check", "unit"]) == 2
    checked = _said(capsys)

    for said in (built, checked):
        assert f"unit/{message}" in said.splitlines()
        assert "Traceback" not in said and "bug in lessonpack" not in said
    assert "ok" not in checked
    assert not (in_tmp / "out" / "lesson").exists()


def test_the_lessons_that_check_passes_build(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The other side: the standard worksheet alone holds the option that large print cannot."""
    folder = in_tmp / "unit"
    folder.mkdir()
    (folder / "lesson.yaml").write_text("title: Long texts\n" + _quiz(FITS_ONLY_STANDARD), encoding="utf-8")
    assert main(["check", "unit"]) == 0
    assert main(["build", "unit", "-o", "out"]) == 0
