"""Column widths shared by slide tables and worksheet tables, wide enough that no word is split."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from generator.fonts import CARLITO, Face, word_width


def widest_word(texts: Sequence[str], size: float, bold: bool = False, measured: Face = CARLITO) -> float:
    return max((_widest_in(text, size, bold, measured) for text in texts), default=0.0)


@lru_cache(maxsize=1 << 14)
def _widest_in(text: str, size: float, bold: bool, measured: Face) -> float:
    """The widest word of one text. Memoised: column widths are tried at every table size, on
    every fitting of a slide, and a long-lived process (watch mode) builds the same cells again."""
    return max((word_width(word, size, bold, measured) for word in text.split()), default=0.0)


def column_widths(
    weights: Sequence[float],
    header: Sequence[str],
    columns: Sequence[Sequence[str]],
    total: float,
    size: float,
    padding: float,
    measured: Face = CARLITO,
    bold: Sequence[Sequence[str]] = (),
) -> tuple[float, ...]:
    """Share `total` by weight, after giving each column room for its longest word; `bold` holds
    each column's texts set in bold, such as key words. When the longest words are wider than the
    table (a long web address), each column keeps its share by weight and the longest words are
    broken."""
    emboldened = list(bold) or [() for _ in header]
    floors = _within(
        [
            max(
                widest_word([heading, *strong], size, True, measured),
                widest_word(texts, size, False, measured),
            )
            + padding
            for heading, texts, strong in zip(header, columns, emboldened, strict=True)
        ],
        weights,
        total,
    )
    spare = max(total - sum(floors), 0.0)
    extra = [
        max(weight * total / sum(weights) - floor, 0.0) for weight, floor in zip(weights, floors, strict=True)
    ]
    scale = spare / sum(extra) if sum(extra) else 0.0
    widths = [floor + grow * scale for floor, grow in zip(floors, extra, strict=True)]
    shrink = total / sum(widths)
    return tuple(width * shrink for width in widths)


def _within(floors: list[float], weights: Sequence[float], total: float) -> list[float]:
    """The floors, each capped at its column's share by weight when together they are wider
    than the table: the columns with room to write keep it, and the longest word is broken."""
    if sum(floors) <= total:
        return floors
    return [min(floor, weight * total / sum(weights)) for floor, weight in zip(floors, weights, strict=True)]
