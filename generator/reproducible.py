"""Byte-identical files for the same inputs: fixed dates and a fixed order inside every zip written.

A teacher who rebuilds an unchanged lesson, or a school that keeps packs under version control,
should see no difference at all: so no output may record when or where it was built.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from generator.zip_directory import small_directory

FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""The date every output carries unless SOURCE_DATE_EPOCH says otherwise: the one reportlab's
invariant mode writes into the PDFs, so the deck and the sheets of a pack agree."""
EARLIEST_ZIP_DATE = datetime(1980, 1, 1, tzinfo=UTC)
"""Zip files cannot record an earlier date."""
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
"""Office readers look for these first; everything else follows in name order."""


def build_date() -> datetime:
    """The date recorded in the outputs: SOURCE_DATE_EPOCH when set (the reproducible-builds
    convention, which reportlab also follows for the PDFs), otherwise FIXED_DATE. Never the clock,
    because a date that changes on every build makes identical packs differ."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return FIXED_DATE


class Stored(Protocol):
    """Files kept outside memory (a large deck's slides, in a scratch file), each read only as it
    is zipped, so that they need not all be held at once."""

    def read(self, name: str) -> bytes: ...


Data = bytes | Stored | Iterator[bytes]
"""A file to zip: its bytes, where to read them, or its bytes in pieces (a file too large to
hold whole is written as it is made)."""


def write_zip(path: Path, entries: Iterable[tuple[str, Data]]) -> None:
    """A deflated zip of the entries in a stable order, every one dated build_date()."""
    stamp = max(build_date(), EARLIEST_ZIP_DATE).timetuple()[:6]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        small_directory(archive)
        for name, data in _in_order(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, Iterator):
                with archive.open(info, "w") as file:
                    for piece in data:
                        file.write(piece)
            else:
                archive.writestr(info, data if isinstance(data, bytes) else data.read(name))


def _in_order(entries: Iterable[tuple[str, Data]]) -> list[tuple[str, Data]]:
    """FIRST_ENTRIES, then the others by name: sorted by the names themselves, because a key made
    for each of a large deck's 80,000 files took 5 MB while it was zipped."""
    listed = list(entries)
    first = sorted(
        (entry for entry in listed if entry[0] in FIRST_ENTRIES),
        key=lambda entry: FIRST_ENTRIES.index(entry[0]),
    )
    return first + sorted((entry for entry in listed if entry[0] not in FIRST_ENTRIES), key=itemgetter(0))
