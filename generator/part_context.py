"""What a part type needs to know while planning its outputs, beyond its own fields."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.deck.fit import BODY, Box
from generator.fonts import CARLITO, Face
from generator.wording import Wording


@dataclass(frozen=True)
class PartContext:
    wording: Wording
    folder: Path
    """The spec's folder: images are found relative to it."""
    heading: str
    """The part's heading as shown on every output, e.g. "Task 2: Reading questions"."""
    body: Box = BODY
    """Where a content slide's content goes on the deck being built (a template's may differ)."""
    face: Face = CARLITO
    """What the deck's text is measured with: the metric twin of the face it is drawn in."""
