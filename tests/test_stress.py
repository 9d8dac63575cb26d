"""The stress lesson read back as people see it: Cyrillic and Greek intact, markup printed as typed,
every answer in the key and none on a pupil's sheet, all 60 questions numbered alike, and a deck
a screen reader can navigate."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import (
    CONTENT_SPECS,
    STRESS_SPEC,
    collapse,
    contains,
    pdf_text,
    read_deck,
    read_pdf,
    require_tool,
    sheet_body,
)

from generator.build import PackFiles, build_pack, load_lesson
from generator.parts.questions import QuestionsPart
from generator.spec import Lesson
from generator.wording import default_wording

RUSSIAN = (
    "Товарищ Сталин, сделавшись генсеком, сосредоточил в своих руках необъятную власть, и я не "
    "уверен, сумеет ли он всегда достаточно осторожно пользоваться этой властью."
)
GREEK = "Η ιστορία είναι φιλοσοφία που διδάσκει με παραδείγματα."
MARKUP = ("<b>bold?</b>", "{{ title }}", "<font size=40>", "{% if %}", "&amp;", "{{ x }}", "{% raw %}")
SECRET = re.compile(r"\b(?:KEYQ\d\d|CELLKEY\d\d|REASONKEY\d|KEYSRC\d|KEYEXAM\d)\b")
"""The sentinels the stress lesson puts in every answer, and only in answers."""
SECRETS = set(SECRET.findall(STRESS_SPEC.read_text(encoding="utf-8")))
PUPIL_SHEETS = ("worksheet", "large-print", "dyslexia")


def pupil_sheet(files: PackFiles, name: str) -> Path:
    return files.variants.get(name) or files.worksheet


@pytest.fixture(scope="module")
def lesson(stress_spec: Path) -> Lesson:
    return load_lesson(stress_spec)


def test_the_stress_lesson_holds_what_it_promises(lesson: Lesson) -> None:
    questions = [part for part in lesson.parts if isinstance(part, QuestionsPart)]
    assert [len(part.questions) for part in questions] == [60]
    assert {part.type for part in lesson.parts} >= {
        "slide",
        "questions",
        "table",
        "marking",
        "timeline",
        "card_sort",
        "sources",
        "exam_question",
        "keywords",
        "multiple_choice",
        "gap_fill",
        "matching",
    }
    assert len(SECRETS) == 60 + 40 + 2 + 2 + 5


# --------------------------------------------------------------------------- scripts and markup


@pytest.mark.parametrize("audience", ["worksheet", "answers"])
def test_cyrillic_and_greek_come_back_from_pdftotext(audience: str, stress_pack: PackFiles) -> None:
    pdftotext = require_tool("pdftotext")
    path = getattr(stress_pack, audience)
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert contains(result.stdout, RUSSIAN)
    assert contains(result.stdout, GREEK)
    assert contains(result.stdout, "Превысокомногорассмотрительствующий")


def test_cyrillic_and_greek_come_back_from_the_deck(stress_pack: PackFiles) -> None:
    shown = " ".join(slide.shown for slide in read_deck(stress_pack.slides))
    assert contains(shown, RUSSIAN)
    assert contains(shown, GREEK)
    assert contains(shown, "Ключевые слова – Λέξεις")


@pytest.mark.parametrize("audience", ["worksheet", "answers", "large-print", "dyslexia"])
def test_markup_prints_as_typed_on_every_sheet(audience: str, stress_pack: PackFiles) -> None:
    path = stress_pack.variants.get(audience) or getattr(stress_pack, audience)
    text = pdf_text(path)
    assert [markup for markup in MARKUP if not contains(text, markup)] == []


def test_markup_shows_as_typed_on_the_slides(stress_pack: PackFiles) -> None:
    slides = read_deck(stress_pack.slides)
    shown = " ".join(slide.shown for slide in slides)
    assert [markup for markup in MARKUP if not contains(shown, markup)] == []
    assert contains(" ".join(slide.notes for slide in slides), "<b>markup</b> & {{ notes }}")


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("sheet", PUPIL_SHEETS)
def test_no_answer_reaches_a_pupil_sheet(sheet: str, stress_pack: PackFiles) -> None:
    text = pdf_text(pupil_sheet(stress_pack, sheet))
    assert set(SECRET.findall(text)) == set()
    assert "ANSWER KEY" not in text
    assert not contains(text, "Mark: 14 / 22")


def test_every_answer_is_in_the_key(stress_pack: PackFiles) -> None:
    text = pdf_text(stress_pack.answers)
    assert SECRETS - set(SECRET.findall(text)) == set()
    assert contains(text, "Mark: 14 / 22 Level: 3")


@pytest.mark.parametrize("sheet", ["worksheet", "answers"])
def test_the_900_word_answer_is_printed_whole(sheet: str, lesson: Lesson, stress_pack: PackFiles) -> None:
    marking = next(part for part in lesson.parts if part.type == "marking")
    answer = marking.answers[0].text  # type: ignore[attr-defined]
    assert len(answer.split()) == 900
    continued = default_wording()(
        "continued", title=default_wording()("sample_answer_label", number=1), part=2
    )
    assert collapse(answer) in collapse(sheet_body(getattr(stress_pack, sheet), drop=[continued]))


@pytest.mark.parametrize("sheet", ["worksheet", "answers"])
def test_all_60_questions_are_numbered_alike_on_sheet_and_key(
    sheet: str, lesson: Lesson, stress_pack: PackFiles
) -> None:
    questions = next(part for part in lesson.parts if isinstance(part, QuestionsPart)).questions
    lines = [line for page in read_pdf(getattr(stress_pack, sheet)) for line in page.lines]
    starts = [f"{number}. {question.prompt[:20]}" for number, question in enumerate(questions, 1)]
    found = {start: [index for index, line in enumerate(lines) if line.startswith(start)] for start in starts}
    assert [start for start in starts if not found[start]] == []
    firsts = [found[start][0] for start in starts]
    assert firsts == sorted(firsts)


# --------------------------------------------------------------------------- the deck


@pytest.fixture(scope="module")
def decks(stress_pack: PackFiles, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The stress deck and the deck of each lesson in content/, by lesson."""
    built = {"stress": stress_pack.slides}
    for spec in CONTENT_SPECS:
        built[spec.stem] = build_pack(spec, tmp_path_factory.mktemp(spec.stem)).slides
    return built


@pytest.mark.parametrize("lesson", ["stress", *(spec.stem for spec in CONTENT_SPECS)])
def test_every_slide_title_is_unique_and_every_picture_described(lesson: str, decks: dict[str, Path]) -> None:
    slides = read_deck(decks[lesson])
    titles = Counter(slide.title for slide in slides)
    assert [title for title, count in titles.items() if count > 1 or not title.strip()] == []
    alts = [alt for slide in slides for alt in slide.picture_alts]
    assert [alt for alt in alts if not (alt and alt.strip())] == []
    assert alts or lesson != "stress"


def test_all_twelve_long_bullets_reach_the_slides(lesson: Lesson, stress_pack: PackFiles) -> None:
    bullets = lesson.parts[0].bullets  # type: ignore[attr-defined]
    assert len(bullets) == 12
    slides = [slide for slide in read_deck(stress_pack.slides) if "Twelve long bullets" in slide.title]
    assert len(slides) > 1
    shown = " ".join(" ".join(slide.body) for slide in slides)
    assert [bullet for bullet in bullets if not contains(shown, str(bullet))] == []
