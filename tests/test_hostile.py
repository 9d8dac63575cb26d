"""Specs from colleagues or the internet: whatever comes in, a located message and nothing harmed."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
import yaml
from conftest import output_listing
from PIL import Image

from generator.build import build_pack, load_lesson
from generator.cli import main
from generator.errors import SpecError
from generator.outputs import pack_name

SLIDE_WITH_IMAGE = """\
title: T
parts:
  - type: slide
    title: A picture
    image: {image}
    image_alt: A picture
"""


def problems_for(spec: Path) -> list[str]:
    with pytest.raises(SpecError) as raised:
        load_lesson(spec, spec.name)
    return [str(problem) for problem in raised.value.problems]


def png_claiming(path: Path, width: int, height: int) -> None:
    """A tiny PNG whose header claims huge dimensions: what a decompression bomb looks like."""
    Image.new("L", (1, 1)).save(path)
    data = bytearray(path.read_bytes())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    path.write_bytes(bytes(data))


def test_a_symlink_out_of_the_lesson_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    Image.new("RGB", (4, 4)).save(outside)
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    (lesson / "inside.png").symlink_to(outside)
    spec = lesson / "lesson.yaml"
    spec.write_text(SLIDE_WITH_IMAGE.format(image="inside.png"), encoding="utf-8")
    assert problems_for(spec) == [
        "lesson.yaml:5:12: parts[1].image: the image must be inside the lesson's folder"
    ]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    png_claiming(tmp_path / "bomb.png", 30_000, 30_000)
    spec = tmp_path / "lesson.yaml"
    spec.write_text(SLIDE_WITH_IMAGE.format(image="bomb.png"), encoding="utf-8")
    assert problems_for(spec) == [
        "lesson.yaml:5:12: parts[1].image: bomb.png has too many pixels; use an image under 16 megapixels"
    ]


def test_a_png_just_over_the_pixel_limit_is_refused(tmp_path: Path) -> None:
    """A PNG is decoded whole, so its limit is lower than a JPEG's (generator.pictures)."""
    png_claiming(tmp_path / "big.png", 4_000, 4_001)
    spec = tmp_path / "lesson.yaml"
    spec.write_text(SLIDE_WITH_IMAGE.format(image="big.png"), encoding="utf-8")
    assert problems_for(spec)[0].endswith("big.png has too many pixels; use an image under 16 megapixels")


def test_alias_expansion_is_refused_within_a_second_and_a_few_megabytes(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    spec = tmp_path / "bomb.yaml"
    spec.write_text("\n".join(lines) + "\ntitle: *a9\nparts: []\n", encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SpecError) as raised:
        load_lesson(spec)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "aliases" in raised.value.problems[0].message
    assert elapsed < 1.0
    assert peak < 8 * 1024 * 1024


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("Lesson 1: <Stalin>.yaml", "Lesson-1-Stalin"),
        ("..yaml", "lesson"),
        ("...hidden.yaml", "hidden"),
        ("café – unit 2.yaml", "café-unit-2"),
        ("cafe\u0301.yaml", "café"),
        ("Ιστορία.yaml", "Ιστορία"),
        ("История 1917.yaml", "История-1917"),
    ],
)
def test_pack_folders_are_named_safely_inside_the_output_folder(
    tmp_path: Path, file_name: str, expected: str
) -> None:
    assert pack_name(Path(file_name)) == expected
    spec = tmp_path / file_name
    spec.write_text("title: T\nparts:\n  - type: slide\n    title: A\n", encoding="utf-8")
    output = tmp_path / "out"
    files = build_pack(spec, output)
    assert files.folder.parent == output
    assert output_listing(output) == [expected]


BAD_SPECS = {
    "syntax": "title: T\nparts:\n  - type: slide\n    title: 'unclosed\n",
    "tag": "title: !!python/object/apply:os.system ['echo hi']\nparts: []\n",
    "deep": "title: T\nparts: " + "[" * 200 + "]" * 200 + "\n",
    "very deep": "title: T\nparts: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "type": "title: T\nparts:\n  - type: quesions\n",
    "image": "title: T\nparts:\n  - type: slide\n    title: A\n    image: ../../etc/passwd\n"
    "    image_alt: x\n",
}


@pytest.mark.parametrize("case", sorted(BAD_SPECS))
def test_a_bad_spec_exits_2_with_a_located_message_and_no_traceback(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text(BAD_SPECS[case], encoding="utf-8")
    assert main(["build", "bad.yaml", "-o", "out"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("bad.yaml:")
    assert "Traceback" not in error
    assert not Path("out").exists() or list(Path("out").iterdir()) == []


def _questions_spec(path: Path, count: int) -> Path:
    questions = [
        {
            "prompt": f"Question {index}: why did this happen?",
            "answer": f"Because of reason {index}.",
            "marks": 2,
        }
        for index in range(count)
    ]
    path.write_text(
        yaml.safe_dump({"title": "Scale", "parts": [{"type": "questions", "questions": questions}]})
    )
    return path


def test_a_5000_question_spec_builds_in_time_linear_in_its_size(tmp_path: Path) -> None:
    """A generous bound: ten times the questions may take up to thirty times as long (quadratic
    work would take about a hundred times). The figures themselves are in docs/performance.md."""
    timings = {}
    for count in (500, 5000):
        spec = _questions_spec(tmp_path / f"scale-{count}.yaml", count)
        started = time.perf_counter()
        files = build_pack(spec, tmp_path / "out")
        timings[count] = time.perf_counter() - started
        assert files.worksheet.stat().st_size > 0
    assert timings[5000] < 30 * timings[500], timings
