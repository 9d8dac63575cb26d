"""Fitted slides moved from the canvas they were fitted on (as wide as our own deck) to the deck's
real slide: every box and type size times the deck's scale, so a 10-inch slide shows what a
13.33-inch one would, smaller, and nothing measured changes."""

from __future__ import annotations

from dataclasses import replace

from generator.deck.fit import Box, FittedSlide
from generator.deck.plan import Shape


def _box(box: Box, scale: float) -> Box:
    return Box(box.left * scale, box.top * scale, box.width * scale, box.height * scale)


def _shape(shape: Shape, scale: float) -> Shape:
    return replace(
        shape,
        left=shape.left * scale,
        top=shape.top * scale,
        width=shape.width * scale,
        height=shape.height * scale,
        size=shape.size * scale,
    )


def on_slide(slide: FittedSlide, scale: float) -> FittedSlide:
    """The slide at the deck's real size."""
    if scale == 1.0:
        return slide
    text = slide.text
    table = slide.table
    return replace(
        slide,
        title_size=slide.title_size * scale,
        title_box=_box(slide.title_box, scale),
        text=text and replace(text, size=text.size * scale, box=_box(text.box, scale)),
        table=table
        and replace(
            table,
            size=table.size * scale,
            widths=tuple(width * scale for width in table.widths),
            heights=tuple(height * scale for height in table.heights),
            box=_box(table.box, scale),
        ),
        picture_box=slide.picture_box and _box(slide.picture_box, scale),
        shapes=tuple(_shape(shape, scale) for shape in slide.shapes),
    )
