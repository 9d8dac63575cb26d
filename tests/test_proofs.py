"""`make proofs`: a PNG of every slide and every page, named after its file and page, replacing the
last run's proofs; a plain message naming what to install when LibreOffice or poppler is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import read_pdf, require_tool, write_spec
from PIL import Image
from pptx import Presentation

from generator import proofs
from generator.build import BuildOptions, build_pack

LESSON = """
title: Proofs
parts:
  - type: slide
    title: A slide to look at
    bullets: [One, Two]
  - type: questions
    questions:
      - {prompt: What is two and two, answer: Four, marks: 1}
"""


def _numbered(stem: str, count: int) -> list[str]:
    """pdftoppm's names: the page number padded to the width of the last one."""
    return [f"{stem}-{page:0{len(str(count))}d}.png" for page in range(1, count + 1)]


@pytest.mark.clients
def test_proofs_show_every_slide_and_page_and_replace_the_old_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_tool("soffice")
    require_tool("pdftoppm")
    output = tmp_path / "output"
    files = build_pack(write_spec(tmp_path, LESSON), output, options=BuildOptions(variants=("dyslexia",)))
    old = files.folder / "proofs" / "lesson-slides-99.png"
    old.parent.mkdir()
    old.write_bytes(b"an old proof")
    mine = files.folder / "proofs" / "slide 3 circled.png"
    mine.write_bytes(b"the teacher's own picture")

    assert proofs.main([str(output)]) == 0

    folder = files.folder / "proofs"
    slides = len(Presentation(str(files.slides)).slides)
    expected = _numbered("lesson-slides", slides)
    expected += _numbered("lesson-slides-pupils", len(Presentation(str(files.pupil_slides)).slides))
    for pdf in (files.answers, files.worksheet, files.variants["dyslexia"]):
        expected += _numbered(pdf.stem, len(read_pdf(pdf)))
    assert sorted(path.name for path in folder.iterdir()) == sorted([*expected, mine.name, "index.html"])
    assert mine.read_bytes() == b"the teacher's own picture", "only pictures of the pack's files are replaced"
    for name in expected:
        with Image.open(folder / name) as picture:
            landscape = picture.width > picture.height
            assert landscape is name.startswith("lesson-slides"), name
            darkest, _ = picture.convert("L").getextrema()
            assert darkest < 100, f"{name} is blank"
    assert f"{len(expected)} pictures" in capsys.readouterr().out
    with Image.open(folder / "lesson-worksheet-1.png") as page:
        assert page.width == pytest.approx(210 / 25.4 * 110, abs=2), "A4 at 110 dpi, sharp enough to read"
    index = (folder / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img src="([^"]+)"', index)
    in_order = [
        "lesson-slides",
        "lesson-slides-pupils",
        "lesson-worksheet",
        "lesson-worksheet-dyslexia",
        "lesson-answers",
    ]
    assert shown == [name for stem in in_order for name in expected if name.rpartition("-")[0] == stem]


def test_missing_programs_are_named_with_how_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(proofs.shutil, "which", lambda name: None)
    assert proofs.main([str(tmp_path)]) == 2
    message = capsys.readouterr().err
    assert "needs soffice" in message and "libreoffice" in message
    assert "needs pdftoppm" in message and "poppler-utils" in message
    assert "Traceback" not in message


def test_an_output_folder_with_no_packs_says_to_build_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(proofs.shutil, "which", lambda name: name)
    assert proofs.main([str(tmp_path)]) == 2
    assert "no lesson packs in" in capsys.readouterr().err
