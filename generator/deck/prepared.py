"""New slides and speaker-notes pages made as copies of one prepared each, not built afresh.

python-pptx makes every new slide by cloning its layout's placeholders one property at a time,
and every notes page by cloning the notes master's placeholders and then walking every part of
the package to choose the page's file name: about 40 % of writing a deck, all to produce the
same XML again and again. Here the first slide on each layout and the first notes page are
made by python-pptx; later ones are copies of those, taken before anything was written on
them, given the names and relationships python-pptx would give them.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart

NOTES_NAME = "/ppt/notesSlides/notesSlide%d.xml"
NOTES_PREFIX = "/ppt/notesSlides/notesSlide"


class PreparedParts:
    """Adds slides and notes pages to one deck, copying the first of each kind."""

    def __init__(self, presentation: Any) -> None:
        self._presentation = presentation
        self._blank_slides: dict[Any, Any] = {}
        """A new slide's XML on each layout part, as python-pptx made it."""
        self._blank_notes: Any = None
        self._notes_names: set[str] = set()
        """Every notes page's file name in the package, once the first page is made."""

    def add_slide(self, layout: Any) -> Any:
        """A new slide on `layout`, its placeholders cloned from the layout."""
        blank = self._blank_slides.get(layout.part)
        if blank is None:
            slide = self._presentation.slides.add_slide(layout)
            self._blank_slides[layout.part] = deepcopy(slide._element)
            return slide
        deck = self._presentation.part
        slide_part = SlidePart(
            deck._next_slide_partname, CONTENT_TYPE.PML_SLIDE, deck.package, deepcopy(blank)
        )
        slide_part.relate_to(layout.part, RELATIONSHIP_TYPE.SLIDE_LAYOUT)
        self._presentation.slides._sldIdLst.add_sldId(deck.relate_to(slide_part, RELATIONSHIP_TYPE.SLIDE))
        return slide_part.slide

    def notes_text_frame(self, slide: Any) -> Any:
        """The notes placeholder's text frame on a new notes page for `slide`."""
        if self._blank_notes is None:
            notes = slide.notes_slide
            self._blank_notes = deepcopy(notes._element)
            package = self._presentation.part.package
            self._notes_names = {
                str(part.partname) for part in package.iter_parts() if part.partname.startswith(NOTES_PREFIX)
            }
            return notes.notes_text_frame
        master = self._presentation.part.notes_master_part
        notes_part = NotesSlidePart(
            self._next_notes_name(), CONTENT_TYPE.PML_NOTES_SLIDE, master.package, deepcopy(self._blank_notes)
        )
        notes_part.relate_to(master, RELATIONSHIP_TYPE.NOTES_MASTER)
        notes_part.relate_to(slide.part, RELATIONSHIP_TYPE.SLIDE)
        slide.part.relate_to(notes_part, RELATIONSHIP_TYPE.NOTES_SLIDE)
        return notes_part.notes_slide.notes_text_frame

    def _next_notes_name(self) -> PackURI:
        """The name python-pptx's `next_partname` would choose: the highest free number up to
        one more than the pages there are."""
        names = self._notes_names
        number = next(n for n in range(len(names) + 1, 0, -1) if NOTES_NAME % n not in names)
        names.add(NOTES_NAME % number)
        return PackURI(NOTES_NAME % number)
