"""The pack's record of what it was built from and what it holds, so that rebuilding a unit of
lessons after changing one of them builds only that one.

The manifest is a small JSON file in the pack folder. A pack is up to date when every input
fingerprint is the same as when it was built and every output is still there, unaltered. Reading
it needs no renderer and no parsing of the spec: if the spec's bytes are unchanged, so is the list
of pictures it names, which the manifest remembers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from generator import __version__
from generator.assets import asset_path

MANIFEST_NAME = ".lessonpack-manifest.json"
FORMAT = 1
"""Raised when the manifest's layout changes, so older manifests simply read as out of date."""
IMAGE = "image "
"""Prefix of an image's input name; the rest is its path as the spec gives it."""
MISSING = "missing"


def file_hash(path: Path) -> str:
    """The file's SHA-256, or MISSING when it cannot be read (so the pack reads as out of date)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return MISSING


def _template_hash(name: str) -> str:
    return hashlib.sha256(files("generator.templates").joinpath(name).read_bytes()).hexdigest()


def input_fingerprints(spec: Path, options: str) -> dict[str, str]:
    """Everything a pack is built from but the pictures, by name. A new kind of input (a slide
    template, say) is one more line here."""
    return {
        "spec": file_hash(spec),
        "wording templates": _template_hash("wording.yaml"),
        "generator version": __version__,
        "build options": options,
    }


def image_fingerprints(spec: Path, images: Iterable[str]) -> dict[str, str]:
    """The pictures the spec names, known only once it has been read."""
    return {IMAGE + image: file_hash(asset_path(spec.parent, image)) for image in images}


@dataclass(frozen=True)
class Manifest:
    inputs: dict[str, str]
    outputs: dict[str, str]
    """Each output's SHA-256, by its file name in the pack folder."""

    @property
    def images(self) -> list[str]:
        return [name.removeprefix(IMAGE) for name in self.inputs if name.startswith(IMAGE)]


def write_manifest(folder: Path, inputs: dict[str, str], outputs: Sequence[Path]) -> None:
    recorded = {path.name: file_hash(path) for path in outputs}
    text = json.dumps({"format": FORMAT, "inputs": inputs, "outputs": recorded}, indent=2, sort_keys=True)
    (folder / MANIFEST_NAME).write_text(text + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> Manifest | None:
    """The pack's manifest, or None when there is none or it cannot be trusted."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data["format"] != FORMAT:
            return None
        return Manifest(dict(data["inputs"]), dict(data["outputs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_up_to_date(folder: Path, spec: Path, options: str) -> bool:
    """Whether the pack in `folder` was built from exactly these inputs and is still intact."""
    manifest = read_manifest(folder)
    if manifest is None:
        return False
    inputs = input_fingerprints(spec, options) | image_fingerprints(spec, manifest.images)
    if inputs != manifest.inputs:
        return False
    return all(file_hash(folder / name) == digest for name, digest in manifest.outputs.items())
