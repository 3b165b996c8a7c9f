"""The pattern files ship inside the installed package, not only in a checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATTERN_FILES = sorted(p.name for p in (ROOT / "patterns").glob("*.toml"))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the checkout")
def test_wheel_carries_the_patterns(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    if built.returncode != 0 and "No matching distribution" in built.stderr:
        pytest.skip("the build backend (hatchling) cannot be fetched here")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("attrib-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert PATTERN_FILES
    for name in PATTERN_FILES:
        assert f"attrib/patterns/{name}" in names
