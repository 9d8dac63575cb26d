"""The pack's record of what it was built from and what it holds, so that rebuilding a unit of
lessons after changing one of them builds only that one, and so that lessonpack knows which files
in a pack folder are its own.

The manifest is a small JSON file in the pack folder. A pack is up to date when every input
fingerprint is the same as when it was built and every output is still there, unaltered. Reading
it needs no renderer and no parsing of the spec: if the spec's bytes are unchanged, so is the list
of pictures it names, which the manifest remembers.

A pack folder can arrive on a shared drive or in a zip, so its manifest is untrusted: every name
in it must be a plain file name or a path inside the lesson's folder, and anything else makes the
whole manifest unusable, which means "rebuild" and never a read outside those folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from generator import __version__
from generator.assets import asset_path

MANIFEST_NAME = ".lessonpack-manifest.json"
FORMAT = 2
"""Raised when the manifest's layout changes, so older manifests simply read as out of date."""
IMAGE = "image "
"""Prefix of an image's input name; the rest is its path as the spec gives it."""
MISSING = "missing"
MAX_MANIFEST_BYTES = 1 << 20
"""Far more than any real manifest; a larger file is not one of ours."""
_DIGEST = re.compile(r"[0-9a-f]{64}")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
"""Non-blocking, so that opening a FIFO planted where a file should be never waits for a writer."""


def _open_regular(path: Path, follow_links: bool) -> int | None:
    """A descriptor for the regular file at `path`, or None for anything else (a device, a FIFO,
    a folder, a link when links are not to be followed)."""
    flags = _OPEN_FLAGS
    if not follow_links:
        if path.is_symlink():
            return None
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    if stat.S_ISREG(os.fstat(descriptor).st_mode):
        return descriptor
    os.close(descriptor)
    return None


def file_hash(path: Path, follow_links: bool = True) -> str:
    """The regular file's SHA-256, or MISSING when there is none to read (so the pack reads as out
    of date). Read in blocks, so a huge file costs time but never memory."""
    try:
        descriptor = _open_regular(path, follow_links)
        if descriptor is None:
            return MISSING
        with os.fdopen(descriptor, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except (OSError, ValueError):
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
    return {IMAGE + image: _image_hash(spec.parent, image) for image in images}


def _image_hash(folder: Path, image: str) -> str:
    """A picture's hash; a name that leads out of the lesson's folder (only a crafted manifest
    holds one) reads as MISSING, without a look at what it names."""
    if not _is_relative(image):
        return MISSING
    try:
        path = asset_path(folder, image)
        inside = path.is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return MISSING
    return file_hash(path) if inside else MISSING


def _is_relative(name: str) -> bool:
    """Neither absolute nor with a drive, on any system, and free of NUL."""
    return not (
        "\0" in name or ":" in name or PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor
    )


def is_plain_name(name: str) -> bool:
    """A file name with no folder in it: all that a manifest may name as an output."""
    return _is_relative(name) and name not in ("", ".", "..") and not {"/", "\\"} & set(name)


@dataclass(frozen=True)
class Manifest:
    inputs: dict[str, str]
    outputs: dict[str, str]
    """Each output's SHA-256, by its file name in the pack folder."""
    spec: str
    """The spec the pack was built from, relative to the pack folder where it can be."""

    @property
    def images(self) -> list[str]:
        return [name.removeprefix(IMAGE) for name in self.inputs if name.startswith(IMAGE)]

    def built_from(self, folder: Path) -> Path:
        return folder / self.spec


def _spec_reference(spec: Path, folder: Path) -> str:
    """The spec's path as seen from the pack folder: relative, so a unit copied whole (lessons and
    packs together) to another drive still knows its own packs."""
    try:
        return Path(os.path.relpath(spec.resolve(), folder.resolve())).as_posix()
    except ValueError:
        return str(spec.resolve())


def write_manifest(
    staging: Path, pack_folder: Path, spec: Path, inputs: dict[str, str], outputs: Sequence[Path]
) -> None:
    """Record the pack written in `staging`, which will become `pack_folder`."""
    recorded = {path.name: file_hash(path) for path in outputs}
    content = {"format": FORMAT, "spec": _spec_reference(spec, pack_folder), "inputs": inputs}
    text = json.dumps(content | {"outputs": recorded}, indent=2, sort_keys=True)
    (staging / MANIFEST_NAME).write_text(text + "\n", encoding="utf-8")


def _strings(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return value
    return None


def _parse(data: Any) -> Manifest | None:
    """The manifest, if every part of it is what lessonpack writes."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    inputs, outputs, spec = _strings(data.get("inputs")), _strings(data.get("outputs")), data.get("spec")
    if inputs is None or not outputs or not isinstance(spec, str) or "\0" in spec:
        return None
    if not all(is_plain_name(name) and _DIGEST.fullmatch(digest) for name, digest in outputs.items()):
        return None
    if not all(_is_relative(name.removeprefix(IMAGE)) for name in inputs if name.startswith(IMAGE)):
        return None
    return Manifest(inputs, outputs, spec)


def has_manifest(folder: Path) -> bool:
    """Whether the folder holds a manifest, valid or not (even a link or a FIFO by that name):
    the mark of a pack folder."""
    manifest = folder / MANIFEST_NAME
    return manifest.is_symlink() or (manifest.exists() and not manifest.is_dir())


def read_manifest(folder: Path) -> Manifest | None:
    """The pack's manifest, or None when there is none or it cannot be trusted."""
    try:
        descriptor = _open_regular(folder / MANIFEST_NAME, follow_links=False)
        if descriptor is None:
            return None
        with os.fdopen(descriptor, "rb") as stream:
            text = stream.read(MAX_MANIFEST_BYTES + 1)
        if len(text) > MAX_MANIFEST_BYTES:
            return None
        return _parse(json.loads(text))
    except (OSError, ValueError, RecursionError):
        return None


def _is_built_from(manifest: Manifest, folder: Path, spec: Path) -> bool:
    try:
        return manifest.built_from(folder).samefile(spec)
    except (OSError, ValueError):
        return False


def unchanged_outputs(folder: Path, manifest: Manifest) -> set[str]:
    """The outputs the manifest lists that are still exactly as lessonpack wrote them."""
    return {
        name
        for name, digest in manifest.outputs.items()
        if file_hash(folder / name, follow_links=False) == digest
    }


def is_up_to_date(folder: Path, spec: Path, options: str, expected: Iterable[str]) -> bool:
    """Whether the pack in `folder` was built from this spec and exactly these inputs, holds every
    `expected` output and is still intact."""
    manifest = read_manifest(folder)
    if (
        manifest is None
        or not set(expected) <= manifest.outputs.keys()
        or not _is_built_from(manifest, folder, spec)
    ):
        return False
    inputs = input_fingerprints(spec, options) | image_fingerprints(spec, manifest.images)
    if inputs != manifest.inputs:
        return False
    return unchanged_outputs(folder, manifest) == manifest.outputs.keys()
