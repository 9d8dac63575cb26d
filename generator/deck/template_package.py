"""Reads a school's template as an untrusted zip: only the parts the deck can reach through its
relationships, each within a size budget checked before it is unpacked, every XML part parsed
with entities, DTDs and the network off, no part name leaving the package and no link to a file
outside it. What comes out is a package python-pptx can open without meeting anything hostile."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE

from generator.deck.template_schema import AGAIN, SchemaError, check_part, is_integer
from generator.pictures import smaller_picture

TEMPLATE_BUDGET = 100_000_000
"""The most a template may unpack to, counting only the parts the deck uses, and the most its
file may weigh: real templates, pictures and all, weigh a few megabytes."""
MAX_TEMPLATE_PICTURE = 20_000_000
"""The most one picture of a template may weigh. Each picture is read whole and made no larger
than it is shown (generator.pictures.smaller_picture) as the template is read: a 40 MB picture
took that reading to 183 MB. PowerPoint compresses a template's pictures to a few megabytes."""
MAX_TEMPLATE_PICTURES = 16_000_000
"""The most the pictures of a template's masters and layouts may weigh together, once each is made
no larger than it is shown: a deck holds them all while it is written. Forty photos (75 MB) took a
build 153 MB; sixteen megabytes is eight full-slide photos or more."""
MAX_DESIGN_SHAPES = 500
"""The most shapes one slide master or layout may draw. Each layout is weighed against every
shape its master and it draw, so the work grows with both: a master of 60,000 shapes (13 MB of
XML in a 0.4 MB file) took a build ten minutes and 510 MB. The busiest of LibreOffice's 23
templates draws 92."""
MAX_LAYOUTS = 200
"""The most slide layouts a template may have, for the same reason: PowerPoint gives a master 11,
and LibreOffice's templates with several masters have at most a few dozen."""
MAX_TEMPLATE_ELEMENTS = 80_000
"""The most XML elements the parts a deck copies may hold together (its masters, layouts, theme,
notes master). A deck holds every one in memory, at about 340 bytes each, and each is checked: a
template of a million elements (185 layouts of 490 shapes, 1.2 MB as a file) took a build 680 MB.
The busiest of LibreOffice's 23 templates holds 47,000; a template's sample slides are never read,
so they do not count. This budget, MAX_TEMPLATE_XML and MAX_TEMPLATE_PICTURES together keep the
reference lesson on a template at all three within 150 MB, with room for 15 MB of the lesson's
own pictures (121 MB without them; 171 MB at budgets twice as large). What is left for slides
on such a template is less (generator.build.most_slides)."""
MAX_TEMPLATE_XML = 3_000_000
"""The most bytes of XML those parts may hold together: a part's text is held as it is, about
three times over while a deck is opened and written, and a few elements may hold megabytes of it.
LibreOffice's busiest template holds 1.2 MB."""
ELEMENT_BYTES = 340
"""What a deck holds in memory for each XML element of its template."""
XML_HELD = 3
"""How many times over a deck holds its template's XML text while it is opened and written."""
DESIGN_PARTS = {RELATIONSHIP_TYPE.SLIDE_MASTER, RELATIONSHIP_TYPE.SLIDE_LAYOUT}
RATIO_LIMIT = 100
"""How many times its packed size a part over RATIO_FLOOR may unpack to: XML packs about 10 to
1 and pictures hardly at all, while a zip bomb's padding packs a thousand to 1."""
RATIO_FLOOR = 1_000_000
"""Below this a part is too small to matter, whatever its ratio."""
SLIDE_SIZE = (914_400, 51_206_400)
"""The sides a slide may have, in EMU (1 to 56 inches): PowerPoint's own bounds
(ST_SlideSizeCoordinate)."""
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
PRESENTATION = "http://schemas.openxmlformats.org/presentationml/2006/main"
SHAPES = tuple(f"{{{PRESENTATION}}}{name}" for name in ("sp", "pic", "cxnSp", "graphicFrame", "grpSp"))
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MACRO_RELATIONSHIPS = {
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
}
"""Relationships to macro code and to ribbon buttons that call it: dropped, so their parts are
never read or written."""
OWN_PARTS = {RELATIONSHIP_TYPE.PRES_PROPS, RELATIONSHIP_TYPE.VIEW_PROPS, RELATIONSHIP_TYPE.PRINTER_SETTINGS}
"""Parts of the presentation that describe the template file rather than its design (the view it
was last edited in, its printer): dropped, as are all the package's parts but the presentation
(its title and author, its thumbnail), so the deck gets its own, and a damaged one in the
template never reaches it."""
SAMPLE_SLIDES = RELATIONSHIP_TYPE.SLIDE
"""The template's own slides: never read, so no sample text reaches the deck and a template of a
thousand slides costs no more than its design; a layout's link to one is cut with them."""
RELATIONSHIP_ID = re.compile(r"[^\W\d][\w.-]*")
"""What a relationship's Id must look like (an XML name) for a part to refer to it."""
LINK_ATTRIBUTES = {f"{{{DRAWING}}}blip", f"{{{DRAWING}}}hlinkClick", f"{{{DRAWING}}}hlinkHover"}
"""Elements that stay whole without their link to an outside file: a picture that only links
keeps its place, a hyperlink its text."""
CONTENT_TYPES = "[Content_Types].xml"

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
)
"""No entity is expanded, nothing is fetched, and libxml2's own caps on depth (256) and text
size hold (huge_tree off)."""


class TemplateError(Exception):
    """A template that cannot be built on, in plain words."""


@dataclass
class _Reader:
    """The zip's parts, read one at a time within the budget."""

    archive: zipfile.ZipFile
    used: int = 0
    elements: int = 0
    """The XML elements parsed so far, within MAX_TEMPLATE_ELEMENTS."""
    xml_bytes: int = 0
    """The bytes of XML parsed so far, within MAX_TEMPLATE_XML."""
    entries: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entries = {info.filename: info for info in self.archive.infolist()}

    def has(self, name: str) -> bool:
        return name in self.entries

    def size(self, name: str) -> int:
        """What the part says it unpacks to, before it is read; 0 for a part not in the zip."""
        info = self.entries.get(name)
        return 0 if info is None else info.file_size

    def read(self, name: str) -> bytes:
        """The part's bytes; its size, ratio, method and encryption are judged from the zip's
        directory before a byte is unpacked, and the unpacking itself stops at the budget."""
        info = self.entries.get(name)
        if info is None:
            raise TemplateError(f"is damaged: a part it needs is missing ({name})")
        if info.flag_bits & 0x1:
            raise TemplateError(f"is protected with a password ({name} is encrypted): save it without one")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TemplateError(
                f"is packed in a way PowerPoint files never are ({name}): open it in PowerPoint "
                "and save it again"
            )
        left = TEMPLATE_BUDGET - self.used
        packed_too_tightly = (
            info.file_size > RATIO_FLOOR and info.file_size > RATIO_LIMIT * info.compress_size
        )
        if info.file_size > left or packed_too_tightly:
            raise TemplateError(self._too_large())
        try:
            with self.archive.open(info) as stream:
                data = stream.read(left + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
            raise TemplateError(f"is damaged: its part {name} cannot be unpacked") from error
        if len(data) > left:
            raise TemplateError(self._too_large())
        self.used += len(data)
        return data

    @staticmethod
    def _too_large() -> str:
        return (
            f"unpacks to more than {TEMPLATE_BUDGET // 1_000_000} MB, or packs its parts as tightly "
            "as a zip bomb does: use the school's template as PowerPoint saved it"
        )

    def xml(self, name: str, data: bytes | None = None) -> Any:
        """The part's root, parsed safely (from `data` if it has been read already), counted
        within MAX_TEMPLATE_ELEMENTS and MAX_TEMPLATE_XML."""
        data = self.read(name) if data is None else data
        self.xml_bytes += len(data)
        if self.xml_bytes > MAX_TEMPLATE_XML:
            raise TemplateError(self._too_elaborate(f"{MAX_TEMPLATE_XML // 1_000_000} MB of XML", "1.2 MB"))
        root = parse_part(name, data)
        self.elements += sum(1 for _ in root.iter())
        if self.elements > MAX_TEMPLATE_ELEMENTS:
            raise TemplateError(self._too_elaborate(f"{MAX_TEMPLATE_ELEMENTS:,} XML elements", "47,000"))
        return root

    @staticmethod
    def _too_elaborate(most: str, busiest: str) -> str:
        return (
            f"is more elaborate than any template needs: its slide masters and layouts hold more than "
            f"{most} (the busiest of LibreOffice's templates holds {busiest}): use the school's "
            "template as PowerPoint saved it, or one with fewer layouts"
        )


def parse_part(name: str, data: bytes) -> Any:
    """An XML part's root, parsed safely; a DTD (where entities are declared) is refused, as no
    part of a deck has one and a deck that keeps one is not valid."""
    try:
        tree = etree.parse(io.BytesIO(data), _PARSER)
    except etree.XMLSyntaxError as error:
        raise TemplateError(f"is damaged: its part {name} is not well-formed XML") from error
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise TemplateError(
            f"declares XML entities in its part {name}, which no PowerPoint file does: "
            "use the school's template as PowerPoint saved it"
        )
    return tree.getroot()


def relationships_name(part: str) -> str:
    """Where a part's relationships are kept: `ppt/_rels/presentation.xml.rels`."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _target(part: str, target: str) -> str:
    """The zip name a relationship points to, refused if it leaves the package."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
    name = posixpath.normpath(joined)
    if name.startswith("../") or name in {"..", "."} or name.startswith("/"):
        raise TemplateError(f"is damaged: a part names a file outside the package ({target})")
    return name


def _cut_links(root: Any, cut: set[str]) -> None:
    """Remove every use of the cut relationships from a part: the attribute on a picture or a
    hyperlink, else the element that needs the outside file."""
    if not cut:
        return
    for element in list(root.iter()):
        for attribute, value in list(element.attrib.items()):
            if attribute.startswith(f"{{{OFFICE_RELATIONSHIPS}}}") and value in cut:
                if element.tag in LINK_ATTRIBUTES:
                    del element.attrib[attribute]
                elif element.getparent() is not None:
                    element.getparent().remove(element)
                break


def _serialized(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def check_slide_size(root: Any) -> None:
    """The presentation's slide size: present, in whole EMU, within PowerPoint's bounds."""
    size = root.find(f"{{{PRESENTATION}}}sldSz")
    if size is None:
        raise TemplateError("does not say how big its slides are: open it in PowerPoint and save it again")
    width, height = size.get("cx", ""), size.get("cy", "")
    if not (is_integer(width) and is_integer(height)):
        raise TemplateError(
            f"gives its slide size as {width!r} by {height!r}, which are not numbers: "
            "open it in PowerPoint and save it again"
        )
    low, high = SLIDE_SIZE
    if not all(low <= int(side) <= high for side in (width, height)):
        shown = " by ".join(f"{int(side) / 360_000:.2f} cm" for side in (width, height))
        raise TemplateError(
            f"has slides of {shown}: PowerPoint's slides are 2.54 cm to 142.24 cm a side; "
            "set its slide size in PowerPoint (Design, Slide Size)"
        )


@dataclass
class _Package:
    """The parts reached so far, as they will be written."""

    reader: _Reader
    main: str = ""
    parts: dict[str, bytes] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    """Each part's relationship type, as the first part pointing to it names it."""
    layouts: int = 0
    """The slide layouts read so far."""
    pictures: int = 0
    """The bytes of pictures read so far, as they will be written."""

    def walk(self, part: str) -> Iterator[str]:
        """Read the part's relationships, keep the ones to parts inside the package, and yield
        those parts; the part itself is written with links to outside files cut."""
        rels_name = relationships_name(part) if part else "_rels/.rels"
        cut: set[str] = set()
        if self.reader.has(rels_name):
            relationships = self.reader.xml(rels_name)
            _check_relationships(rels_name, relationships)
            for relationship in list(relationships):
                kind = str(relationship.get("Type"))
                if _dropped(part, kind, relationship.get("TargetMode") == "External"):
                    cut.add(str(relationship.get("Id")))
                    relationships.remove(relationship)
                    continue
                target = _target(part, str(relationship.get("Target")))
                if kind == RELATIONSHIP_TYPE.OFFICE_DOCUMENT and not part:
                    self.main = "/" + target
                self.kinds.setdefault(target, kind)
                yield target
            self.parts[rels_name] = _serialized(relationships)
        if part:
            self.parts[part] = self._part(part, cut)

    def _part(self, part: str, cut: set[str]) -> bytes:
        if self.kinds.get(part) == RELATIONSHIP_TYPE.IMAGE and not part.endswith(".xml"):
            return self._picture(part)
        data = self.reader.read(part)
        if not part.endswith(".xml"):
            return data
        root = self.reader.xml(part, data)
        if "/" + part == self.main:
            check_slide_size(root)
        try:
            check_part(part, root, self.kinds.get(part, ""))
        except SchemaError as error:
            raise TemplateError(str(error)) from None
        if self.kinds.get(part) in DESIGN_PARTS:
            self._check_design(part, root)
        _cut_links(root, cut)
        return _serialized(root) if cut else data

    def _picture(self, part: str) -> bytes:
        """A picture the deck uses, made no larger than it is shown; one past MAX_TEMPLATE_PICTURE
        is refused before it is read."""
        if self.reader.size(part) > MAX_TEMPLATE_PICTURE:
            raise TemplateError(
                f"holds a picture ({part}) over the {MAX_TEMPLATE_PICTURE // 1_000_000} MB a template's "
                "picture may weigh: make its pictures smaller in PowerPoint (select a picture, then "
                "Picture Format, Compress Pictures) and save it again"
            )
        data = self.reader.read(part)
        data = smaller_picture(data) or data
        self.pictures += len(data)
        if self.pictures > MAX_TEMPLATE_PICTURES:
            raise TemplateError(
                f"holds more than {MAX_TEMPLATE_PICTURES // 1_000_000} MB of pictures on its masters and "
                "layouts: make its pictures smaller in PowerPoint (select a picture, then Picture Format, "
                "Compress Pictures) and save it again"
            )
        return data

    def _check_design(self, part: str, root: Any) -> None:
        """A master or layout within MAX_DESIGN_SHAPES, and the layouts within MAX_LAYOUTS, found as
        each is read."""
        if self.kinds.get(part) == RELATIONSHIP_TYPE.SLIDE_LAYOUT:
            self.layouts += 1
            if self.layouts > MAX_LAYOUTS:
                raise TemplateError(
                    f"has more than {MAX_LAYOUTS} slide layouts, more than any template needs: use the "
                    "school's template as PowerPoint saved it"
                )
        drawn = sum(1 for _ in root.iter(*SHAPES))
        if drawn > MAX_DESIGN_SHAPES:
            raise TemplateError(
                f"draws {drawn:,} shapes on one master or layout ({part}), more than the "
                f"{MAX_DESIGN_SHAPES} any template needs: use the school's template as PowerPoint saved it"
            )


def _dropped(part: str, kind: str, external: bool) -> bool:
    """Whether a relationship is cut: to a file outside the package, to macros, to a sample
    slide, or to a part that describes the template file rather than its design."""
    if not part:
        return kind != RELATIONSHIP_TYPE.OFFICE_DOCUMENT
    return external or kind in MACRO_RELATIONSHIPS or kind in OWN_PARTS or kind == SAMPLE_SLIDES


def _check_relationships(name: str, relationships: Any) -> None:
    """Each relationship's Id, by which parts refer to it: an XML name, used once; and its kind,
    by which PowerPoint knows what it links to: a web address (a URI) naming the kind."""
    seen: set[str] = set()
    for relationship in relationships:
        found = str(relationship.get("Id", ""))
        if not RELATIONSHIP_ID.fullmatch(found) or found in seen:
            raise TemplateError(f'is damaged: its part {name} names a link "{found}": {AGAIN}')
        seen.add(found)
        kind = str(relationship.get("Type", ""))
        if not kind.startswith(("http://", "https://")):
            raise TemplateError(
                f'is damaged: its part {name} gives the link {found} the kind "{kind}": {AGAIN}'
            )


@dataclass(frozen=True)
class NeededParts:
    """What a deck is made of from a template."""

    main: str
    """The main part's name."""
    parts: dict[str, bytes]
    """Every part the deck reaches, with its relationships."""
    weight: int
    """About how much memory a deck holds of them, in bytes."""


def needed_parts(archive: zipfile.ZipFile) -> NeededParts:
    """The main part's name and every part the deck reaches, with its relationships, read within
    the budget: a part nothing points to (a zip bomb's padding, a stray `../` entry) is never read."""
    package = _Package(_Reader(archive))
    seen = {""}
    pending = [""]
    while pending:
        for target in package.walk(pending.pop()):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    if not package.main:
        raise TemplateError("is not a PowerPoint presentation or template")
    package.parts[CONTENT_TYPES] = _serialized(package.reader.xml(CONTENT_TYPES))
    reader = package.reader
    weight = reader.elements * ELEMENT_BYTES + reader.xml_bytes * XML_HELD + package.pictures
    return NeededParts(package.main, package.parts, weight)
