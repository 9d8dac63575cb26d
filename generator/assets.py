"""Finds the files a spec refers to (images, a slide template), refusing anything outside the
lesson's folder or not of the right kind."""

from __future__ import annotations

import stat
from pathlib import Path, PurePosixPath

from generator.glyphs import not_text


def _portable(relative: str) -> str:
    """The path with `/` between folders, however it was typed: `images\\map.png` from Windows
    names the same picture on a Mac or Linux."""
    return relative.replace("\\", "/")


def _differing_in_case(root: Path, relative: str) -> str | None:
    """The path of a file that `relative` names but for capitals (`Triangle.PNG` for
    `triangle.png`): the same file on Windows and macOS, none on Linux."""
    current, found = root, []
    for part in PurePosixPath(relative).parts:
        if not current.is_dir():
            return None
        matches = sorted(
            child.name for child in current.iterdir() if child.name.casefold() == part.casefold()
        )
        if not matches:
            return None
        found.append(matches[0])
        current = current / matches[0]
    return "/".join(found) if current.is_file() else None


def _inside(folder: Path, typed: str, what: str, example: str) -> Path | str:
    """The file's real path if it lies in the lesson's folder (symlinks followed), or why not."""
    control = not_text(typed)
    if control is not None:
        return control
    relative = _portable(typed)
    if PurePosixPath(relative).is_absolute() or Path(relative).is_absolute() or ":" in relative:
        return f"give the {what}'s path relative to the lesson file, e.g. {example}"
    root = folder.resolve()
    missing = f"no {what} file at {typed}"
    try:
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            return f"the {what} must be inside the lesson's folder"
        if path.exists() and not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            return f"{typed} is not a file (it is a device or a pipe)"
        if not path.is_file():
            near = _differing_in_case(root, relative)
            if near is not None:
                capitals = "write its name with the same capitals, as some computers tell them apart"
                return f"{missing}; there is {near}: {capitals}"
            return missing
    except (OSError, ValueError):
        return missing
    return path


def resolve_template(folder: Path, relative: str) -> Path | str:
    """The slide template's real path, or a plain-words reason it cannot be used."""
    found = _inside(folder, relative, "template", "school.pptx")
    if isinstance(found, str):
        return found
    from generator.deck.template import template_problem

    return template_problem(found, relative) or found


def resolve_image(folder: Path, relative: str) -> Path | str:
    """The image's real path, or a plain-words reason it cannot be used."""
    path = _inside(folder, relative, "image", "images/map.png")
    if isinstance(path, str):
        return path
    from generator.pictures import picture_problem

    return picture_problem(path, relative) or path


def asset_path(folder: Path, relative: str) -> Path:
    """Where a file that validation has already accepted lies: no second look inside the file."""
    return (folder.resolve() / _portable(relative)).resolve()
