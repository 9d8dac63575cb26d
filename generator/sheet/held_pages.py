"""A sheet's finished pages, held until the page count is known and then until the PDF is
written, in little memory each.

"Page N of M" can be drawn only once the last page is laid out, so every page waits until the
document is saved. Kept as reportlab's usual recipe keeps them (a copy of the canvas's whole
state a page, its drawing as thousands of small strings), a page waited in about 10 KB. Here a
page keeps only the parts of the canvas's state that are not the very objects the first page
had (about ten), and its drawing joined into one text, compressed: about 1 KB in all. The state
given back is the one held, object for object, and the drawing prints the same bytes, since
reportlab joins a page's drawing with newlines when it writes the page.

Then reportlab holds each finished page's drawing as text (3 to 4 KB) until the whole PDF is
written, and its encoded copy too once that is written: `encode_now` encodes it as the page is
finished, exactly as reportlab would when writing, so only the encoded bytes wait.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterator
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFBase85Encode, PDFPage, PDFStream, PDFZCompress

CODE = "_code"
"""The canvas attribute holding the page's drawing, one PDF operator a string."""
_ABSENT = object()
FAST = 1
"""zlib's quickest level: the pages are compressed again, properly, when the PDF is written."""


class HeldPages:
    def __init__(self) -> None:
        self._first: dict[str, Any] | None = None
        self._pages: deque[tuple[dict[str, Any], bytes | None]] = deque()

    def __len__(self) -> int:
        return len(self._pages)

    def hold(self, state: dict[str, Any]) -> None:
        """Keep a finished page: `state` is the canvas's attributes as the page ends."""
        if self._first is None:
            self._first = dict(state)
        first = self._first
        changed = {
            name: value for name, value in state.items() if name not in first or first[name] is not value
        }
        code: list[str] = changed.pop(CODE, state[CODE])
        drawing = zlib.compress("\n".join(code).encode("utf-8"), FAST) if code else None
        self._pages.append((changed, drawing))

    def given_back(self) -> Iterator[dict[str, Any]]:
        """Each page's state in turn, as it was held; a page is let go as the next is asked for."""
        while self._pages:
            changed, drawing = self._pages.popleft()
            state = dict(self._first or {}) | changed
            state[CODE] = [zlib.decompress(drawing).decode("utf-8")] if drawing is not None else []
            yield state


class _Encoded:
    """Stands in for a reportlab stream filter whose work is already done: names it, changes nothing."""

    def __init__(self, pdfname: str) -> None:
        self.pdfname = pdfname

    def encode(self, data: bytes) -> bytes:
        return data


def encode_now(page: PDFPage) -> None:
    """Encode a finished page's drawing with the filters and in the order reportlab's
    PDFPage.check_format and PDFStream.format would use when the PDF is written, and give the page
    the stream they would make, so that only the encoded bytes are held until then."""
    if page.Override_default_compilation or page.Contents or not page.stream or not page.compression:
        return
    filters = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    data = page.stream
    for step in reversed(filters):
        data = step.encode(data)
    stream = PDFStream(content=data, filters=[_Encoded(step.pdfname) for step in filters])
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None
