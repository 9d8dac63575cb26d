"""Points, as everything is measured, to the EMUs PowerPoint stores, and placing shapes by them."""

from __future__ import annotations

from typing import Any

from pptx.util import Emu

from generator.deck.fit import Box


def emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def place(shape: Any, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        emu(box.left),
        emu(box.top),
        emu(box.width),
        emu(box.height),
    )
