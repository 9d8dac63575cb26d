"""The command line starts without the heavy libraries: `--help`, and a build that finds nothing
to do, should not wait for pydantic, reportlab or python-pptx to import."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pydantic", "reportlab", "pptx", "jinja2")


def test_the_command_line_module_imports_no_heavy_library() -> None:
    probe = f"import sys, generator.cli\nprint(sorted(name for name in {HEAVY!r} if name in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_lists_the_commands_without_them() -> None:
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "build" in done.stdout and "check" in done.stdout
    assert done.stderr.strip() == "[]"
