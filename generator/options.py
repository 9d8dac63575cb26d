"""What the command line asks of a build on top of the spec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.choices import AnswerSlides, Paper, Variant


@dataclass(frozen=True)
class BuildOptions:
    paper: Paper | None = None
    """Overrides the spec's paper."""
    variants: tuple[Variant, ...] = ()
    """Added to the spec's variants."""
    archive: bool = False
    """Also write the whole pack as one zip file."""
    template: Path | None = None
    """Overrides the spec's slide template."""
    force: bool = False
    """Rebuild even an unchanged lesson, and replace outputs the teacher has changed since they
    were built. Not part of the fingerprint: it changes nothing in the pack."""
    answers: AnswerSlides | None = None
    """Overrides where the spec puts its answer slides."""

    @property
    def fingerprint(self) -> str:
        """The options as the pack's manifest records them: a pack built with other options is
        out of date."""
        from generator.manifest import file_hash

        template = file_hash(self.template) if self.template else "from spec"
        return (
            f"paper={self.paper or 'from spec'} variants={','.join(self.variants)} zip={self.archive} "
            f"template={template} answers={self.answers or 'from spec'}"
        )
