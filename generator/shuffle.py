"""Deterministic shuffles: the same spec always prints the same sheet."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

Item = TypeVar("Item")


def shuffled(items: Sequence[Item], seed: str) -> list[Item]:
    """The items in an order fixed by `seed`, and never in their original order when there is
    another, since an unshuffled list gives the answers away."""
    order = list(items)
    random.Random(hashlib.sha256(seed.encode("utf-8")).digest()).shuffle(order)
    if len(order) > 1 and order == list(items):
        order = order[1:] + order[:1]
    return order
