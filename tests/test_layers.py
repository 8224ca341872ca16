"""The wings import downward only: import-linter's contracts in pyproject.toml hold for the package as it is."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports() -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)


def test_every_import_contract_is_kept() -> None:
    out = _lint_imports()
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "Wings import downward only KEPT" in out.stdout
    assert "0 broken" in out.stdout


def test_every_wing_says_what_it_owns() -> None:
    for init in sorted((ROOT / "trainer").glob("*/__init__.py")):
        doc = init.read_text(encoding="utf-8").strip()
        assert doc.startswith('"""'), f"{init.parent.name}/__init__.py needs a one-line docstring"
        assert len(doc) > 40, f"{init.parent.name}/__init__.py should say what the wing owns"
