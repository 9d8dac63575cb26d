"""Worksheet variants and paper sizes: the same sheet, set for more pupils and more printers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pdfplumber
import pytest
from conftest import ALL_PARTS_SPEC, PICTURE, build_text, collapse, make_png, read_pdf
from geometry import PRINTABLE_MARGIN, outside_area, overlapping_lines
from test_outputs import TEACHER_ONLY

from generator.build import build_pack
from generator.choices import Variant
from generator.cli import main
from generator.errors import SpecError
from generator.options import BuildOptions
from generator.sheet.writer import VARIANTS

FOOTER_ZONE = 60.0
"""Points above the bottom edge where the small page footer is printed."""


@pytest.fixture(scope="module")
def variant_pack(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("variants")
    spec = folder / ALL_PARTS_SPEC.name
    shutil.copy(ALL_PARTS_SPEC, spec)
    make_png(folder / PICTURE)
    return build_pack(spec, folder / "out", options=BuildOptions(variants=("large-print", "dyslexia")))


def test_every_variant_named_in_the_spec_has_a_style() -> None:
    assert set(VARIANTS) == set(get_args(Variant))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_variant_is_a_pupil_sheet_with_no_answer(variant: str, variant_pack) -> None:
    path = variant_pack.variants[variant]
    assert path.name == f"{ALL_PARTS_SPEC.stem}-worksheet-{variant}.pdf"
    text = collapse(" ".join(page.text for page in read_pdf(path)))
    assert [secret for secret in TEACHER_ONLY if collapse(secret) in text] == []
    assert "ANSWER KEY" not in text
    assert "Name" in text


def _sizes(path: Path) -> set[float]:
    with pdfplumber.open(path) as pdf:
        return {
            round(char["size"], 1)
            for page in pdf.pages
            for char in page.chars
            if char["text"].strip() and char["bottom"] < page.height - FOOTER_ZONE
        }


def test_large_print_sets_everything_at_18_pt_or_more(variant_pack) -> None:
    assert min(_sizes(variant_pack.variants["large-print"])) >= 18
    assert min(_sizes(variant_pack.worksheet)) < 18


def test_the_dyslexia_sheet_has_no_italics_and_a_cream_page(variant_pack) -> None:
    path = variant_pack.variants["dyslexia"]
    with pdfplumber.open(path) as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
        assert fonts and not [font for font in fonts if "Italic" in font]
        for page in pdf.pages:
            full_page = [rect for rect in page.rects if rect["width"] >= page.width - 1]
            assert any(tuple(rect["non_stroking_color"] or ()) == (1, 0.98, 0.9) for rect in full_page)
    with pdfplumber.open(variant_pack.worksheet) as pdf:
        assert any("Italic" in char["fontname"] for page in pdf.pages for char in page.chars)


def _page_size(path: Path) -> tuple[float, float]:
    with pdfplumber.open(path) as pdf:
        return round(pdf.pages[0].width), round(pdf.pages[0].height)


def test_paper_comes_from_the_spec_and_the_command_line_overrides_it(tmp_path: Path) -> None:
    files = build_text(tmp_path, "title: T\npaper: letter\nparts:\n  - type: slide\n    title: A\n")
    assert _page_size(files.worksheet) == _page_size(files.answers) == (612, 792)
    again = build_pack(
        files.folder.parent.parent / "lesson.yaml", tmp_path / "a4", options=BuildOptions("a4")
    )
    assert _page_size(again.worksheet) == (595, 842)


def test_variants_named_in_the_spec_are_built(tmp_path: Path) -> None:
    files = build_text(tmp_path, "title: T\nvariants: [dyslexia]\nparts:\n  - type: slide\n    title: A\n")
    assert list(files.variants) == ["dyslexia"]
    assert files.variants["dyslexia"].is_file()


def test_an_unknown_variant_in_the_spec_is_located(tmp_path: Path) -> None:
    spec = tmp_path / "lesson.yaml"
    spec.write_text("title: T\nvariants: [big]\nparts:\n  - type: slide\n    title: A\n", encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        build_pack(spec, tmp_path / "out", "lesson.yaml")
    assert [str(problem) for problem in raised.value.problems] == [
        "lesson.yaml:2:12: variants[1]: 'big' is not one of the choices: 'large-print' or 'dyslexia'"
    ]


def test_the_command_line_refuses_an_unknown_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("lesson.yaml").write_text("title: T\nparts:\n  - type: slide\n    title: A\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["build", "lesson.yaml", "--variants", "large-print,huge"])
    assert stopped.value.code == 2
    assert "no variant called huge" in capsys.readouterr().err
    assert main(["build", "lesson.yaml", "--variants", "large-print", "--paper", "letter"]) == 0
    assert Path("output/lesson/lesson-worksheet-large-print.pdf").is_file()


@pytest.mark.parametrize("sheet", sorted(VARIANTS))
def test_no_variant_prints_text_over_text_or_near_the_edge(sheet: str, variant_pack) -> None:
    pages = read_pdf(variant_pack.variants[sheet])
    assert overlapping_lines(pages)[:10] == []
    assert outside_area(pages, PRINTABLE_MARGIN)[:10] == []
