"""The part of the Office schema a deck copies from a school's template, checked as the template
is read: the attribute values and required elements of its presentation, masters, layouts and
theme. A deck copies these parts as they are, so a template whose value is in words where the
schema wants a number, or whose theme has lost a colour, would give a deck PowerPoint offers to
repair; such a template is refused, naming its damaged part. Attributes and elements not listed
here are copied unchecked: the lists hold what PowerPoint and LibreOffice write in templates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE

DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
PRESENTATION = "http://schemas.openxmlformats.org/presentationml/2006/main"
COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CREATION_ID = "{http://schemas.microsoft.com/office/powerpoint/2010/main}creationId"
"""The one extension element checked: PowerPoint 2010's id of a master or layout, a number."""
CHECKED = {"a": DRAWING, "p": PRESENTATION}
LARGEST = 27_273_042_316_900
"""The largest coordinate DrawingML allows (ST_Coordinate), in EMU."""
INT32 = 2_147_483_647
UINT32 = 4_294_967_295
ANGLE = 21_599_999
"""The largest angle, in 60,000ths of a degree (ST_PositiveFixedAngle)."""
OPEN = frozenset({"ext", "graphicData", "Choice", "Fallback"})
"""Elements whose content may be in any namespace: extensions, graphic frames' data (tables,
charts) and markup-compatibility alternatives."""
AGAIN = "open it in PowerPoint and save it again"


def _tag(name: str) -> str:
    """`a:srgbClr` as lxml names it."""
    prefix, local = name.split(":")
    return f"{{{CHECKED[prefix]}}}{local}"


def _tags(names: str) -> frozenset[str]:
    return frozenset(map(_tag, names.split()))


@dataclass(frozen=True)
class Whole:
    """A whole number from `low` to `high`."""

    low: int
    high: int

    def allows(self, value: str) -> bool:
        return is_integer(value) and self.low <= int(value) <= self.high

    def wanted(self, value: str) -> str:
        return f"a whole number from {self.low} to {self.high}" if is_integer(value) else "a whole number"


def is_integer(value: str) -> bool:
    """Whether the text is a whole number as XML writes one: digits, perhaps after a minus."""
    digits = value[1:] if value[:1] == "-" else value
    return digits.isascii() and digits.isdigit()


@dataclass(frozen=True)
class Words:
    """One of a fixed list of words."""

    values: frozenset[str]
    description: str = ""

    def allows(self, value: str) -> bool:
        return value in self.values

    def wanted(self, value: str) -> str:
        return self.description or f"one of {', '.join(sorted(self.values))}"


@dataclass(frozen=True)
class Pattern:
    """Text of a given shape (a colour in hex, a GUID)."""

    pattern: re.Pattern[str]
    description: str

    def allows(self, value: str) -> bool:
        return self.pattern.fullmatch(value) is not None

    def wanted(self, value: str) -> str:
        return self.description


ValueType = Whole | Words | Pattern


def _names(text: str) -> list[str]:
    return text.split()


def _words(text: str, description: str = "") -> Words:
    return Words(frozenset(_names(text)), description)


COORDINATE = Whole(-LARGEST, LARGEST)
SIZE = Whole(0, LARGEST)
INTEGER = Whole(-INT32 - 1, INT32)
UNSIGNED = Whole(0, UINT32)
PERCENT = Whole(0, 100_000)
BOOLEAN = _words("true false 1 0", "true or false")
HEX_COLOUR = Pattern(re.compile("[0-9A-Fa-f]{6}"), "a colour as six hex digits, such as 1F4E79")
GUID = Pattern(re.compile(r"\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}"), "a GUID in braces")
NAMED = Pattern(re.compile(".+", re.DOTALL), "a name")
NAME_OR_COORDINATE = Pattern(
    re.compile(r"-?[0-9]{1,14}|[A-Za-z][A-Za-z0-9]*"), "a whole number or a guide's name"
)
SCHEME = "dk1 lt1 dk2 lt2 accent1 accent2 accent3 accent4 accent5 accent6 hlink folHlink"
SCHEME_INDEX = _words(SCHEME)
SCHEME_COLOUR = _words("bg1 tx1 bg2 tx2 phClr " + " ".join(SCHEME_INDEX.values))
SYSTEM_COLOUR = _words(
    "scrollBar background activeCaption inactiveCaption menu window windowFrame menuText windowText "
    "captionText activeBorder inactiveBorder appWorkspace highlight highlightText btnFace btnShadow "
    "grayText btnText inactiveCaptionText btnHighlight 3dDkShadow 3dLight infoText infoBk hotLight "
    "gradientActiveCaption gradientInactiveCaption menuHighlight menuBar",
    "a Windows system colour's name",
)
CONNECTORS = (
    "line straightConnector1 bentConnector2 bentConnector3 bentConnector4 bentConnector5 "
    "curvedConnector2 curvedConnector3 curvedConnector4 curvedConnector5"
)
SHAPES = Words(
    frozenset(shape.xml_value for shape in MSO_AUTO_SHAPE_TYPE if shape.xml_value) | set(CONNECTORS.split()),
    "a preset shape's name",
)
LIGHT_RIGS = _words(
    "legacyFlat1 legacyFlat2 legacyFlat3 legacyFlat4 legacyNormal1 legacyNormal2 legacyNormal3 "
    "legacyNormal4 legacyHarsh1 legacyHarsh2 legacyHarsh3 legacyHarsh4 threePt balanced soft harsh flood "
    "contrasting morning sunrise sunset chilly freezing flat twoPt glow brightRoom",
    "a light rig's name",
)
CAMERAS = _words(
    " ".join(
        f"legacy{kind}{side}"
        for kind in ("Oblique", "Perspective")
        for side in _names("TopLeft Top TopRight Left Front Right BottomLeft Bottom BottomRight")
    )
    + " orthographicFront isometricTopUp isometricTopDown isometricBottomUp isometricBottomDown "
    "isometricLeftUp isometricLeftDown isometricRightUp isometricRightDown isometricOffAxis1Left "
    "isometricOffAxis1Right isometricOffAxis1Top isometricOffAxis2Left isometricOffAxis2Right "
    "isometricOffAxis2Top isometricOffAxis3Left isometricOffAxis3Right isometricOffAxis3Bottom "
    "isometricOffAxis4Left isometricOffAxis4Right isometricOffAxis4Bottom obliqueTopLeft obliqueTop "
    "obliqueTopRight obliqueLeft obliqueRight obliqueBottomLeft obliqueBottom obliqueBottomRight "
    "perspectiveFront perspectiveLeft perspectiveRight perspectiveAbove perspectiveBelow "
    "perspectiveAboveLeftFacing perspectiveAboveRightFacing perspectiveContrastingLeftFacing "
    "perspectiveContrastingRightFacing perspectiveHeroicLeftFacing perspectiveHeroicRightFacing "
    "perspectiveHeroicExtremeLeftFacing perspectiveHeroicExtremeRightFacing perspectiveRelaxed "
    "perspectiveRelaxedModerately",
    "a camera's name",
)
BEVELS = _words(
    "relaxedInset circle slope cross angle softRound convex coolSlant divot riblet hardEdge artDeco",
    "a bevel's name",
)
MATERIALS = _words(
    "legacyMatte legacyPlastic legacyMetal legacyWireframe matte plastic metal warmMatte "
    "translucentPowder powder dkEdge softEdge clear flat softmetal",
    "a material's name",
)
PLACEHOLDER_TYPES = _words(
    "title body ctrTitle subTitle dt sldNum ftr hdr obj chart tbl clipArt dgm media sldImg pic"
)
"""The placeholder kinds a master or layout may declare (ST_PlaceholderType)."""
PARAGRAPHS = "a:pPr a:defPPr " + " ".join(f"a:lvl{level}pPr" for level in range(1, 10))
RUNS = "a:rPr a:defRPr a:endParaRPr"
COLOURS = "a:scrgbClr a:srgbClr a:hslClr a:sysClr a:schemeClr a:prstClr"
SHADOWS = "a:outerShdw a:innerShdw a:prstShdw a:reflection"

ANY_ELEMENT: dict[str, ValueType] = {
    "x": COORDINATE,
    "y": COORDINATE,
    "rot": COORDINATE,
    "cx": SIZE,
    "cy": SIZE,
    "w": SIZE,
    "h": SIZE,
    **dict.fromkeys(
        _names(
            "rtl eaLnBrk latinLnBrk hangingPunct saveSubsetFonts autoCompressPictures anchorCtr flipH "
            "flipV rotWithShape noGrp noRot noSelect noChangeAspect noMove noResize noEditPoints "
            "noAdjustHandles noChangeArrowheads noChangeShapeType noTextEdit noCrop preserve "
            "userDrawn showMasterSp showMasterPhAnim hasCustomPrompt txBox smtClean dirty err noProof "
            "kumimoji normalizeH rtlCol spcFirstLastPara upright compatLnSpc forceAA fromWordArt "
            "scaled hidden"
        ),
        BOOLEAN,
    ),
}
"""Attributes of one type on every DrawingML or PresentationML element that has them."""


def _on(elements: str, types: dict[str, ValueType]) -> dict[tuple[str, str], ValueType]:
    return {
        (_tag(element), attribute): kind for element in elements.split() for attribute, kind in types.items()
    }


BY_ELEMENT: dict[tuple[str, str], ValueType] = {
    **_on("a:headEnd a:tailEnd", {"w": _words("sm med lg"), "len": _words("sm med lg")}),
    **_on("a:headEnd a:tailEnd", {"type": _words("none triangle stealth diamond oval arrow")}),
    **_on("a:pt", {"x": NAME_OR_COORDINATE, "y": NAME_OR_COORDINATE}),
    **_on("a:ln", {"w": Whole(0, 20_116_800), "cap": _words("rnd sq flat"), "algn": _words("ctr in")}),
    **_on("a:ln", {"cmpd": _words("sng dbl thickThin thinThick tri")}),
    **_on(
        PARAGRAPHS,
        {
            "algn": _words("l ctr r just justLow dist thaiDist"),
            "fontAlgn": _words("auto t ctr base b"),
            "marL": Whole(0, 51_206_400),
            "marR": Whole(0, 51_206_400),
            "indent": Whole(-51_206_400, 51_206_400),
            "lvl": Whole(0, 8),
            "defTabSz": INTEGER,
        },
    ),
    **_on(
        RUNS,
        {
            "sz": Whole(100, 400_000),
            "kern": Whole(0, 400_000),
            "spc": Whole(-400_000, 400_000),
            "baseline": INTEGER,
            "b": BOOLEAN,
            "i": BOOLEAN,
            "cap": _words("none small all"),
            "strike": _words("noStrike sngStrike dblStrike"),
            "u": _words(
                "none words sng dbl heavy dotted dottedHeavy dash dashHeavy dashLong dashLongHeavy "
                "dotDash dotDashHeavy dotDotDash dotDotDashHeavy wavy wavyHeavy wavyDbl"
            ),
        },
    ),
    **_on(
        "a:bodyPr",
        {
            "anchor": _words("t ctr b just dist"),
            "vert": _words("horz vert vert270 wordArtVert eaVert mongolianVert wordArtVertRtl"),
            "wrap": _words("none square"),
            "horzOverflow": _words("overflow clip"),
            "vertOverflow": _words("overflow ellipsis clip"),
            "lIns": INTEGER,
            "tIns": INTEGER,
            "rIns": INTEGER,
            "bIns": INTEGER,
            "numCol": Whole(1, 16),
        },
    ),
    **_on("a:tcPr", {"anchor": _words("t ctr b just dist"), "marL": INTEGER, "marR": INTEGER}),
    **_on("a:srgbClr", {"val": HEX_COLOUR}),
    **_on("a:sysClr", {"val": SYSTEM_COLOUR, "lastClr": HEX_COLOUR}),
    **_on("a:schemeClr", {"val": SCHEME_COLOUR}),
    **_on("a:alpha a:tint a:shade a:gs", {"val": PERCENT, "pos": PERCENT}),
    **_on(
        "a:lumMod a:lumOff a:satMod a:satOff a:hueOff a:alphaOff a:redMod a:greenMod a:blueMod",
        {"val": INTEGER},
    ),
    **_on("a:alphaMod a:hueMod", {"val": Whole(0, INT32)}),
    **_on("a:spcPct", {"val": Whole(0, 13_200_000)}),
    **_on("a:spcPts", {"val": Whole(0, 158_400)}),
    **_on("a:buSzPct", {"val": Whole(25_000, 400_000)}),
    **_on("a:buSzPts", {"val": Whole(100, 400_000)}),
    **_on(
        "a:prstDash",
        {
            "val": _words(
                "solid dot dash lgDash dashDot lgDashDot lgDashDotDot sysDash sysDot sysDashDot sysDashDotDot"
            )
        },
    ),
    **_on("a:prstGeom", {"prst": SHAPES}),
    **_on("a:lin", {"ang": Whole(0, ANGLE), "scaled": BOOLEAN}),
    **_on(SHADOWS, {"dir": Whole(0, ANGLE), "blurRad": Whole(0, INT32), "dist": Whole(0, INT32)}),
    **_on("a:tile a:outerShdw a:reflection", {"algn": _words("tl t tr l ctr r bl b br")}),
    **_on(
        "a:tile",
        {"flip": _words("none x y xy"), "tx": COORDINATE, "ty": COORDINATE, "sx": INTEGER, "sy": INTEGER},
    ),
    **_on("a:rot", {"lat": Whole(0, ANGLE), "lon": Whole(0, ANGLE), "rev": Whole(0, ANGLE)}),
    **_on("a:fillRef a:lnRef a:effectRef p:bgRef", {"idx": UNSIGNED}),
    **_on("a:fontRef", {"idx": _words("major minor none")}),
    **_on("a:stCxn a:endCxn", {"id": UNSIGNED, "idx": UNSIGNED}),
    **_on("p:cNvPr", {"id": UNSIGNED}),
    **_on("p:sldMasterId p:sldLayoutId", {"id": Whole(2_147_483_648, UINT32)}),
    **_on(
        "p:ph", {"type": PLACEHOLDER_TYPES, "orient": _words("horz vert"), "sz": _words("full half quarter")}
    ),
    **_on("p:ph", {"idx": UNSIGNED, "hasCustomPrompt": BOOLEAN}),
    **_on(
        "p:clrMap a:overrideClrMapping",
        dict.fromkeys(
            _names("bg1 tx1 bg2 tx2 " + SCHEME),
            SCHEME_INDEX,
        ),
    ),
    **_on(
        "p:sldLayout",
        {
            "type": _words(
                "title tx twoColTx tbl txAndChart chartAndTx dgm chart txAndClipArt clipArtAndTx titleOnly "
                "blank txAndObj objAndTx objOnly obj txAndMedia mediaAndTx objOverTx txOverObj txAndTwoObj "
                "twoObjAndTx twoObjOverTx fourObj vertTx clipArtAndVertTx vertTitleAndTx "
                "vertTitleAndTxOverChart twoObj objAndTwoObj twoObjAndObj cust secHead twoTxTwoObj objTx "
                "picTx"
            )
        },
    ),
    **_on(
        "p:sldSz",
        {
            "type": _words(
                "screen4x3 letter A4 35mm overhead banner custom ledger A3 B4ISO B5ISO B4JIS B5JIS "
                "hagakiCard screen16x9 screen16x10"
            )
        },
    ),
    **_on("p:presentation", {"firstSlideNum": INTEGER}),
    **_on("a:tblStyleLst", {"def": GUID}),
    **_on("a:theme a:clrScheme a:fontScheme a:fmtScheme", {"name": NAMED}),
    **_on("a:fillToRect a:fillRect a:srcRect a:tileRect", dict.fromkeys(_names("l t r b"), INTEGER)),
    **_on("a:rect", dict.fromkeys(_names("l t r b"), NAME_OR_COORDINATE)),
    **_on("a:path", {"path": _words("shape circle rect")}),
    **_on("a:lightRig", {"dir": _words("tl t tr l r bl b br"), "rig": LIGHT_RIGS}),
    **_on("a:camera", {"prst": CAMERAS}),
    **_on("a:bevelT a:bevelB", {"prst": BEVELS}),
    **_on("a:sp3d", {"prstMaterial": MATERIALS}),
    **_on("a:latin", {"typeface": NAMED}),
    **_on("a:tblStyle", {"styleId": GUID}),
    **_on("a:fld", {"id": GUID}),
    (CREATION_ID, "val"): UNSIGNED,
}
"""Attributes whose type depends on the element, over ANY_ELEMENT."""

NEEDS: dict[str, tuple[frozenset[str], ...]] = {}
"""Elements that must hold, for each set listed, a child from that set."""
AT_LEAST: dict[str, tuple[str, int]] = {}
"""Elements that must hold at least so many children of one kind."""


def _needs(parents: str, *children: str) -> None:
    for parent in parents.split():
        NEEDS[_tag(parent)] = tuple(_tags(choice) for choice in children)


def _at_least(parents: str, child: str, count: int) -> None:
    for parent in parents.split():
        AT_LEAST[_tag(parent)] = (child, count)


SCHEME_COLOURS = " ".join(f"a:{name}" for name in _names(SCHEME))
FILLS = "a:noFill a:solidFill a:gradFill a:blipFill a:pattFill a:grpFill"
EFFECTS = "a:effectLst a:effectDag"
_needs(
    f"{SCHEME_COLOURS} a:gs a:outerShdw a:innerShdw a:prstShdw a:glow a:buClr a:highlight a:fgClr "
    "a:bgClr a:clrFrom a:clrTo",
    COLOURS,
)
_needs("a:clrScheme", *_names(SCHEME_COLOURS))
_needs("a:fontScheme", "a:majorFont", "a:minorFont")
_needs("a:majorFont a:minorFont", "a:latin", "a:ea", "a:cs")
_needs("a:fmtScheme", "a:fillStyleLst", "a:lnStyleLst", "a:effectStyleLst", "a:bgFillStyleLst")
_needs("a:themeElements", "a:clrScheme", "a:fontScheme", "a:fmtScheme")
_needs("a:theme", "a:themeElements")
_needs("a:effectStyle", EFFECTS)
_needs("a:clrChange", "a:clrFrom", "a:clrTo")
_needs("a:spDef a:lnDef a:txDef", "a:spPr", "a:bodyPr", "a:lstStyle")
_needs("a:spcBef a:spcAft a:lnSpc", "a:spcPct a:spcPts")
_needs("a:custGeom", "a:pathLst")
_needs("a:moveTo a:lnTo", "a:pt")
_needs("a:scene3d", "a:camera", "a:lightRig")
_needs("a:graphic", "a:graphicData")
_needs("a:txBody p:txBody", "a:bodyPr", "a:p")
_needs("a:tbl", "a:tblGrid")
_needs("p:sldMaster", "p:cSld", "p:clrMap")
_needs("p:sldLayout p:notesMaster p:handoutMaster", "p:cSld")
_needs("p:cSld", "p:spTree")
_needs("p:spTree p:grpSp", "p:nvGrpSpPr", "p:grpSpPr")
_needs("p:nvGrpSpPr", "p:cNvPr", "p:cNvGrpSpPr", "p:nvPr")
_needs("p:sp", "p:nvSpPr", "p:spPr")
_needs("p:nvSpPr", "p:cNvPr", "p:cNvSpPr", "p:nvPr")
_needs("p:pic", "p:nvPicPr", "p:blipFill", "p:spPr")
_needs("p:nvPicPr", "p:cNvPr", "p:cNvPicPr", "p:nvPr")
_needs("p:cxnSp", "p:nvCxnSpPr", "p:spPr")
_needs("p:nvCxnSpPr", "p:cNvPr", "p:cNvCxnSpPr", "p:nvPr")
_needs("p:graphicFrame", "p:nvGraphicFramePr", "p:xfrm", "a:graphic")
_needs("p:nvGraphicFramePr", "p:cNvPr", "p:cNvGraphicFramePr", "p:nvPr")
_needs("p:bg", "p:bgPr p:bgRef")
_needs("p:bgPr", FILLS)
_needs("p:clrMapOvr", "a:masterClrMapping a:overrideClrMapping")
_needs("p:style", "a:lnRef", "a:fillRef", "a:effectRef", "a:fontRef")
_needs("p:presentation", "p:notesSz")
_at_least("a:fillStyleLst a:lnStyleLst a:effectStyleLst a:bgFillStyleLst", "", 3)
_at_least("a:gsLst", "a:gs", 2)
_at_least("a:cubicBezTo", "a:pt", 3)
_at_least("a:quadBezTo", "a:pt", 2)


class SchemaError(Exception):
    """A value or element of a template's part that a deck cannot copy, in plain words."""


def _shown(tag: str) -> str:
    """`{drawingml}srgbClr` as `a:srgbClr`."""
    for prefix, namespace in CHECKED.items():
        if tag.startswith(f"{{{namespace}}}"):
            return f"{prefix}:{tag[len(namespace) + 2 :]}"
    return tag


def _value_type(tag: str, attribute: str) -> ValueType | None:
    return BY_ELEMENT.get((tag, attribute)) or ANY_ELEMENT.get(attribute)


def _value_fault(element: Any) -> str | None:
    for attribute, value in element.attrib.items():
        kind = _value_type(element.tag, attribute)
        if kind is not None and not kind.allows(value):
            if attribute == "type" and element.tag == _tag("p:ph"):
                return f"has a placeholder of a kind PowerPoint does not have ({value})"
            return f'gives {attribute}="{value}" where PowerPoint writes {kind.wanted(value)}'
    return None


def _element_fault(element: Any) -> str | None:
    kinds = [child.tag for child in element if isinstance(child.tag, str)]
    for choice in NEEDS.get(element.tag, ()):
        if not choice.intersection(kinds):
            needed = " or ".join(sorted(map(_shown, choice)))
            return f"has an {_shown(element.tag)} without the {needed} it must hold"
    child, count = AT_LEAST.get(element.tag, ("", 0))
    held = sum(1 for kind in kinds if not child or kind == _tag(child))
    if held < count:
        what = f"{count} {_shown(_tag(child))}" if child else f"{count} entries"
        return f"has an {_shown(element.tag)} with fewer than the {what} it must hold"
    return None


def _checked(root: Any) -> Iterator[Any]:
    """The elements in the DrawingML and PresentationML namespaces, outside extensions, and the
    extension element checked."""
    namespaces = set(CHECKED.values())
    for element in _outside_extensions(root):
        if _namespace(element) in namespaces:
            yield element
    yield from root.iter(CREATION_ID)


def _outside_extensions(root: Any) -> Iterator[Any]:
    """Every element in document order, with what extensions hold left out whole: walked once,
    not asking each element for its ancestors (a master may hold a hundred thousand)."""
    pending = [root]
    while pending:
        element = pending.pop()
        if not isinstance(element.tag, str):
            continue
        yield element
        if element.tag.split("}")[-1] not in OPEN:
            pending.extend(reversed(element))


def _stray(root: Any) -> str | None:
    """An element in a namespace no part of a deck uses, outside extensions: what a part whose
    namespace declaration was changed holds."""
    allowed = {*CHECKED.values(), COMPATIBILITY}
    for element in _outside_extensions(root):
        if _namespace(element) not in allowed:
            local = str(element.tag).split("}")[-1]
            return f"{local}, in the namespace {_namespace(element)}" if _namespace(element) else local
    return None


def _namespace(element: Any) -> str | None:
    return str(element.tag)[1:].split("}")[0] if str(element.tag).startswith("{") else None


COPIED = {
    RELATIONSHIP_TYPE.OFFICE_DOCUMENT: "p:presentation",
    RELATIONSHIP_TYPE.SLIDE_MASTER: "p:sldMaster",
    RELATIONSHIP_TYPE.SLIDE_LAYOUT: "p:sldLayout",
    RELATIONSHIP_TYPE.THEME: "a:theme",
    RELATIONSHIP_TYPE.TABLE_STYLES: "a:tblStyleLst",
    RELATIONSHIP_TYPE.NOTES_MASTER: "p:notesMaster",
    RELATIONSHIP_TYPE.HANDOUT_MASTER: "p:handoutMaster",
}
"""The parts a deck copies, by the relationship that reaches them, with the element each holds."""


def check_part(name: str, root: Any, relationship: str) -> None:
    """Raise SchemaError on the first value or element a deck cannot copy, in a part of a kind
    the deck copies (reached by `relationship`); other parts are not checked."""
    expected = COPIED.get(relationship)
    if expected is None:
        return
    if root.tag != _tag(expected):
        raise SchemaError(f"is damaged: its part {name} does not hold the {expected} it should: {AGAIN}")
    stray = _stray(root)
    if stray is not None:
        raise SchemaError(
            f"is damaged: its part {name} holds an element PowerPoint does not know ({stray}): {AGAIN}"
        )
    for element in _checked(root):
        fault = _value_fault(element) or _element_fault(element)
        if fault is not None:
            raise SchemaError(f"is damaged: its part {name} {fault}: {AGAIN}")
