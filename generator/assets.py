"""Finds the files a spec refers to, refusing anything outside the lesson's folder or not an image."""

from __future__ import annotations

import warnings
from pathlib import Path, PurePosixPath

MAX_PIXELS = 50_000_000
IMAGE_FORMATS = {"PNG", "JPEG"}


def resolve_image(folder: Path, relative: str) -> Path | str:
    """The image's real path, or a plain-words reason it cannot be used."""
    if PurePosixPath(relative).is_absolute() or Path(relative).is_absolute() or ":" in relative:
        return "give the image's path relative to the lesson file, e.g. images/map.png"
    root = folder.resolve()
    try:
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            return "the image must be inside the lesson's folder"
        if not path.is_file():
            return f"no image file at {relative}"
    except (OSError, ValueError):
        return f"no image file at {relative}"
    from PIL import Image, UnidentifiedImageError

    too_large = f"{relative} has too many pixels; use an image under {MAX_PIXELS // 1_000_000} megapixels"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            if image.format not in IMAGE_FORMATS:
                return f"{relative} is a {image.format} file; use a PNG or JPEG image"
            if image.width * image.height > MAX_PIXELS:
                return too_large
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return too_large
    except (UnidentifiedImageError, OSError):
        return f"{relative} is not a PNG or JPEG image"
    return path


def image_path(folder: Path, relative: str) -> Path:
    """Where an image that validation has already accepted lies: no second look inside the file."""
    return (folder.resolve() / relative).resolve()
