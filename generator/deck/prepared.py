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
from typing import Any, cast

from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from pptx.opc.package import _Relationships
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart

from generator.deck.package import SealedRelationship, SealedSlide, SpilledParts

SLIDE_NAME = "/ppt/slides/slide%d.xml"
NOTES_NAME = "/ppt/notesSlides/notesSlide%d.xml"
NOTES_PREFIX = "/ppt/notesSlides/notesSlide"
SLIDES_FOLDER = "/ppt/slides"


class PreparedParts:
    """Adds slides and notes pages to one deck, copying the first of each kind."""

    def __init__(self, presentation: Any, spilled: SpilledParts) -> None:
        self._presentation = presentation
        self._spilled = spilled
        self._sealed_rels: dict[tuple[tuple[str, Any], ...], _Relationships] = {}
        self._blank_slides: dict[Any, Any] = {}
        """A new slide's XML on each layout part, as python-pptx made it."""
        self._blank_notes: Any = None
        self._notes_names: set[str] = set()
        """Every notes page's file name in the package, once the first page is made."""
        self._last = ""
        """The relationship of the slide added last."""

    def add_slide(self, layout: Any) -> Any:
        """A new slide on `layout`, its placeholders cloned from the layout as python-pptx's
        add_slide clones them, and named and related as it would: but listed in the deck's
        SlideList, not in its XML tree."""
        deck = self._presentation.part
        slides = self._spilled.slides
        name = PackURI(SLIDE_NAME % (slides.count + 1))
        blank = self._blank_slides.get(layout.part)
        if blank is None:
            slide_part = cast(Any, SlidePart).new(name, deck.package, layout.part)
            slide_part.slide.shapes.clone_layout_placeholders(layout)
            self._blank_slides[layout.part] = deepcopy(slide_part._element)
        else:
            slide_part = SlidePart(name, CONTENT_TYPE.PML_SLIDE, deck.package, deepcopy(blank))
            slide_part.relate_to(layout.part, RELATIONSHIP_TYPE.SLIDE_LAYOUT)
        # A new part has no relationship to match, so none is searched for (relate_to looks
        # through all the deck's relationships, one more for every slide).
        self._last = deck.rels._add_relationship(RELATIONSHIP_TYPE.SLIDE, slide_part)
        slides.add(self._last)
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

    def seal(self, slide: Any) -> None:
        """Write the finished slide, and its notes page, to the spilled parts.

        A slide's XML tree takes about ten times the memory of its bytes (some 20 kB against
        2 kB), and its bytes with python-pptx's part and relationship objects about 7 kB more:
        a deck of thousands of slides held until it was saved outgrew any budget. What stays
        of the slide is a SealedSlide, and the deck's relationship to it a SealedRelationship;
        the notes page is dropped whole. Nothing reads the slide afterwards.
        """
        slide_part = slide.part
        notes, shared = [], []
        for rel in slide_part.rels.values():
            if rel.reltype == RELATIONSHIP_TYPE.NOTES_SLIDE:
                notes.append(rel.target_part)
            elif not rel.is_external:
                shared.append((rel.reltype, rel.target_part))
        for part in (slide_part, *notes):
            self._spilled.spill(part)
        sealed = SealedSlide(slide_part.partname, self._shared_rels(tuple(shared)))
        deck = self._presentation.part
        deck.rels._rels[self._last] = SealedRelationship(self._last, sealed, deck.partname.baseURI)
        # python-pptx's slide and notes-page objects refer to their shapes, and the shapes back
        # to them: emptied, they and the XML trees they hold are freed at once rather than by
        # the cycle collector, which would let thousands wait in its oldest generation.
        proxies = [slide, *(vars(part).get("notes_slide") for part in notes)]
        for held in (*proxies, slide_part, *notes):
            if held is not None:
                held.__dict__.clear()

    def _shared_rels(self, targets: tuple[tuple[str, Any], ...]) -> _Relationships:
        """Relationships to these parts, one collection for every sealed slide with the same
        ones (most slides have only their layout)."""
        rels = self._sealed_rels.get(targets)
        if rels is None:
            rels = self._sealed_rels[targets] = _Relationships(SLIDES_FOLDER)
            for reltype, target in targets:
                rels.get_or_add(reltype, target)
        return rels

    def _next_notes_name(self) -> PackURI:
        """The name python-pptx's `next_partname` would choose: the highest free number up to
        one more than the pages there are."""
        names = self._notes_names
        number = next(n for n in range(len(names) + 1, 0, -1) if NOTES_NAME % n not in names)
        names.add(NOTES_NAME % number)
        return PackURI(NOTES_NAME % number)
