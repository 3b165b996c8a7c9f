"""The pattern files ship inside the installed package, not only in a checkout."""

from __future__ import annotations

import os
import re
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
        env={**os.environ, "ATTRIB_PURE_PYTHON": "1"},  # the patterns are the point here, not compiling
    )
    if built.returncode != 0 and "No matching distribution" in built.stderr:
        pytest.skip("the build backend (hatchling) cannot be fetched here")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("attrib-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert PATTERN_FILES
    for name in PATTERN_FILES:
        assert f"attrib/patterns/{name}" in names


# The modules hatch_build.py compiles, read from it: "attrib/extract/cues.py" -> "extract.cues".
COMPILED = [m.removeprefix("attrib/").removesuffix(".py").replace("/", ".")
            for m in re.findall(r'"(attrib/[\w/]+\.py)"', (ROOT / "hatch_build.py").read_text(encoding="utf-8"))]


@pytest.mark.skipif(not os.environ.get("ATTRIB_EXPECT_COMPILED"),
                    reason="set ATTRIB_EXPECT_COMPILED=1 where attrib was installed from a regular wheel (CI does)")
def test_the_installed_extractor_is_compiled() -> None:
    """A regular install carries the extractor compiled with mypyc (hatch_build.py)."""
    import importlib

    for name in COMPILED:
        module = importlib.import_module(f"attrib.{name}")
        assert module.__file__ is not None
        assert not module.__file__.endswith(".py"), f"attrib.{name} runs as plain Python: {module.__file__}"


def test_the_build_hook_names_the_extractor_modules() -> None:
    """hatch_build.py names modules that exist, the extractor's among them."""
    assert {"arabic", "extract.segment", "extract.cues", "extract.claims", "extract.pipeline"} <= set(COMPILED)
    assert all((ROOT / "attrib" / f"{name.replace('.', '/')}.py").is_file() for name in COMPILED)
