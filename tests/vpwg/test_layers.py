"""The import layers hold: vpwg imports no app, each app only the apps below it, no cycles.

The contracts live in pyproject.toml ([tool.importlinter]); bin/test's Lint step runs them too, and
this test makes a plain pytest run fail on a wrong-way import as well.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_layer_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
