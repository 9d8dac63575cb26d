"""Fitting a slide with a picture: the text beside it fills that slide, and carries on full width."""

from __future__ import annotations

from pathlib import Path

from generator.deck.fit import FittedSlide, fit_slide
from generator.deck.layouts import DeckLayouts
from generator.deck.plan import Line, Picture, SlidePlan
from generator.deck.template import open_deck

BULLET = "Stalin used his post as General Secretary to appoint loyal officials to the provinces ({})"


def _fitted(count: int) -> list[FittedSlide]:
    layouts = DeckLayouts(open_deck(None))
    plan = SlidePlan(
        "Building a power base",
        tuple(Line(BULLET.format(number)) for number in range(count)),
        picture=Picture(Path("picture.png"), "A poster"),
    )
    return fit_slide(plan, lambda title, part: f"{title} ({part})", layouts.design(plan))


def test_text_beside_a_picture_fills_that_slide_then_carries_on_full_width() -> None:
    slides = _fitted(24)
    assert len(slides) >= 2
    widths = [slide.text.box.width for slide in slides if slide.text]
    assert len(widths) == len(slides)
    assert slides[0].picture is not None
    assert all(slide.picture is None for slide in slides[1:])
    assert all(width > widths[0] for width in widths[1:])
    shown = [line.text for slide in slides if slide.text for line in slide.text.lines]
    assert shown == [BULLET.format(number) for number in range(24)]


def test_text_that_fits_beside_the_picture_stays_on_one_slide() -> None:
    (slide,) = _fitted(3)
    assert slide.picture is not None
    assert slide.text is not None and len(slide.text.lines) == 3
