"""The fitted slides drawn as the pages of a PDF, for the preview: the geometry and the sizes the
deck writer uses, drawn with reportlab instead of written through python-pptx and an office suite.

A sketch, not the deck: the text, tables, pictures and shapes sit where the deck puts them, at
the sizes it sets, in the measured face, on a plain white slide (a template's background and
colours are left out).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from generator.deck.fit import (
    CELL_INSET_X,
    CELL_INSET_Y,
    INSET_X,
    INSET_Y,
    LINE_HEIGHT,
    SLIDE_WIDTH,
    Box,
    FittedSlide,
    FittedTable,
    FittedText,
    bullet_indent,
    paragraph_gap,
)
from generator.deck.plan import Shape
from generator.fonts import CARLITO, Face, font_name, slide_lines

INK = (0.13, 0.13, 0.13)
RULE = (0.55, 0.55, 0.55)
HEADER_FILL = (0.87, 0.9, 0.95)


def _text_lines(
    canvas: Any, lines: Sequence[str], box: Box, size: float, height: float, bold: bool, face: Face
) -> None:
    """Lines of one paragraph from the top of `box`, each at its baseline; `height` is the slide's."""
    canvas.setFont(font_name(face, bold), size)
    for row, text in enumerate(lines):
        baseline = box.top + size * LINE_HEIGHT * row + size
        canvas.drawString(box.left, height - baseline, text)


def _draw_text(canvas: Any, text: FittedText, height: float) -> None:
    top = text.box.top + INSET_Y
    width = (text.box.width - 2 * INSET_X) * 0.97
    for index, line in enumerate(text.lines):
        top += paragraph_gap(line, text.size) if index else 0.0
        indent = bullet_indent(line, text.size)
        rows = slide_lines(line.text, text.size, width - indent, False, text.face)
        left = text.box.left + INSET_X + indent
        if line.bullet and line.verse is None:
            bullet = Box(left - text.size * 0.9, top, text.size, text.size)
            _text_lines(canvas, ["•"], bullet, text.size, height, False, text.face)
        _text_lines(canvas, rows, Box(left, top, width - indent, 0), text.size, height, False, text.face)
        top += len(rows) * text.size * LINE_HEIGHT


def _draw_table(canvas: Any, table: FittedTable, height: float, face: Face) -> None:
    top = table.box.top
    rows = zip((table.columns, *table.rows), table.heights, strict=False)
    for number, (cells, row_height) in enumerate(rows):
        left = table.box.left
        if number == 0:
            canvas.setFillColorRGB(*HEADER_FILL)
            canvas.rect(left, height - top - row_height, sum(table.widths), row_height, stroke=0, fill=1)
            canvas.setFillColorRGB(*INK)
        for cell, width in zip(cells, table.widths, strict=False):
            canvas.setStrokeColorRGB(*RULE)
            canvas.rect(left, height - top - row_height, width, row_height, stroke=1, fill=0)
            inner = width - 2 * CELL_INSET_X
            lines = slide_lines(cell, table.size, inner, number == 0, face)
            box = Box(left + CELL_INSET_X, top + CELL_INSET_Y, inner, 0)
            _text_lines(canvas, lines, box, table.size, height, number == 0, face)
            left += width
        top += row_height


def _draw_shape(canvas: Any, shape: Shape, height: float, face: Face) -> None:
    canvas.setDash(4, 3) if shape.dashed else canvas.setDash()
    canvas.setStrokeColorRGB(*INK)
    bottom = height - shape.top - shape.height
    if shape.kind == "line":
        canvas.line(shape.left, height - shape.top, shape.left + shape.width, bottom)
    elif shape.kind == "dot":
        canvas.setFillColorRGB(*INK)
        canvas.ellipse(shape.left, bottom, shape.left + shape.width, bottom + shape.height, stroke=0, fill=1)
    elif shape.kind == "box":
        canvas.rect(shape.left, bottom, shape.width, shape.height, stroke=1, fill=0)
    canvas.setDash()
    if shape.text:
        rows = slide_lines(shape.text, shape.size, shape.width - 2 * INSET_X, shape.bold, face)
        block = len(rows) * shape.size * LINE_HEIGHT
        top = shape.top + max((shape.height - block) / 2, 0)
        canvas.setFillColorRGB(*INK)
        for row, text in enumerate(rows):
            baseline = height - (top + shape.size * LINE_HEIGHT * row + shape.size)
            if shape.align == "center":
                canvas.setFont(font_name(face, shape.bold), shape.size)
                canvas.drawCentredString(shape.left + shape.width / 2, baseline, text)
            else:
                canvas.setFont(font_name(face, shape.bold), shape.size)
                canvas.drawString(shape.left + INSET_X, baseline, text)


def _draw_picture(canvas: Any, slide: FittedSlide, height: float) -> None:
    if slide.picture is None or slide.picture_box is None:
        return
    box = slide.picture_box
    canvas.drawImage(
        str(slide.picture.path),
        box.left,
        height - box.top - box.height,
        box.width,
        box.height,
        preserveAspectRatio=True,
        mask="auto",
    )


def slides_pdf(slides: Sequence[FittedSlide], height: float, face: Face = CARLITO) -> bytes:
    """One page per slide, SLIDE_WIDTH by `height` points (the deck's canvas)."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(SLIDE_WIDTH, height), invariant=True, pageCompression=0)
    for slide in slides:
        canvas.setFillColorRGB(*INK)
        centred = slide.kind == "title"
        rows = slide_lines(slide.title, slide.title_size, slide.title_box.width - 2 * INSET_X, True, face)
        block = len(rows) * slide.title_size * LINE_HEIGHT
        box = slide.title_box
        top = box.top + max((box.height - block) / 2, INSET_Y)
        canvas.setFont(font_name(face, True), slide.title_size)
        for row, text in enumerate(rows):
            baseline = height - (top + slide.title_size * LINE_HEIGHT * row + slide.title_size)
            if centred:
                canvas.drawCentredString(box.left + box.width / 2, baseline, text)
            else:
                canvas.drawString(box.left + INSET_X, baseline, text)
        if slide.text is not None:
            _draw_text(canvas, slide.text, height)
        if slide.table is not None:
            _draw_table(canvas, slide.table, height, face)
        for shape in slide.shapes:
            _draw_shape(canvas, shape, height, face)
        _draw_picture(canvas, slide, height)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
