"""The lessons' folder: the only place `serve` reads or writes a spec, by a plain file name."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from generator.batch import OPTIONS_FILE, SPEC_SUFFIXES

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,120}")
"""A lesson is named by its file name alone: no folder, no leading dot, nothing a shell or a URL
reads specially."""


class RefusedNameError(Exception):
    """A name that is not a spec in the folder (a path, a hidden file, another kind of file)."""


class StaleSaveError(Exception):
    """The file changed on disk since the page read it: saving would lose someone's work."""

    def __init__(self, text: str, hash_: str) -> None:
        super().__init__("the file changed on disk")
        self.text = text
        self.hash = hash_


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Spec:
    name: str
    text: str
    hash: str


class LessonFolder:
    def __init__(self, folder: Path) -> None:
        self.root = folder.resolve()
        self._saving = threading.Lock()
        """Two saves at once: the second sees the first's file, so its stale hash is refused."""

    def path(self, name: str) -> Path:
        """The spec's path, only when it lies in the folder itself: refuses `..`, absolute paths,
        other kinds of file, and a link whose target leaves the folder."""
        if not _NAME.fullmatch(name) or ".." in name:
            raise RefusedNameError(f"{name!r} is not a lesson file name")
        path = self.root / name
        if path.suffix not in SPEC_SUFFIXES or name == OPTIONS_FILE:
            raise RefusedNameError(f"{name!r} is not a lesson spec (.yaml)")
        if path.resolve().parent != self.root:
            raise RefusedNameError(f"{name!r} leads out of the lessons' folder")
        return path

    def names(self) -> list[str]:
        found = []
        for path in sorted(self.root.iterdir()):
            try:
                self.path(path.name)
            except RefusedNameError:
                continue
            if path.is_file():
                found.append(path.name)
        return found

    def read(self, name: str) -> Spec:
        text = self.path(name).read_bytes().decode("utf-8-sig", errors="replace")
        return Spec(name, text, text_hash(text))

    def save(self, name: str, text: str, last_hash: str | None) -> Spec:
        """Write the whole text or nothing (a temporary file renamed over the spec), unless the file
        on disk is no longer the one the page last read (`last_hash`; None for a new file)."""
        path = self.path(name)
        with self._saving:
            if path.exists():
                current = self.read(name)
                if current.hash != last_hash:
                    raise StaleSaveError(current.text, current.hash)
            elif last_hash is not None:
                raise StaleSaveError("", "")
            self._write(path, text)
        return Spec(name, text, text_hash(text))

    def _write(self, path: Path, text: str) -> None:
        handle, temporary = tempfile.mkstemp(prefix=".lessonpack-save-", suffix=".tmp", dir=self.root)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
