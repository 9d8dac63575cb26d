"""The shipped fonts: Carlito draws the PDFs; Carlito and the other metric twins measure slide text.

Carlito has the same metrics as Calibri, which our own slides name. Measuring with Carlito therefore
measures what PowerPoint draws in Calibri and what LibreOffice draws in Carlito, so a fit holds
in every office suite. A school's template draws in its own theme fonts: each is measured with its
metric twin where one is known (Liberation Sans for Arial and Helvetica, Liberation Serif for
Times New Roman, Caladea for Cambria), and any other face with Liberation Sans widened by
UNKNOWN_WIDENING, wider than the widest common sans (DejaVu Sans, Verdana). The fonts ship here
(SIL OFL: OFL.txt, OFL-Liberation.txt, OFL-Caladea.txt) and are never read from the system.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
FAMILY = "Carlito"
SLIDE_FONT = "Calibri"
FACES = {
    FAMILY: "Carlito-Regular.ttf",
    f"{FAMILY}-Bold": "Carlito-Bold.ttf",
    f"{FAMILY}-Italic": "Carlito-Italic.ttf",
    f"{FAMILY}-BoldItalic": "Carlito-BoldItalic.ttf",
}


UNKNOWN_WIDENING = 1.2
"""How much wider than Arial a face without a known twin is taken to be: DejaVu Sans, the widest
common fallback, sets text 1.13 times as wide as Arial, and 1.19 times in bold."""
WORDS_KEPT = 1 << 14
SETTINGS_KEPT = 1 << 12
"""How many word widths and line settings are memoised: about twice what the reference lesson
measures (7,000 and 1,200), so a batch worker keeps the last lesson's; full, they take about
4 MB, where a lesson of thousands of slides filled larger memos with 15 MB it never looked at
again."""


@dataclass(frozen=True)
class Face:
    """A shipped face that slide text is measured with, as wide as the face drawn or wider."""

    name: str
    regular: str
    bold: str
    widening: float = 1.0


CARLITO = Face(FAMILY, FACES[FAMILY], FACES[f"{FAMILY}-Bold"])
LIBERATION_SANS = Face("LiberationSans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
LIBERATION_SERIF = Face("LiberationSerif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")
CALADEA = Face("Caladea", "Caladea-Regular.ttf", "Caladea-Bold.ttf")
UNKNOWN = Face(LIBERATION_SANS.name, LIBERATION_SANS.regular, LIBERATION_SANS.bold, UNKNOWN_WIDENING)
TWINS = {
    "calibri": CARLITO,
    "carlito": CARLITO,
    "arial": LIBERATION_SANS,
    "helvetica": LIBERATION_SANS,
    "arimo": LIBERATION_SANS,
    "liberation sans": LIBERATION_SANS,
    "times new roman": LIBERATION_SERIF,
    "times": LIBERATION_SERIF,
    "tinos": LIBERATION_SERIF,
    "liberation serif": LIBERATION_SERIF,
    "cambria": CALADEA,
    "caladea": CALADEA,
}


def twin(typeface: str) -> Face:
    """The face to measure a typeface named in a template with."""
    return TWINS.get(" ".join(typeface.split()).casefold(), UNKNOWN)


@cache
def font_name(face: Face, bold: bool) -> str:
    """The reportlab name of one of a face's two weights, registered on first use."""
    if face.name == FAMILY:
        register()
        return f"{FAMILY}-Bold" if bold else FAMILY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"{face.name}-Bold" if bold else face.name
    pdfmetrics.registerFont(TTFont(name, str(FOLDER / (face.bold if bold else face.regular))))
    return name


@cache
def register() -> str:
    """Register the family with reportlab once per process; returns the family name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FOLDER / file)))
    for bold, italic, suffix in (
        (0, 0, ""),
        (1, 0, "-Bold"),
        (0, 1, "-Italic"),
        (1, 1, "-BoldItalic"),
    ):
        addMapping(FAMILY, bold, italic, FAMILY + suffix)
    return FAMILY


def face(bold: bool = False, italic: bool = False) -> str:
    register()
    suffix = ("Bold" if bold else "") + ("Italic" if italic else "")
    return f"{FAMILY}-{suffix}" if suffix else FAMILY


@lru_cache(maxsize=WORDS_KEPT)
def word_width(word: str, size: float, bold: bool = False, measured: Face = CARLITO) -> float:
    """The width of one word in points. Memoised: fitting tries several sizes on the same text, and a
    long-lived process (watch mode, a batch worker) measures the same words build after build."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(word, font_name(measured, bold), size)) * measured.widening


@lru_cache(maxsize=SETTINGS_KEPT)
def wrap(
    text: str, size: float, width_pt: float, bold: bool = False, measured: Face = CARLITO
) -> tuple[str, ...]:
    """Break text into the lines it takes at this size and width, as the measured face sets it
    (Calibri/Carlito unless a template's face is given).

    The same greedy rule as reportlab's simpleSplit (so the PDFs and the slides agree), adding
    the widths of memoised words instead of measuring each word again. A word wider than the
    line stands alone on its line, as simpleSplit leaves it.
    """
    return tuple(line for line, _ in _set(text, size, width_pt, bold, measured, False)) or ("",)


@lru_cache(maxsize=SETTINGS_KEPT)
def slide_lines(
    text: str, size: float, width_pt: float, bold: bool = False, measured: Face = CARLITO
) -> tuple[str, ...]:
    """The lines text takes in a slide's text box: as `wrap`, but a word wider than the line (a
    long web address, a word in a narrow table column) is broken where it overflows and carries
    on over as many lines as it takes, as PowerPoint and LibreOffice break it on a slide."""
    return tuple(line for line, _ in _set(text, size, width_pt, bold, measured, True)) or ("",)


def line_groups(
    text: str, size: float, width_pt: float, per_group: int, bold: bool = False, measured: Face = CARLITO
) -> list[str]:
    """The text cut into pieces of at most `per_group` of its slide lines each, so a text too
    long for one box can carry on in the next: the lines are set once, whatever the length.
    A piece set again at this width takes exactly its lines (greedy breaking depends only on
    what came before), and a word broken over two pieces is cut without a space."""
    groups: list[list[str]] = []
    taken = 0
    for line, carried_on in _set(text, size, width_pt, bold, measured, True):
        if not groups or taken == per_group:
            groups.append([])
            taken = 0
        elif not carried_on:
            groups[-1].append(" ")
        groups[-1].append(line)
        taken += 1
    return ["".join(group) for group in groups] or [""]


def _set(
    text: str, size: float, width_pt: float, bold: bool, measured: Face, break_words: bool
) -> Iterator[tuple[str, bool]]:
    """Each line of the greedy setting, and whether it carries on a word broken at the end of
    the line before (only when `break_words`)."""
    space = word_width(" ", size, bold, measured)
    for paragraph in text.split("\n"):
        if not width_pt:
            yield paragraph, False
            continue
        line: list[str] = []
        used = -space
        carried_on = False
        for word in paragraph.split():
            width = word_width(word, size, bold, measured)
            if line and used + space + width > width_pt:
                yield " ".join(line), carried_on
                line, used, carried_on = [], -space, False
            if break_words and width > width_pt:
                *whole_lines, (word, width) = _broken(word, size, bold, measured, width_pt)
                for index, (piece, _) in enumerate(whole_lines):
                    yield piece, index > 0
                carried_on = bool(whole_lines)
            line.append(word)
            used = used + space + width
        if line:
            yield " ".join(line), carried_on


def _broken(word: str, size: float, bold: bool, measured: Face, width_pt: float) -> list[tuple[str, float]]:
    """A word too wide for the line cut into pieces that fit it (at least a character each),
    with their widths: measured a character at a time, so a word of any length costs its length."""
    pieces: list[tuple[str, float]] = []
    start = 0
    used = 0.0
    for index, character in enumerate(word):
        width = word_width(character, size, bold, measured)
        if index > start and used + width > width_pt:
            pieces.append((word[start:index], used))
            start, used = index, 0.0
        used += width
    pieces.append((word[start:], used))
    return pieces
