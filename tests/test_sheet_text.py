"""The sheet's paragraphs skip reportlab's HTML parser: they must come out exactly as parsed ones."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from generator.fonts import register
from generator.sheet.text import Typesetter

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
    made = Typesetter().paragraph(markup, style)
    assert made.text == expected.text
    assert _fragments(made) == _fragments(expected)
    assert made.wrap(200, 800) == expected.wrap(200, 800)
    assert made.getPlainText() == expected.getPlainText()


@pytest.mark.parametrize("markup", ["a < b", "a & b", "<i>x</i>", "<b>open", "<b><u>x</b></u>", "x</b>"])
def test_markup_outside_the_sheets_own_is_refused(markup: str) -> None:
    style = ParagraphStyle("body", fontName=register())
    with pytest.raises(ValueError):
        Typesetter().paragraph(markup, style)


def test_a_paragraph_wrapped_again_gives_the_same_answer_as_a_fresh_one() -> None:
    style = ParagraphStyle("body", fontName=register(), fontSize=11.5, leading=15)
    markup = escape("Four score and seven years ago our fathers brought forth on this continent " * 3)
    made = Typesetter().paragraph(markup, style)
    for width in (300, 120, 300, 120):
        assert made.wrap(width, 800) == Paragraph(markup, style).wrap(width, 800)
    assert made.split(120, 10) == []  # too little room: reportlab drops the broken lines
    assert made.wrap(120, 800) == Paragraph(markup, style).wrap(120, 800)
    assert len(made.blPara.lines) == made.height / style.leading


def test_one_typesetter_makes_each_paragraph_as_reportlab_parses_it() -> None:
    """Paragraphs of one shape share parsed fragments: each keeps its own texts and underlines."""
    style = ParagraphStyle("body", fontName=register(), fontSize=11.5, leading=15)
    typesetter = Typesetter()
    pairs = " ".join(f"{number} → <b><u>{letter}</u></b>" for number, letter in enumerate("GHAB", 1))
    for markup in [
        pairs,
        pairs.replace("G", "Q &amp; R"),
        "<u></u>" + pairs,
        "a <b>b</b>",
        "c <b>d</b>",
        "e",
    ]:
        expected = Paragraph(markup, style)
        made = typesetter.paragraph(markup, style)
        assert [dict(vars(fragment)) for fragment in made.frags] == _fragments(expected)
