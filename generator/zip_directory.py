"""The list of a zip's files that zipfile keeps while the zip is written, kept small.

zipfile holds a ZipInfo for every file written, and its attributes as separate objects, until
it writes the central directory when the zip is closed: about 330 bytes a file. A deck has four
files for each slide with speaker notes, so a deck of 20,000 such slides held 26 MB of them. The
files lessonpack zips differ only in their names, sizes, checksums and places in the zip; here
those are kept in arrays, and each ZipInfo is made again only as the central directory is
written, with the same fields, so the zip's bytes are the same.
"""

from __future__ import annotations

import zipfile
from array import array
from collections.abc import Iterator
from copy import copy
from typing import Any

_NUMBERS = ("CRC", "compress_size", "file_size", "header_offset")
"""The fields that differ from file to file, besides the name; each an unsigned 64-bit number."""
_UNSET = object()
_SHARED = tuple(
    slot for slot in zipfile.ZipInfo.__slots__ if slot not in {*_NUMBERS, "filename", "orig_filename"}
)
"""Every other field: a file whose other fields differ from the first file's is kept whole."""


def _shared(info: zipfile.ZipInfo) -> tuple[Any, ...]:
    return tuple(getattr(info, slot, _UNSET) for slot in _SHARED)


class FileList:
    """Stands in for ZipFile.filelist in a zip opened for writing: zipfile appends to it, counts
    it and walks it to write the central directory, and nothing more."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._numbers = array("Q")
        self._first: zipfile.ZipInfo | None = None
        self._first_shared: tuple[Any, ...] = ()
        self._whole: dict[int, zipfile.ZipInfo] = {}
        """Files unlike the first, by their place in the list."""

    def append(self, info: zipfile.ZipInfo) -> None:
        if self._first is None:
            self._first, self._first_shared = copy(info), _shared(info)
        if info.orig_filename != info.filename or _shared(info) != self._first_shared:
            self._whole[len(self._names)] = info
        self._names.append(info.filename)
        self._numbers.extend(getattr(info, field) for field in _NUMBERS)

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[zipfile.ZipInfo]:
        for index, name in enumerate(self._names):
            whole = self._whole.get(index)
            if whole is not None:
                yield whole
                continue
            info = copy(self._first)
            assert info is not None
            info.filename = info.orig_filename = name
            start = index * len(_NUMBERS)
            for field, value in zip(_NUMBERS, self._numbers[start : start + len(_NUMBERS)], strict=True):
                setattr(info, field, value)
            yield info


class NoNames(dict[str, None]):
    """Stands in for ZipFile.NameToInfo in a zip opened for writing, which zipfile reads only to
    warn of a name written twice, and keeps nothing: each of our zips has its names from one
    list, without repeats (the deck's from python-pptx's parts, named as they are made), and a
    table of 80,000 names took 2 MB."""

    def __setitem__(self, name: str, info: object) -> None:
        """Nothing is kept."""


def small_directory(archive: zipfile.ZipFile) -> None:
    """Keep the list of the files written to `archive` (opened for writing, nothing written yet)
    small."""
    archive.filelist = FileList()  # type: ignore[assignment]
    archive.NameToInfo = NoNames()  # type: ignore[assignment]
