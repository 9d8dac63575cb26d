"""Fits each planned slide to the page: measured text sizes, and continuation slides when it is too long.

Office suites disagree about autofit, so nothing is left to it: every size is chosen here from
Carlito's real metrics (Calibri's twin) and written explicitly. Where the title and the content go
comes from the slide's `Design` (the deck's layout), so a school's 4:3 template fits as well as
our own 16:9 deck.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from generator.columns import column_widths
from generator.deck.plan import Grid, Line, Picture, Shape, SlidePlan
from generator.errors import Problem, SpecPath
from generator.fonts import CARLITO, Face, line_groups, slide_lines

SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
"""Our own deck's size (16:9); a template brings its own."""
MARGIN = 36.0
TITLE_TOP = 20.0
TITLE_HEIGHT = 84.0
BODY_TOP = 112.0
BODY_BOTTOM = 512.0
PICTURE_WIDTH = 340.0
"""A picture's width beside text on our own deck; on other decks the same share of the body."""
GAP = 18.0
INSET_X = 7.2
INSET_Y = 3.6
LINE_HEIGHT = 1.22
"""Single line spacing of Calibri and Carlito, as a multiple of the font size."""
PARAGRAPH_GAP = 0.3
"""Space before each paragraph after the first, as a multiple of the font size."""
SAFETY = 0.94
"""Leave a little room: renderers round line positions differently."""

TITLE_SIZES = (32.0, 30.0, 28.0, 26.0, 24.0)
BODY_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0, 18.0)
TABLE_SIZES = (20.0, 18.0, 16.0, 14.0)
TITLE_MAX_LINES = 2
BELOW_FLOOR_SIZES = (22.0, 20.0, 18.0, 16.0, 14.0, 12.0)
"""Last resorts for a title too long to fit at its floor size: it is set smaller, with a warning,
rather than run off the slide."""
CELL_INSET_X = 5.0
CELL_INSET_Y = 3.0


VERSE_MARGIN = 1.8
"""Ems left of a verse line for its number (up to three digits)."""
VERSE_HANG = 1.0
"""Ems further in for the rest of a verse line too long for one line of the slide."""


def bullet_indent(line: Line, size: float) -> float:
    """How far a paragraph's text starts from the box's left edge (a wrapped verse line's
    continuation, which is the narrowest)."""
    if line.verse is not None:
        return size * (VERSE_MARGIN + VERSE_HANG)
    if not line.bullet:
        return 0.0
    return size * (1.0 + 1.4 * line.level)


def paragraph_gap(line: Line, size: float) -> float:
    """The space above a paragraph that follows another: none between the lines of a stanza, a
    blank line's height at a stanza break."""
    if line.verse is None:
        return size * PARAGRAPH_GAP
    return size * LINE_HEIGHT if line.verse.stanza else 0.0


class DoesNotFitError(Exception):
    """Text that cannot fit a slide at any size we allow (a title, a table row, a card, an
    event): the teacher must shorten it. `origin` is the part of the spec it comes from."""

    def __init__(self, message: str, origin: SpecPath = ()) -> None:
        super().__init__(message)
        self.problem = Problem(origin, message)


def _below(floor: float) -> tuple[float, ...]:
    return tuple(size for size in BELOW_FLOOR_SIZES if size < floor)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float


BODY = Box(MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
"""Where a slide's content goes, below the title, on our own deck: the body parts check their
layout against when a spec is validated (a template's body is checked again at build time)."""
TITLE = Box(MARGIN, TITLE_TOP, SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT)
OPENING_TITLE = Box(MARGIN, 130.0, SLIDE_WIDTH - 2 * MARGIN, 150.0)
OPENING_DETAILS = Box(MARGIN, 300.0, SLIDE_WIDTH - 2 * MARGIN, 150.0)
"""The title slide's title and the lesson's details under it, on our own deck."""


@dataclass(frozen=True)
class Design:
    """Which of the deck's layouts a slide is drawn on (its position counting every master's
    layouts in turn), and where that layout puts the title and the content."""

    layout: int
    title: Box
    body: Box
    text_placeholder: tuple[str, int] | None = None
    """The type and idx of the layout's placeholder that `body` is, to hold the text in the
    template's style."""
    face: Face = CARLITO
    """What the deck's text is measured with: the metric twin of the face it is drawn in."""


def picture_split(body: Box) -> tuple[Box, Box]:
    """The text's box and the picture's box when a picture stands on the right of the body."""
    width = body.width * PICTURE_WIDTH / BODY.width
    text = Box(body.left, body.top, body.width - width - GAP, body.height)
    return text, Box(body.left + body.width - width, body.top, width, body.height)


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[Line, ...]
    box: Box
    face: Face = CARLITO


@dataclass(frozen=True)
class FittedTable:
    size: float
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    """Header first, then each row, in points."""
    box: Box
    split_rows: bool = False
    """Whether a row too tall for a slide was cut to carry on over the next."""


@dataclass(frozen=True)
class FittedSlide:
    title: str
    title_size: float
    title_box: Box
    text: FittedText | None = None
    table: FittedTable | None = None
    picture: Picture | None = None
    picture_box: Box | None = None
    shapes: tuple[Shape, ...] = ()
    notes: str = ""
    kind: str = "content"
    origin: SpecPath = ()
    layout: int = 0
    """The position of its layout among all the deck's layouts (generator.deck.layouts)."""
    text_placeholder: tuple[str, int] | None = None


def text_height(
    lines: Sequence[Line], size: float, width: float, bold: bool = False, face: Face = CARLITO
) -> float:
    """The height the paragraphs take in a box of this inner width."""
    total = 0.0
    for index, line in enumerate(lines):
        rows = len(slide_lines(line.text, size, width - bullet_indent(line, size), bold, face))
        total += rows * size * LINE_HEIGHT + (paragraph_gap(line, size) if index else 0.0)
    return total


def wrapped_rows(text: FittedText) -> int:
    """How many lines of type the text takes on its slide, counting each wrapped line."""
    inner_width = (text.box.width - 2 * INSET_X) * 0.97
    return sum(
        len(slide_lines(line.text, text.size, inner_width - bullet_indent(line, text.size), False, text.face))
        for line in text.lines
    )


def _fits(lines: Sequence[Line], size: float, box: Box, face: Face) -> bool:
    inner_width = (box.width - 2 * INSET_X) * 0.97
    return text_height(lines, size, inner_width, False, face) <= (box.height - 2 * INSET_Y) * SAFETY


def fit_title(title: str, box: Box, sizes: Sequence[float] = TITLE_SIZES, face: Face = CARLITO) -> float:
    """The largest size at which the title takes at most two lines, and no more than the box
    holds (a template's title box may be too short for two); failing that, the largest below the
    floor at which it fits its box at all."""
    inner = (box.width - 2 * INSET_X) * 0.97
    for size in sizes:
        rows = len(slide_lines(title, size, inner, True, face))
        if rows <= TITLE_MAX_LINES and rows * size * LINE_HEIGHT <= box.height:
            return size
    for size in _below(sizes[-1]):
        rows = len(slide_lines(title, size, inner, True, face))
        if rows * size * LINE_HEIGHT <= (box.height - 2 * INSET_Y) * SAFETY:
            return size
    raise DoesNotFitError("this title is too long to fit on a slide: shorten it")


def _split_line(line: Line, size: float, box: Box, face: Face) -> list[Line]:
    """Cut one paragraph too long for a whole slide into pieces that each fill a slide: its lines
    are set once and taken a slideful at a time, so a paragraph of any length costs its length.
    Every piece is measured at the paragraph's own indent; only the first keeps its bullet."""
    inner_width = (box.width - 2 * INSET_X) * 0.97 - bullet_indent(Line("", line.level, line.bullet), size)
    texts = line_groups(" ".join(line.text.split()), size, inner_width, _rows_within(box, size), False, face)
    return [Line(text, line.level, line.bullet and not index) for index, text in enumerate(texts)]


def _rows_within(box: Box, size: float) -> int:
    """The most lines of type at this size that one paragraph may take in the box (at least one)."""
    limit = (box.height - 2 * INSET_Y) * SAFETY
    rows = int(limit // (size * LINE_HEIGHT))
    while (rows + 1) * size * LINE_HEIGHT <= limit:
        rows += 1
    while rows > 1 and rows * size * LINE_HEIGHT > limit:
        rows -= 1
    return max(rows, 1)


def paginate_text(lines: Sequence[Line], box: Box, face: Face = CARLITO) -> list[FittedText]:
    """One page at the largest size that fits; else evenly filled pages at the floor size."""
    for size in BODY_SIZES:
        if _fits(lines, size, box, face):
            return [FittedText(size, tuple(lines), box, face)]
    size = BODY_SIZES[-1]
    pieces = [
        piece
        for line in lines
        for piece in ([line] if _fits([line], size, box, face) else _split_line(line, size, box, face))
    ]
    inner_width = (box.width - 2 * INSET_X) * 0.97
    gaps = [paragraph_gap(piece, size) for piece in pieces]
    heights = [
        text_height([piece], size, inner_width, False, face) + gap
        for piece, gap in zip(pieces, gaps, strict=True)
    ]
    pages = balanced_pages(heights, (box.height - 2 * INSET_Y) * SAFETY + min(gaps))
    return [FittedText(size, tuple(pieces[index] for index in page), box, face) for page in pages]


def _row_height(
    cells: Sequence[str], widths: Sequence[float], size: float, bold: bool, face: Face = CARLITO
) -> float:
    tallest = max(
        len(slide_lines(text, size, _cell_width(width), bold, face))
        for text, width in zip(cells, widths, strict=True)
    )
    return tallest * size * LINE_HEIGHT + 2 * CELL_INSET_Y + 2.0


def balanced_pages(heights: Sequence[float], limit: float) -> list[list[int]]:
    """Indices grouped into as few pages as fit under `limit`, evened out so no page is a straggler."""

    def pack(cap: float) -> list[list[int]]:
        pages: list[list[int]] = [[]]
        used = 0.0
        for index, height in enumerate(heights):
            if pages[-1] and used + height > cap:
                pages.append([])
                used = 0.0
            pages[-1].append(index)
            used += height
        return pages

    fewest = pack(limit)
    if len(fewest) == 1:
        return fewest
    even = pack(min(limit, sum(heights) / len(fewest) + max(heights) / 2))
    return even if len(even) == len(fewest) else fewest


def _cell_width(width: float) -> float:
    return width - 2 * CELL_INSET_X - 1


def _split_tall_rows(
    grid: Grid, sizing: Grid, widths: Sequence[float], size: float, room: float, face: Face
) -> tuple[Grid, Grid]:
    """Each row taller than `room` cut at line breaks into rows that fit, so a long row carries on
    over the next slide instead of running off this one. The shown and the sizing grid are cut
    alike, so a blank task table and its filled reveal keep the same rows."""
    per_piece = int((room - 2 * CELL_INSET_Y - 2.0) // (size * LINE_HEIGHT))
    if per_piece < 1:
        raise DoesNotFitError("this table's header leaves no room for its rows on a slide: shorten it")

    def pieces(cell: str, width: float) -> list[str]:
        return line_groups(cell, size, _cell_width(width), per_piece, False, face)

    shown_rows: list[tuple[str, ...]] = []
    sizing_rows: list[tuple[str, ...]] = []
    for shown, measured in zip(grid.rows, sizing.rows, strict=True):
        if _row_height(measured, widths, size, False, face) <= room:
            shown_rows.append(shown)
            sizing_rows.append(measured)
            continue
        cut = [
            [pieces(cell, width) for cell, width in zip(row, widths, strict=True)]
            for row in (shown, measured)
        ]
        count = max(len(cell) for row in cut for cell in row)
        for index in range(count):
            shown_rows.append(tuple(cell[index] if index < len(cell) else "" for cell in cut[0]))
            sizing_rows.append(tuple(cell[index] if index < len(cell) else "" for cell in cut[1]))
    return replace(grid, rows=tuple(shown_rows)), replace(sizing, rows=tuple(sizing_rows))


def paginate_table(grid: Grid, sizing: Grid, box: Box, face: Face = CARLITO) -> list[FittedTable]:
    """The largest size at which the whole table fits one slide; else rows spread over slides at
    the floor size with the header repeated, and a row taller than a slide cut to carry on."""
    limit = box.height * SAFETY
    columns = [[row[index] for row in sizing.rows] for index in range(len(sizing.columns))]
    weights = sizing.widths or tuple(1.0 for _ in sizing.columns)
    for size in TABLE_SIZES:
        widths = column_widths(weights, sizing.columns, columns, box.width, size, 2 * CELL_INSET_X + 2, face)
        header = _row_height(grid.columns, widths, size, True, face)
        heights = [_row_height(row, widths, size, False, face) for row in sizing.rows]
        if header + sum(heights) <= limit:
            break
    split = max(heights, default=0.0) > limit - header
    if split:
        grid, sizing = _split_tall_rows(grid, sizing, widths, size, limit - header, face)
        heights = [_row_height(row, widths, size, False, face) for row in sizing.rows]
    pages = balanced_pages(heights, limit - header)
    return [
        FittedTable(
            size,
            grid.columns,
            tuple(grid.rows[index] for index in page),
            widths,
            (header, *(heights[index] for index in page)),
            Box(box.left, box.top, box.width, header + sum(heights[index] for index in page)),
            split,
        )
        for page in pages
    ]


def _beside_picture_first(pages: Sequence[FittedText], whole: Box, face: Face) -> list[FittedText]:
    """The picture stands on the first slide only: fill that one beside it, then let the text
    carry on over the whole width of the slides after it."""
    first = pages[0]
    pieces = [line for page in pages for line in page.lines]
    count = len(first.lines)
    while count < len(pieces) and _fits(pieces[: count + 1], first.size, first.box, face):
        count += 1
    return [
        FittedText(first.size, tuple(pieces[:count]), first.box, face),
        *paginate_text(pieces[count:], whole, face),
    ]


def _fit_title_slide(plan: SlidePlan, design: Design) -> FittedSlide:
    """The opening slide: a large title, the lesson's details in the box below it."""
    title_size = fit_title(plan.title, design.title, (44.0, 40.0, 36.0, *TITLE_SIZES), design.face)
    details = paginate_text(plan.lines, design.body, design.face)[0] if plan.lines else None
    return FittedSlide(
        plan.title,
        title_size,
        design.title,
        text=details,
        notes=plan.notes,
        kind="title",
        origin=plan.origin,
        layout=design.layout,
        text_placeholder=design.text_placeholder,
    )


def fit_slide(plan: SlidePlan, continued: Callable[[str, int], str], design: Design) -> list[FittedSlide]:
    """The slide as one or more fitted slides; `continued(title, n)` titles the n-th of them."""
    try:
        return _fit(plan, continued, design)
    except DoesNotFitError as error:
        raise DoesNotFitError(error.problem.message, plan.origin) from None


def _fit(plan: SlidePlan, continued: Callable[[str, int], str], design: Design) -> list[FittedSlide]:
    if plan.kind == "title":
        return [_fit_title_slide(plan, design)]
    title_box = design.title
    body = design.body
    face = design.face
    picture_box = None
    if plan.picture:
        body, picture_box = picture_split(body)
    texts: list[FittedText | None] = [None]
    tables: list[FittedTable | None] = [None]
    if plan.grid is not None:
        intro_height = 0.0
        if plan.lines:
            intro_size = TABLE_SIZES[0]
            intro_height = (
                text_height(plan.lines, intro_size, body.width - 2 * INSET_X, False, face) + 2 * INSET_Y + 6
            )
            intro_box = Box(body.left, body.top, body.width, intro_height)
            texts = [FittedText(intro_size, plan.lines, intro_box, face)]
        table_box = Box(body.left, body.top + intro_height, body.width, body.height - intro_height)
        pages = paginate_table(plan.grid, plan.sizing_grid or plan.grid, table_box, face)
        if plan.lines and any(page.box.height > table_box.height for page in pages):
            # The intro leaves too little room for a row (a template's body may be short):
            # the intro goes on a slide of its own, the table on the whole body after it.
            texts = list(paginate_text(plan.lines, body, face))
            pages = paginate_table(plan.grid, plan.sizing_grid or plan.grid, body, face)
            tables = [None] * len(texts) + list(pages)
            texts += [None] * len(pages)
        else:
            tables = list(pages)
            texts += [None] * (len(pages) - 1)
    elif plan.lines:
        text_pages = paginate_text(plan.lines, body, face)
        if picture_box and len(text_pages) > 1:
            text_pages = _beside_picture_first(text_pages, design.body, face)
        texts = list(text_pages)
        tables = [None] * len(texts)
    slides = []
    for index, (text, table) in enumerate(zip(texts, tables, strict=True)):
        title = plan.title if index == 0 else continued(plan.title, index + 1)
        slides.append(
            FittedSlide(
                title=title,
                title_size=fit_title(title, title_box, TITLE_SIZES, face),
                title_box=title_box,
                text=text,
                table=table,
                picture=plan.picture if index == 0 else None,
                picture_box=picture_box if index == 0 else None,
                shapes=plan.shapes if index == 0 else (),
                notes=plan.notes if index == 0 else "",
                kind=plan.kind,
                origin=plan.origin,
                layout=design.layout,
                text_placeholder=design.text_placeholder,
            )
        )
    return slides
