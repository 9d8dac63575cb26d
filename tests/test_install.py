"""lessonpack installs and runs without make, exactly as the README tells Windows and macOS users:
the README's PowerShell commands are run here on Linux, with `\\` turned into `/`, `Scripts` into
`bin` and `py` into this Python."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, missing

WINDOWS_COMMANDS = re.compile(r"^```powershell\n(.*?)^```", re.MULTILINE | re.DOTALL)
NOT_PART_OF_A_CLONE = shutil.ignore_patterns(
    ".venv", ".git", "output", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "node_modules"
)


def _as_on_linux(line: str) -> list[str]:
    words = shlex.split(line.replace("\\", "/").replace("/Scripts/", "/bin/"))
    return [sys.executable, *words[1:]] if words[0] == "py" else words


@pytest.mark.clients
def test_the_readme_install_without_make_builds_every_lesson(tmp_path: Path) -> None:
    blocks = WINDOWS_COMMANDS.findall((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) == 1, "one PowerShell block: the install without make"
    project = tmp_path / "lessonpack"
    shutil.copytree(REPO, project, ignore=NOT_PART_OF_A_CLONE)
    for line in blocks[0].splitlines():
        ran = subprocess.run(_as_on_linux(line), cwd=project, capture_output=True, text=True, timeout=900)
        if ran.returncode != 0 and "pip install" in line:
            missing(f"pip could not install lessonpack (no package index here?): {ran.stderr[-2000:]}")
        assert ran.returncode == 0, f"{line}\n{ran.stdout}\n{ran.stderr}"
        assert "deprecat" not in ran.stderr.lower(), f"{line} printed a deprecation warning:\n{ran.stderr}"
    packs = sorted(path.name for path in (project / "output").iterdir() if not path.name.startswith("."))
    assert packs == sorted(spec.stem for spec in (REPO / "content").glob("*.yaml"))
    for pack in packs:
        assert (project / "output" / pack / f"{pack}-answers.pdf").is_file()
    # `lessonpack serve`'s page is package data: installed with the package, not read from the clone.
    static = "import importlib.resources as r; print(*(r.files('generator.serve') / 'static').iterdir())"
    python = project / ".venv" / "bin" / "python"
    listed = subprocess.run([python, "-c", static], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert {"app.js", "index.html", "style.css"} <= {Path(name).name for name in listed.stdout.split()}
