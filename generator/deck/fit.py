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
TITLE_TOP = 14.0
TITLE_HEIGHT = 96.0
"""Room for two lines of title at 36 pt, so a long title never reaches the content."""
BODY_TOP = 116.0
BODY_BOTTOM = 508.0
"""Clear of the slide number at the foot of the slide."""
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

TITLE_SIZES = (36.0, 32.0, 28.0, 24.0)
"""Titles: 36 pt on nearly every slide, a step down only for one too long for two lines."""
BODY_SIZES = (28.0, 24.0, 20.0, 18.0)
"""The type scale of slide text: a few fixed steps, so the size does not change from slide to
slide as a class clicks through; 18 pt only where it saves a slide (a long task, or a school
template's smaller text box), and text longer than a slide at 18 pt carries on over the next."""
ANSWER_SIZES = (28.0, 24.0)
"""Answer slides are read from the back of the room: never smaller than 24 pt, over as many
slides as they need."""
TABLE_SIZES = (28.0, 24.0, 20.0, 18.0)
SHORTER = 0.95
"""A text box less than this share of ours counts as shorter (not one a point or two short)."""
SMALL_BOX_ANSWER = 20.0
SMALL_BOX_TABLE = 16.0
"""One step more for answers and tables on a template whose text box is shorter than ours (a
banner, a footer band): it then holds what ours does, rather than add slides."""
INTRO_SIZE = 20.0
"""Instructions above a table or a task's drawn shapes: the smallest step, under the content."""
TITLE_MAX_LINES = 2
BELOW_FLOOR_SIZES = (22.0, 20.0, 18.0, 16.0, 14.0, 12.0)
"""Last resorts for a title too long to fit at its floor size: it is set smaller, with a warning,
rather than run off the slide."""
CELL_INSET_X = 5.0
CELL_INSET_Y = 3.0
CELL_INSET_EMS = 0.2
"""A table cell's top and bottom inset grows with its text: large type's ascenders stay in the cell."""


def cell_inset_y(size: float) -> float:
    return max(CELL_INSET_Y, size * CELL_INSET_EMS)


VERSE_MARGIN = 1.8
"""Ems left of a verse line for its number (up to three digits)."""
VERSE_HANG = 1.0
"""Ems further in for the rest of a verse line too long for one line of the slide."""


SMALLER_STEP = 4.0
"""Points a credit or an aside is set below the text around it, down to the floor of body text."""
SMALLEST = 18.0
PANEL_INDENT = 0.6
"""Ems a quotation stands in from the panel's edges."""


def line_size(line: Line, size: float) -> float:
    """The size a paragraph is set at when the text around it is `size`."""
    if line.role in ("credit", "aside"):
        return max(size - SMALLER_STEP, min(size, SMALLEST))
    return size


def bullet_indent(line: Line, size: float) -> float:
    """How far a paragraph's text starts from the box's left edge (a wrapped verse line's
    continuation, which is the narrowest)."""
    panel = size * PANEL_INDENT if line.role == "quote" else 0.0
    if line.verse is not None:
        return panel + size * (VERSE_MARGIN + VERSE_HANG)
    if not line.bullet:
        return panel
    return panel + size * (1.0 + 1.4 * line.level)


def right_indent(line: Line, size: float) -> float:
    return size * PANEL_INDENT if line.role == "quote" else 0.0


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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class FittedText:
    size: float
    lines: tuple[Line, ...]
    box: Box
    face: Face = CARLITO


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
    return sum(_paragraph_heights(lines, size, width, bold, face))


def _paragraph_heights(
    lines: Sequence[Line], size: float, width: float, bold: bool = False, face: Face = CARLITO
) -> list[float]:
    """Each paragraph's height with the gap above it (none above the first)."""
    heights = []
    for index, line in enumerate(lines):
        own = line_size(line, size)
        room = width - bullet_indent(line, own) - right_indent(line, own)
        rows = len(slide_lines(line.text, own, room, bold or line.role == "label", face))
        heights.append(rows * own * LINE_HEIGHT + (paragraph_gap(line, own) if index else 0.0))
    return heights


def panels(text: FittedText) -> list[Box]:
    """The tinted panels set behind each run of quoted paragraphs, a little outside their text:
    measured at the text's full width, as suites wrap it, not with fitting's margin for error."""
    inner_width = text.box.width - 2 * INSET_X
    heights = _paragraph_heights(text.lines, text.size, inner_width, False, text.face)
    found: list[Box] = []
    top = text.box.top + INSET_Y
    pad = text.size * 0.3
    start: float | None = None
    for index, (line, height) in enumerate(zip(text.lines, heights, strict=True)):
        gap = paragraph_gap(line, line_size(line, text.size)) if index else 0.0
        if line.role == "quote" and start is None:
            start = top + gap
        top += height
        ends = index + 1 == len(text.lines) or text.lines[index + 1].role != "quote"
        if line.role == "quote" and ends and start is not None:
            found.append(Box(text.box.left + INSET_X, start - pad, inner_width, top - start + 2 * pad))
            start = None
    return found


def wrapped_rows(text: FittedText) -> int:
    """How many lines of type the text takes on its slide, counting each wrapped line."""
    inner_width = (text.box.width - 2 * INSET_X) * 0.97
    return sum(
        len(
            slide_lines(
                line.text,
                line_size(line, text.size),
                inner_width - bullet_indent(line, text.size),
                False,
                text.face,
            )
        )
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
        if rows <= TITLE_MAX_LINES and rows * size * LINE_HEIGHT + 2 * INSET_Y <= box.height:
            return size
    for size in _below(sizes[-1]):
        rows = len(slide_lines(title, size, inner, True, face))
        if rows * size * LINE_HEIGHT <= (box.height - 2 * INSET_Y) * SAFETY:
            return size
    raise DoesNotFitError("this title is too long to fit on a slide: shorten it")


def _split_line(line: Line, size: float, box: Box, face: Face) -> list[Line]:
    """Cut one paragraph too long for a whole slide into pieces that each fill a slide: its lines
    are set once and taken a slideful at a time, so a paragraph of any length costs its length.
    Every piece keeps the paragraph's role and indent; only the first keeps its bullet."""
    own = line_size(line, size)
    inner_width = (box.width - 2 * INSET_X) * 0.97 - bullet_indent(line, own) - right_indent(line, own)
    rows = _rows_within(box, own)
    texts = line_groups(" ".join(line.text.split()), own, inner_width, rows, line.role == "label", face)
    return [replace(line, text=text, bullet=line.bullet and not index) for index, text in enumerate(texts)]


def _rows_within(box: Box, size: float) -> int:
    """The most lines of type at this size that one paragraph may take in the box (at least one)."""
    limit = (box.height - 2 * INSET_Y) * SAFETY
    rows = int(limit // (size * LINE_HEIGHT))
    while (rows + 1) * size * LINE_HEIGHT <= limit:
        rows += 1
    while rows > 1 and rows * size * LINE_HEIGHT > limit:
        rows -= 1
    return max(rows, 1)


def paginate_text(
    lines: Sequence[Line], box: Box, face: Face = CARLITO, sizes: Sequence[float] = BODY_SIZES
) -> list[FittedText]:
    """One page at the largest size that fits; else as few pages as the smallest size needs, at
    the largest size that still fills no more, evened out so no later page holds a lone paragraph."""
    for size in sizes:
        if _fits(lines, size, box, face):
            return [FittedText(size, tuple(lines), box, face)]
    fewest = len(_pages_at(lines, sizes[-1], box, face))
    for size in sizes:
        pages = _pages_at(lines, size, box, face)
        if len(pages) <= fewest:
            return pages
    raise AssertionError("the smallest size always gives the fewest pages")


def _pages_at(lines: Sequence[Line], size: float, box: Box, face: Face) -> list[FittedText]:
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
    limit = (box.height - 2 * INSET_Y) * SAFETY + min(gaps)
    pages = no_lone_paragraphs(balanced_pages(heights, limit), heights, limit)
    return [FittedText(size, tuple(pieces[index] for index in page), box, face) for page in pages]


def no_lone_paragraphs(pages: list[list[int]], heights: Sequence[float], limit: float) -> list[list[int]]:
    """Pages after the first given a second paragraph from the page before where it holds one
    alone, as long as both still fit and the page before keeps two."""
    for number in range(1, len(pages)):
        page, before = pages[number], pages[number - 1]
        if len(page) == 1 and len(before) > 2:
            moved = before[-1]
            if heights[moved] + heights[page[0]] <= limit:
                pages[number - 1], pages[number] = before[:-1], [moved, *page]
    return pages


def _row_height(
    cells: Sequence[str], widths: Sequence[float], size: float, bold: bool, face: Face = CARLITO
) -> float:
    tallest = max(
        len(slide_lines(text, size, _cell_width(width), bold, face))
        for text, width in zip(cells, widths, strict=True)
    )
    return tallest * size * LINE_HEIGHT + 2 * cell_inset_y(size) + 2.0


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


def _split_tall_rows(grid: Grid, widths: Sequence[float], size: float, room: float, face: Face) -> Grid:
    """Each row taller than `room` cut at line breaks into rows that fit, so a long row carries on
    over the next slide instead of running off this one."""
    per_piece = int((room - 2 * cell_inset_y(size) - 2.0) // (size * LINE_HEIGHT))
    if per_piece < 1:
        raise DoesNotFitError("this table's header leaves no room for its rows on a slide: shorten it")

    def pieces(cell: str, width: float) -> list[str]:
        return line_groups(cell, size, _cell_width(width), per_piece, False, face)

    rows: list[tuple[str, ...]] = []
    for row in grid.rows:
        if _row_height(row, widths, size, False, face) <= room:
            rows.append(row)
            continue
        cut = [pieces(cell, width) for cell, width in zip(row, widths, strict=True)]
        count = max(len(cell) for cell in cut)
        rows.extend(tuple(cell[index] if index < len(cell) else "" for cell in cut) for index in range(count))
    return replace(grid, rows=tuple(rows))


def _row_heights(grid: Grid, widths: Sequence[float], size: float, face: Face) -> list[float]:
    """Each row as tall as its text; on a blank task table (`uniform_rows`) every row as tall as
    the tallest, unless that takes more slides. The blank cells are measured empty, so no row's
    height says how long the answer hidden in it is either way."""
    heights = [_row_height(row, widths, size, False, face) for row in grid.rows]
    return [max(heights, default=0.0)] * len(heights) if grid.uniform_rows else heights


def paginate_table(
    grid: Grid, box: Box, face: Face = CARLITO, sizes: Sequence[float] = TABLE_SIZES
) -> list[FittedTable]:
    """The whole table on one slide at the largest size at which it fits; else over as few slides
    as the floor size needs, at the largest size that needs no more, the header repeated, and a
    row taller than a slide cut to carry on."""
    if grid.uniform_rows:
        uniform = _paginated(grid, box, face, sizes)
        natural = _paginated(replace(grid, uniform_rows=False), box, face, sizes)
        return uniform if len(uniform) <= len(natural) else natural
    return _paginated(grid, box, face, sizes)


def _paginated(grid: Grid, box: Box, face: Face, sizes: Sequence[float]) -> list[FittedTable]:
    floor = _table_pages(grid, box, face, sizes[-1])
    for size in sizes:
        pages = _table_pages(grid, box, face, size)
        if len(pages) <= len(floor) and pages[0].split_rows <= floor[0].split_rows:
            return pages
    raise AssertionError("the smallest size always gives the fewest slides")


def _table_pages(grid: Grid, box: Box, face: Face, size: float) -> list[FittedTable]:
    limit = box.height * SAFETY
    columns = [[row[index] for row in grid.rows] for index in range(len(grid.columns))]
    weights = grid.widths or tuple(1.0 for _ in grid.columns)
    widths = column_widths(weights, grid.columns, columns, box.width, size, 2 * CELL_INSET_X + 2, face)
    header = _row_height(grid.columns, widths, size, True, face)
    heights = _row_heights(grid, widths, size, face)
    split = max(heights, default=0.0) > limit - header
    if split:
        grid = _split_tall_rows(grid, widths, size, limit - header, face)
        heights = _row_heights(grid, widths, size, face)
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


def _beside_picture_first(
    pages: Sequence[FittedText], whole: Box, face: Face, sizes: Sequence[float]
) -> list[FittedText]:
    """The picture stands on the first slide only: fill that one beside it, then let the text
    carry on over the whole width of the slides after it."""
    first = pages[0]
    pieces = [line for page in pages for line in page.lines]
    count = len(first.lines)
    while count < len(pieces) and _fits(pieces[: count + 1], first.size, first.box, face):
        count += 1
    return [
        FittedText(first.size, tuple(pieces[:count]), first.box, face),
        *paginate_text(pieces[count:], whole, face, sizes),
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
    small = body.height < BODY.height * SHORTER
    sizes: tuple[float, ...] = ANSWER_SIZES if plan.reveals else BODY_SIZES
    if small and plan.reveals:
        sizes = (*sizes, SMALL_BOX_ANSWER)
    table_sizes = (*TABLE_SIZES, SMALL_BOX_TABLE) if small else TABLE_SIZES
    if plan.grid is not None:
        intro_height = 0.0
        if plan.lines:
            intro_height = (
                text_height(plan.lines, INTRO_SIZE, body.width - 2 * INSET_X, False, face) + 2 * INSET_Y + 6
            )
            intro_box = Box(body.left, body.top, body.width, intro_height)
            texts = [FittedText(INTRO_SIZE, plan.lines, intro_box, face)]
        table_box = Box(body.left, body.top + intro_height, body.width, body.height - intro_height)
        pages = paginate_table(plan.grid, table_box, face, table_sizes)
        if plan.lines and any(page.box.height > table_box.height for page in pages):
            # The intro leaves too little room for a row (a template's body may be short):
            # the intro goes on a slide of its own, the table on the whole body after it.
            texts = list(paginate_text(plan.lines, body, face, sizes))
            pages = paginate_table(plan.grid, body, face, table_sizes)
            tables = [None] * len(texts) + list(pages)
            texts += [None] * len(pages)
        else:
            tables = list(pages)
            texts += [None] * (len(pages) - 1)
    elif plan.lines:
        text_pages = paginate_text(plan.lines, body, face, sizes)
        if picture_box and len(text_pages) > 1:
            text_pages = _beside_picture_first(text_pages, design.body, face, sizes)
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
