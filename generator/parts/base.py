"""Fields shared by every part that becomes a task on the worksheet."""

from __future__ import annotations

from generator.spec import Part, Prose, Text
from generator.wording import Wording


class TaskPart(Part):
    title: Text | None = None
    """The task's heading; a default such as "Questions" is used when left out."""
    instructions: Text | None = None
    """What pupils should do, shown under the heading on the slide and the worksheet."""
    notes: Prose | None = None
    """Speaker notes for the task's first slide, also printed under the task in the answer key."""

    def heading(self, wording: Wording) -> str:
        return self.title or super().heading(wording)

    def teacher_note(self) -> str | None:
        return self.notes
