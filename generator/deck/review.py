"""Accessibility warnings on the fitted deck: what still builds, but a teacher should fix.

Nothing here stops a build. A duplicate title, a wall of text or lettering shrunk below the size a
class can read from the back of the room all make a worse lesson, not a broken one, so each is
reported with the spec line to change and the pack is written anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from generator.deck.fit import TITLE_SIZES, FittedSlide, wrapped_rows
from generator.deck.plan import SlidePlan
from generator.errors import Problem


def _duplicate_titles(slides: Sequence[FittedSlide], seen: set[str]) -> Iterator[Problem]:
    """`seen`: the titles of the slides before these, each folded as `key` folds it."""
    for slide in slides:
        key = " ".join(slide.title.casefold().split())
        if key in seen:
            yield Problem(
                slide.origin,
                f"another slide is also titled '{slide.title}': give each slide its own title, "
                "because screen readers list a deck by its slide titles",
                warning=True,
            )
        seen.add(key)


def _over_budget(plan: SlidePlan, fitted: Sequence[FittedSlide]) -> Iterator[Problem]:
    if plan.line_budget is None:
        return
    rows = sum(wrapped_rows(slide.text) for slide in fitted if slide.text)
    if rows > plan.line_budget:
        spread = f"; it runs on over {len(fitted)} slides" if len(fitted) > 1 else ""
        yield Problem(
            plan.origin,
            f"the slide '{plan.title}' holds {rows} lines of text, more than the {plan.line_budget} "
            f"a class can take in at once{spread}: split it into two slides or cut some words",
            warning=True,
        )


def _hard_to_read(slide: FittedSlide, scale: float) -> Iterator[Problem]:
    """`scale` turns the sizes fitted on the canvas into the sizes on the deck's slides."""
    if slide.title_size < TITLE_SIZES[-1]:
        floor, size = round(TITLE_SIZES[-1] * scale, 1), round(slide.title_size * scale, 1)
        yield Problem(
            slide.origin,
            f"the title '{slide.title}' is too long for {floor:g} pt, the smallest size a "
            f"class reads easily on these slides, and is set at {size:g} pt: shorten it",
            warning=True,
        )
    if slide.table and slide.table.split_rows:
        yield Problem(
            slide.origin,
            "a row of this table is too long for one slide and carries on over the next: "
            "shorten its longest cells",
            warning=True,
        )


class Review:
    """The warnings on a deck's slides, noted as each planned slide is fitted and written, so that
    no deck's fitted slides need all be held at once. Each warning is given once, though a table
    or title may recur on a part's task and answer slides."""

    def __init__(self, scale: float = 1.0) -> None:
        self._scale = scale
        """Turns the sizes fitted on the canvas into the sizes on the deck's slides."""
        self._titles: set[str] = set()
        self._duplicates: list[Problem] = []
        self._others: list[Problem] = []

    def note(self, plan: SlidePlan, fitted: Sequence[FittedSlide]) -> None:
        self._duplicates.extend(_duplicate_titles(fitted, self._titles))
        self._others.extend(_over_budget(plan, fitted))
        for slide in fitted:
            self._others.extend(_hard_to_read(slide, self._scale))

    @property
    def problems(self) -> list[Problem]:
        return list(dict.fromkeys(self._duplicates + self._others))

    def passing(
        self, fitted_plans: Iterable[tuple[SlidePlan, Sequence[FittedSlide]]]
    ) -> Iterator[FittedSlide]:
        """The fitted slides, each noted as it passes on its way to the deck."""
        for plan, fitted in fitted_plans:
            self.note(plan, fitted)
            yield from fitted


def review(fitted_plans: Iterable[tuple[SlidePlan, Sequence[FittedSlide]]], scale: float = 1.0) -> Review:
    """The warnings on these fitted slides, where no deck is written."""
    noted = Review(scale)
    for plan, fitted in fitted_plans:
        noted.note(plan, fitted)
    return noted
