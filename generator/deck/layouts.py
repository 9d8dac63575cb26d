"""Chooses the layout each slide is drawn on, and reads where that layout puts the title and the
content, so slides fit any template's masters: 4:3 or 16:9, localised layout names, several
masters, body placeholders at any idx.

The rule, documented in docs/spec.md: a layout is found by its name, ignoring case and spacing,
across every master. Our title slide uses "Title Slide" and our content slides "Title Only" when
the template has them; otherwise the first layout with a title and a subtitle placeholder for the
title slide, and the layout with a title placeholder and the fewest others for content slides.
Only a layout with a title placeholder is used: screen readers find slides by their titles.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from functools import cache
from pathlib import Path
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER

from generator.deck.fit import BODY_SIZES, GAP, INSET_Y, LINE_HEIGHT, MARGIN, TITLE_SIZES, Box, Design
from generator.deck.plan import SlidePlan

TITLE_SLIDE = "Title Slide"
CONTENT = "Title Only"
TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
FURNITURE = {
    PP_PLACEHOLDER.DATE,
    PP_PLACEHOLDER.FOOTER,
    PP_PLACEHOLDER.SLIDE_NUMBER,
    PP_PLACEHOLDER.HEADER,
}
"""Placeholders every layout may have that slides never copy: they do not make a layout busier."""
TITLE_MIN_HEIGHT = 2 * TITLE_SIZES[-1] * LINE_HEIGHT
"""Two lines of title at the smallest title size: a shorter title box is made this tall."""
BODY_MIN_HEIGHT = 2 * BODY_SIZES[-1] * LINE_HEIGHT + 2 * INSET_Y
"""Two lines of body text at the floor size: a content box left shorter than this once clear of
the title is replaced by the band beside the title."""


def layout_key(name: str) -> str:
    """A layout name as matched: case and runs of spacing ignored."""
    return " ".join(name.split()).casefold()


def all_layouts(presentation: Any) -> list[Any]:
    """Every master's layouts in turn: a Design's `layout` is a position in this list."""
    return [layout for master in presentation.slide_masters for layout in master.slide_layouts]


def _kinds(layout: Any) -> list[Any]:
    return [shape.placeholder_format.type for shape in layout.placeholders]


def _box(shape: Any) -> Box | None:
    """The placeholder's box in points (its master's, when the layout does not place it)."""
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    box = Box(shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)
    return box if box.width > 0 and box.height > 0 else None


def _overlap(one: Box, other: Box) -> bool:
    return (
        one.left < other.left + other.width
        and other.left < one.left + one.width
        and one.top < other.top + other.height
        and other.top < one.top + one.height
    )


class DeckLayouts:
    """The deck's layouts and the design each kind of slide gets on them."""

    def __init__(self, presentation: Any) -> None:
        from generator.deck.template import TemplateError

        self.deck = presentation
        """The opened deck the slides will be added to."""
        self._layouts = all_layouts(presentation)
        self._width = presentation.slide_width / 12700
        self._height = presentation.slide_height / 12700
        titled = [index for index, layout in enumerate(self._layouts) if TITLES & set(_kinds(layout))]
        if not titled:
            raise TemplateError("has no layout with a title placeholder: every slide needs a title")
        fewest = min(titled, key=lambda index: len(self._others(index)))
        self.content = self._design(self._find(CONTENT, titled) or fewest, BODIES)
        with_subtitle = [index for index in titled if PP_PLACEHOLDER.SUBTITLE in _kinds(self._layouts[index])]
        opening = self._find(TITLE_SLIDE, titled) or next(iter(with_subtitle), self.content.layout)
        self.opening = self._design(opening, BODIES | {PP_PLACEHOLDER.SUBTITLE})
        self._titled = titled

    def on(self, presentation: Any) -> DeckLayouts:
        """The same designs for another copy of this deck, whose layouts are in the same order."""
        moved = copy(self)
        moved.deck = presentation
        moved._layouts = all_layouts(presentation)
        return moved

    @property
    def names(self) -> list[str]:
        return [layout.name for layout in self._layouts]

    def name(self, design: Design) -> str:
        return str(self._layouts[design.layout].name)

    def _others(self, index: int) -> list[Any]:
        kinds = _kinds(self._layouts[index])
        return [kind for kind in kinds if kind not in TITLES | FURNITURE]

    def _find(self, name: str, among: Iterable[int]) -> int | None:
        key = layout_key(name)
        return next((index for index in among if layout_key(self._layouts[index].name) == key), None)

    def missing(self, name: str) -> str | None:
        """Why a slide asking for this layout gets the content slides' layout instead, or None."""
        if self._find(name, self._titled) is not None:
            return None
        fallback = f"so the slide uses '{self.name(self.content)}'"
        if self._find(name, range(len(self._layouts))) is not None:
            return f"the layout '{name}' has no title placeholder (every slide needs a title), {fallback}"
        listed = ", ".join(f"'{layout}'" for layout in dict.fromkeys(self.names))
        return f"the template has no layout called '{name}', {fallback}; its layouts are {listed}"

    def design(self, plan: SlidePlan) -> Design:
        if plan.kind == "title":
            return self.opening
        found = self._find(plan.layout, self._titled) if plan.layout else None
        return self.content if found is None else self._design(found, BODIES)

    def _design(self, index: int, bodies: set[Any]) -> Design:
        """Where the layout puts the title and the content: its title placeholder; its largest
        body placeholder, else its master's body placeholder, else the space below the title."""
        layout = self._layouts[index]
        title = self._title_box(layout)
        own = [
            (shape.placeholder_format.idx, box)
            for shape in layout.placeholders
            if shape.placeholder_format.type in bodies and (box := _box(shape)) is not None
        ]
        if own:
            placeholder, body = max(own, key=lambda found: found[1].width * found[1].height)
            return Design(index, title, self._clear(self._inside(body), title), placeholder)
        master = [
            box
            for shape in layout.slide_master.placeholders
            if shape.placeholder_format.type == PP_PLACEHOLDER.BODY and (box := _box(shape)) is not None
        ]
        return Design(index, title, self._clear(self._inside(master[0]) if master else None, title))

    def _title_box(self, layout: Any) -> Box:
        """The layout's title placeholder, inside the slide and tall enough for two lines."""
        found = [_box(shape) for shape in layout.placeholders if shape.placeholder_format.type in TITLES]
        title = self._inside(found[0] or Box(MARGIN, MARGIN, self._width - 2 * MARGIN, TITLE_MIN_HEIGHT))
        if title.height >= TITLE_MIN_HEIGHT:
            return title
        return Box(title.left, min(title.top, self._height - TITLE_MIN_HEIGHT), title.width, TITLE_MIN_HEIGHT)

    def _inside(self, box: Box) -> Box:
        left = min(max(box.left, 0.0), self._width - MARGIN)
        top = min(max(box.top, 0.0), self._height - MARGIN)
        return Box(left, top, min(box.width, self._width - left), min(box.height, self._height - top))

    def _clear(self, body: Box | None, title: Box) -> Box:
        """The content box moved clear of the title; the larger band above or below the title if
        there is no such box or too little of it is left."""
        if body is not None and _overlap(body, title):
            if body.top + body.height / 2 >= title.top + title.height / 2:
                bottom = body.top + body.height
                top = title.top + title.height + GAP / 2
                body = Box(body.left, top, body.width, bottom - top)
            else:
                body = Box(body.left, body.top, body.width, title.top - GAP / 2 - body.top)
        if body is not None and body.height >= BODY_MIN_HEIGHT:
            return body
        below = title.top + title.height + GAP
        above = title.top - GAP
        if self._height - MARGIN - below >= above - MARGIN:
            return Box(title.left, below, title.width, self._height - MARGIN - below)
        return Box(title.left, MARGIN, title.width, above - MARGIN)


@cache
def _our_layouts() -> DeckLayouts:
    """Our own deck's designs, read once per process: the deck never changes."""
    from generator.deck.template import open_deck

    return DeckLayouts(open_deck(None))


def deck_layouts(template: Path | None) -> DeckLayouts:
    """A fresh deck to write the slides on (the template's, or our own) and its designs."""
    from generator.deck.template import open_deck

    if template is None:
        return _our_layouts().on(open_deck(None))
    return DeckLayouts(open_deck(template))
