"""Chooses the layout each slide is drawn on, and reads where that layout puts the title and the
content, so slides fit any template's masters: 4:3 or 16:9, localised layout names, several
masters, body placeholders at any idx.

The rule, documented in docs/spec.md, reads what a layout's placeholders are, never its name or
idx: content slides go on the layout with a title and exactly one body or object placeholder
(the largest such body, on any master); the title slide on the first layout with a title and a
subtitle, a centred title first. With no such content layout, content goes on a layout with a
title only (in the band below it), else on the titled layout with the fewest other placeholders.
A slide's own `layout:` is found by name, ignoring case and spacing, across every master. Only a
layout with a title placeholder is used: screen readers find slides by their titles.

Every box is measured on a canvas as wide as our own deck (SLIDE_WIDTH): a template's slide of
another width is the same slide scaled, so type sizes scale with it (`scale`) and a 10-inch slide
holds what a 13.33-inch one does.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from functools import cache
from pathlib import Path
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from generator.deck.fit import (
    BODY_BOTTOM,
    BODY_SIZES,
    GAP,
    INSET_Y,
    LINE_HEIGHT,
    MARGIN,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE_SIZES,
    Box,
    Design,
)
from generator.deck.look import BACKDROP, Look, measured_face, template_look
from generator.deck.plan import SlidePlan
from generator.deck.units import overlap_area, shape_box
from generator.fonts import CARLITO, Face

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
TOP_TITLE = 0.15
"""The share of the slide's height above which a content slide's title starts."""
MASTER_GAIN = 1.25
"""How much more room for content a master's own boxes must give than its layout's to be used
instead: a layout that moves its boxes on purpose keeps them."""


def layout_key(name: str) -> str:
    """A layout name as matched: case and runs of spacing ignored."""
    return " ".join(name.split()).casefold()


def all_layouts(presentation: Any) -> list[Any]:
    """Every master's layouts in turn: a Design's `layout` is a position in this list."""
    return [layout for master in presentation.slide_masters for layout in master.slide_layouts]


def _kinds(layout: Any) -> list[Any]:
    return [shape.placeholder_format.type for shape in layout.placeholders]


def placeholder_key(element: Any) -> tuple[str, int]:
    """A placeholder's type and idx as written, with the defaults python-pptx reads (an object at
    idx 0): LibreOffice writes several placeholders at idx 0, told apart by type only."""
    ph = element.ph
    return str(ph.get("type", "obj")), int(ph.get("idx", "0"))


def _vertical(shape: Any) -> bool:
    """Whether the placeholder sets its text vertically (a layout for East Asian text)."""
    body = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    return body is not None and body.get("vert", "horz") != "horz"


def _others(layout: Any) -> list[Any]:
    """The placeholders besides the title and the furniture (date, footer, number)."""
    return [shape for shape in layout.placeholders if shape.placeholder_format.type not in TITLES | FURNITURE]


def _area(box: Box) -> float:
    return box.width * box.height


def _overlap(one: Box, other: Box) -> bool:
    return (
        one.left < other.left + other.width
        and other.left < one.left + one.width
        and one.top < other.top + other.height
        and other.top < one.top + one.height
    )


class DeckLayouts:
    """The deck's layouts and the design each kind of slide gets on them."""

    def __init__(self, presentation: Any, face: Face = CARLITO, look: Look | None = None) -> None:
        from generator.deck.template import TemplateError

        self.deck = presentation
        """The opened deck the slides will be added to."""
        self.look = look or Look()
        """How the text is drawn: our own look, or the template's."""
        self._face = face
        self._layouts = all_layouts(presentation)
        self.scale = presentation.slide_width / 12700 / SLIDE_WIDTH
        """Real points per point of the canvas everything is fitted on."""
        self._width = SLIDE_WIDTH
        self._height = presentation.slide_height / 12700 / self.scale
        titled = [index for index, layout in enumerate(self._layouts) if TITLES & set(_kinds(layout))]
        if not titled:
            raise TemplateError("has no layout with a title placeholder: every slide needs a title")
        self._titled = titled
        self.content = self._content_design()
        with_subtitle = [index for index in titled if PP_PLACEHOLDER.SUBTITLE in _kinds(self._layouts[index])]
        centred = [
            index for index in with_subtitle if PP_PLACEHOLDER.CENTER_TITLE in _kinds(self._layouts[index])
        ]
        opening = next(iter(centred + with_subtitle), self.content.layout)
        self.opening = self._design(opening, BODIES | {PP_PLACEHOLDER.SUBTITLE})

    def _content_design(self) -> Design:
        """A title and one horizontal body or object placeholder, with the title at the top and
        the most room for text; else a title alone; else the titled layout with the fewest other
        placeholders."""
        designs = []
        for index in self._titled:
            others = _others(self._layouts[index])
            if (
                len(others) == 1
                and others[0].placeholder_format.type in BODIES
                and not _vertical(others[0])
                and shape_box(others[0]) is not None
            ):
                placed = self._design(index, BODIES)
                designs += [placed, *self._master_design(placed)]
        if designs:
            return max(
                designs, key=lambda design: (self._title_on_top(design), self._room(design), -design.layout)
            )
        return self._design(min(self._titled, key=lambda index: len(_others(self._layouts[index]))), BODIES)

    def _title_on_top(self, design: Design) -> bool:
        """Whether the title stands at the top of the slide, as on a content slide; a master made
        for title or section slides puts it further down."""
        return bool(design.title.top < self._height * TOP_TITLE)

    def _room(self, design: Design) -> float:
        """The content box's area less what the layout and its master draw over it: text goes
        where the template leaves room for it, not over its pictures and panels."""
        layout = self._layouts[design.layout]
        drawn = self._drawn(layout) + self._drawn(layout.slide_master)
        return _area(design.body) - sum(overlap_area(design.body, box) for box in drawn)

    def _master_design(self, placed: Design) -> list[Design]:
        """The layout on its master's own title and body boxes, where those put the title at the
        top while the layout's do not, or leave much more room for text. LibreOffice writes
        every layout of a template with several masters at the boxes of one of them, so on the
        others the title lands mid-slide over a backdrop drawn for it at the top."""
        layout = self._layouts[placed.layout]
        title = self._master_box(layout, TITLES)
        body = self._master_box(layout, {PP_PLACEHOLDER.BODY})
        if title is None or body is None:
            return []
        title = self._tall_enough(title)
        body = self._grown(self._clear(body, title), layout)
        design = Design(placed.layout, title, body, placed.text_placeholder, self._face)
        raised = self._title_on_top(design) and not self._title_on_top(placed)
        return [design] if raised or self._room(design) > MASTER_GAIN * self._room(placed) else []

    def _master_box(self, layout: Any, kinds: set[Any]) -> Box | None:
        found = [
            box
            for shape in layout.slide_master.placeholders
            if shape.placeholder_format.type in kinds and (box := self._box(shape)) is not None
        ]
        return self._inside(found[0]) if found else None

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
            (placeholder_key(shape._element), box)
            for shape in layout.placeholders
            if shape.placeholder_format.type in bodies and (box := self._box(shape)) is not None
        ]
        if own:
            placeholder, body = max(own, key=lambda found: found[1].width * found[1].height)
            body = self._clear(self._inside(body), title)
            if bodies == BODIES:
                body = self._grown(body, layout)
            return Design(index, title, body, placeholder, self._face)
        master = [
            box
            for shape in layout.slide_master.placeholders
            if shape.placeholder_format.type == PP_PLACEHOLDER.BODY and (box := self._box(shape)) is not None
        ]
        body = self._clear(self._inside(master[0]) if master else None, title)
        return Design(index, title, body, face=self._face)

    def _box(self, shape: Any) -> Box | None:
        """The placeholder's box on the canvas."""
        box = shape_box(shape)
        if box is None:
            return None
        return Box(
            box.left / self.scale, box.top / self.scale, box.width / self.scale, box.height / self.scale
        )

    def _title_box(self, layout: Any) -> Box:
        """The layout's title placeholder, inside the slide and tall enough for two lines."""
        found = [self._box(shape) for shape in layout.placeholders if shape.placeholder_format.type in TITLES]
        return self._tall_enough(
            self._inside(found[0] or Box(MARGIN, MARGIN, self._width - 2 * MARGIN, TITLE_MIN_HEIGHT))
        )

    def _tall_enough(self, title: Box) -> Box:
        if title.height >= TITLE_MIN_HEIGHT:
            return title
        return Box(title.left, min(title.top, self._height - TITLE_MIN_HEIGHT), title.width, TITLE_MIN_HEIGHT)

    def _drawn(self, owner: Any) -> list[Box]:
        """The canvas boxes of what the layout or master draws besides placeholders (pictures,
        shapes), leaving out backdrops that cover most of the slide."""
        boxes = []
        for shape in owner.shapes:
            if shape.is_placeholder or (box := self._box(shape)) is None:
                continue
            if box.width * box.height < BACKDROP * self._width * self._height:
                boxes.append(box)
        return boxes

    def _grown(self, body: Box, layout: Any) -> Box:
        """The content box grown down to the slide's bottom margin, as far as nothing the layout
        or master draws lies under it: templates leave room below the body for a footer that
        lessonpack's slides do not carry, and a body a fifth shorter than ours would add a
        quarter more slides."""
        bottom = self._height - (SLIDE_HEIGHT - BODY_BOTTOM)
        for drawn in self._drawn(layout) + self._drawn(layout.slide_master):
            beside = drawn.left < body.left + body.width and body.left < drawn.left + drawn.width
            if beside and drawn.top >= body.top + body.height - 1:
                bottom = min(bottom, drawn.top - GAP / 2)
        return Box(body.left, body.top, body.width, max(body.height, bottom - body.top))

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
    deck = open_deck(template)
    return DeckLayouts(deck, measured_face(deck), template_look(deck))
