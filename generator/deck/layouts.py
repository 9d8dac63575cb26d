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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.slide import SlideLayout

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
from generator.deck.units import Sides, overlap_area, own_sides, sides_box
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
BASE_KINDS = {
    PP_PLACEHOLDER.BODY: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.CHART: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.BITMAP: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.CENTER_TITLE: PP_PLACEHOLDER.TITLE,
    PP_PLACEHOLDER.ORG_CHART: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.DATE: PP_PLACEHOLDER.DATE,
    PP_PLACEHOLDER.FOOTER: PP_PLACEHOLDER.FOOTER,
    PP_PLACEHOLDER.MEDIA_CLIP: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.OBJECT: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.PICTURE: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.SLIDE_NUMBER: PP_PLACEHOLDER.SLIDE_NUMBER,
    PP_PLACEHOLDER.SUBTITLE: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.TABLE: PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.TITLE: PP_PLACEHOLDER.TITLE,
}
"""The kind of master placeholder a layout placeholder of each kind takes the sides it leaves out
from, as python-pptx reads it (LayoutPlaceholder._base_placeholder)."""
SHAPE_TAGS = tuple(qn(f"p:{tag}") for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart"))
"""What python-pptx counts as a shape of a layout or master, in the order it reads them."""
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


def placeholder_key(ph: Any) -> tuple[str, int]:
    """A placeholder's type and idx as its `p:ph` writes them, with the defaults python-pptx reads
    (an object at idx 0): LibreOffice writes several placeholders at idx 0, told apart by type
    only."""
    return str(ph.get("type", "obj")), int(ph.get("idx", "0"))


def _placeholder_of(element: Any) -> Any:
    """The shape's `p:ph`, as python-pptx finds it, or None: without an XPath query for each
    shape."""
    properties = next(element.iterchildren(), None)
    return None if properties is None else properties.find(f"{qn('p:nvPr')}/{qn('p:ph')}")


def _vertical(element: Any) -> bool:
    """Whether the placeholder sets its text vertically (a layout for East Asian text)."""
    body = element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    return body is not None and body.get("vert", "horz") != "horz"


@dataclass(frozen=True)
class _Placeholder:
    """What the designs read of a layout's or master's placeholder."""

    kind: Any
    key: tuple[str, int]
    sides: Sides
    """As python-pptx gives them: the shape's own, else its master placeholder's."""
    box: Box | None
    """On the canvas; None if it has no size."""
    vertical: bool


def _inherited(sides: Sides, master: list[_Placeholder], kind: Any) -> Sides:
    """A layout placeholder's sides, each it leaves out taken from the first of its master's
    placeholders of the kind it inherits from, as python-pptx (LayoutPlaceholder) reads them."""
    if None not in sides:
        return sides
    base = next((found for found in master if found.kind == BASE_KINDS.get(kind)), None)
    if base is None:
        return sides
    left, top, width, height = (
        own if own is not None else inherited for own, inherited in zip(sides, base.sides, strict=True)
    )
    return left, top, width, height


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

    def __init__(
        self, presentation: Any, face: Face = CARLITO, look: Look | None = None, held: int = 0
    ) -> None:
        from generator.deck.template import TemplateError

        self.held = held
        """About how much memory the deck holds of its template, in bytes; 0 for our own."""
        self.deck = presentation
        """The opened deck the slides will be added to; None for the designs alone (`on`)."""
        self.look = look or Look()
        """How the text is drawn: our own look, or the template's."""
        self._face = face
        self._layouts = all_layouts(presentation)
        self._read: dict[str, tuple[list[_Placeholder], list[Box]]] = {}
        """Each layout's and master's placeholders and drawn boxes, by part name, read once while
        the designs are made: a master is read for each of its layouts."""
        self.scale = presentation.slide_width / 12700 / SLIDE_WIDTH
        """Real points per point of the canvas everything is fitted on."""
        self._width = SLIDE_WIDTH
        self._height = presentation.slide_height / 12700 / self.scale
        titled = [index for index, layout in enumerate(self._layouts) if TITLES & self._kinds(layout)]
        if not titled:
            raise TemplateError("has no layout with a title placeholder: every slide needs a title")
        self._titled = titled
        self.content = self._content_design()
        with_subtitle = [
            index for index in titled if PP_PLACEHOLDER.SUBTITLE in self._kinds(self._layouts[index])
        ]
        centred = [
            index
            for index in with_subtitle
            if PP_PLACEHOLDER.CENTER_TITLE in self._kinds(self._layouts[index])
        ]
        opening = next(iter(centred + with_subtitle), self.content.layout)
        self.opening = self._design(opening, BODIES | {PP_PLACEHOLDER.SUBTITLE})
        self._designs = {index: self._design(index, BODIES) for index in titled}
        self._names = [str(layout.name) for layout in self._layouts]
        self._read.clear()

    def _content_design(self) -> Design:
        """A title and one horizontal body or object placeholder, with the title at the top and
        the most room for text; else a title alone; else the titled layout with the fewest other
        placeholders."""
        designs = []
        for index in self._titled:
            others = self._others(self._layouts[index])
            if len(others) == 1 and others[0].kind in BODIES and not others[0].vertical and others[0].box:
                placed = self._design(index, BODIES)
                designs += [placed, *self._master_design(placed)]
        if designs:
            return max(
                designs, key=lambda design: (self._title_on_top(design), self._room(design), -design.layout)
            )
        return self._design(
            min(self._titled, key=lambda index: len(self._others(self._layouts[index]))), BODIES
        )

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
        found = self._boxes(layout.slide_master, kinds)
        return self._inside(found[0]) if found else None

    def _placeholders(self, owner: Any) -> list[_Placeholder]:
        return self._parts(owner)[0]

    def _drawn(self, owner: Any) -> list[Box]:
        """The canvas boxes of what the layout or master draws besides placeholders (pictures,
        shapes), leaving out backdrops that cover most of the slide."""
        return self._parts(owner)[1]

    def _parts(self, owner: Any) -> tuple[list[_Placeholder], list[Box]]:
        """The layout's or master's placeholders and drawn boxes, read from its XML once: every
        layout is weighed against its master's shapes, and python-pptx looks up each side of
        each shape anew, and each layout placeholder's master placeholder among all the master's
        shapes, so a template of many layouts and shapes took minutes."""
        name = str(owner.part.partname)
        if name not in self._read:
            base = self._placeholders(owner.slide_master) if isinstance(owner, SlideLayout) else []
            placeholders = []
            drawn = []
            for element in owner.shapes._spTree.iterchildren(*SHAPE_TAGS):
                ph = _placeholder_of(element)
                sides = own_sides(element) if ph is None else _inherited(own_sides(element), base, ph.type)
                box = sides_box(sides)
                box = None if box is None else self._on_canvas(box)
                if ph is not None:
                    placeholders.append(
                        _Placeholder(ph.type, placeholder_key(ph), sides, box, _vertical(element))
                    )
                elif box is not None and box.width * box.height < BACKDROP * self._width * self._height:
                    drawn.append(box)
            self._read[name] = placeholders, drawn
        return self._read[name]

    def _kinds(self, layout: Any) -> set[Any]:
        return {placeholder.kind for placeholder in self._placeholders(layout)}

    def _others(self, layout: Any) -> list[_Placeholder]:
        """The placeholders besides the title and the furniture (date, footer, number)."""
        return [found for found in self._placeholders(layout) if found.kind not in TITLES | FURNITURE]

    def _boxes(self, owner: Any, kinds: set[Any]) -> list[Box]:
        """The boxes of the owner's placeholders of these kinds that have a size."""
        return [found.box for found in self._placeholders(owner) if found.kind in kinds and found.box]

    def on(self, presentation: Any | None) -> DeckLayouts:
        """The same designs for another copy of this deck, whose layouts are in the same order; on
        None, the designs alone: every design is made as the deck is read, so a build need not
        keep a deck the size of the template's while it writes each deck on a copy of its own."""
        moved = copy(self)
        moved.deck = presentation
        moved._layouts = []
        return moved

    @property
    def height(self) -> float:
        """The slide's height on the canvas, in points."""
        return float(self._height)

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def name(self, design: Design) -> str:
        return self._names[design.layout]

    def _find(self, name: str, among: Iterable[int]) -> int | None:
        key = layout_key(name)
        return next((index for index in among if layout_key(self._names[index]) == key), None)

    def missing(self, name: str) -> str | None:
        """Why a slide asking for this layout gets the content slides' layout instead, or None."""
        if self._find(name, self._titled) is not None:
            return None
        fallback = f"so the slide uses '{self.name(self.content)}'"
        if self._find(name, range(len(self._names))) is not None:
            return f"the layout '{name}' has no title placeholder (every slide needs a title), {fallback}"
        listed = ", ".join(f"'{layout}'" for layout in dict.fromkeys(self.names))
        return f"the template has no layout called '{name}', {fallback}; its layouts are {listed}"

    def design(self, plan: SlidePlan) -> Design:
        if plan.kind == "title":
            return self.opening
        found = self._find(plan.layout, self._titled) if plan.layout else None
        return self.content if found is None else self._designs[found]

    def _design(self, index: int, bodies: set[Any]) -> Design:
        """Where the layout puts the title and the content: its title placeholder; its largest
        body placeholder, else its master's body placeholder, else the space below the title."""
        layout = self._layouts[index]
        title = self._title_box(layout)
        own = [
            (found.key, found.box)
            for found in self._placeholders(layout)
            if found.kind in bodies and found.box
        ]
        if own:
            placeholder, body = max(own, key=lambda found: found[1].width * found[1].height)
            body = self._clear(self._inside(body), title)
            if bodies == BODIES:
                body = self._grown(body, layout)
            return Design(index, title, body, placeholder, self._face)
        master = self._boxes(layout.slide_master, {PP_PLACEHOLDER.BODY})
        body = self._clear(self._inside(master[0]) if master else None, title)
        return Design(index, title, body, face=self._face)

    def _on_canvas(self, box: Box) -> Box:
        return Box(
            box.left / self.scale, box.top / self.scale, box.width / self.scale, box.height / self.scale
        )

    def _title_box(self, layout: Any) -> Box:
        """The layout's title placeholder, inside the slide and tall enough for two lines."""
        found = [found.box for found in self._placeholders(layout) if found.kind in TITLES]
        return self._tall_enough(
            self._inside(found[0] or Box(MARGIN, MARGIN, self._width - 2 * MARGIN, TITLE_MIN_HEIGHT))
        )

    def _tall_enough(self, title: Box) -> Box:
        if title.height >= TITLE_MIN_HEIGHT:
            return title
        return Box(title.left, min(title.top, self._height - TITLE_MIN_HEIGHT), title.width, TITLE_MIN_HEIGHT)

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
    from generator.deck.template import open_deck, plain_package

    if template is None:
        return _our_layouts().on(open_deck(None))
    deck = open_deck(template)
    return DeckLayouts(deck, measured_face(deck), template_look(deck), plain_package(template).weight)
