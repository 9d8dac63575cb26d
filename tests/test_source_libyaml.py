"""Reading a spec with libyaml's C parser gives exactly what PyYAML's Python parser gives.

libyaml only scans and parses (it is several times faster); PyYAML's composer builds the tree, and
a file that libyaml refuses is read again by PyYAML so that its error messages stay the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import SpecError
from generator.source import LoadedSpec, load_spec

REPO = Path(__file__).resolve().parent.parent
SPECS = sorted([*REPO.glob("content/*.yaml"), *REPO.glob("tests/fixtures/**/*.yaml")])
BROKEN = {
    "unclosed quote": "title: 'unclosed\nparts: []\n",
    "tab": "title: T\n\tparts: []\n",
    "colon in value": "title: T: x\nparts: []\n",
    "two documents": "title: T\n---\ntitle: U\n",
    "undefined alias": "title: *nothing\n",
}


def _read(path: Path, with_libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> LoadedSpec | str:
    with monkeypatch.context() as patched:
        patched.setattr(yaml, "__with_libyaml__", with_libyaml)
        try:
            return load_spec(path)
        except SpecError as error:
            return str(error)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.name)
def test_values_and_positions_match_the_python_parser(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _read(spec, True, monkeypatch), _read(spec, False, monkeypatch)
    assert isinstance(fast, LoadedSpec) and isinstance(slow, LoadedSpec)
    assert fast.data == slow.data
    assert fast.source == slow.source


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_errors_are_the_python_parsers_located_messages(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN[case], encoding="utf-8")
    fast, slow = _read(spec, True, monkeypatch), _read(spec, False, monkeypatch)
    assert isinstance(fast, str) and fast.startswith(f"{spec}:")
    assert fast == slow
