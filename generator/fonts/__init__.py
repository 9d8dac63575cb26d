"""The shipped Carlito family: it draws the PDFs and measures slide text.

Carlito has the same metrics as Calibri, which the slides name. Measuring with Carlito therefore
measures what PowerPoint draws in Calibri and what LibreOffice draws in Carlito, so a fit holds
in every office suite. The fonts ship here (SIL OFL, see OFL.txt) and are never read from the system.
"""

from __future__ import annotations

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
def word_width(word: str, size: float, bold: bool = False) -> float:
    """The width of one word in points. Memoised: fitting tries several sizes on the same text, and a
    long-lived process (watch mode, a batch worker) measures the same words build after build."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(word, face(bold), size))


@lru_cache(maxsize=1 << 14)
def wrap(text: str, size: float, width_pt: float, bold: bool = False) -> tuple[str, ...]:
    """Break text into the lines it takes at this size and width, as Calibri/Carlito set it.

    The same greedy rule as reportlab's simpleSplit (so the PDFs and the slides agree), adding
    the widths of memoised words instead of measuring each word again.
    """
    space = word_width(" ", size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not width_pt:
            lines.append(paragraph)
            continue
        line: list[str] = []
        used = -space
        for word in paragraph.split():
            width = word_width(word, size, bold)
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
