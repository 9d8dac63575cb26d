"""The preview's pictures, kept in memory for the lessons' latest previews only: a page is drawn
when the browser first asks for it (a pane out of sight costs nothing) and then kept."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from generator.serve.pictures import page_count, page_png

KEPT_PER_LESSON = 2
"""The latest preview, and the one before it, which the page may still be showing while the
latest's pictures load."""
KEPT_IN_ALL = 16
"""However many lessons are open, so the server's memory has a bound."""


@dataclass
class Rendered:
    lesson: str
    pdfs: dict[str, bytes]
    counts: dict[str, int]
    pictures: dict[tuple[str, int], bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def picture(self, kind: str, index: int) -> bytes | None:
        if not 0 <= index < self.counts.get(kind, 0):
            return None
        with self.lock:
            drawn = self.pictures.get((kind, index))
            if drawn is None:
                drawn = self.pictures[kind, index] = page_png(self.pdfs[kind], index)
        return drawn


class PageStore:
    def __init__(self) -> None:
        self._by_id: OrderedDict[str, Rendered] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, lesson: str, pdfs: dict[str, bytes]) -> str:
        """Keep the documents under a new id; forget the lesson's older previews."""
        rendered = Rendered(lesson, pdfs, {kind: page_count(pdf) for kind, pdf in pdfs.items()})
        key = secrets.token_hex(8)
        with self._lock:
            self._by_id[key] = rendered
            older = [name for name, kept in self._by_id.items() if kept.lesson == lesson]
            for name in older[:-KEPT_PER_LESSON]:
                del self._by_id[name]
            while len(self._by_id) > KEPT_IN_ALL:
                self._by_id.popitem(last=False)
        return key

    def get(self, key: str) -> Rendered | None:
        with self._lock:
            return self._by_id.get(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_id)
