"""Proof thumbnails: a PNG of every slide and every page of each built pack, to look at before printing.

Run as `python -m generator.proofs OUTPUT_FOLDER` (what `make proofs` does). Each pack folder in
OUTPUT_FOLDER gets a `proofs/` folder. Each run first draws every picture, then removes the
pictures an older run drew of the pack's files (named after them) and moves the new ones in, so no
page of an older build is left lying beside the new ones; any other file in the folder stays.
The slides are drawn by LibreOffice (as a teacher's office suite would draw them) and every PDF
page by poppler's pdftoppm; neither is a Python package, so a missing one
is named with how to install it rather than failing with a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PROOFS = "proofs"
RESOLUTION = 110
"""Dots per inch: an A4 page is about 910 x 1290 pixels, sharp enough to read body text."""
INDEX = "index.html"
INDEX_TEMPLATE = "proofs-index.html.jinja"
TIMEOUT = 300
"""Seconds one program may take for one file before it is stopped."""
EXIT_MISSING = 2

TOOLS = {
    "soffice": "LibreOffice draws the slides: install it from libreoffice.org, or with "
    "'sudo apt install libreoffice-impress' (Debian, Ubuntu) or 'brew install --cask libreoffice' (macOS)",
    "pdftoppm": "poppler draws the PDF pages: install it with 'sudo apt install poppler-utils' "
    "(Debian, Ubuntu) or 'brew install poppler' (macOS)",
}


class ProofError(Exception):
    """A program that draws the proofs is missing or failed; the message says which and why."""


def _run(command: list[str]) -> None:
    """Run a program in its own process group, so a timeout stops it and everything it started."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ProofError(f"{Path(command[0]).name} took more than {TIMEOUT} s and was stopped") from None
    if process.returncode != 0:
        raise ProofError(f"{Path(command[0]).name} failed (exit {process.returncode}): {stdout}{stderr}")


def find_tools() -> dict[str, str]:
    """Each program's path; ProofError naming every missing one and how to install it."""
    found = {name: shutil.which(name) for name in TOOLS}
    missing = [f"make proofs needs {name}. {TOOLS[name]}" for name, path in found.items() if path is None]
    if missing:
        raise ProofError("\n".join(missing))
    return {name: path for name, path in found.items() if path is not None}


def _deck_pdf(soffice: str, deck: Path, scratch: Path) -> Path:
    """The deck converted to PDF by LibreOffice, with a fresh profile in `scratch` so it never
    waits on the lock of a LibreOffice window the teacher has open."""
    profile = (scratch / "profile").as_uri()
    _run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(scratch),
            str(deck),
        ]
    )
    pdf = scratch / f"{deck.stem}.pdf"
    if not pdf.is_file():
        raise ProofError(f"LibreOffice did not convert {deck.name}")
    return pdf


def _pages(pdftoppm: str, pdf: Path, prefix: Path) -> None:
    """One PNG per page, named `<prefix>-<page>.png` (pdftoppm pads the page number)."""
    _run([pdftoppm, "-png", "-r", str(RESOLUTION), str(pdf), str(prefix)])


def _is_picture_of(name: str, stems: set[str]) -> bool:
    """Whether a file name is that of a picture drawn of one of the pack's files: `<stem>-<page>.png`."""
    stem, _, page = name.removesuffix(".png").rpartition("-")
    return name.endswith(".png") and page.isdigit() and stem in stems


@dataclass(frozen=True)
class ProofFile:
    """One file of the pack as the index shows it: its name and the pictures of its pages."""

    name: str
    pictures: list[str]
    is_deck: bool


def _teaching_order(path: Path) -> tuple[bool, bool, str]:
    """Slides, then the worksheets, then the answer key: the order a teacher checks a pack in."""
    return path.suffix != ".pptx", path.stem.endswith("-answers"), path.stem


def _write_index(pack: Path, files: Sequence[Path], pictures: Sequence[Path]) -> None:
    """One page showing every slide and page in order, to look over the whole pack at once."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    template = environment.from_string(
        resources.files("generator.templates").joinpath(INDEX_TEMPLATE).read_text("utf-8")
    )
    shown = [
        ProofFile(
            file.name,
            [picture.name for picture in pictures if _is_picture_of(picture.name, {file.stem})],
            file.suffix == ".pptx",
        )
        for file in files
    ]
    page = template.render(pack=pack.name, files=shown, width=RESOLUTION * 4)
    (pack / PROOFS / INDEX).write_text(page, encoding="utf-8")


def write_proofs(pack: Path, tools: dict[str, str]) -> list[Path]:
    """Draw every slide and page of the pack in `pack` into `pack/proofs/`, with an index page;
    returns the pictures."""
    proofs = pack / PROOFS
    decks, pdfs = sorted(pack.glob("*.pptx")), sorted(pack.glob("*.pdf"))
    with tempfile.TemporaryDirectory() as scratch:
        drawn = Path(scratch) / PROOFS
        drawn.mkdir()
        for deck in decks:
            _pages(tools["pdftoppm"], _deck_pdf(tools["soffice"], deck, Path(scratch)), drawn / deck.stem)
        for pdf in pdfs:
            _pages(tools["pdftoppm"], pdf, drawn / pdf.stem)
        proofs.mkdir(exist_ok=True)
        stems = {path.stem for path in (*decks, *pdfs)}
        for old in proofs.iterdir():
            if old.is_file() and _is_picture_of(old.name, stems):
                old.unlink()
        pictures = [proofs / picture.name for picture in sorted(drawn.iterdir())]
        for picture in pictures:
            shutil.move(drawn / picture.name, picture)
    _write_index(pack, sorted((*decks, *pdfs), key=_teaching_order), pictures)
    return pictures


def packs(output: Path) -> list[Path]:
    """The pack folders in `output`: those holding a deck or a PDF."""
    return sorted(
        folder
        for folder in output.iterdir()
        if folder.is_dir()
        and not folder.name.startswith(".")
        and (any(folder.glob("*.pptx")) or any(folder.glob("*.pdf")))
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    output = Path(arguments[0] if arguments else "output")
    try:
        tools = find_tools()
        found = packs(output) if output.is_dir() else []
        if not found:
            raise ProofError(f"no lesson packs in {output}: build them first (make pack)")
        for pack in found:
            pictures = write_proofs(pack, tools)
            print(f"proofs {pack / PROOFS}/: {len(pictures)} pictures")
    except ProofError as error:
        print(f"lessonpack proofs: {error}", file=sys.stderr)
        return EXIT_MISSING
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
