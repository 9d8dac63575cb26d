"""The sheet's finished pages, held until the page count is known, come back as they were."""

from __future__ import annotations

from generator.sheet.held_pages import HeldPages


def test_a_page_held_for_its_page_count_comes_back_as_it_was() -> None:
    """Each page's drawing comes back as one text that reportlab joins into the same bytes, and
    its state object for object."""
    pages, shared = HeldPages(), object()
    pages.hold({"_code": ["BT", "(Page 1) Tj", "ET"], "shared": shared, "number": 1})
    pages.hold({"_code": [], "shared": shared, "number": 2})
    first, second = pages.given_back()
    assert first == {"_code": ["BT\n(Page 1) Tj\nET"], "shared": shared, "number": 1}
    assert second == {"_code": [], "shared": shared, "number": 2}
    assert first["shared"] is shared
    assert len(pages) == 0
