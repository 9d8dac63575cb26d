"""The JSON API under /api/ (docs/serve.md): what the page, the tests and any other front end ask
of the server. Every answer is data; nothing here sees HTTP beyond a method, a path and a body."""

from __future__ import annotations

import json
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.errors import LocatedProblem, SpecError, describe_path
from generator.serve.folder import LessonFolder, RefusedNameError, StaleSaveError
from generator.serve.pages import PageStore
from generator.serve.preview import KINDS, Preview, preview
from generator.serve.queue import Coalescer

PREVIEW_SECONDS = 20.0
"""How long a preview request waits for its build before the page is told to carry on: the build
goes on, and the next preview shares its result."""
BUILD_SECONDS = 120.0
PART_EXAMPLES = "part-examples.yaml"


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    """JSON data, or bytes with `content_type`."""
    content_type: str = "application/json"
    download: str | None = None


@dataclass(frozen=True)
class Asked:
    """A preview asked for: the text, and which documents to draw."""

    text: str
    kinds: frozenset[str]


def _both_kinds(waiting: Asked, newer: Asked) -> Asked:
    """A storm of requests builds the newest text once, with every document any of them asked for."""
    return Asked(newer.text, waiting.kinds | newer.kinds)


def problem_json(problem: LocatedProblem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "column": problem.column,
        "message": " ".join(problem.message.split()),
        "where": describe_path(problem.path),
        "warning": problem.warning,
    }


def _error(status: int, message: str, **more: Any) -> Reply:
    return Reply(status, {"error": message, **more})


def _string(body: Any, key: str) -> str:
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, str):
        raise ValueError(f"the request needs a text field {key!r}")
    return value


class Api:
    def __init__(
        self,
        folder: Path,
        output: Path,
        token: str,
        preview_seconds: float = PREVIEW_SECONDS,
        previewer: Any = preview,
    ) -> None:
        self.folder = LessonFolder(folder)
        self.output = output.resolve()
        self.token = token
        self.pages = PageStore()
        self.preview_seconds = preview_seconds
        self._previewer = previewer
        self.previews: Coalescer[Asked, Preview] = Coalescer(self._preview, _both_kinds)
        self.builds: Coalescer[None, dict[str, Any]] = Coalescer(self._build)
        self._checked: dict[tuple[str, str], tuple[str | None, bool]] = {}
        self._checking = threading.Lock()

    def _url(self, path: str) -> str:
        return f"{path}?token={self.token}"

    # Lessons

    def lessons(self) -> Reply:
        return Reply(200, [self._summary(name) for name in self.folder.names()])

    def _summary(self, name: str) -> dict[str, Any]:
        """The lesson's title and whether it builds, checked once per version of the file."""
        from generator.build import check_lesson, load_lesson

        path = self.folder.path(name)
        key = (name, self.folder.read(name).hash)
        with self._checking:
            if key not in self._checked:
                title = None
                try:
                    title = load_lesson(path, name).title
                    check_lesson(path, name)
                    self._checked[key] = (title, True)
                except SpecError:
                    self._checked[key] = (title, False)
            title, ok = self._checked[key]
        return {"name": name, "title": title or name, "ok": ok}

    def read(self, name: str) -> Reply:
        if not self.folder.path(name).is_file():
            return _error(404, f"there is no lesson called {name}")
        spec = self.folder.read(name)
        return Reply(200, {"name": name, "text": spec.text, "hash": spec.hash})

    def save(self, name: str, body: Any) -> Reply:
        text = _string(body, "text")
        last = body.get("hash")
        try:
            saved = self.folder.save(name, text, last if isinstance(last, str) else None)
        except StaleSaveError as stale:
            return _error(
                409,
                "the file changed on disk since you opened it",
                text=stale.text,
                hash=stale.hash,
            )
        return Reply(200, {"name": name, "hash": saved.hash})

    def new(self, body: Any) -> Reply:
        """A new lesson from the same starter as `lessonpack new`."""
        from generator.starter import starter_text

        name = _string(body, "name").strip()
        name = name if name.endswith((".yaml", ".yml")) else f"{name}.yaml"
        path = self.folder.path(name)
        if path.exists():
            return _error(409, f"{name} already exists: choose another name")
        self.folder.save(name, starter_text(path, None), None)
        return Reply(201, {"name": name})

    # Preview and build

    def _preview(self, name: str, asked: Asked) -> Preview:
        result: Preview = self._previewer(self.folder.root, name, asked.text, asked.kinds)
        return result

    def preview(self, body: Any) -> Reply:
        name, text = _string(body, "name"), _string(body, "text")
        self.folder.path(name)
        kinds = body.get("kinds", KINDS)
        if not isinstance(kinds, list | tuple) or not set(kinds) <= set(KINDS):
            raise ValueError(f"kinds are some of {', '.join(KINDS)}")
        future = self.previews.submit(name, Asked(text, frozenset(kinds)))
        try:
            result = future.result(timeout=self.preview_seconds)
        except FutureTimeout:
            return self._not_shown(f"the preview is taking more than {self.preview_seconds:g} seconds")
        except Exception as error:
            return self._not_shown(f"the preview failed: {error}")
        problems = [problem_json(problem) for problem in result.problems]
        if not result.builds:
            return Reply(200, {"ok": False, "problems": problems, "pages": {kind: [] for kind in KINDS}})
        key = self.pages.add(name, result.pdfs)
        rendered = self.pages.get(key)
        counts = rendered.counts if rendered else {}
        pages = {
            kind: [self._url(f"/api/pages/{key}/{kind}/{number}.png") for number in range(1, count + 1)]
            for kind in KINDS
            for count in [counts.get(kind, 0)]
        }
        return Reply(200, {"ok": True, "problems": problems, "pages": pages})

    def _not_shown(self, message: str) -> Reply:
        problem = {"line": 1, "column": 1, "message": message, "where": "lesson", "warning": True}
        return Reply(200, {"ok": False, "problems": [problem], "pages": {kind: [] for kind in KINDS}})

    def page(self, key: str, kind: str, number: str) -> Reply:
        rendered = self.pages.get(key)
        index = int(number) - 1 if number.isdigit() else -1
        picture = rendered.picture(kind, index) if rendered else None
        if picture is None:
            return _error(404, "that preview is gone: preview again")
        return Reply(200, picture, "image/png")

    def _build(self, name: str, _: None) -> dict[str, Any]:
        from generator.build import build_pack
        from generator.options import BuildOptions

        try:
            files = build_pack(self.folder.path(name), self.output, name, BuildOptions(archive=True))
        except SpecError as error:
            return {"ok": False, "problems": list(map(problem_json, error.problems)), "files": []}
        pack = quote(files.folder.name)
        listed = [
            {"name": path.name, "url": self._url(f"/api/packs/{pack}/{quote(path.name)}")}
            for path in files.outputs
        ]
        return {"ok": True, "problems": list(map(problem_json, files.warnings)), "files": listed}

    def build(self, body: Any) -> Reply:
        name = _string(body, "name")
        if not self.folder.path(name).is_file():
            return _error(404, f"there is no lesson called {name}: save it first")
        try:
            return Reply(200, self.builds.submit(name, None).result(timeout=BUILD_SECONDS))
        except FutureTimeout:
            return _error(503, f"the build is taking more than {BUILD_SECONDS:g} seconds")

    def pack_file(self, pack: str, file: str) -> Reply:
        """A file of a built pack: only a plain name, directly inside a pack folder of the output."""
        path = self.output / pack / file
        if "/" in pack + file or pack.startswith(".") or file.startswith("."):
            return _error(403, "not a file of a pack")
        if path.resolve().parent.parent != self.output or not path.is_file():
            return _error(404, "no such file: build the pack first")
        types = {".pdf": "application/pdf", ".zip": "application/zip"}
        kind = types.get(path.suffix, "application/octet-stream")
        return Reply(200, path.read_bytes(), kind, None if path.suffix == ".pdf" else path.name)

    def part_examples(self) -> Reply:
        """The "Add part" menu: a commented example of each part type, by type."""
        import yaml

        text = files("generator.templates").joinpath(PART_EXAMPLES).read_text("utf-8")
        return Reply(200, yaml.safe_load(text))

    def schema(self) -> Reply:
        from generator.schema import schema_json

        return Reply(200, json.loads(schema_json()))


__all__ = ["Api", "RefusedNameError", "Reply"]
