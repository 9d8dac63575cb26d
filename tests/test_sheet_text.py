"""The sheet's paragraphs skip reportlab's HTML parser: they must come out exactly as parsed ones."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from generator.fonts import register
from generator.sheet.text import paragraph

TEXTS = [
    "",
    "Plain words",
    "  spaces   inside\tand around  ",
    "lines\n\n  broken\r\nacross  \n",
    "Tom & Jerry <b>not bold</b> &amp; stays > here <",
    "&&&<<>>",
    "Власть – ‘power’ … \u00a0non-breaking",
]


def _fragments(made: Paragraph) -> list[dict[str, Any]]:
    return [dict(vars(fragment)) for fragment in made.frags]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("emphasis", ["{}", "<b><u>{}</u></b>", "<b>{}</b>", "a <b>{}</b> b"])
def test_paragraph_matches_reportlab_parser(text: str, emphasis: str) -> None:
    style = ParagraphStyle("body", fontName=register(), fontSize=11.5, leading=15)
    markup = emphasis.format(escape(text))
    expected = Paragraph(markup, style)
    made = paragraph(markup, style)
    assert made.text == expected.text
    assert _fragments(made) == _fragments(expected)
    assert made.wrap(200, 800) == expected.wrap(200, 800)
    assert made.getPlainText() == expected.getPlainText()


@pytest.mark.parametrize("markup", ["a < b", "a & b", "<i>x</i>", "<b>open", "<b><u>x</b></u>", "x</b>"])
def test_markup_outside_the_sheets_own_is_refused(markup: str) -> None:
    style = ParagraphStyle("body", fontName=register())
    with pytest.raises(ValueError):
        paragraph(markup, style)
