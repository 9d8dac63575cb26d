"""A deck's files as python-pptx's package writer serialises them, before any zip is made, with
its finished slides and notes pages kept in a scratch file rather than in memory."""

from __future__ import annotations

import posixpath
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO, Any, cast

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import NAMESPACE as NS
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, _Relationships
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.spec import default_content_types
from pptx.oxml.ns import qn

from generator.reproducible import Data

Entry = tuple[str, Data]
"""A file of the deck: its name in the zip, and its bytes or where to read them."""


class SealedSlide:
    """What stays of a finished slide whose files are in SpilledParts: its name, and its links
    to the parts it shares with the deck (its layout, its pictures), so that python-pptx, walking
    the deck's parts, still saves those and finds the layouts in use, and a later picture is not
    given a name already taken. Two slots, where python-pptx's part kept a dictionary of
    properties."""

    __slots__ = ("partname", "rels")

    def __init__(self, partname: PackURI, rels: _Relationships) -> None:
        self.partname = partname
        self.rels = rels

    def part_related_by(self, reltype: str) -> Any:
        return self.rels.part_with_reltype(reltype)


class SealedRelationship:
    """The deck's relationship to a sealed slide, read as python-pptx reads its own: python-pptx's
    _Relationship keeps each property it is asked for in a dictionary of its own, 450 bytes a
    slide once the deck is saved."""

    __slots__ = ("_base", "rId", "target_part")
    reltype = RELATIONSHIP_TYPE.SLIDE
    is_external = False

    def __init__(self, rId: str, target: SealedSlide, base: str) -> None:  # noqa: N803 (python-pptx's name)
        self.rId = rId
        self.target_part = target
        self._base = base

    @property
    def target_ref(self) -> str:
        return str(self.target_part.partname.relative_ref(self._base))


class SlideList:
    """The deck's list of its slides (each slide's id and its relationship to the deck), kept
    outside the presentation's XML tree until the deck is written: as lxml elements, the list
    took 13 MB for a deck of 20,000 slides.

    python-pptx numbers a new slide by reading every slide id (one past the largest, from 256)
    and names its file by counting them: both looked at every earlier slide. Here the count and
    the next id are kept as slides are added.
    """

    FIRST = 256
    """The smallest slide id PresentationML allows."""
    _MARKER = "rIdSlideListMarker"

    def __init__(self, id_list: Any) -> None:
        used = [int(element.get("id")) for element in id_list.iterchildren(qn("p:sldId"))]
        self.count = len(used)
        self._next = max([self.FIRST - 1, *used]) + 1
        self._ids = array("L")
        self._relationships: list[str] = []

    def add(self, relationship: str) -> None:
        """A new slide's id, for the slide with this relationship to the deck."""
        self._ids.append(self._next)
        self._relationships.append(relationship)
        self.count += 1
        self._next += 1

    def presentation_xml(self, presentation: Any) -> Iterator[bytes]:
        """The presentation's XML with these slides listed after any it lists itself, each
        written as lxml writes an element added to its list."""
        listed = presentation.get_or_add_sldIdLst()
        marker = listed._add_sldId(id=self.FIRST, rId=self._MARKER)
        try:
            text = serialize_part_xml(presentation)
        finally:
            listed.remove(marker)
        at = text.index(self._MARKER.encode())
        start, end = text.rindex(b"<", 0, at), text.index(b">", at) + 1
        form = text[start:end].decode().replace("{", "{{").replace("}", "}}")
        form = form.replace(f'"{self.FIRST}"', '"{0}"').replace(self._MARKER, "{1}")
        yield text[:start]
        for first in range(0, len(self._ids), _BATCH):
            batch = slice(first, first + _BATCH)
            yield "".join(map(form.format, self._ids[batch], self._relationships[batch])).encode()
        yield text[end:]


class SpilledParts:
    """Finished slides and notes pages written to a scratch file as they are made, and read back
    one at a time as the deck is zipped.

    Held in memory, a deck grew by about 7 kB a slide (its bytes, python-pptx's part and
    relationship objects); a lesson of 20,000 slides took 140 MB for its deck alone. Here a
    slide leaves behind its name and where its bytes lie in the file.
    """

    def __init__(self, file: IO[bytes], slides: SlideList) -> None:
        self._file = file
        self.slides = slides
        self._names: list[str] = []
        """Each file's name in the zip."""
        self._content_types: list[str] = []
        """Each file's content type; "" for a relationships file (typed by its extension)."""
        self._ends = array("Q", [0])
        self._order = array("L")
        """Each file's place in `_names`, in the order of their names, once they are zipped."""
        self._next = 0
        """The place in `_order` of the file read next, when they are read in that order."""

    def add(self, partname: PackURI, content_type: str, data: bytes) -> None:
        self._file.write(data)
        self._names.append(partname.membername)
        self._content_types.append(content_type)
        self._ends.append(self._ends[-1] + len(data))

    def spill(self, part: Any) -> None:
        """Write the part's XML and its relationships, as python-pptx's package writer would."""
        self.add(part.partname, part.content_type, serialize_part_xml(part._element))
        if part._rels:
            self.add(part.partname.rels_uri, "", b"".join(rels_xml(part.rels)))

    def listed(self) -> Iterator[tuple[str, str]]:
        """Each part spilled, named as in the deck's content-types file, with its type."""
        for name, content_type in zip(self._names, self._content_types, strict=True):
            if content_type:
                yield f"/{name}", content_type

    def entries(self) -> Iterator[Entry]:
        """Each spilled file, in the order of their names, in which write_zip reads them."""
        self._order = array("L", sorted(range(len(self._names)), key=self._names.__getitem__))
        self._next = 0
        for index in self._order:
            yield self._names[index], self

    def read(self, name: str) -> bytes:
        """A spilled file's bytes, read back from the scratch file. They are read in the order of
        their names, so each is found without a table of names, which took 7 MB for a deck of
        20,000 slides with notes; one read out of that order is looked for among them all."""
        expected = self._order[self._next] if self._next < len(self._order) else None
        index = (
            expected if expected is not None and self._names[expected] == name else self._names.index(name)
        )
        self._next = self._order.index(index) + 1 if index != expected else self._next + 1
        start = self._ends[index]
        self._file.seek(start)
        return self._file.read(self._ends[index + 1] - start)


_ESCAPED = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
"""An attribute's value as lxml writes it."""
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_BATCH = 1000
"""Elements encoded together, so a file of thousands is written in pieces of about 100 kB."""


def _xml_file(root: str, namespace: str, children: Iterable[str]) -> Iterator[bytes]:
    """A file of one root element holding `children`, in pieces, as python-pptx's lxml trees are
    serialised but without the tree: the deck's list of relationships and its content types hold
    an element for every slide, and built as trees, then as whole files, they took about 30 MB for
    a deck of 20,000 slides, only to be zipped."""
    start = f'{_DECLARATION}<{root} xmlns="{namespace}"'
    remaining = iter(children)
    batch = list(islice(remaining, _BATCH))
    if not batch:
        yield f"{start}/>".encode()
        return
    yield f"{start}>".encode()
    while batch:
        yield "".join(batch).encode()
        batch = list(islice(remaining, _BATCH))
    yield f"</{root}>".encode()


def _element(name: str, **attributes: str) -> str:
    values = " ".join(f'{key}="{value.translate(_ESCAPED)}"' for key, value in attributes.items())
    return f"<{name} {values}/>"


def rels_xml(rels: _Relationships) -> Iterator[bytes]:
    """The relationships as python-pptx's `_Relationships.xml` writes them, in the same order."""

    def order(rId: str) -> tuple[int, str]:  # noqa: N803 (python-pptx's name)
        return (int(rId[3:]) if rId.startswith("rId") and rId[3:].isdigit() else 0, rId)

    def element(rel: Any) -> str:
        external = {"TargetMode": RTM.EXTERNAL} if rel.is_external else {}
        return _element("Relationship", Id=rel.rId, Type=rel.reltype, Target=rel.target_ref, **external)

    ordered = (element(rels[rId]) for rId in sorted(rels, key=order))
    return _xml_file("Relationships", NS.OPC_RELATIONSHIPS, ordered)


def content_types_xml(parts: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """The content-types file python-pptx writes for these parts (each a part's name and its
    content type): the same defaults and overrides, in the same order."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for name, kind in parts:
        extension = posixpath.splitext(name)[1].removeprefix(".")
        if (extension.lower(), kind) in default_content_types:
            defaults[extension.lower()] = kind
        else:
            overrides[name] = kind
    children = chain(
        (_element("Default", Extension=ext, ContentType=kind) for ext, kind in sorted(defaults.items())),
        (_element("Override", PartName=name, ContentType=kind) for name, kind in sorted(overrides.items())),
    )
    return _xml_file("Types", NS.OPC_CONTENT_TYPES, children)


def _serialised(
    package: Any, parts: tuple[Part, ...], listed: Iterable[tuple[str, str]], slides: SlideList | None = None
) -> list[Entry]:
    """The files python-pptx's package writer would zip for `parts`, in its order, with a
    content-types file naming every part `listed`, and the presentation listing `slides`."""
    files: list[Entry] = [
        (CONTENT_TYPES_URI.membername, content_types_xml(listed)),
        (PACKAGE_URI.rels_uri.membername, rels_xml(package._rels)),
    ]
    for part in parts:
        listed_slides = slides if part is package.presentation_part else None
        data: Data = listed_slides.presentation_xml(cast(Any, part)._element) if listed_slides else part.blob
        files.append((part.partname.membername, data))
        if part._rels:
            files.append((part.partname.rels_uri.membername, rels_xml(part.rels)))
    return files


def _named(parts: Iterable[Part]) -> Iterator[tuple[str, str]]:
    return ((part.partname, part.content_type) for part in parts)


def package_entries(presentation: Any) -> list[tuple[str, bytes]]:
    """Every file of the saved deck, serialised by python-pptx's own package writer but not
    zipped: write_zip compresses them once, dated and ordered for a reproducible file, where
    saving and then copying the zip compressed every part twice."""
    package = presentation.part.package
    parts = tuple(package.iter_parts())
    return [
        (name, data if isinstance(data, bytes) else b"".join(cast(Iterator[bytes], data)))
        for name, data in _serialised(package, parts, _named(parts))
    ]


def deck_entries(presentation: Any, spilled: SpilledParts) -> list[Entry]:
    """As package_entries, with the spilled slides and notes pages read back only as they are
    zipped."""
    package = presentation.part.package
    parts = tuple(part for part in package.iter_parts() if not isinstance(part, SealedSlide))
    listed = chain(_named(parts), spilled.listed())
    return [*_serialised(package, parts, listed, spilled.slides), *spilled.entries()]
