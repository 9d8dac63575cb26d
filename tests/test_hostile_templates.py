"""Damaged and hostile slide templates: each is a located problem on the field that named it (or
on the --template option), from `check` and `build` alike, with exit 2, no traceback and the last
good pack untouched; or it builds a valid deck that never reaches outside itself.

Every template is python-pptx's own deck, saved here and then damaged byte by byte or part by
part: no binary fixture."""

from __future__ import annotations

import io
import os
import re
import struct
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import deck_faults, output_listing, read_deck
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from test_cli import LESSON, in_tmp, lesson
from test_spec_errors import snapshot

from generator.cli import main
from generator.deck.template import template_problem
from generator.deck.template_package import (
    MAX_DESIGN_SHAPES,
    MAX_LAYOUTS,
    MAX_TEMPLATE_ELEMENTS,
    MAX_TEMPLATE_PICTURE,
    MAX_TEMPLATE_PICTURES,
    MAX_TEMPLATE_XML,
    RATIO_FLOOR,
    RATIO_LIMIT,
    TEMPLATE_BUDGET,
)
from generator.pictures import MAX_SIDE

__all__ = ["in_tmp"]

MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
PRESENTATION = "ppt/presentation.xml"
PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"
THEME = "ppt/theme/theme1.xml"
WHERE = "lesson.yaml:14:13: slides.template: school.potx "
"""Where every template problem is reported: the `template:` line of the lesson below."""
DEFLATED = zipfile.ZIP_DEFLATED
OUTSIDE = "../../../etc/passwd"
LOGO = "\\\\attacker.example\\share\\logo.png"


def plain_template() -> bytes:
    saved = io.BytesIO()
    Presentation().save(saved)
    return saved.getvalue()


PLAIN = plain_template()


def rezipped(
    change: Callable[[str, bytes], bytes | None], data: bytes = PLAIN, extra: dict[str, bytes] | None = None
) -> bytes:
    """The package with each part passed through `change` (None drops it), and `extra` parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            blob = change(item.filename, source.read(item.filename))
            if blob is not None:
                target.writestr(item.filename, blob)
        for name, blob in (extra or {}).items():
            target.writestr(name, blob)
    return out.getvalue()


def edited(part: str, old: str, new: str) -> bytes:
    """The package with the first match of `old` (a pattern) in one part replaced."""

    def change(name: str, blob: bytes) -> bytes:
        if name != part:
            return blob
        text, count = re.subn(old, new, blob.decode("utf-8"), count=1)
        assert count == 1, f"{old} not in {part}"
        return text.encode("utf-8")

    return rezipped(change)


def _directory_entry(data: bytes, name: str) -> int:
    """Where the zip's central directory lists `name`."""
    position = 0
    while True:
        position = data.index(b"PK\x01\x02", position)
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name.encode():
            return position
        position += 4


def patched(name: str, local: dict[int, tuple[str, int]], central: dict[int, tuple[str, int]]) -> bytes:
    """The package with fields of one entry's local header and directory entry overwritten:
    {offset: (struct format, value)}."""
    data = bytearray(PLAIN)
    header = zipfile.ZipFile(io.BytesIO(PLAIN)).getinfo(name).header_offset
    entry = _directory_entry(PLAIN, name)
    for base, fields in ((header, local), (entry, central)):
        for offset, (kind, value) in fields.items():
            struct.pack_into(kind, data, base + offset, value)
    return bytes(data)


def corrupt_deflate() -> bytes:
    data = bytearray(PLAIN)
    info = zipfile.ZipFile(io.BytesIO(PLAIN)).getinfo(MASTER)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(10, 40):
        data[start + offset] ^= 0x55
    return bytes(data)


PICTURE = (
    '<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    '<p:blipFill><a:blip {attribute}="{link}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
    '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
)


def with_master_picture(relationship: str, attribute: str = "r:link") -> bytes:
    """A logo on the master whose picture is the given relationship (id rIdLogo), linked or
    embedded."""
    return _with_master_pictures({"rIdLogo": relationship}, attribute)


def _with_master_pictures(relationships: dict[str, str], attribute: str = "r:embed") -> bytes:
    """A picture on the master for each relationship, by its id."""
    pictures = "".join(
        PICTURE.format(id=99 + number, attribute=attribute, link=link)
        for number, link in enumerate(relationships)
    )

    def change(name: str, blob: bytes) -> bytes:
        if name == MASTER:
            return blob.replace(b"</p:spTree>", pictures.encode() + b"</p:spTree>", 1)
        if name == MASTER_RELS:
            return blob.replace(
                b"</Relationships>", "".join(relationships.values()).encode() + b"</Relationships>"
            )
        return blob

    return rezipped(change)


def _pictures_over_the_budget() -> bytes:
    """Two pictures on the master, of bytes Pillow cannot read (so kept as they are), weighing
    more than MAX_TEMPLATE_PICTURES together, each less than MAX_TEMPLATE_PICTURE."""
    links = {
        f"rIdPhoto{number}": EMBEDDED_LOGO.replace("rIdLogo", f"rIdPhoto{number}").replace(
            "logo.png", f"photo{number}.png"
        )
        for number in range(2)
    }
    half = MAX_TEMPLATE_PICTURES // 2 + 1
    return rezipped(
        lambda name, blob: blob,
        _with_master_pictures(links),
        {f"ppt/media/photo{number}.png": os.urandom(half) for number in range(2)},
    )


def _master_text(text: str) -> bytes:
    """A text box on the master holding the text, as XML."""
    return edited(
        MASTER,
        "</p:spTree>",
        '<p:sp><p:nvSpPr><p:cNvPr id="90" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/>'
        f"<p:txBody><a:bodyPr/>{text}</p:txBody></p:sp></p:spTree>",
    )


EMBEDDED_LOGO = (
    '<Relationship Id="rIdLogo" Target="../media/logo.png" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
)
EXTERNAL_LOGO = (
    '<Relationship Id="rIdLogo" TargetMode="External" Target="{target}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
)


def _many_layouts(count: int) -> tuple[bytes, dict[str, bytes]]:
    """The package with its master linking `count` more copies of its first layout, and those
    copies: the package, and the parts to add."""
    with zipfile.ZipFile(io.BytesIO(PLAIN)) as package:
        layout = package.read("ppt/slideLayouts/slideLayout1.xml")
        layout_rels = package.read("ppt/slideLayouts/_rels/slideLayout1.xml.rels")
    links = "".join(
        f'<Relationship Id="rIdMany{number}" Target="../slideLayouts/many{number}.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"/>'
        for number in range(count)
    )
    linked = rezipped(
        lambda name, blob: (
            blob.replace(b"</Relationships>", links.encode() + b"</Relationships>")
            if name == MASTER_RELS
            else blob
        )
    )
    extra = {}
    for number in range(count):
        extra[f"ppt/slideLayouts/many{number}.xml"] = layout
        extra[f"ppt/slideLayouts/_rels/many{number}.xml.rels"] = layout_rels
    return linked, extra


REFUSED = {
    "corrupt deflate stream": (corrupt_deflate, f"is damaged: its part {MASTER} cannot be unpacked"),
    "unsupported compression method": (
        lambda: patched(MASTER, {8: ("<H", 99)}, {10: ("<H", 99)}),
        f"is packed in a way PowerPoint files never are ({MASTER}): open it in PowerPoint and save it again",
    ),
    "encrypted entry": (
        lambda: patched(MASTER, {6: ("<H", 1)}, {8: ("<H", 1)}),
        f"is protected with a password ({MASTER} is encrypted): save it without one",
    ),
    "placeholder offset in words": (
        lambda: edited(MASTER, r'<a:off x="\d+"', '<a:off x="left"'),
        f'is damaged: its part {MASTER} gives x="left" where PowerPoint writes a whole number: '
        "open it in PowerPoint and save it again",
    ),
    "placeholder of no known type": (
        lambda: edited(MASTER, r'<p:ph type="title"', '<p:ph type="bogus"'),
        f"is damaged: its part {MASTER} has a placeholder of a kind PowerPoint does not have (bogus): "
        "open it in PowerPoint and save it again",
    ),
    "no slide size": (
        lambda: edited(PRESENTATION, r"<p:sldSz[^>]*/>", ""),
        "does not say how big its slides are: open it in PowerPoint and save it again",
    ),
    "slide size in words": (
        lambda: edited(PRESENTATION, r'<p:sldSz cx="\d+"', '<p:sldSz cx="wide"'),
        "gives its slide size as 'wide' by '6858000', which are not numbers: open it in PowerPoint "
        "and save it again",
    ),
    "zero slide size": (
        lambda: edited(PRESENTATION, r'<p:sldSz cx="\d+" cy="\d+"', '<p:sldSz cx="0" cy="0"'),
        "has slides of 0.00 cm by 0.00 cm: PowerPoint's slides are 2.54 cm to 142.24 cm a side; "
        "set its slide size in PowerPoint (Design, Slide Size)",
    ),
    "1-EMU slide size": (
        lambda: edited(PRESENTATION, r'<p:sldSz cx="\d+" cy="\d+"', '<p:sldSz cx="1" cy="1"'),
        "has slides of 0.00 cm by 0.00 cm",
    ),
    "negative slide size": (
        lambda: edited(PRESENTATION, r'<p:sldSz cx="\d+"', '<p:sldSz cx="-9600000"'),
        "has slides of -26.67 cm by 19.05 cm: PowerPoint's slides are 2.54 cm to 142.24 cm a side",
    ),
    "slide size past PowerPoint's largest": (
        lambda: edited(PRESENTATION, r'<p:sldSz cx="\d+"', '<p:sldSz cx="1800000000"'),
        "has slides of 5000.00 cm by 19.05 cm",
    ),
    "slide size in scientific notation": (
        lambda: edited(PRESENTATION, r'<p:sldSz cx="\d+"', '<p:sldSz cx="1e23"'),
        "gives its slide size as '1e23' by '6858000', which are not numbers",
    ),
    "theme colour in words": (
        lambda: edited(THEME, r'<a:srgbClr val="1F497D"', '<a:srgbClr val="navy"'),
        f'is damaged: its part {THEME} gives val="navy" where PowerPoint writes a colour as six hex '
        "digits, such as 1F4E79: open it in PowerPoint and save it again",
    ),
    "theme colour removed": (
        lambda: edited(THEME, r"<a:dk1><a:sysClr[^>]*/></a:dk1>", "<a:dk1></a:dk1>"),
        f"is damaged: its part {THEME} has an a:dk1 without the a:hslClr or a:prstClr or a:schemeClr "
        "or a:scrgbClr or a:srgbClr or a:sysClr it must hold",
    ),
    "font size of nought": (
        lambda: edited(MASTER, r'sz="1200"', 'sz="0"'),
        f'is damaged: its part {MASTER} gives sz="0" where PowerPoint writes a whole number from 100 to '
        "400000",
    ),
    "paragraph spacing without its size": (
        lambda: edited(MASTER, r'<a:spcBef><a:spcPct val="\d+"/></a:spcBef>', "<a:spcBef></a:spcBef>"),
        f"is damaged: its part {MASTER} has an a:spcBef without the a:spcPct or a:spcPts it must hold",
    ),
    "light rig in words": (
        lambda: edited(THEME, r'<a:lightRig rig="\w+"', '<a:lightRig rig="bogus"'),
        f'is damaged: its part {THEME} gives rig="bogus" where PowerPoint writes a light rig\'s name',
    ),
    "alignment in words": (
        lambda: edited(MASTER, r'algn="ctr"', 'algn="middle"'),
        f'is damaged: its part {MASTER} gives algn="middle" where PowerPoint writes one of ctr, dist, '
        "just, justLow, l, r, thaiDist",
    ),
    "namespace changed": (
        lambda: edited(MASTER, r'xmlns:a="[^"]*"', 'xmlns:a="bogus"'),
        f"is damaged: its part {MASTER} holds an element PowerPoint does not know (",
    ),
    "link without an id": (
        lambda: edited(PRESENTATION_RELS, r'Id="rId1"', 'Id=""'),
        f'is damaged: its part {PRESENTATION_RELS} names a link "": open it in PowerPoint and save it again',
    ),
    "link of no kind": (
        lambda: edited(PRESENTATION_RELS, r'Type="[^"]*/slideMaster"', 'Type="bogus"'),
        f'is damaged: its part {PRESENTATION_RELS} gives the link rId1 the kind "bogus"',
    ),
    "internal DTD entity": (
        lambda: edited(MASTER, r"\?>", '?><!DOCTYPE x [<!ENTITY e "School">]>'),
        f"declares XML entities in its part {MASTER}, which no PowerPoint file does: "
        "use the school's template as PowerPoint saved it",
    ),
    "external DTD entity": (
        lambda: edited(MASTER, r"\?>", '?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        f"declares XML entities in its part {MASTER}",
    ),
    "billion laughs": (
        lambda: edited(
            PRESENTATION,
            r"\?>",
            '?><!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        ),
        f"declares XML entities in its part {PRESENTATION}",
    ),
    "XML nested too deep": (
        lambda: edited(MASTER, r"<p:cSld>", "<p:cSld>" + "<a:x>" * 300 + "</a:x>" * 300),
        f"is damaged: its part {MASTER} is not well-formed XML",
    ),
    "part name leaving the package": (
        lambda: edited(
            PRESENTATION_RELS, r'Target="slideMasters/slideMaster1.xml"', 'Target="../../../etc/passwd"'
        ),
        "is damaged: a part names a file outside the package (../../../etc/passwd)",
    ),
    "part it needs dropped": (
        lambda: rezipped(lambda name, blob: None if name == MASTER else blob),
        f"is damaged: a part it needs is missing ({MASTER})",
    ),
    "picture the deck uses is a zip bomb": (
        lambda: rezipped(
            lambda name, blob: blob,
            with_master_picture(EMBEDDED_LOGO, "r:embed"),
            {"ppt/media/logo.png": bytes(RATIO_FLOOR * 3)},
        ),
        f"unpacks to more than {TEMPLATE_BUDGET // 1_000_000} MB, or packs its parts as tightly as a "
        "zip bomb does: use the school's template as PowerPoint saved it",
    ),
    "picture over the most a template's picture may weigh": (
        lambda: rezipped(
            lambda name, blob: blob,
            with_master_picture(EMBEDDED_LOGO, "r:embed"),
            {"ppt/media/logo.png": bytes(MAX_TEMPLATE_PICTURE + 1)},
        ),
        f"holds a picture (ppt/media/logo.png) over the {MAX_TEMPLATE_PICTURE // 1_000_000} MB a template's "
        "picture may weigh: make its pictures smaller in PowerPoint",
    ),
    "master drawing more shapes than any template": (
        lambda: edited(
            MASTER,
            "</p:spTree>",
            "".join(
                f'<p:sp><p:nvSpPr><p:cNvPr id="{1_000 + number}" name="S{number}"/><p:cNvSpPr/><p:nvPr/>'
                "</p:nvSpPr><p:spPr/></p:sp>"
                for number in range(MAX_DESIGN_SHAPES + 1)
            )
            + "</p:spTree>",
        ),
        # The shapes added, and the master's own five placeholders.
        f"draws {MAX_DESIGN_SHAPES + 6:,} shapes on one master or layout ({MASTER}), more than the "
        f"{MAX_DESIGN_SHAPES} any template needs",
    ),
    "more XML elements than any template": (
        lambda: _master_text("<a:p/>" * MAX_TEMPLATE_ELEMENTS),
        f"is more elaborate than any template needs: its slide masters and layouts hold more than "
        f"{MAX_TEMPLATE_ELEMENTS:,} XML elements (the busiest of LibreOffice's templates holds 47,000)",
    ),
    "more XML than any template": (
        lambda: _master_text(f"<a:p><a:r><a:t>{os.urandom(MAX_TEMPLATE_XML // 2).hex()}</a:t></a:r></a:p>"),
        f"is more elaborate than any template needs: its slide masters and layouts hold more than "
        f"{MAX_TEMPLATE_XML // 1_000_000} MB of XML (the busiest of LibreOffice's templates holds 1.2 MB)",
    ),
    "more pictures than any template": (
        _pictures_over_the_budget,
        f"holds more than {MAX_TEMPLATE_PICTURES // 1_000_000} MB of pictures on its masters and layouts: "
        "make its pictures smaller in PowerPoint",
    ),
    "more layouts than any template": (
        lambda: rezipped(lambda name, blob: blob, *_many_layouts(MAX_LAYOUTS + 1)),
        f"has more than {MAX_LAYOUTS} slide layouts, more than any template needs",
    ),
    "directory claiming a huge part": (
        lambda: patched(MASTER, {22: ("<I", TEMPLATE_BUDGET + 1)}, {24: ("<I", TEMPLATE_BUDGET + 1)}),
        f"unpacks to more than {TEMPLATE_BUDGET // 1_000_000} MB",
    ),
}


def _good_pack(root: Path) -> dict[str, bytes]:
    """A lesson built once into out/: what must survive every refused build byte for byte."""
    lesson(root / "unit")
    assert main(["build", "unit", "-o", "out"]) == 0
    return snapshot(root / "out")


SPEC_ON_TEMPLATE = LESSON.format(title="The rise of Stalin") + "slides:\n  template: school.potx\n"


@pytest.mark.parametrize("damage", list(REFUSED))
def test_a_damaged_template_is_a_located_problem_in_check_build_and_the_option(
    damage: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = REFUSED[damage]
    good = _good_pack(in_tmp)
    listing = output_listing(in_tmp / "out")
    (in_tmp / "unit" / "school.potx").write_bytes(make())
    (in_tmp / "unit" / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    capsys.readouterr()

    assert main(["check", "unit/lesson.yaml"]) == 2
    checked = capsys.readouterr()
    assert main(["build", "unit", "-o", "out"]) == 2
    built = capsys.readouterr()
    for said in (checked.err, built.out + built.err):
        assert f"unit/{WHERE}{message}" in said
        assert "Traceback" not in said and "bug in lessonpack" not in said
    assert snapshot(in_tmp / "out") == good
    assert output_listing(in_tmp / "out") == listing

    with pytest.raises(SystemExit) as exited:
        main(["build", "unit", "-o", "elsewhere", "--template", "unit/school.potx"])
    assert exited.value.code == 2
    assert f"argument --template: unit/school.potx {message}" in capsys.readouterr().err
    assert not (in_tmp / "elsewhere").exists()


def _template_parts(deck: Path) -> str:
    with zipfile.ZipFile(deck) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def test_an_external_picture_on_the_master_is_dropped_so_the_deck_never_reaches_out(in_tmp: Path) -> None:
    folder = in_tmp / "unit"
    lesson(folder)
    (folder / "school.potx").write_bytes(with_master_picture(EXTERNAL_LOGO.format(target=LOGO)))
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert main(["build", "unit", "-o", "out"]) == 0
    for deck in ("lesson-slides.pptx", "lesson-slides-pupils.pptx"):
        parts = _template_parts(in_tmp / "out" / "lesson" / deck)
        assert "attacker.example" not in parts and 'TargetMode="External"' not in parts
        assert 'name="Logo"' in parts  # the shape stays, without its link
        assert 'r:link="rIdLogo"' not in parts


TO_SAMPLE_SLIDE = (
    b'<Relationship Id="rIdSample" Target="../slides/slide1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"/>'
)
"""A layout's link to the template's first slide."""


def test_a_templates_sample_slides_are_never_read(in_tmp: Path) -> None:
    """A template's own slides never reach the deck, so they are never unpacked or parsed: a
    damaged one does not stop the build (it was refused, as a damaged part), and a layout's link
    to one goes with it."""
    with_slide = Presentation()
    with_slide.slides.add_slide(with_slide.slide_layouts[1])
    saved = io.BytesIO()
    with_slide.save(saved)

    def damaged(name: str, blob: bytes) -> bytes:
        if name == "ppt/slides/slide1.xml":
            return b"<p:sld this is not XML"
        if name == "ppt/slideLayouts/_rels/slideLayout1.xml.rels":
            return blob.replace(b"</Relationships>", TO_SAMPLE_SLIDE + b"</Relationships>")
        return blob

    folder = in_tmp / "unit"
    lesson(folder)
    (folder / "school.potx").write_bytes(rezipped(damaged, saved.getvalue()))
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert template_problem(folder / "school.potx", "school.potx") is None
    assert main(["build", "unit", "-o", "out"]) == 0
    for deck in ("lesson-slides.pptx", "lesson-slides-pupils.pptx"):
        assert "this is not XML" not in _template_parts(in_tmp / "out" / "lesson" / deck)
        with zipfile.ZipFile(in_tmp / "out" / "lesson" / deck) as package:
            relationships = b"".join(
                package.read(name)
                for name in package.namelist()
                if name.startswith("ppt/slideLayouts/_rels/")
            )
        assert b"rIdSample" not in relationships
    slides = read_deck(in_tmp / "out" / "lesson" / "lesson-slides.pptx")
    assert slides[0].title == "The rise of Stalin"
    assert not any("Click to add" in " ".join(slide.body) for slide in slides)


def test_a_sample_slide_a_layout_links_to_never_reaches_the_deck(in_tmp: Path) -> None:
    """A layout may link to one of the template's slides (an action button's target): the link
    kept the sample slide, with its text, in every deck built on the layout."""
    with_slide = Presentation()
    sample = with_slide.slides.add_slide(with_slide.slide_layouts[1])
    sample.shapes.title.text = "Sample text of the template"
    saved = io.BytesIO()
    with_slide.save(saved)
    used = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
    template = rezipped(
        lambda name, blob: (
            blob.replace(b"</Relationships>", TO_SAMPLE_SLIDE + b"</Relationships>") if name == used else blob
        ),
        saved.getvalue(),
    )
    folder = in_tmp / "unit"
    lesson(folder)
    (folder / "school.potx").write_bytes(template)
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert main(["build", "unit", "-o", "out"]) == 0
    for deck in ("lesson-slides.pptx", "lesson-slides-pupils.pptx"):
        assert "Sample text of the template" not in _template_parts(in_tmp / "out" / "lesson" / deck)


def test_a_large_picture_on_the_master_is_made_no_larger_than_it_is_shown(in_tmp: Path) -> None:
    """A template's background photo is embedded MAX_SIDE pixels across, in its own format, in
    both decks: whole, a 40 MB photo made each deck 38 MB and the build take 383 MB."""
    from PIL import Image

    photo = io.BytesIO()
    Image.effect_noise((3_000, 1_500), 40).convert("RGB").save(photo, "JPEG")
    logo = EMBEDDED_LOGO.replace("logo.png", "logo.jpeg")
    template = rezipped(
        lambda name, blob: blob,
        with_master_picture(logo, "r:embed"),
        {"ppt/media/logo.jpeg": photo.getvalue()},
    )
    folder = in_tmp / "unit"
    lesson(folder)
    (folder / "school.potx").write_bytes(template)
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert main(["build", "unit", "-o", "out"]) == 0
    for deck in ("lesson-slides.pptx", "lesson-slides-pupils.pptx"):
        with zipfile.ZipFile(in_tmp / "out" / "lesson" / deck) as package:
            shown = Image.open(io.BytesIO(package.read("ppt/media/logo.jpeg")))
        assert (shown.format, shown.size) == ("JPEG", (MAX_SIDE, MAX_SIDE // 2))


def test_parts_nothing_points_to_are_never_unpacked(in_tmp: Path) -> None:
    """A zip bomb's padding and a `../` entry that no relationship names: the template is used
    as if they were not there, quickly and in little memory."""
    bomb = rezipped(
        lambda name, blob: blob,
        extra={"ppt/media/padding.bin": bytes(60_000_000), "../../outside.txt": b"escaped"},
    )
    school = in_tmp / "school.potx"
    school.write_bytes(bomb)
    assert school.stat().st_size < 200_000
    tracemalloc.start()
    started = time.perf_counter()
    assert template_problem(school, "school.potx") is None
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5 and peak < 40_000_000
    folder = in_tmp / "unit"
    lesson(folder)
    (folder / "school.potx").write_bytes(bomb)
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert main(["build", "unit", "-o", "out"]) == 0
    with zipfile.ZipFile(in_tmp / "out" / "lesson" / "lesson-slides.pptx") as deck:
        assert not [name for name in deck.namelist() if "padding" in name or ".." in name]
    assert not (in_tmp.parent / "outside.txt").exists()


def test_the_ratio_cap_is_documented_with_its_reason() -> None:
    spec = (Path(__file__).parent.parent / "docs" / "spec.md").read_text(encoding="utf-8")
    assert f"{TEMPLATE_BUDGET // 1_000_000} MB" in spec and f"{RATIO_LIMIT} times" in spec


# --------------------------------------------------------------------------- damaged at random


def _mutations() -> st.SearchStrategy[Callable[[], bytes]]:
    names = zipfile.ZipFile(io.BytesIO(PLAIN)).namelist()
    xml_parts = [name for name in names if name.endswith((".xml", ".rels"))]

    def flipped(positions: list[int]) -> Callable[[], bytes]:
        def make() -> bytes:
            data = bytearray(PLAIN)
            for position in positions:
                data[position % len(data)] ^= 0xFF
            return bytes(data)

        return make

    def dropped(name: str) -> Callable[[], bytes]:
        return lambda: rezipped(lambda part, blob: None if part == name else blob)

    def duplicated(name: str) -> Callable[[], bytes]:
        def make() -> bytes:
            with zipfile.ZipFile(io.BytesIO(PLAIN)) as source:
                blob = source.read(name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name"
                return rezipped(lambda part, data: data, extra={name: blob[: len(blob) // 2]})

        return make

    def rewritten(name: str, pattern: bytes, index: int, rewrite: Callable[[bytes, re.Match[bytes]], bytes]):
        """The package with the index-th match of `pattern` in one part rewritten."""

        def change(part: str, blob: bytes) -> bytes:
            found = list(re.finditer(pattern, blob)) if part == name else []
            return rewrite(blob, found[index % len(found)]) if found else blob

        return lambda: rezipped(change)

    def element_removed(name: str, index: int) -> Callable[[], bytes]:
        return rewritten(
            name,
            rb"<[a-zA-Z][^<>]*/>",
            index,
            lambda blob, found: blob[: found.start()] + blob[found.end() :],
        )

    def retyped(name: str, index: int, value: str) -> Callable[[], bytes]:
        return rewritten(
            name,
            rb'(\s[a-zA-Z:]+=")([^"]*)"',
            index,
            lambda blob, found: blob[: found.start(2)] + value.encode() + blob[found.end(2) :],
        )

    wrong_values = st.sampled_from(["", "-1", "left", "1e23", "99999999999999999999", "0", "bogus", "&#0;"])
    return st.one_of(
        st.lists(st.integers(min_value=0), min_size=1, max_size=6).map(flipped),
        st.sampled_from(names).map(dropped),
        st.sampled_from(names).map(duplicated),
        st.builds(element_removed, st.sampled_from(xml_parts), st.integers(min_value=0)),
        st.builds(retyped, st.sampled_from(xml_parts), st.integers(min_value=0), wrong_values),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(make=_mutations())
def test_a_randomly_damaged_template_builds_or_is_a_located_problem(
    make: Callable[[], bytes], tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path_factory.mktemp("damaged")
    lesson(root)
    (root / "school.potx").write_bytes(make())
    (root / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    capsys.readouterr()
    code = main(["build", str(root / "lesson.yaml"), "-o", str(root / "out")])
    said = capsys.readouterr()
    assert "Traceback" not in said.err and "bug in lessonpack" not in said.out + said.err
    if code == 0:
        decks = sorted((root / "out" / "lesson").glob("*.pptx"))
        assert read_deck(decks[0])[0].title == "The rise of Stalin"
        # Left in place for the session's validity check too.
        assert deck_faults(decks) == []
    else:
        assert code == 2
        assert f"{WHERE}" in said.out + said.err


def test_arrowheads_sized_in_words_as_libreoffice_writes_them_are_accepted(in_tmp: Path) -> None:
    """`w="med"` on a line's arrowhead is a word by the standard (sm, med, lg), unlike a line's
    width: LibreOffice's own templates write it, and such a template builds."""
    folder = in_tmp / "unit"
    lesson(folder)
    arrowed = edited(
        "ppt/slideMasters/slideMaster1.xml",
        r'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>',
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:ln w="12700"><a:headEnd type="triangle" w="med" len="med"/><a:tailEnd w="sm"/></a:ln></p:spPr>',
    )
    (folder / "school.potx").write_bytes(arrowed)
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert main(["check", "unit/lesson.yaml"]) == 0
    assert main(["build", "unit", "-o", "out"]) == 0


def test_a_layout_name_holding_a_terminal_control_is_printed_escaped(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """XML keeps C1 controls such as U+009B (a terminal's "control sequence introducer"): a
    template's layout named with one is listed escaped in the warning about a missing layout."""
    folder = in_tmp / "unit"
    lesson(folder)
    named = edited(
        "ppt/slideLayouts/slideLayout2.xml", r'<p:cSld name="[^"]*"', '<p:cSld name="Evil\u009b2J"'
    )
    (folder / "school.potx").write_bytes(named)
    spec = SPEC_ON_TEMPLATE.replace("    title: The map\n", "    title: The map\n    layout: Nothing\n")
    (folder / "lesson.yaml").write_text(spec, encoding="utf-8")
    capsys.readouterr()
    for command in (["check", "unit/lesson.yaml"], ["build", "unit", "-o", "out"]):
        assert main(command) == 0
        said = capsys.readouterr()
        assert "the template has no layout called 'Nothing'" in said.err
        assert "'Evil\\x9b2J'" in said.err and "\u009b" not in said.out + said.err


def test_a_layout_its_master_links_without_listing_it_is_left_out(in_tmp: Path) -> None:
    """No slide can use a layout its master does not list, and a deck that keeps the link is not
    valid: such a layout is dropped like any other the deck does not use."""
    folder = in_tmp / "unit"
    lesson(folder)
    unlisted = edited(MASTER, r'<p:sldLayoutId id="\d+" r:id="rId2"/>', "")
    (folder / "school.potx").write_bytes(unlisted)
    (folder / "lesson.yaml").write_text(SPEC_ON_TEMPLATE, encoding="utf-8")
    assert main(["build", "unit", "-o", "out"]) == 0
    decks = sorted((in_tmp / "out" / "lesson").glob("*.pptx"))
    assert deck_faults(decks) == []
    for deck in decks:
        with zipfile.ZipFile(deck) as package:
            assert "ppt/slideLayouts/slideLayout2.xml" not in package.namelist()
