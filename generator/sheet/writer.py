"""Writes the worksheet or the answer key to PDF with reportlab: the only module that knows about PDF.

Both documents come from the same blocks; the audience only decides which side of each Reveal is
drawn and whether every page carries the ANSWER KEY banner.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import (
    Table as PdfTable,
)
from reportlab.platypus import (
    TableStyle as PdfTableStyle,
)

from generator.columns import column_widths
from generator.errors import Problem, TooLargeError
from generator.fonts import face, register
from generator.metadata import Metadata
from generator.sheet.balance import Places, placed, widow_cut
from generator.sheet.cards import BLANK_FLAG, StartOddPage, card_table, cards_last
from generator.sheet.drawings import GRID_SQUARE, INK, TickBox, TimelineDrawing, WritingSpace
from generator.sheet.held_pages import HeldPages, encode_now
from generator.sheet.keeping import Box, Gap, RunOn, Together, WithNext
from generator.sheet.plan import (
    Audience,
    Block,
    Boxed,
    CutCards,
    Fields,
    Heading,
    Image,
    Keep,
    NewPage,
    Options,
    Para,
    ParaStyle,
    Reveal,
    Spans,
    Table,
    TimelineAxis,
    WritingLines,
    for_audience,
)
from generator.sheet.tall_rows import TallRowTable
from generator.sheet.text import Typesetter
from generator.verse import VerseLine

CELL_PADDING = 14.0
"""Left and right padding of a table cell, with a little to spare."""
FOOTER_BASELINE = 11 * mm
FOOTER_DESCENT = 0.35
"""How far below its baseline a footer's letters reach, as a share of its size, with a little to
spare: a larger footer sits higher, so it too stays 10 mm from the paper's edge."""
FOOTER_SIZE = 9.0
"""The footer's size on the standard sheet; a variant scales it with its body text."""
PRINTABLE_EDGE = 10 * mm
"""Page furniture stays at least 10 mm from the edge, inside what school printers can print."""
BANNER_TOP = PRINTABLE_EDGE
HEADING_ROOM = 60 * mm
"""A task heading with less room than this below it starts on the next page instead."""
FIELD_GAP = 2.5 * mm
"""Between a field's label and its line, and between a line and the next label."""
BLOCK_GAP = 7 * mm
"""Space between a box, table or drawing and the blocks beside it."""
VERSE_NUMBER_WIDTH = 9 * mm
"""The margin beside a poem's lines that holds their numbers."""
VERSE_HANG = 6 * mm
"""How much further in the rest of a verse line too long for one line of the page starts."""
HEADING_STYLE = "heading"
FLOWABLES_AHEAD = 64
"""How many flowables are made before reportlab asks for them (it looks at the next few)."""
rl_config.useA85 = 0
"""Streams are written as they are, not spelled out in ASCII (reportlab's default, for PDFs sent
as text): a fifth smaller, and a picture is not held a second time spelled out; 13 MB of photos
took a build 15 MB more."""
MAX_PAGES = 1_000
"""The most pages a worksheet or answer key may have. A sheet's memory grows by about 10 kB a
page until it is saved (reportlab's page objects, and each page held for its "Page N of M"), on
top of what the decks left; 1,000 pages is 500 sheets of paper for each pupil, and the
benchmark's 5,000 questions take about 830."""
TOO_MANY_PAGES = (
    "with this part a worksheet of the lesson, or its answer key, runs to more than {most:,} "
    "pages, far more than any lesson: split the lesson into several lessons"
)
TOO_MANY_PAGES_HELD = (
    "with this part a worksheet of the lesson, or its answer key, runs to more than {most:,} "
    "pages, the most a sheet may have with this lesson's pictures, which it holds until it is "
    "written: split the lesson into several lessons, or use fewer pictures"
)
FRAME_PADDING = 6.0
"""reportlab's default padding inside a page's frame, on each side."""
SHADE = colors.Color(0.88, 0.88, 0.88)
ANSWER_INK = colors.Color(0.05, 0.18, 0.5)
"""Answers in the key are dark blue, so a teacher marking finds them at a glance; dark enough to
print as near-black on a black-and-white printer, where the shade behind them still tells them apart."""
ANSWER_SHADE = colors.Color(0.9, 0.93, 0.98)
"""Behind every answer in the key (a paragraph's lines, or a whole table cell): a second cue
besides the colour and the italics, which also survives black-and-white printing as a light grey."""


@dataclass(frozen=True)
class SheetStyle:
    """How one variant of the worksheet is set: the standard sheet, large print, dyslexia-friendly."""

    body: float = 11.5
    leading: float = 15.0
    cell: float = 11.0
    """Text in table cells, a little smaller than the body to leave room to write."""
    heading: float = 14.5
    title: float = 19.0
    line_gap: float = 8.5 * mm
    grid_square: float = GRID_SQUARE
    """The side of the squares of `space: grid`."""
    margin: float = 17 * mm
    aside_width: float = 40 * mm
    italics: bool = True
    """False sets instructions and answers upright: italics are hard to read for some pupils."""
    underline: bool = True
    """False marks emphasis with bold alone."""
    tint: tuple[float, float, float] | None = None
    """A page colour (red, green, blue from 0 to 1) printed behind everything."""


LARGE_GRID_SQUARE = 10 * mm
"""Large print's squares: 1 cm squared paper, the usual size for pupils who write large; the
standard sheet's 5 mm squares are too small for a digit written at large print's size."""
STANDARD = SheetStyle()
VARIANTS = {
    "large-print": SheetStyle(
        line_gap=12 * mm,
        grid_square=LARGE_GRID_SQUARE,
        aside_width=55 * mm,
        body=18,
        leading=24,
        cell=18,
        heading=22,
        title=26,
    ),
    "dyslexia": SheetStyle(
        body=13,
        leading=19.5,
        cell=12.5,
        heading=16,
        title=20,
        line_gap=10 * mm,
        italics=False,
        underline=False,
        tint=(1.0, 0.98, 0.9),
    ),
}
"""Worksheet variants by name. Dyslexia follows the British Dyslexia Association's style guide:
sans serif at 12-14 pt, 1.5 line spacing, left aligned, no italics or underlining, cream paper."""
PAPER = {"a4": A4, "letter": LETTER}


@dataclass(frozen=True)
class PageText:
    title: str
    footer: Callable[[int, int], str]
    banner: str
    """Printed at the top of every page, in white on black; empty for the pupil's sheet."""
    continued: Callable[[str], str]
    """A label repeated where its box runs onto a new page, such as "Source A (continued)"."""


class _Styles:
    def __init__(self, style: SheetStyle) -> None:
        family = register()
        base = ParagraphStyle("body", fontName=family, fontSize=style.body, leading=style.leading)
        self.style = style
        self.body = base
        italic = face(italic=style.italics)
        self.instructions = ParagraphStyle("instructions", base, fontName=italic, spaceAfter=4)
        self.prompt = ParagraphStyle("prompt", base, spaceBefore=6)
        self.answer = ParagraphStyle(
            "answer",
            base,
            fontName=italic,
            leftIndent=4 * mm,
            spaceAfter=4,
            textColor=ANSWER_INK,
            backColor=ANSWER_SHADE,
            borderPadding=(1, 0, 2, 2),
        )
        self.label = ParagraphStyle("label", base, fontName=face(bold=True), spaceBefore=4, spaceAfter=2)
        self.quote = ParagraphStyle("quote", base, spaceAfter=4)
        self.aside = ParagraphStyle("aside", base, alignment=TA_RIGHT)
        self.verse = ParagraphStyle("verse", base, leftIndent=VERSE_HANG, firstLineIndent=-VERSE_HANG)
        self.verse_number = ParagraphStyle("verse_number", base, fontSize=style.body * 0.85)
        self.attribution = ParagraphStyle(
            "attribution", base, alignment=TA_RIGHT, fontName=italic, spaceBefore=2
        )
        bold = face(bold=True)
        self.heading = ParagraphStyle(
            HEADING_STYLE,
            base,
            fontName=bold,
            fontSize=style.heading,
            leading=style.heading * 1.3,
            spaceBefore=12,
        )
        self.continued_heading = ParagraphStyle("continued_heading", self.heading)
        """Looks like a heading, but is not one for the PDF's outline."""
        self.title = ParagraphStyle(
            "title", base, fontName=bold, fontSize=style.title, leading=style.title * 1.25
        )
        self.cell = ParagraphStyle(
            "cell", base, fontSize=style.cell, leading=style.cell * style.leading / style.body
        )
        self.cell_answer = ParagraphStyle("cell_answer", self.cell, fontName=italic, textColor=ANSWER_INK)
        self.header_cell = ParagraphStyle("header_cell", self.cell, fontName=face(bold=True))


class _Flowables:
    """Turns one audience's blocks into reportlab flowables."""

    def __init__(
        self,
        styles: _Styles,
        width: float,
        page_height: float,
        continued: Callable[[str], str],
        language: str = "en",
    ) -> None:
        self.styles = styles
        self.continued = continued
        """The label of a box's part on a later page, such as "Source A (continued)"."""
        self.width = width
        self.page_height = page_height
        """The room on a fresh page, below its top margin and above its bottom margin."""
        self.typesetter = Typesetter(language)
        self.heading = ""
        """The task heading the blocks drawn now come under."""
        self._numbered: dict[str, ParagraphStyle] = {}

    def text(self, text: str, style: ParagraphStyle) -> Paragraph:
        """Lesson text is text: escape it so `<b>` or `&` print as typed, never as markup."""
        return self.typesetter.paragraph(escape(text), style)

    def _numbered_style(self, name: ParaStyle) -> ParagraphStyle:
        """The style with a hanging indent for the number; one per document, so the typesetter
        meets each style once."""
        if name not in self._numbered:
            self._numbered[name] = ParagraphStyle(
                f"{name}_numbered", getattr(self.styles, name), leftIndent=7 * mm, firstLineIndent=-7 * mm
            )
        return self._numbered[name]

    def many(self, blocks: Sequence[Block], width: float | None = None) -> list[Flowable]:
        return list(self.flowing(blocks, width))

    def flowing(self, blocks: Sequence[Block], width: float | None = None) -> Iterator[Flowable]:
        """Flowables for the blocks, made as they are asked for. A heading starts a new page when
        little room is left; a heading, its instructions and any label are kept with the block
        after them (a WithNext, not nested KeepTogethers: reportlab cannot nest those without
        forcing a page break); and a gap follows each block that is drawn rather than written, so
        no two boxes touch."""
        lead: list[Flowable] = []
        for index, block in enumerate(blocks):
            drawn = self.one(block, width or self.width)
            if isinstance(block, WritingLines) and self.heading:
                drawn = [self._run_on(flowable) for flowable in drawn]
            if isinstance(block, Heading):
                self.heading = block.text
                yield from lead
                yield CondPageBreak(HEADING_ROOM)
                lead = drawn
                continue
            if _leads(block, bool(lead)):
                lead += drawn
                continue
            if isinstance(block, Keep):
                drawn = [Together(lead + self.many(block.blocks, width), self.page_height)]
                lead = []
            if lead and drawn:
                spacers = list(itertools.takewhile(lambda flowable: isinstance(flowable, Spacer), drawn))
                follower, *rest = drawn[len(spacers) :]
                drawn = [WithNext(lead + spacers, follower, self.page_height), *rest]
                lead = []
            yield from drawn
            if index + 1 < len(blocks) and (_drawn(block) or _drawn(blocks[index + 1])):
                yield Gap(BLOCK_GAP)
        yield from lead

    def _run_on(self, flowable: Flowable) -> Flowable:
        """Writing space that carries on under its task's heading, "(continued)"."""
        if not isinstance(flowable, WritingSpace):
            return flowable
        continued = self.continued(self.heading)
        return RunOn(flowable, lambda: self.text(continued, self.styles.continued_heading))

    def one(self, block: Block, width: float) -> list[Flowable]:
        styles = self.styles
        if isinstance(block, Heading):
            heading = self.text(block.text, styles.heading)
            heading.part = block.part
            return [heading]
        if isinstance(block, Para):
            return [self._para(block, width)]
        if isinstance(block, WritingLines):
            space = WritingSpace(
                block.count, styles.style.line_gap, block.kind, square=styles.style.grid_square
            )
            return [Spacer(1, 2), space] if block.count else []
        if isinstance(block, Spans):
            return [self._spans(block)]
        if isinstance(block, Options):
            return [self._options(block, width)]
        if isinstance(block, Image):
            return [self._image(block, width)]
        if isinstance(block, TimelineAxis):
            return [
                Spacer(1, 4),
                TimelineDrawing(block, styles.body.fontSize, styles.style.line_gap),
                Spacer(1, 4),
            ]
        if isinstance(block, CutCards):
            return [self._cards(block, width)]
        if isinstance(block, Keep):
            return [Together(self.many(block.blocks, width), self.page_height)]
        if isinstance(block, Boxed):
            return [self._boxed(block, width)]
        if isinstance(block, Table):
            return [self._table(block, width)]
        if isinstance(block, Fields):
            return [self._fields(block, width)]
        if isinstance(block, NewPage):
            return [PageBreak()]
        if isinstance(block, Reveal):
            raise TypeError("Reveal blocks are resolved for an audience before drawing")
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def _para(self, block: Para, width: float) -> Flowable:
        style = self._numbered_style(block.style) if block.number else getattr(self.styles, block.style)
        text = f"{block.number} {block.text}" if block.number else block.text
        paragraph = self.text(text, style)
        if not block.aside:
            return paragraph
        aside_width = self.styles.style.aside_width
        table = PdfTable(
            [[paragraph, self.text(block.aside, self.styles.aside)]],
            colWidths=[width - aside_width, aside_width],
        )
        table.setStyle(
            PdfTableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), face()),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    def _spans(self, block: Spans) -> Flowable:
        """Each span escaped on its own, so emphasis is ours and lesson text stays text."""
        markup = "".join(
            (
                f"<b><u>{escape(span.text)}</u></b>"
                if self.styles.style.underline
                else f"<b>{escape(span.text)}</b>"
            )
            if span.emphasis
            else escape(span.text)
            for span in block.spans
        )
        style = getattr(self.styles, block.style)
        if block.number:
            markup = f"{escape(block.number)} {markup}"
            style = self._numbered_style(block.style)
        return self.typesetter.paragraph(markup, style)

    def _options(self, block: Options, width: float) -> Flowable:
        box = self.styles.style.body * 1.1
        rows = [
            [
                TickBox(box, option.ticked),
                self.text(
                    f"{option.letter}. {option.text}",
                    self.styles.label if option.ticked else self.styles.body,
                ),
            ]
            for option in block.options
        ]
        table = PdfTable(rows, colWidths=[box + 4 * mm, width - box - 10 * mm], hAlign="LEFT")
        table.setStyle(
            PdfTableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), face()),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        return table

    def _image(self, block: Image, width: float) -> Flowable:
        from reportlab.platypus import Image as PdfImage

        from generator.pictures import picture_file

        picture = PdfImage(picture_file(block.path))
        scale = min(width / picture.imageWidth, block.max_height_mm * mm / picture.imageHeight, 1.0)
        picture.drawWidth = picture.imageWidth * scale
        picture.drawHeight = picture.imageHeight * scale
        picture.hAlign = "LEFT"
        return picture

    def _cards(self, block: CutCards, width: float) -> Flowable:
        columns = max(1, min(block.columns, len(block.texts)))
        card_style = ParagraphStyle("card", self.styles.body, alignment=TA_CENTER, fontName=face(bold=True))
        cells = [self.text(text, card_style) for text in block.texts]
        return card_table(self.text(block.label, self.styles.label), cells, columns, width)

    def _boxed(self, block: Boxed, width: float) -> Flowable:
        styles = self.styles
        inner = width - 6 * mm
        body: list[Flowable] = [self.text(text, styles.quote) for text in block.paragraphs]
        if block.verse:
            body.append(self._verse(block.verse, inner))
        if block.image:
            body.append(self._image(block.image, inner))
        if block.footer:
            body.append(self.text(block.footer, styles.attribution))
        continued = self.continued(block.label)
        return Box(
            self.text(block.label, styles.label),
            lambda: self.text(continued, styles.label),
            body or [Spacer(1, 1)],
            lambda label, shown: _box_table(label, shown, width),
            self.page_height,
        )

    def _verse(self, lines: Sequence[VerseLine], width: float) -> Flowable:
        """One row a line: its number (if any) in a narrow column on the left, the line beside
        it, wrapping with a hanging indent; a blank line's height before each new stanza."""
        styles = self.styles
        rows = [
            [self.text(line.number, styles.verse_number), self.text(line.text, styles.verse)]
            for line in lines
        ]
        table = PdfTable(rows, colWidths=[VERSE_NUMBER_WIDTH, width - VERSE_NUMBER_WIDTH], splitByRow=1)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
        commands += [
            ("TOPPADDING", (0, row), (-1, row), styles.verse.leading)
            for row, line in enumerate(lines)
            if line.stanza
        ]
        table.setStyle(PdfTableStyle(commands))
        return table

    def _table(self, block: Table, width: float) -> Flowable:
        weights = block.widths or tuple(1.0 for _ in block.columns)

        def texts(index: int, bold: bool) -> list[str]:
            return [
                shown.text
                for row in block.rows
                for shown in row[index]
                if isinstance(shown, Para) and (shown.style == "label") == bold
            ]

        regular, bold = zip(
            *((texts(index, False), texts(index, True)) for index in range(len(block.columns))), strict=True
        )
        widths = column_widths(
            weights, block.columns, regular, width, self.styles.cell.fontSize, CELL_PADDING, bold=bold
        )
        header = [self.text(column, self.styles.header_cell) for column in block.columns]
        body = [
            [self._cell(cell, column_width) for cell, column_width in zip(row, widths, strict=True)]
            for row in block.rows
        ]
        table = TallRowTable(
            [header, *body], colWidths=widths, repeatRows=1, splitByRow=1, page_height=self.page_height
        )
        answered = [
            ("BACKGROUND", (column, row), (column, row), ANSWER_SHADE)
            for row, cells in enumerate(block.rows, 1)
            for column, cell in enumerate(cells)
            if any(isinstance(shown, Para) and shown.style == "answer" for shown in cell)
        ]
        table.setStyle(
            PdfTableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), face()),
                    ("GRID", (0, 0), (-1, -1), 0.8, INK),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    *answered,
                ]
            )
        )
        return table

    def _cell(self, blocks: Sequence[Block], width: float) -> list[Flowable]:
        cell_styles = {
            "body": self.styles.cell,
            "answer": self.styles.cell_answer,
            "label": self.styles.header_cell,
        }
        flowables: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Para) and block.style in cell_styles:
                flowables.append(self.text(block.text, cell_styles[block.style]))
            else:
                flowables.extend(self.one(block, width - 12))
        return flowables

    def _fields(self, block: Fields, width: float) -> Flowable:
        """Name / Class / Date, each followed by a ruled line to write on, the lines sharing what
        the labels leave of the width (most for the name)."""
        label = self.styles.label
        named = [
            stringWidth(name, label.fontName, label.fontSize) + FIELD_GAP * (2 if index else 1)
            for index, name in enumerate(block.labels)
        ]
        weights = [3.0, 1.4, 1.6][: len(block.labels)]
        room = width - sum(named)
        widths: list[float] = []
        for name_width, weight in zip(named, weights, strict=False):
            widths += [name_width, room * weight / sum(weights)]
        cells: list[Any] = []
        for name in block.labels:
            cells += [self.text(name, label), ""]
        lines = [("LINEBELOW", (column, 0), (column, 0), 0.8, INK) for column in range(1, len(cells), 2)]
        gaps = [("LEFTPADDING", (column, 0), (column, 0), FIELD_GAP) for column in range(2, len(cells), 2)]
        table = PdfTable(
            [cells], colWidths=widths, rowHeights=[max(10 * mm, label.leading * 1.6)], hAlign="LEFT"
        )
        table.setStyle(
            PdfTableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), face()),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    *gaps,
                    *lines,
                ]
            )
        )
        return table


def _box_table(label: Flowable, body: Sequence[Flowable], width: float) -> Flowable:
    """The label and the body's first flowable in the first row, each further flowable in a row
    of its own, all in one ruled box."""
    first, *rest = body or [Spacer(1, 1)]
    rows = [[[label, first]]] + [[flowable] for flowable in rest]
    table = PdfTable(rows, colWidths=[width], splitByRow=1, splitInRow=1)
    table.setStyle(
        PdfTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), face()),
                ("BOX", (0, 0), (-1, -1), 0.9, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def _leads(block: Block, leading: bool) -> bool:
    """Whether the block belongs with the one after it: a label, or instructions under a heading."""
    if isinstance(block, Para) and block.style == "label":
        return True
    return leading and isinstance(block, Para) and block.style == "instructions"


def _drawn(block: Block) -> bool:
    """Whether the block is drawn in lines and boxes, and so needs a gap to the blocks beside it."""
    if isinstance(block, Keep):
        return bool(block.blocks) and _drawn(block.blocks[0])
    return isinstance(block, Boxed | Table | TimelineAxis | Image | CutCards | Options)


def _numbered_canvas(page_text: PageText, style: SheetStyle) -> type[Canvas]:
    """A canvas that draws each page's furniture once the page count is known (for "Page N of M")."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages = HeldPages()
            self._bookmarks: dict[int, list[str]] = {}
            self.setViewerPreference("DisplayDocTitle", "true")

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.hold(self.__dict__)
            setattr(self, BLANK_FLAG, False)
            self._startPage()

        def bookmarkPage(self, key: str, **_: Any) -> None:  # noqa: N802 - reportlab's name
            """Pages are only written in save(), so a bookmark waits for its page to be written."""
            self._bookmarks.setdefault(len(self._pages), []).append(key)

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages.given_back(), 1):
                self.__dict__.update(state)
                if not state.get(BLANK_FLAG):
                    self._furniture(number, total)
                for key in self._bookmarks.get(number - 1, []):
                    super().bookmarkPage(key)
                super().showPage()
                encode_now(self._doc.Pages.pages[-1])
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            width, height = self._pagesize
            margin = style.margin
            size = FOOTER_SIZE * style.body / STANDARD.body
            self.setFont(face(), size)
            self.setFillColor(INK)
            baseline = max(FOOTER_BASELINE, PRINTABLE_EDGE + FOOTER_DESCENT * size)
            self.drawString(margin, baseline, page_text.footer(number, total))
            if page_text.banner:
                bar = 8 * mm
                self.rect(margin, height - BANNER_TOP - bar, width - 2 * margin, bar, stroke=0, fill=1)
                self.setFillColor(colors.white)
                self.setFont(face(bold=True), 12)
                self.drawCentredString(width / 2, height - BANNER_TOP - bar + 2.4 * mm, page_text.banner)

    return NumberedCanvas


class _OutlinedDocument(SimpleDocTemplate):  # type: ignore[misc]
    """Each task heading becomes a PDF bookmark. reportlab cannot write tagged PDF, so this outline
    is how a reader, or a screen-reader user, moves from task to task (see docs/accessibility.md).

    Its flowables are made as reportlab comes to them, a few ahead, rather than all before the
    first is drawn: a drawn flowable is let go at once, so a long lesson's worksheet holds a page
    or two of them, not all of them."""

    _coming: Iterator[Flowable] = iter(())
    _story: list[Flowable] | None = None
    _part: int | None = None
    """The spec's part whose heading was drawn last."""
    most_pages: int = MAX_PAGES
    """The most pages this sheet may have: fewer than MAX_PAGES with many pictures."""

    def build_flowing(self, flowables: Iterable[Flowable], **options: Any) -> None:
        """Build from flowables made as they are needed (`options` as for `build`)."""
        self._coming = iter(flowables)
        self._story = list(itertools.islice(self._coming, FLOWABLES_AHEAD))
        self.build(self._story, **options)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """reportlab's build takes each flowable from the front of the story (and puts back the
        pieces of any it splits): the story is topped up before each, so it never runs dry while
        more are coming. (reportlab also hands its own short lists here, which are left alone.)
        A sheet past MAX_PAGES stops here, at the part whose heading was drawn last: raised from
        reportlab's page events, the error would come back as reportlab's."""
        if self.page > self.most_pages:
            where = ("parts", self._part) if self._part is not None else ("parts",)
            message = TOO_MANY_PAGES if self.most_pages == MAX_PAGES else TOO_MANY_PAGES_HELD
            raise TooLargeError(Problem(where, message.format(most=self.most_pages)))
        if flowables is self._story and len(flowables) < FLOWABLES_AHEAD:
            flowables.extend(itertools.islice(self._coming, FLOWABLES_AHEAD))
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, Paragraph) and flowable.style.name == HEADING_STYLE:
            self._part = getattr(flowable, "part", None)
            key = f"task{self.seq.nextf('task')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def write_sheet(
    blocks: Sequence[Block],
    audience: Audience,
    path: Path,
    page_text: PageText,
    metadata: Metadata,
    style: SheetStyle = STANDARD,
    paper: str = "a4",
    most_pages: int = MAX_PAGES,
) -> None:
    """Draw the blocks as one audience sees them, as a PDF with embedded, subset fonts; laid out
    again, once, if the flow would end on a widow page; refused past `most_pages`."""
    body, cards = cards_last(for_audience(blocks, audience))

    def layout(breaks: frozenset[int]) -> tuple[Places, _OutlinedDocument]:
        document = _document(path, page_text, metadata, style, paper)
        document.most_pages = most_pages
        flowables = _Flowables(
            _Styles(style),
            document.width - 2 * FRAME_PADDING,
            document.height - 2 * FRAME_PADDING,
            page_text.continued,
            metadata.language,
        )
        places = Places()
        title = flowables.text(page_text.title, flowables.styles.title)
        flow = placed(itertools.chain([title], flowables.flowing(body)), places, breaks)
        cut_out = (
            flowable
            for block in cards
            for flowable in [StartOddPage(flowables.page_height), *flowables.one(block, flowables.width)]
        )

        def tint(canvas: Canvas, document: SimpleDocTemplate) -> None:
            """Drawn as each page starts, so it lies behind the page's text."""
            if style.tint:
                canvas.saveState()
                canvas.setFillColorRGB(*style.tint)
                canvas.rect(0, 0, *document.pagesize, stroke=0, fill=1)
                canvas.restoreState()

        document.build_flowing(
            itertools.chain(flow, cut_out),
            onFirstPage=tint,
            onLaterPages=tint,
            canvasmaker=_numbered_canvas(page_text, style),
        )
        return places, document

    places, document = layout(frozenset())
    top = document.pagesize[1] - document.topMargin - FRAME_PADDING
    cut = widow_cut(places, top, document.bottomMargin + FRAME_PADDING)
    if cut is not None:
        layout(frozenset({cut}))


def _document(
    path: Path, page_text: PageText, metadata: Metadata, style: SheetStyle, paper: str
) -> _OutlinedDocument:
    """The document, its margins taken in by the frame's padding so that text, tables and boxes
    all start at the margin: one left edge."""
    top = style.margin + (10 * mm if page_text.banner else 0)
    return _OutlinedDocument(
        str(path),
        pagesize=PAPER[paper],
        leftMargin=style.margin - FRAME_PADDING,
        rightMargin=style.margin - FRAME_PADDING,
        topMargin=top - FRAME_PADDING,
        bottomMargin=style.margin + 4 * mm - FRAME_PADDING,
        title=metadata.title,
        author=metadata.author,
        subject=metadata.subject,
        creator="lessonpack",
        lang=metadata.language,
        initialFontName=face(),
        invariant=1,
    )
