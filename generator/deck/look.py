"""What a school's template says about how text looks: the faces it draws in (so text is measured
with their metric twins), the colours its titles and body text take on each layout's background
(kept readable), and the style its tables take.

The template's look wins: runs name no typeface, alignment and bullets come from the layout's
body style. lessonpack overrides only what it must: a text colour whose contrast with its
background is below WCAG AA (4.5 : 1) is replaced by the theme's dark or light colour, with a
warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from generator.deck.fit import Box
from generator.deck.units import overlap_area, shape_box
from generator.fonts import CARLITO, Face, twin, word_width

UNDER_TEXT = 0.5
"""The share of a text's box a drawn shape must cover to count as what the text stands on."""
BACKDROP = 0.6
"""A shape drawn over this share of the slide is a backdrop, which text stands on, not a picture
or panel it must keep clear of."""
SEE_THROUGH = 0.5
"""A fill less opaque than this, on average over its colours, lets the text be judged against what
lies under it."""
AA_CONTRAST = 4.5
"""WCAG AA's least contrast for normal-sized text."""
WHITE = "FFFFFF"
BLACK = "000000"
THEME_FONTS = {"+mj-lt": "major", "+mn-lt": "minor"}
SAMPLE = "Measured widths of The quick brown fox jumps over 1917"
"""Text the candidate faces are compared on, to measure with the widest."""
_NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
_STYLE = {"title": "p:titleStyle", "body": "p:bodyStyle"}
_PARAGRAPH_LEVELS = [qn(f"a:lvl{level}pPr") for level in (1, 2)]


def _hex(value: str) -> str:
    return value.upper()


def luminance(colour: str) -> float:
    """WCAG relative luminance of an RRGGBB colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _modified(colour: str, element: Any) -> str:
    """The colour after its lumMod, lumOff, tint and shade, as PowerPoint applies them (in RGB,
    close enough to judge contrast)."""
    red, green, blue = (int(colour[index : index + 2], 16) / 255 for index in (0, 2, 4))
    channels = [red, green, blue]
    for change in element:
        value = int(change.get("val", "100000")) / 100000
        name = change.tag.rsplit("}", 1)[-1]
        if name in ("lumMod", "shade"):
            channels = [c * value for c in channels]
        elif name == "lumOff":
            channels = [c + value for c in channels]
        elif name == "tint":
            channels = [c * value + (1 - value) for c in channels]
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in channels)


@dataclass(frozen=True)
class Theme:
    """One master's theme: its colour scheme through the master's colour map, and its fonts."""

    scheme: dict[str, str]
    mapping: dict[str, str]
    fonts: dict[str, str]

    def colour(self, element: Any) -> str | None:
        """The RRGGBB an srgbClr, sysClr or schemeClr element stands for; None for others."""
        name = element.tag.rsplit("}", 1)[-1]
        if name == "srgbClr":
            base = element.get("val")
        elif name == "sysClr":
            base = element.get("lastClr")
        elif name == "schemeClr":
            value = element.get("val", "")
            base = self.scheme.get(self.mapping.get(value, value))
        else:
            return None
        return _modified(_hex(base), element) if base and len(base) == 6 else None

    def face(self, typeface: str) -> str:
        return self.fonts.get(THEME_FONTS.get(typeface, ""), typeface)


def _theme(master: Any) -> Theme:
    part = master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    root = parse_xml(part.blob)
    scheme: dict[str, str] = {}
    colours = root.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    for slot in colours if colours is not None else []:
        for value in slot:
            found = value.get("val") if value.tag == qn("a:srgbClr") else value.get("lastClr")
            if found:
                scheme[slot.tag.rsplit("}", 1)[-1]] = _hex(found)
    fonts = {}
    for kind in ("major", "minor"):
        latin = root.find(
            f"{qn('a:themeElements')}/{qn('a:fontScheme')}/{qn(f'a:{kind}Font')}/{qn('a:latin')}"
        )
        if latin is not None and latin.get("typeface"):
            fonts[kind] = str(latin.get("typeface"))
    colour_map = master._element.find(qn("p:clrMap"))
    mapping = dict(colour_map.attrib) if colour_map is not None else {}
    return Theme(scheme, mapping, fonts)


def _text_styles(master: Any) -> Iterator[Any]:
    """The master's title, body and other text styles, and every placeholder's own list style on
    it and its layouts: where a template names the faces its text is drawn in."""
    styles = master._element.find(qn("p:txStyles"))
    if styles is not None:
        yield from styles
    for owner in [master, *master.slide_layouts]:
        yield from owner._element.iter(qn("a:lstStyle"))


def _typefaces(master: Any, theme: Theme) -> set[str]:
    faces = set(theme.fonts.values())
    for style in _text_styles(master):
        for level in style:
            if level.tag in _PARAGRAPH_LEVELS:
                faces.update(theme.face(latin.get("typeface", "")) for latin in level.iter(qn("a:latin")))
    return {face for face in faces if face and not face.startswith("+")}


def widest_face(typefaces: Iterable[str]) -> Face:
    """The twin that measures widest among the faces named: text fits in all of them."""
    faces = {twin(typeface) for typeface in typefaces} or {CARLITO}
    return max(faces, key=lambda face: (word_width(SAMPLE, 20.0, True, face), face.name))


def measured_face(presentation: Any) -> Face:
    """What a template's text is measured with: the widest twin of every face its masters name."""
    typefaces: set[str] = set()
    for master in presentation.slide_masters:
        typefaces |= _typefaces(master, _theme(master))
    return widest_face(typefaces)


def _fill_colours(properties: Any, theme: Theme) -> list[str] | None:
    """The colours of a solid or gradient fill under `properties`; None if it has neither."""
    layer = _fill_layer(properties, theme)
    return [colour for colour, _ in layer] if layer else None


Layer = list[tuple[str, float]]
"""The colours of one fill, each with its opacity (1 for opaque)."""


def _opacity(element: Any) -> float:
    alpha = element.find(qn("a:alpha"))
    return 1.0 if alpha is None else int(alpha.get("val", "100000")) / 100000


def _fill_layer(properties: Any, theme: Theme) -> Layer | None:
    """The colours of a solid or gradient fill under `properties`, with their opacity."""
    if properties is None:
        return None
    solid = properties.find(qn("a:solidFill"))
    if solid is not None and len(solid):
        found = theme.colour(solid[0])
        return [(found, _opacity(solid[0]))] if found else None
    gradient = properties.find(qn("a:gradFill"))
    if gradient is not None:
        stops = [
            (theme.colour(stop[0]), _opacity(stop[0])) for stop in gradient.iter(qn("a:gs")) if len(stop)
        ]
        return [(colour, opacity) for colour, opacity in stops if colour] or None
    return None


def _under_text(layout: Any, theme: Theme, box: Box) -> tuple[bool, list[str] | None]:
    """Whether the layout or master draws a fill or picture under most of the text's box (a band
    behind the title, a panel behind the text, a backdrop over the whole slide), and the colours
    of the topmost one (None for a picture, which cannot be judged). A fill mostly see-through
    (a glow, a tint) shows what is under it, so the colours under it are judged instead."""
    for owner in (layout, layout.slide_master):
        for shape in reversed(list(owner.shapes)):
            drawn = None if shape.is_placeholder else shape_box(shape)
            if drawn is None or _covered(box, drawn) < UNDER_TEXT:
                continue
            properties = shape._element.find(qn("p:spPr"))
            if shape._element.tag == qn("p:pic") or (
                properties is not None and properties.find(qn("a:blipFill")) is not None
            ):
                return True, None
            layer = _fill_layer(properties, theme)
            if layer and sum(opacity for _, opacity in layer) / len(layer) >= SEE_THROUGH:
                return True, [colour for colour, _ in layer]
    return False, None


def _covered(box: Box, drawn: Box) -> float:
    """The share of the box that the drawn box covers."""
    return overlap_area(box, drawn) / max(box.width * box.height, 1.0)


def _background(layout: Any, theme: Theme, box: Box) -> list[str] | None:
    """The colours behind text in this box: what the layout and master draw under most of it,
    else the layout's background, else its master's; white when none is set; None for a
    picture or pattern, which cannot be judged."""
    drawn, colours = _under_text(layout, theme, box)
    return colours if drawn else _slide_background(layout, theme)


def _slide_background(layout: Any, theme: Theme) -> list[str] | None:
    for owner in (layout, layout.slide_master):
        background = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if background is None:
            continue
        properties = background.find(qn("p:bgPr"))
        if properties is not None:
            return _fill_colours(properties, theme)
        reference = background.find(qn("p:bgRef"))
        if reference is not None and len(reference):
            found = theme.colour(reference[0])
            return [found] if found else None
        return None
    return [theme.colour(parse_xml(f'<a:schemeClr {_NS} val="bg1"/>')) or WHITE]


def _placeholder(owner: Any, kinds: set[str]) -> Any:
    for shape in owner.placeholders:
        if shape._element.ph.get("type", "obj") in kinds:
            return shape._element
    return None


def _own_colour(element: Any, theme: Theme) -> str | None:
    """The colour a placeholder's first-level list style gives its text, if it gives one."""
    if element is None:
        return None
    found = element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    colours = _fill_colours(found, theme)
    return colours[0] if colours else None


def _text_colour(layout: Any, kinds: set[str], style: str, theme: Theme) -> str:
    """The colour the layout draws this kind of text in: its placeholder's, its master's, the
    master's text style's, else the theme's text colour."""
    master = layout.slide_master
    for owner in (layout, master):
        found = _own_colour(_placeholder(owner, kinds), theme)
        if found:
            return found
    level = master._element.find(f"{qn('p:txStyles')}/{qn(_STYLE[style])}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    colours = _fill_colours(level, theme)
    if colours:
        return colours[0]
    return theme.colour(parse_xml(f'<a:schemeClr {_NS} val="tx1"/>')) or BLACK


@dataclass(frozen=True)
class TextColours:
    """Colours written on a layout's text, where the template's own would be unreadable; None
    keeps the template's."""

    title: str | None = None
    body: str | None = None
    ink: str = BLACK
    """What lines and unboxed text drawn on the slide (timelines, table borders) are drawn in."""


@dataclass
class Look:
    """How the deck's text is drawn: our own look (Calibri, black), or a template's."""

    template: bool = False
    table_style: str | None = None
    """The template's own default table style's id; None for a plain table in its colours."""
    _colours: dict[int, TextColours] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """What was changed to keep text readable, in plain words, once per layout and kind."""

    def colours(self, layouts: list[Any], index: int, title_box: Box, body_box: Box) -> TextColours:
        """The layout's text colours, checked against what lies behind its title and text (boxes
        in points on the slide) the first time."""
        if not self.template:
            return TextColours()
        if index not in self._colours:
            self._colours[index] = self._checked(layouts[index], title_box, body_box)
        return self._colours[index]

    def _checked(self, layout: Any, title_box: Box, body_box: Box) -> TextColours:
        theme = _theme(layout.slide_master)
        title = _text_colour(layout, {"title", "ctrTitle"}, "title", theme)
        body = _text_colour(layout, {"body", "obj", "subTitle"}, "body", theme)
        readable = {
            kind: self._readable(layout.name, kind, colour, behind, theme)
            for kind, colour, behind in (
                ("title", title, _background(layout, theme, title_box)),
                ("body", body, _background(layout, theme, body_box)),
            )
        }
        return TextColours(readable["title"], readable["body"], readable["body"] or body)

    def _readable(
        self, layout: str, kind: str, colour: str, background: list[str] | None, theme: Theme
    ) -> str | None:
        """None if the colour reads well on every colour of the background (or the background is
        a picture, which cannot be judged), else the theme's dark or light colour, whichever reads
        better."""
        if background is None:
            return None
        hardest = min(background, key=lambda behind: contrast(colour, behind))
        worst = contrast(colour, hardest)
        if worst >= AA_CONTRAST:
            return None
        dark = theme.scheme.get("dk1", BLACK)
        light = theme.scheme.get("lt1", WHITE)
        choice = max((dark, light), key=lambda option: min(contrast(option, behind) for behind in background))
        self.warnings.append(
            f"the template's {kind} text on the layout '{layout}' is #{colour} on #{hardest}, a "
            f"contrast of {worst:.1f} : 1 (at least {AA_CONTRAST:g} : 1 is needed to read it), so it "
            f"is written in the theme's #{choice} instead"
        )
        return choice


def numbers_its_slides(layout: Any) -> bool:
    """Whether the layout or its master draws each slide's number in a shape of its own (not a
    placeholder, which shows only when a slide copies it): a number of ours would be a second."""
    return any(
        field.get("type") == "slidenum"
        for owner in (layout, layout.slide_master)
        for shape in owner.shapes
        if not shape.is_placeholder
        for field in shape._element.iter(qn("a:fld"))
    )


def template_look(presentation: Any) -> Look:
    """A template's look: its default table style if it defines its own, its text colours."""
    return Look(template=True, table_style=_own_table_style(presentation))


def _own_table_style(presentation: Any) -> str | None:
    """The template's default table style, if its table styles part defines it (a style id
    naming one of Office's built-in styles is drawn differently by each suite)."""
    try:
        part = presentation.part.part_related_by(RELATIONSHIP_TYPE.TABLE_STYLES)
    except KeyError:
        return None
    root = parse_xml(part.blob)
    defined = [str(style.get("styleId")) for style in root.iter(qn("a:tblStyle"))]
    default = root.get("def")
    if default in defined:
        return str(default)
    return defined[0] if defined else None
