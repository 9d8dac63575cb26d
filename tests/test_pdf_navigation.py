"""Every worksheet and key has a bookmark for each task, on the page where the task begins, and
asks PDF readers to show the lesson's title rather than the file name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import squash
from pdfminer.pdftypes import resolve1

from generator.build import PackFiles


def _outline(path: Path) -> list[tuple[str, int]]:
    """(title, page number) of each bookmark, in order."""
    with pdfplumber.open(path) as pdf:
        document = pdf.doc
        page_numbers = {page.page_obj.pageid: page.page_number for page in pdf.pages}
        entries = []
        for _, title, destination, _, _ in document.get_outlines():
            target: Any = resolve1(destination)
            if isinstance(target, (str, bytes)):
                target = resolve1(document.get_dest(target))
            if isinstance(target, dict):
                target = resolve1(target["D"])
            entries.append((title, page_numbers[target[0].objid]))
        return entries


def _page_text(path: Path, number: int) -> str:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[number - 1].extract_text()


@pytest.mark.parametrize("output", ["worksheet", "answers"])
def test_each_task_is_bookmarked_at_the_page_it_starts(reference_pack: PackFiles, output: str) -> None:
    path: Path = getattr(reference_pack, output)
    outline = _outline(path)
    tasks = [title for title, _ in outline if title.startswith("Task ")]
    assert tasks == [f"Task {number}: {title.split(': ', 1)[1]}" for number, title in enumerate(tasks, 1)]
    assert len(tasks) == 11
    for title, page in outline:
        assert squash(title) in squash(_page_text(path, page)), (title, page)


def test_readers_show_the_lesson_title(reference_pack: PackFiles) -> None:
    with pdfplumber.open(reference_pack.worksheet) as pdf:
        preferences = resolve1(pdf.doc.catalog["ViewerPreferences"])
        assert preferences["DisplayDocTitle"] is True
        assert pdf.metadata["Title"] == "Stalin\u2019s rise to power, 1924–1929"
