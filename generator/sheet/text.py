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


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """The same Paragraph as `Paragraph(markup, style)`, for escaped text with `<b>`/`<u>` tags."""
    text = cleanBlockQuotedText(markup)
    parser = ParaParser()
    parser.caseSensitive = 1
    style, frags, _ = parser.tt_parse(_tree(text), style)
    textTransformFrags(frags, style)
    return Paragraph(text, style, frags=frags)
