"""PDF pages as PNG pictures, drawn in-process by PDFium (pypdfium2: a wheel, no system library).

PNGs are written here with zlib rather than through an imaging library: the preview needs only
plain RGB rows, and this keeps the tool's dependencies to the one renderer.
"""

from __future__ import annotations

import struct
import threading
import zlib

PREVIEW_WIDTH = 800
"""Pixels across a preview picture: sharp in a pane half a laptop screen wide, cheap to draw."""

_PDFIUM = threading.Lock()
"""PDFium is not safe to call from two threads at once."""


def page_count(pdf: bytes) -> int:
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(rgb: bytes, width: int, height: int, stride: int) -> bytes:
    """An 8-bit RGB PNG of rows `stride` bytes apart (each row: filter byte 0, then its pixels)."""
    row = width * 3
    view = memoryview(rgb)
    rows = b"".join(b"\x00" + view[top * stride : top * stride + row] for top in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 1))
        + _chunk(b"IEND", b"")
    )


def page_png(pdf: bytes, index: int, width: int = PREVIEW_WIDTH) -> bytes:
    """Page `index` of the PDF drawn `width` pixels across."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[index]
            scale = width / page.get_width()
            bitmap = page.render(scale=scale, rev_byteorder=True)
            picture = (bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
            bitmap.close()
            page.close()
        finally:
            document.close()
    return png(*picture)
