"""Paragraphs from the sheet's own small markup, without reportlab's HTML parser.

reportlab parses every paragraph's text with Python's HTMLParser, about a sixth of the time a PDF
takes, although the sheet's markup is tiny: escaped lesson text (`&amp;`, `&lt;`, `&gt;`) and
the `<b>` and `<u>` tags the writer adds for emphasis. This module splits that markup into the
same pieces HTMLParser hands reportlab (text runs broken at each entity; tags opening and closing)
and gives them to reportlab's own parser as a tuple tree, so the fragments, and the PDF, are
exactly those `Paragraph(markup, style)` makes.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

TOKEN = re.compile(r"(<[^>]*>|&[^;]*;)")
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
TAGS = ("b", "u")

Node = tuple[str, None, list[Any]]
"""A tag, no attributes, and its children (text runs or nested nodes): reportlab's tuple tree."""


def _tree(markup: str) -> Node:
    """The markup as a tuple tree under `para`; raises ValueError for anything outside the
    sheet's markup, so a mistake in the writer cannot pass unnoticed."""
    root: Node = ("para", None, [])
    stack = [root]
    for index, piece in enumerate(TOKEN.split(markup)):
        if not piece:
            continue
        if index % 2 == 0:
            if "<" in piece or "&" in piece:
                raise ValueError(f"unescaped markup in paragraph text: {piece!r}")
            stack[-1][2].append(piece)
        elif piece in ENTITIES:
            stack[-1][2].append(ENTITIES[piece])
        elif piece[1:-1] in TAGS:
            node: Node = (piece[1:-1], None, [])
            stack[-1][2].append(node)
            stack.append(node)
        elif piece[2:-1] in TAGS and piece[1] == "/" and stack[-1][0] == piece[2:-1]:
            stack.pop()
        else:
            raise ValueError(f"unexpected markup in paragraph text: {piece!r}")
    if len(stack) > 1:
        raise ValueError(f"unclosed <{stack[-1][0]}> in paragraph text")
    return root


class SheetParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once for each width it is offered.

    A table measures its cells' paragraphs when it lays out its rows, again when it splits across
    a page and again when it draws, each time at the same width; breaking lines is most of a
    paragraph's cost. The answer is reused while the lines it made are still there (reportlab's
    split drops them when the paragraph must move on), so nothing is drawn differently.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != available_width or "blPara" not in vars(self):
            self._wrapped = (available_width, super().wrap(available_width, available_height))
        return self._wrapped[1]


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """The same Paragraph as `Paragraph(markup, style)`, for escaped text with `<b>`/`<u>` tags."""
    text = cleanBlockQuotedText(markup)
    parser = ParaParser()
    parser.caseSensitive = 1
    style, frags, _ = parser.tt_parse(_tree(text), style)
    textTransformFrags(frags, style)
    return SheetParagraph(text, style, frags=frags)
