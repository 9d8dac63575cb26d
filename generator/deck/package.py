"""A deck's files as python-pptx's package writer serialises them, before any zip is made."""

from __future__ import annotations

from typing import Any

from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _PhysPkgWriter


class _Entries(_PhysPkgWriter):
    """Collects what python-pptx's package writer would put in its zip, as (name, data)."""

    def __init__(self) -> None:
        self.files: list[tuple[str, bytes]] = []

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.files.append((pack_uri.membername, blob))


def package_entries(presentation: Any) -> list[tuple[str, bytes]]:
    """Every file of the saved deck, serialised by python-pptx's own package writer but not
    zipped: write_zip compresses them once, dated and ordered for a reproducible file, where
    saving and then copying the zip compressed every part twice."""
    package = presentation.part.package
    writer = PackageWriter("", package._rels, tuple(package.iter_parts()))
    entries = _Entries()
    writer._write_content_types_stream(entries)
    writer._write_pkg_rels(entries)
    writer._write_parts(entries)
    return entries.files
