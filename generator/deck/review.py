"""Accessibility warnings on the fitted deck: what still builds, but a teacher should fix.

Nothing here stops a build. A duplicate title, a wall of text or lettering shrunk below the size a
class can read from the back of the room all make a worse lesson, not a broken one, so each is
reported with the spec line to change and the pack is written anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.deck.fit import TITLE_SIZES, FittedSlide, wrapped_rows
from generator.deck.plan import SlidePlan
from generator.errors import Problem


def _duplicate_titles(slides: Sequence[FittedSlide]) -> Iterator[Problem]:
    seen: set[str] = set()
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


def review(
    fitted_plans: Sequence[tuple[SlidePlan, Sequence[FittedSlide]]], scale: float = 1.0
) -> list[Problem]:
    """Each warning once, though a table or title may recur on a part's task and answer slides."""
    slides = [slide for _, fitted in fitted_plans for slide in fitted]
    problems = list(_duplicate_titles(slides))
    for plan, fitted in fitted_plans:
        problems.extend(_over_budget(plan, fitted))
        for slide in fitted:
            problems.extend(_hard_to_read(slide, scale))
    return list(dict.fromkeys(problems))
