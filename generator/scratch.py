"""The private folder where lessonpack keeps files it prepares while it runs (pictures made no
larger than they are shown, templates made plain), so they are read from disk rather than held in
memory; the folder and all in it are removed when lessonpack ends."""

from __future__ import annotations

import hashlib
import tempfile
from functools import cache
from pathlib import Path


@cache
def _folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="lessonpack-")


def scratch_file(source: Path, changed: int, suffix: str) -> Path:
    """Where to keep what is prepared from `source` as it was at `changed` (its modification
    time): a name of its own for each, so a file saved again is prepared again."""
    named = hashlib.sha256(f"{source}\0{changed}".encode()).hexdigest()[:32]
    return Path(_folder().name) / f"{named}{suffix}"
