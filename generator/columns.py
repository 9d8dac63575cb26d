"""Column widths shared by slide tables and worksheet tables, wide enough that no word is split."""

from __future__ import annotations

from collections.abc import Sequence

from generator.fonts import CARLITO, Face, word_width


def widest_word(texts: Sequence[str], size: float, bold: bool = False, measured: Face = CARLITO) -> float:
    return max(
        (word_width(word, size, bold, measured) for text in texts for word in text.split()), default=0.0
    )


def column_widths(
    weights: Sequence[float],
    header: Sequence[str],
    columns: Sequence[Sequence[str]],
    total: float,
    size: float,
    padding: float,
    measured: Face = CARLITO,
) -> tuple[float, ...]:
    """Share `total` by weight, after giving each column room for its longest word; when the
    longest words are wider than the table (a long web address), the widest columns share what
    the others leave, and their longest words are broken."""
    floors = _fair(
        [
            max(widest_word([heading], size, True, measured), widest_word(texts, size, False, measured))
            + padding
            for heading, texts in zip(header, columns, strict=True)
        ],
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


def _fair(floors: list[float], total: float) -> list[float]:
    """The floors capped so they add up to no more than `total`: the narrow ones kept whole, the
    widest cut to an equal share of what is left."""
    if sum(floors) <= total:
        return floors
    left = total
    for count, floor in enumerate(sorted(floors)):
        share = left / (len(floors) - count)
        if floor > share:
            return [min(width, share) for width in floors]
        left -= floor
    return floors
