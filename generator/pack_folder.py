"""Putting a new pack in place of the old one, so that nothing a teacher has is ever lost.

The rules: lessonpack replaces or deletes only what it wrote. A pack folder is one that holds
its manifest; every other file in it (the teacher's notes, pictures, proofs) is carried over into
the new pack untouched. A folder at the pack's path that holds no manifest is not lessonpack's,
and is left alone. An output that the manifest lists but that was changed since it was written
is the teacher's work: it is never overwritten unless they ask (`--force`), and a stale one (a
variant no longer asked for) is kept.

The swap leaves the old pack or the new one in place at every instant a build can be killed,
and the next build puts right whatever a killed one left: the pack is written in a staging
folder, the teacher's files are carried over into it as hard links (copies where links are not
possible), the old pack is renamed aside and the new one renamed in. Only then is the old pack
taken apart, file by file: what lessonpack wrote is deleted, and anything else (a file saved
into the pack mid-build) is moved into the new pack. Between the two renames there is no pack;
a build that finds a pack set aside and none in place renames it back before anything else.

One build of a pack at a time: a lock file per pack, held by the operating system, so a build
that dies releases it. lessonpack's working files live in one hidden folder in the output
folder, `.lessonpack/`: the locks, and while a build runs its staging and set-aside folders.
"""

from __future__ import annotations

import filecmp
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.manifest import MANIFEST_NAME, has_manifest, read_manifest, unchanged_outputs
from generator.outputs import pack_name, possible_outputs

WORK_FOLDER = ".lessonpack"
STAGING = "staging"
RETIRED = "retired"
SEPARATOR = "~"
"""Between a pack's name and the rest of a working folder's name: never in a pack name."""
LOCK_TIMEOUT = 600.0
"""Seconds a build waits for another build of the same pack before giving up."""


class PackFolderError(Exception):
    """The pack cannot be put in place without harming something of the teacher's; the message
    says what, and how to proceed."""


def stage_reached(stage: str) -> None:
    """Called as a build passes each step of the swap. It does nothing: it is the seam where the
    tests stop a build dead at that step, as a kill or a power cut would."""


@dataclass(frozen=True)
class Replacement:
    """What a build may do in one pack folder."""

    destination: Path
    spec: Path
    outputs: frozenset[str]
    """The names of the files the new pack will hold."""
    force: bool = False
    """Replace outputs the teacher has changed since they were written."""

    @property
    def name(self) -> str:
        return self.destination.name

    @property
    def work(self) -> Path:
        return self.destination.parent / WORK_FOLDER


def _shown(path: Path) -> str:
    """The path relative to where the teacher is, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


@contextmanager
def _locked(replacement: Replacement) -> Iterator[None]:
    """Hold the pack's lock; by its name folded to one case, as two names that differ only in
    case are one folder on Windows and macOS."""
    from filelock import FileLock, Timeout

    replacement.work.mkdir(parents=True, exist_ok=True)
    lock = FileLock(replacement.work / f"{replacement.name.casefold()}.lock", timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        minutes = round(LOCK_TIMEOUT / 60)
        raise PackFolderError(
            f"another lessonpack has been building {_shown(replacement.destination)}/ for {minutes} "
            "minutes: let it finish, then build again"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _working_folders(replacement: Replacement, kind: str) -> list[Path]:
    """This pack's staging or set-aside folders left in the work folder."""
    prefix = f"{replacement.name}{SEPARATOR}{kind}{SEPARATOR}"
    return sorted(path for path in replacement.work.iterdir() if path.name.startswith(prefix))


def has_leftovers(destination: Path) -> bool:
    """Whether a killed build left working folders of this pack, which only a build clears up."""
    work = destination.parent / WORK_FOLDER
    prefix = f"{destination.name}{SEPARATOR}"
    return work.is_dir() and any(path.name.startswith(prefix) for path in work.iterdir())


def _new_working_folder(replacement: Replacement, kind: str) -> Path:
    token = secrets.token_hex(6)
    return replacement.work / f"{replacement.name}{SEPARATOR}{kind}{SEPARATOR}{token}"


def _recover(replacement: Replacement) -> None:
    """Put right what a killed build of this pack left: a pack set aside comes back (or, if a new
    one made it into place, is taken apart into it), and half-written staging folders go."""
    for retired in _working_folders(replacement, RETIRED):
        if _exists(replacement.destination):
            _take_apart(retired, replacement.destination, _ours(retired, replacement))
        else:
            retired.rename(replacement.destination)
    for staging in _working_folders(replacement, STAGING):
        shutil.rmtree(staging)
    for earlier in _earlier_versions_leftovers(replacement):
        shutil.rmtree(earlier)


_EARLIER_STAGING = re.compile(r"\.(?P<name>.+?)\.(?:old\.)?[a-z0-9_]{8}")
"""How lessonpack 0.1 named its staging (`.name.x1y2z3w4`) and set-aside (`.name.old.x1y2z3w4`)
folders, beside the pack."""


def _earlier_versions_leftovers(replacement: Replacement) -> list[Path]:
    """Working folders an older lessonpack left beside the pack when killed: only those that
    hold nothing but what it wrote (a pack's files, or a set-aside pack folder of them)."""
    ours = possible_outputs(replacement.name) | {MANIFEST_NAME}
    return [
        folder
        for folder in replacement.destination.parent.iterdir()
        if (found := _EARLIER_STAGING.fullmatch(folder.name)) is not None
        and found.group("name") == replacement.name
        and folder.is_dir()
        and _holds_only(folder, replacement.name, ours)
    ]


def _holds_only(folder: Path, name: str, ours: frozenset[str]) -> bool:
    """Whether the folder (no link) holds only files named in `ours`, or a folder `name` of them."""
    if folder.is_symlink():
        return False
    for entry in folder.iterdir():
        if entry.is_symlink():
            return False
        if entry.is_file() and entry.name in ours:
            continue
        if entry.is_dir() and entry.name == name and _holds_only(entry, name, ours):
            continue
        return False
    return True


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _clashing_pack(replacement: Replacement) -> Path | None:
    """A pack folder at this pack's name, in any case, of another lesson that still exists and
    still builds there."""
    folded = replacement.name.casefold()
    output = replacement.destination.parent
    for folder in output.iterdir():
        if folder.name.casefold() != folded or not folder.is_dir() or folder.is_symlink():
            continue
        manifest = read_manifest(folder)
        if manifest is None:
            continue
        other = manifest.built_from(folder)
        try:
            same_pack = pack_name(other).casefold() == folded
            if same_pack and other.is_file() and not other.samefile(replacement.spec):
                return other
        except (OSError, ValueError):
            continue
    return None


def _refusal(replacement: Replacement) -> str | None:
    """Why the pack may not be put at its path, or None when it may."""
    destination = replacement.destination
    shown = _shown(destination)
    if destination.is_symlink() or (destination.exists() and not destination.is_dir()):
        return (
            f"{shown} is not a pack folder of lessonpack's, so it is left as it is: "
            "build into another folder with -o, or move it"
        )
    if destination.is_dir() and not has_manifest(destination) and any(destination.iterdir()):
        return (
            f"{shown}/ already exists and was not made by lessonpack, so it is left as it is: "
            "build into another folder with -o, or rename the lesson file"
        )
    other = _clashing_pack(replacement)
    if other is not None:
        return f"{shown}/ holds the pack of {_shown(other)}: rename one of the two lesson files"
    edited = sorted(_edited_outputs(destination) & replacement.outputs) if destination.is_dir() else []
    if edited and not replacement.force:
        it = "it" if len(edited) == 1 else "them"
        return (
            f"{', '.join(edited)} in {shown}/ changed since lessonpack built {it}, so the pack is left "
            f"as it is: rename {it} to keep your changes, or build with --force to replace {it}"
        )
    return None


def _edited_outputs(folder: Path) -> set[str]:
    """Outputs the manifest lists that are still there but no longer as lessonpack wrote them."""
    manifest = read_manifest(folder)
    if manifest is None:
        return set()
    present = {name for name in manifest.outputs if (folder / name).is_file()}
    return present - unchanged_outputs(folder, manifest)


def _ours(folder: Path, replacement: Replacement) -> set[str]:
    """The entries of a pack folder that lessonpack wrote and may delete: its manifest, the
    outputs still exactly as it wrote them (stale ones included), and the files the new pack
    replaces unless the teacher changed them. A folder whose manifest cannot be read (an older
    lessonpack's) knows no hashes: its files of the new pack's names are taken as lessonpack's."""
    ours = {MANIFEST_NAME}
    replaced = {name for name in replacement.outputs if (folder / name).is_file()}
    manifest = read_manifest(folder)
    if manifest is None or replacement.force:
        return ours | replaced
    unchanged = unchanged_outputs(folder, manifest)
    listed = manifest.outputs.keys()
    return ours | (replaced - listed) | (unchanged & (possible_outputs(replacement.name) | replaced))


def _carry(source: Path, target: Path) -> None:
    """Carry a file or folder over into the new pack: hard links where the file system has them,
    copies elsewhere. Anything that cannot be carried (a FIFO, a link Windows will not make) stays
    behind, to be moved over when the old pack is taken apart."""
    if _exists(target):
        return
    try:
        if source.is_symlink():
            target.symlink_to(source.readlink())
        elif source.is_dir():
            target.mkdir()
            for child in source.iterdir():
                _carry(child, target / child.name)
        elif source.is_file():
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
    except OSError:
        return


def _same(one: Path, other: Path) -> bool:
    """Whether two entries hold the same thing: one file under two names, equal bytes, or links
    to the same place."""
    try:
        if one.is_symlink() or other.is_symlink():
            return one.is_symlink() and other.is_symlink() and one.readlink() == other.readlink()
        if one.is_file() and other.is_file():
            return one.samefile(other) or filecmp.cmp(one, other, shallow=False)
    except OSError:
        return False
    return False


def _free_name(path: Path) -> Path:
    """A name beside `path` that nothing has yet: `notes (kept).txt`, `notes (kept 2).txt`…"""
    for number in range(1, 10_000):
        label = "kept" if number == 1 else f"kept {number}"
        candidate = path.with_name(f"{path.stem} ({label}){path.suffix}")
        if not _exists(candidate):
            return candidate
    raise PackFolderError(f"no free name beside {_shown(path)}")


def _take_apart(old: Path, new: Path, ours: set[str]) -> None:
    """Empty the old pack into the new one and remove it: what lessonpack wrote, and what was
    carried over already, is deleted; anything else moves into the new pack, beside a file of
    the same name rather than over it."""
    for entry in sorted(old.iterdir()):
        target = new / entry.name
        is_folder = entry.is_dir() and not entry.is_symlink()
        if is_folder and target.is_dir() and not target.is_symlink():
            _take_apart(entry, target, set())
        elif not is_folder and (entry.name in ours or _same(entry, target)):
            entry.unlink()
        else:
            entry.rename(_free_name(target) if _exists(target) else target)
    old.rmdir()


def replace_pack(replacement: Replacement, write: Callable[[Path], None]) -> tuple[str, ...]:
    """Have `write` fill a staging folder with the new pack, then put it in place of the old one
    as the rules above say; returns the names of the teacher's files carried over. Raises
    PackFolderError, having changed nothing, when the pack may not go there."""
    with _locked(replacement):
        _recover(replacement)
        refusal = _refusal(replacement)
        if refusal is not None:
            raise PackFolderError(refusal)
        staging = _new_working_folder(replacement, STAGING)
        staging.mkdir()
        try:
            write(staging)
            stage_reached("written")
            # Judged once the new pack is written, as late as can be: the teacher may have saved
            # something into the pack meanwhile.
            ours = _ours(replacement.destination, replacement) if replacement.destination.is_dir() else set()
            kept = _carry_over(replacement.destination, staging, ours)
            stage_reached("carried")
            _swap(replacement, staging, ours)
        except BaseException:
            if _exists(staging):
                shutil.rmtree(staging, ignore_errors=True)
            raise
    return kept


def _carry_over(old: Path, staging: Path, ours: set[str]) -> tuple[str, ...]:
    """Carry every entry of the old pack but lessonpack's own into the new one; returns their names."""
    if not old.is_dir():
        return ()
    kept = sorted(entry.name for entry in old.iterdir() if entry.name not in ours)
    for name in kept:
        _carry(old / name, staging / name)
    return tuple(kept)


def _swap(replacement: Replacement, staging: Path, ours: set[str]) -> None:
    """Rename the old pack aside and the new one in, then take the old one apart."""
    destination = replacement.destination
    if not _exists(destination):
        staging.rename(destination)
        stage_reached("swapped")
        return
    retired = _new_working_folder(replacement, RETIRED)
    destination.rename(retired)
    stage_reached("set aside")
    try:
        staging.rename(destination)
    except OSError:
        retired.rename(destination)
        raise
    stage_reached("swapped")
    _take_apart(retired, destination, ours)
