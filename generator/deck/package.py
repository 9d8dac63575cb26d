"""A deck's files as python-pptx's package writer serialises them, before any zip is made, with
its finished slides and notes pages kept in a scratch file rather than in memory."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from functools import partial
from typing import IO, Any, NamedTuple

from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.opc.packuri import CONTENT_TYPES_URI, PackURI
from pptx.opc.serialized import PackageWriter, _ContentTypesItem, _PhysPkgWriter

Entry = tuple[str, bytes | Callable[[], bytes]]
"""A file of the deck: its name in the zip, and its bytes or how to read them."""


class _Entries(_PhysPkgWriter):
    """Collects what python-pptx's package writer would put in its zip, as (name, data)."""

    def __init__(self) -> None:
        self.files: list[tuple[str, bytes]] = []

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.files.append((pack_uri.membername, blob))


class SpilledPart(Part):
    """A finished slide whose files are in SpilledParts: it stays in the package only so that
    the deck's relationships, its list of slides and the unused-layout sweep still find it."""


class _Listed(NamedTuple):
    """What the content-types file needs of a part: its name and its type."""

    partname: PackURI
    content_type: str


class SpilledParts:
    """Finished slides and notes pages written to a scratch file as they are made, and read back
    one at a time as the deck is zipped.

    Held in memory, a deck grew by about 7 kB a slide (its bytes, python-pptx's part and
    relationship objects); a lesson of 20,000 slides took 140 MB for its deck alone. Here a
    slide leaves behind its name and where its bytes lie in the file.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._names: list[str] = []
        self._content_types: list[str] = []
        """Each file's content type; "" for a relationships file (typed by its extension)."""
        self._ends = array("Q", [0])

    def add(self, partname: PackURI, content_type: str, data: bytes) -> None:
        self._file.write(data)
        self._names.append(partname)
        self._content_types.append(content_type)
        self._ends.append(self._ends[-1] + len(data))

    def spill(self, part: Any) -> None:
        """Write the part's XML and its relationships, as python-pptx's package writer would."""
        self.add(part.partname, part.content_type, serialize_part_xml(part._element))
        if part._rels:
            self.add(part.partname.rels_uri, "", part.rels.xml)

    def listed(self) -> list[_Listed]:
        """The parts spilled, for the deck's content-types file."""
        return [
            _Listed(PackURI(name), content_type)
            for name, content_type in zip(self._names, self._content_types, strict=True)
            if content_type
        ]

    def entries(self) -> Iterator[Entry]:
        for index, name in enumerate(self._names):
            yield name[1:], partial(self._read, index)

    def _read(self, index: int) -> bytes:
        start = self._ends[index]
        self._file.seek(start)
        return self._file.read(self._ends[index + 1] - start)


def _serialised(package: Any, parts: tuple[Part, ...], listed: list[Any]) -> list[tuple[str, bytes]]:
    """The files python-pptx's package writer would zip for `parts`, with a content-types file
    naming every part `listed`."""
    writer = PackageWriter("", package._rels, parts)
    entries = _Entries()
    entries.write(CONTENT_TYPES_URI, serialize_part_xml(_ContentTypesItem.xml_for(listed)))
    writer._write_pkg_rels(entries)
    writer._write_parts(entries)
    return entries.files


def package_entries(presentation: Any) -> list[tuple[str, bytes]]:
    """Every file of the saved deck, serialised by python-pptx's own package writer but not
    zipped: write_zip compresses them once, dated and ordered for a reproducible file, where
    saving and then copying the zip compressed every part twice."""
    package = presentation.part.package
    parts = tuple(package.iter_parts())
    return _serialised(package, parts, list(parts))


def deck_entries(presentation: Any, spilled: SpilledParts) -> list[Entry]:
    """As package_entries, with the spilled slides and notes pages read back only as they are
    zipped."""
    package = presentation.part.package
    parts = tuple(part for part in package.iter_parts() if not isinstance(part, SpilledPart))
    return [*_serialised(package, parts, [*parts, *spilled.listed()]), *spilled.entries()]
