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
def _registered(face: Face, bold: bool) -> str:
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


@lru_cache(maxsize=1 << 16)
def word_width(word: str, size: float, bold: bool = False, measured: Face = CARLITO) -> float:
    """The width of one word in points. Memoised: fitting tries several sizes on the same text, and a
    long-lived process (watch mode, a batch worker) measures the same words build after build."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(word, _registered(measured, bold), size)) * measured.widening


@lru_cache(maxsize=1 << 14)
def wrap(
    text: str, size: float, width_pt: float, bold: bool = False, measured: Face = CARLITO
) -> tuple[str, ...]:
    """Break text into the lines it takes at this size and width, as the measured face sets it
    (Calibri/Carlito unless a template's face is given).

    The same greedy rule as reportlab's simpleSplit (so the PDFs and the slides agree), adding
    the widths of memoised words instead of measuring each word again.
    """
    space = word_width(" ", size, bold, measured)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not width_pt:
            lines.append(paragraph)
            continue
        line: list[str] = []
        used = -space
        for word in paragraph.split():
            width = word_width(word, size, bold, measured)
            if used + space + width <= width_pt or not line:
                line.append(word)
                used = used + space + width
            else:
                lines.append(" ".join(line))
                line = [word]
                used = width
        if line:
            lines.append(" ".join(line))
    return tuple(lines) or ("",)
