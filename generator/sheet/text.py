"""Paragraphs from the sheet's own small markup, without reportlab's HTML parser.

reportlab parses every paragraph's text with Python's HTMLParser, about a sixth of the time a PDF
takes, although the sheet's markup is tiny: escaped lesson text (`&amp;`, `&lt;`, `&gt;`) and
the `<b>` and `<u>` tags the writer adds for emphasis. This module splits that markup itself
(text runs broken at each entity, as HTMLParser breaks them), asks reportlab's own parser once for
each shape of markup in each style, through its tuple-tree entry point, and copies the fragments
for every other paragraph of that shape, so the fragments, and the PDF, are exactly those
`Paragraph(markup, style)` makes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import cache
from typing import cast

import pyphen
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

TOKEN = re.compile(r"(<[^>]*>|&[^;]*;)")
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
TAGS = ("b", "u")
MIN_LINES = 3
"""A paragraph split by a page end leaves at least this many lines on either side."""

Shape = tuple[str, ...]
"""A paragraph's markup with its text left out: its tags ("b", "/b") in order, and "" for each
run of text. reportlab's parser turns paragraphs of the same shape and style into the same
fragments but for their text (an underline's fragment even carries how many came before it)."""


def shape(markup: str) -> tuple[Shape, list[str]]:
    """The markup's shape and its runs of text; raises ValueError for anything outside the
    sheet's markup, so a mistake in the writer cannot pass unnoticed."""
    pieces: list[str] = []
    texts: list[str] = []
    open_tags: list[str] = []
    for index, piece in enumerate(TOKEN.split(markup)):
        if not piece:
            continue
        if index % 2 == 0:
            if "<" in piece or "&" in piece:
                raise ValueError(f"unescaped markup in paragraph text: {piece!r}")
            pieces.append("")
            texts.append(piece)
        elif piece in ENTITIES:
            pieces.append("")
            texts.append(ENTITIES[piece])
        elif piece[1:-1] in TAGS:
            open_tags.append(piece[1:-1])
            pieces.append(piece[1:-1])
        elif piece[1] == "/" and open_tags and open_tags[-1] == piece[2:-1]:
            pieces.append(f"/{open_tags.pop()}")
        else:
            raise ValueError(f"unexpected markup in paragraph text: {piece!r}")
    if open_tags:
        raise ValueError(f"unclosed <{open_tags[-1]}> in paragraph text")
    return tuple(pieces), texts


def _tree(pieces: Shape, texts: list[str]) -> tuple[str, None, list[object]]:
    """The shape filled with its texts as reportlab's tuple tree: (tag, attributes, children)."""
    root: tuple[str, None, list[object]] = ("para", None, [])
    stack = [root]
    remaining = iter(texts)
    for piece in pieces:
        if not piece:
            stack[-1][2].append(next(remaining))
        elif piece.startswith("/"):
            stack.pop()
        else:
            node: tuple[str, None, list[object]] = (piece, None, [])
            stack[-1][2].append(node)
            stack.append(node)
    return root


SHORTEST_PIECE = 2
"""The fewest letters a word broken at no syllable keeps on either side of its hyphen."""


@cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    """The hyphenation patterns for a language tag such as en-GB, or None if there are none."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None


class LongWords:
    """Where a word too wide for its line may break, for reportlab's hyphenator hook: at its
    syllables first (longest first part first), then, if no syllable break fits, between any
    two letters; reportlab adds the hyphen. A word that fits its line is never offered a break,
    so only words that must break are hyphenated."""

    def __init__(self, language: str, font: str, size: float, width: float) -> None:
        self.dictionary = _dictionary(language)
        self.font = font
        self.size = size
        self.width = width

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        if stringWidth(word, self.font, self.size) <= self.width:
            return
        if self.dictionary is not None:
            yield from self.dictionary.iterate(word)
        for cut in range(len(word) - SHORTEST_PIECE, SHORTEST_PIECE - 1, -1):
            yield word[:cut], word[cut:]


class SheetParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once, however many pages it runs over.

    A table measures its cells' paragraphs when it lays out its rows, again when it splits across
    a page and again when it draws, each time at the same width; breaking lines is most of a
    paragraph's cost. The answer is reused while the lines it made are still there (reportlab's
    split drops them when the paragraph must move on), so nothing is drawn differently.

    reportlab's split hands the rest of a paragraph that runs over a page end to a new paragraph,
    which breaks all its lines again on the next page: a paragraph over n pages was broken n
    times, so a long answer cost the square of its length. The rest here keeps the lines already
    broken for it. They are the lines breaking it again would give: the greedy rule depends only
    on the words before, and every line after the first was broken at the width the rest's lines
    all take (it has no first-line indent).
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None
    language = "en"
    """The lesson's language, whose syllables a word too long for its line is broken at."""
    _rest_lines: tuple[float, ParaLines] | None = None
    """The lines already broken for this paragraph, the rest of one split, and their width."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != available_width or "blPara" not in vars(self):
            size = super().wrap(available_width, available_height)
            # Lines kept from an earlier split were hyphenated then, and carry no count.
            if getattr(self, "_splitLongWordCount", 0):
                size = self._hyphenated(available_width, available_height)
            self._wrapped = (available_width, size)
        return self._wrapped[1]

    def _hyphenated(self, available_width: float, available_height: float) -> tuple[float, float]:
        """reportlab cuts a word wider than its line wherever the line ends, with no hyphen
        ("Juxtapositio / n"): laid out again, such a word breaks with a hyphen, at a syllable
        where one fits."""
        style = cast(ParagraphStyle, vars(self)["style"])
        line = available_width - style.leftIndent - style.rightIndent - max(style.firstLineIndent, 0)
        hyphenator = LongWords(self.language, style.fontName, style.fontSize, line)
        self.style = ParagraphStyle(f"{style.name}_hyphenated", style, hyphenationLang=hyphenator)
        size: tuple[float, float] = super().wrap(available_width, available_height)
        return size

    def breakLines(self, widths: list[float]) -> ParaLines:  # noqa: N802 - reportlab's name
        known = self._rest_lines
        if known is not None and all(width == known[0] for width in widths):
            return known[1]
        return super().breakLines(widths)

    def split(self, available_width: float, available_height: float) -> list[Paragraph]:
        """Widow and orphan control: a paragraph too short to leave MIN_LINES lines on both sides
        of a page end moves whole."""
        measured = getattr(self, "height", 0.0)
        self.wrap(available_width, available_height)
        lines = len(self.blPara.lines)
        leading = self.style.leading
        fitting = int(available_height // leading)
        if fitting >= lines:
            if measured <= available_height:
                return [self]
            # A table splitting a row asks its cell's paragraph to split by the height it measured
            # before the lines were broken again, and needs two pieces back: the last lines go on.
            fitting = lines - 1
        kept = min(fitting, lines - MIN_LINES)
        if kept < MIN_LINES:
            return []
        broken = self.blPara
        parts: list[Paragraph] = super().split(available_width, kept * leading + 0.5)
        if len(parts) == 2 and isinstance(parts[1], SheetParagraph):
            rest = copy.copy(broken)
            rest.lines = broken.lines[len(parts[0].blPara.lines) :]
            parts[1]._rest_lines = (self._wrapWidths[-1], rest)
        return parts


class Typesetter:
    """Makes one document's paragraphs. reportlab's parser is asked once for each shape of
    markup in each style; every other paragraph of that shape and style gets copies of its
    fragments with its own texts (the parser itself copies the open tag's fragment for each run).
    One per document, so the styles it remembers live exactly as long as the document."""

    def __init__(self, language: str = "en") -> None:
        self._fragments: dict[tuple[ParagraphStyle, Shape], list[ParaFrag]] = {}
        self.language = language

    def paragraph(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """The same Paragraph as `Paragraph(markup, style)`, for escaped text with `<b>`/`<u>` tags."""
        text = cleanBlockQuotedText(markup)
        pieces, texts = shape(text)
        known = self._fragments.get((style, pieces))
        if known is None:
            parser = ParaParser()
            parser.caseSensitive = 1
            _, known, _ = parser.tt_parse(_tree(pieces, texts), style)
            self._fragments[(style, pieces)] = known
        frags = []
        for fragment, run in zip(known, texts, strict=True):
            made = copy.copy(fragment)
            made.text = run
            frags.append(made)
        textTransformFrags(frags, style)
        paragraph = SheetParagraph(text, style, frags=frags)
        paragraph.language = self.language
        return paragraph
