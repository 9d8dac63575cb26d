"""The deck's package files that lessonpack writes itself, without python-pptx's XML trees (the
relationships, the content types, the presentation's list of slides), are byte for byte what
python-pptx would write: read by every suite as python-pptx's are."""

from __future__ import annotations

import string
from copy import deepcopy
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TARGET_MODE, RELATIONSHIP_TYPE
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, _Relationship, _Relationships
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import _ContentTypesItem

from generator.deck.package import SlideList, content_types_xml, rels_xml

XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\t\n\r&<>\"'"),
    max_size=30,
)
"""Text an XML attribute can hold, with the characters lxml escapes."""
ID_PREFIX = st.sampled_from(["rId", "rId0", "x", ""])
"""python-pptx orders relationships by the number after "rId", others first."""
NAME = st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=12)


class _Part:
    """What python-pptx's content-types writer reads of a part."""

    def __init__(self, partname: str, content_type: str) -> None:
        self.partname = PackURI(partname)
        self.content_type = content_type


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["rId", "rId0", "x", ""]), st.integers(0, 30), XML_TEXT, NAME, st.booleans()
        ),
        max_size=12,
        unique_by=lambda rel: rel[0] + str(rel[1]),
    )
)
def test_relationships_are_written_as_python_pptx_writes_them(
    relationships: list[tuple[str, int, str, str, bool]],
) -> None:
    """Links to outside files (dropped from templates, but written if there) keep their text as
    typed; links to parts are written relative to the part that has them."""
    rels = _Relationships("/ppt/slides")
    for prefix, number, address, name, external in relationships:
        key = f"{prefix}{number}"
        picture = Part(PackURI(f"/ppt/media/{name}"), CONTENT_TYPE.PNG, cast(Any, None), b"")
        mode = RELATIONSHIP_TARGET_MODE.EXTERNAL if external else RELATIONSHIP_TARGET_MODE.INTERNAL
        target = address if external else picture
        rels._rels[key] = _Relationship("/ppt/slides", key, RELATIONSHIP_TYPE.IMAGE, mode, target)
    assert b"".join(rels_xml(rels)) == rels.xml


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            NAME,
            st.sampled_from(["xml", "XML", "png", "PNG", "jpeg", "rels", "bin", ""]),
            st.sampled_from([CONTENT_TYPE.PML_SLIDE, CONTENT_TYPE.PNG, CONTENT_TYPE.XML, CONTENT_TYPE.JPEG]),
        ),
        max_size=15,
        unique_by=lambda part: part[0] + "." + part[1],
    )
)
def test_content_types_are_written_as_python_pptx_writes_them(parts: list[tuple[str, str, str]]) -> None:
    named = [
        (f"/ppt/{name}.{extension}" if extension else f"/ppt/{name}", kind) for name, extension, kind in parts
    ]
    expected = serialize_part_xml(_ContentTypesItem.xml_for([_Part(name, kind) for name, kind in named]))
    assert b"".join(content_types_xml(named)) == expected


def test_the_slide_list_is_spliced_in_as_lxml_writes_it() -> None:
    """Slides the presentation lists itself stay first; ids carry on after the largest."""
    presentation = Presentation().part._element
    listed = presentation.get_or_add_sldIdLst()
    listed._add_sldId(id=300, rId="rId90")
    ours, theirs = deepcopy(presentation), deepcopy(presentation)
    slides = SlideList(ours.get_or_add_sldIdLst())
    for number in range(2_500):
        slides.add(f"rId{number + 100}")
        theirs.sldIdLst._add_sldId(id=301 + number, rId=f"rId{number + 100}")
    assert slides.count == 2_501
    assert b"".join(slides.presentation_xml(ours)) == serialize_part_xml(theirs)
    assert len(ours.sldIdLst) == 1
