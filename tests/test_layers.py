"""The apps import downwards only: factcheck → claims → capture → reviews → notifications → comments → desk|intake|publishing → api → demo|bench.

The contract is `.importlinter` (import-linter, a maintained package, rather than a
hand-written walker); this test runs it so a new upward import fails the suite.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_it_keeps_every_app_importing_only_downwards():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout
