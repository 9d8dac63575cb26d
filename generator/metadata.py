"""What every output file says about itself: title, author, subject and language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    language: str
    """A language tag such as en-GB, for screen readers and spell checkers."""
