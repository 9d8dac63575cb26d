"""`lessonpack serve` in a real browser (Playwright driving Debian's chromium): the steps of a
teacher's session, each with a screenshot in the test's folder, to look at."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT_SPECS, REFERENCE_SPEC, missing, require_tool
from serving import Client, serving

REFERENCE = REFERENCE_SPEC.name
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("LESSONPACK_SCREENSHOTS")
"""A folder to keep the screenshots in, beside the test's own."""


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    chromium = require_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            args=CHROMIUM_FLAGS,
            accept_downloads=True,
            viewport={"width": 1400, "height": 850},
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        context.close()
        assert errors == []


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"))
    if SCREENSHOTS:
        shutil.copy(folder / f"{name}.png", Path(SCREENSHOTS) / f"{name}.png")


def _line(page: Any, number: int) -> Any:
    return page.get_by_test_id("editor").locator(".cm-line").nth(number - 1)


def _worksheet_picture(page: Any, client: Client) -> bytes:
    source = page.get_by_test_id("preview-worksheet").locator("img").first.get_attribute("src")
    return client.request("GET", source).body


def _changed_picture(page: Any, client: Client, before: bytes) -> bytes:
    """The worksheet's first picture once it differs from `before`: a preview may come between two
    keystrokes (the machine is busy), so the page is given time to catch up with the typing."""
    for _ in range(60):
        picture = _worksheet_picture(page, client)
        if picture != before:
            return picture
        page.wait_for_timeout(500)
    raise AssertionError("the worksheet's picture never changed")


def test_a_teacher_writes_previews_saves_and_downloads_a_lesson(browser_page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = browser_page
    folder = tmp_path / "lessons"
    folder.mkdir()
    for spec in CONTENT_SPECS:
        shutil.copy(spec, folder)
    (folder / "markup.yaml").write_text(
        'title: "<b>not bold</b>"\nparts:\n  - type: slide\n    title: "<img src=x onerror=alert(1)>"\n',
        encoding="utf-8",
    )
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with serving(folder, tmp_path / "packs") as client:
        # The list: every lesson, its title shown as text, never as markup.
        page.goto(f"http://{client.host}/?token={client.token}")
        lessons = page.get_by_test_id("lessons")
        expect(lessons.get_by_role("button")).to_have_count(3)
        expect(lessons.get_by_text("<b>not bold</b>")).to_be_visible()
        _shot(page, shots, "1-list")

        # The reference lesson: the editor and the three previews.
        lessons.get_by_text(REFERENCE).click()
        expect(page.get_by_test_id("preview-worksheet").locator("img").first).to_be_visible()
        expect(page.get_by_test_id("problems")).to_have_text("No problems.")
        first_picture = _worksheet_picture(page, client)
        _shot(page, shots, "2-open")

        # A mistake: the problem on its line, in the editor and in the list; the preview dims.
        lines = REFERENCE_SPEC.read_text("utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if "type: slide" in text)
        title = next(n for n, text in enumerate(lines, 1) if text.startswith("title:"))
        _line(page, line).click()
        page.keyboard.press("End")
        page.keyboard.type("e")
        problem = page.get_by_test_id("problems").locator(f'li[data-line="{line}"]')
        expect(problem).to_contain_text("slidee")
        expect(page.locator(".cm-lintRange-error")).to_have_count(1)
        expect(page.get_by_test_id("preview-worksheet")).to_have_class("pane stale")
        _shot(page, shots, "3-mistake")
        page.keyboard.press("Home")
        problem.get_by_role("button").click()
        cursor = page.evaluate(
            "() => getSelection().anchorNode.parentElement.closest('.cm-line').textContent"
        )
        assert "slidee" in cursor

        # Fixed, and the title changed: the problems go and the worksheet's first page changes.
        page.keyboard.press("End")
        page.keyboard.press("Backspace")
        _line(page, title).click()
        page.keyboard.press("End")
        page.keyboard.type(" (draft)")
        expect(page.get_by_test_id("problems")).to_have_text("No problems.")
        expect(page.get_by_test_id("preview-worksheet")).to_have_class("pane")
        assert _changed_picture(page, client, first_picture).startswith(b"\x89PNG")
        page.get_by_role("tab", name="Slides").click()
        expect(page.get_by_test_id("preview-slides").locator("img").first).to_be_visible()
        _shot(page, shots, "4-fixed")

        # Saved: the file on disk holds the change.
        page.get_by_test_id("save").click()
        expect(page.locator("#status")).to_have_text(f"Saved {REFERENCE}")
        assert "(draft)" in (folder / REFERENCE).read_text(encoding="utf-8")
        _shot(page, shots, "5-saved")

        # Unsaved text survives a reload.
        _line(page, title + 1).click()
        page.keyboard.press("End")
        page.keyboard.type("  # unsaved note")
        page.wait_for_timeout(300)
        page.reload()
        page.get_by_test_id("lessons").get_by_text(REFERENCE).click()
        expect(_line(page, title + 1)).to_contain_text("# unsaved note")
        expect(page.get_by_role("note")).to_be_visible()
        _shot(page, shots, "6-reloaded")

        # Changed on disk meanwhile: saving says so and offers both versions.
        spec = folder / REFERENCE
        spec.write_text(spec.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
        page.get_by_test_id("save").click()
        expect(page.get_by_role("alert")).to_be_visible()
        page.get_by_text("The version on disk").click()
        expect(page.locator("#disk-text")).to_contain_text("# edited elsewhere")
        _shot(page, shots, "7-conflict")
        assert "# unsaved note" not in spec.read_text(encoding="utf-8")
        page.get_by_role("button", name="Save mine over it").click()
        expect(page.locator("#status")).to_have_text(f"Saved {REFERENCE}")
        assert "# unsaved note" in spec.read_text(encoding="utf-8")

        # The pack, built and downloaded as a zip.
        page.get_by_role("button", name="Build pack").click()
        download_link = page.get_by_role("link", name="Download zip")
        expect(download_link).to_be_visible(timeout=60_000)
        _shot(page, shots, "8-built")
        with page.expect_download() as download:
            download_link.click()
        archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert "stalin-rise-to-power/stalin-rise-to-power-worksheet.pdf" in archive.namelist()
