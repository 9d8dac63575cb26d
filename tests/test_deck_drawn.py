"""Drawn shapes, written as XML in one piece, read back with python-pptx as PowerPoint sees them.

The reference lessons draw solid lines left to right and top to bottom; these cover the rest:
dashed lines, lines drawn backwards, empty text boxes, left-aligned and bold text, and text that
looks like markup or holds a control character.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from generator.deck.fit import BODY, Box, FittedSlide
from generator.deck.layouts import DeckLayouts
from generator.deck.plan import Shape
from generator.deck.template import open_deck
from generator.deck.writer import write_deck
from generator.metadata import Metadata

SHAPES = (
    Shape("line", 100, 200, 300, 0, dashed=True),
    Shape("line", 400, 300, -200, -100),
    Shape("box", 100, 320, 200, 60, text="<b>Lenin & Trotsky</b>", size=14, bold=True),
    Shape("box", 320, 320, 200, 60, dashed=True),
    Shape("dot", 540, 320, 12, 12),
    Shape("text", 100, 400, 300, 40, text="left\x07aligned", size=16, align="left"),
    Shape("text", 420, 400, 300, 40),
)


def _drawn(tmp_path: Path) -> list[Any]:
    layouts = DeckLayouts(open_deck(None))
    slide = FittedSlide("Drawn", 32.0, Box(36, 20, 888, 84), shapes=SHAPES, layout=layouts.content.layout)
    path = tmp_path / "drawn.pptx"
    write_deck(layouts, [slide], path, Metadata("Drawn", "", "", "en-GB"))
    return [shape for shape in Presentation(str(path)).slides[0].shapes if shape.name.startswith("Drawn")]


def test_every_drawn_shape_is_named_numbered_and_placed(tmp_path: Path) -> None:
    shapes = _drawn(tmp_path)
    assert [shape.name.split()[1] for shape in shapes] == [shape.kind for shape in SHAPES]
    ids = [shape.shape_id for shape in shapes]
    assert len(set(ids)) == len(ids)
    assert all(shape.name.endswith(f" {shape.shape_id}") for shape in shapes)
    dot = shapes[4]
    assert (dot.left, dot.top, dot.width, dot.height) == (Pt(540), Pt(320), Pt(12), Pt(12))
    assert all(BODY.top < Emu(shape.top).pt for shape in shapes)


def test_lines_keep_their_direction_and_dashes(tmp_path: Path) -> None:
    dashed, backwards, *_ = _drawn(tmp_path)
    assert dashed.shape_type == MSO_SHAPE_TYPE.LINE
    assert dashed.line.dash_style == MSO_LINE.DASH
    assert (dashed.begin_x, dashed.end_x) == (Pt(100), Pt(400))
    assert (backwards.begin_x, backwards.begin_y) == (Pt(400), Pt(300))
    assert (backwards.end_x, backwards.end_y) == (Pt(200), Pt(200))
    assert backwards.line.dash_style is None


def test_text_is_text_and_keeps_its_size_weight_and_alignment(tmp_path: Path) -> None:
    shapes = _drawn(tmp_path)
    card, empty_box, dot, label, empty_label = shapes[2], shapes[3], shapes[4], shapes[5], shapes[6]
    run = card.text_frame.paragraphs[0].runs[0]
    assert run.text == "<b>Lenin & Trotsky</b>"
    assert (run.font.size, run.font.bold, run.font.name) == (Pt(14), True, "Calibri")
    assert str(run.font.color.rgb) == "000000"
    assert str(card.fill.fore_color.rgb) == "FFFFFF"
    assert str(dot.fill.fore_color.rgb) == "000000"
    assert empty_box.line.dash_style == MSO_LINE.DASH and empty_box.text_frame.text == ""
    assert label.text_frame.text == "left_x0007_aligned"
    assert label.text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT
    assert empty_label.text_frame.text == ""
