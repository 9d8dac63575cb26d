"""Text in drawn boxes on slides, fitted by measuring: shared by the card sort and the timeline,
whose slides are shapes placed by the part rather than text fitted by generator.deck.fit."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from generator.columns import widest_word
from generator.deck.fit import CELL_INSET_X, CELL_INSET_Y, LINE_HEIGHT, Box, DoesNotFitError
from generator.deck.plan import Line, Shape, SlidePlan
from generator.fonts import CARLITO, Face, wrap
from generator.part_context import PartContext

SHAPE_SIZES = (24.0, 22.0, 20.0, 18.0, 16.0, 14.0)
"""Text sizes tried for text in drawn boxes, largest first; 14 pt is the least a class can read."""
GAP = 12.0
"""Points between neighbouring boxes on a slide."""
MAX_COLUMNS = 6
INTRO_LIMIT = 130.0
"""Points of the body the instructions may take above drawn shapes; longer ones get a slide of
their own, fitted as text."""


def text_lines(text: str, size: float, width: float, bold: bool = False, face: Face = CARLITO) -> int:
    """Lines the text takes in a drawn box this wide, counting a word too long for a line as the
    lines it is broken over."""
    inner = (width - 2 * CELL_INSET_X) * 0.95 - 1
    lines = wrap(text, size, inner, bold, face)
    extra = 0
    for line in lines:
        longest = widest_word([line], size, bold, face)
        if longest > inner:
            extra += math.ceil(longest / inner) - 1
    return len(lines) + extra


def words_fit(
    texts: Sequence[str], size: float, width: float, bold: bool = False, face: Face = CARLITO
) -> bool:
    """Whether every word fits a drawn box this wide, so no renderer breaks a word."""
    return widest_word(texts, size, bold, face) <= (width - 2 * CELL_INSET_X) * 0.95 - 1


def text_height(lines: int, size: float) -> float:
    """A drawn box's height for this many lines, with its insets and a margin for renderers."""
    return lines * size * LINE_HEIGHT / 0.94 + 2 * CELL_INSET_Y + 2


def box_height(text: str, size: float, width: float, bold: bool = False, face: Face = CARLITO) -> float:
    return text_height(text_lines(text, size, width, bold, face), size)


def intro_shapes(texts: Sequence[str], body: Box, face: Face = CARLITO) -> tuple[list[Shape], float]:
    """Lines of plain text across the top of the body (instructions and the like); returns them
    and the point below them."""
    shapes = []
    top = body.top
    for text in texts:
        size = next(
            (size for size in (20.0, 18.0, 16.0) if text_lines(text, size, body.width, face=face) <= 2), 14.0
        )
        height = box_height(text, size, body.width, face=face)
        shapes.append(Shape("text", body.left, top, body.width, height, text, size, align="left"))
        top += height
    return shapes, top + (6.0 if texts else 0.0)


def _grid(
    texts: Sequence[str], chunk: int, area: Box, size: float, columns: int, whole_words: bool, face: Face
) -> list[list[Shape]] | None:
    """The texts as boxes in a grid, `chunk` to a slide, all boxes alike; None if they do not fit
    (or, with `whole_words`, if a word would have to be broken)."""
    rows = math.ceil(chunk / columns)
    width = (area.width - (columns - 1) * GAP) / columns
    if whole_words and not words_fit(texts, size, width, face=face):
        return None
    needed = max(box_height(text, size, width, face=face) for text in texts)
    if rows * needed + (rows - 1) * GAP > area.height:
        return None
    height = min(needed * 1.4, (area.height - (rows - 1) * GAP) / rows)
    return [
        [
            Shape(
                "box",
                area.left + (index % columns) * (width + GAP),
                area.top + (index // columns) * (height + GAP),
                width,
                height,
                text,
                size,
            )
            for index, text in enumerate(texts[start : start + chunk])
        ]
        for start in range(0, len(texts), chunk)
    ]


def grid_pages(texts: Sequence[str], area: Box, face: Face = CARLITO) -> list[list[Shape]]:
    """The texts as boxes in a grid at the largest size that fits, in about as many columns as
    suit them, over as few slides as keep them at 14 pt or more; words are broken only if a word
    is wider than any box could be."""
    for whole_words in (True, False):
        for pages in range(1, len(texts) + 1):
            chunk = math.ceil(len(texts) / pages)
            ideal = math.sqrt(chunk * 1.6)
            preference = sorted(range(1, min(chunk, MAX_COLUMNS) + 1), key=lambda count: abs(count - ideal))
            for size in SHAPE_SIZES:
                for columns in preference:
                    laid = _grid(texts, chunk, area, size, columns, whole_words, face)
                    if laid is not None:
                        return laid
    raise DoesNotFitError("a text is too long for a slide")


def task_slides(
    context: PartContext, intro: Sequence[str], notes: str, pages: Callable[[float], list[list[Shape]]]
) -> list[SlidePlan]:
    """The task's slides: the intro lines above each page of shapes that `pages` lays out below
    the point it is given; or, if the intro would crowd out the shapes, the intro on a slide of
    its own first. The notes go on the first slide."""
    body = context.body
    shapes, top = intro_shapes(intro, body, context.face)
    plans: list[SlidePlan] = []
    if top - body.top > INTRO_LIMIT:
        plans.append(SlidePlan(context.heading, tuple(Line(text, bullet=False) for text in intro)))
        shapes, top = [], body.top
    plans += [SlidePlan(context.heading, shapes=tuple(shapes + page)) for page in pages(top)]
    titles = continued_titles(context, context.heading, len(plans))
    return [
        replace(plan, title=title, notes=notes if index == 0 else "")
        for index, (plan, title) in enumerate(zip(plans, titles, strict=True))
    ]


def continued_titles(context: PartContext, title: str, count: int) -> list[str]:
    """The title, then "(cont.)" titles for any further slides."""
    later = range(2, count + 1)
    return [title] + [context.wording("slide_continued", title=title, part=part) for part in later]
