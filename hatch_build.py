"""Build hook: the extractor's modules compiled with mypyc, in regular wheels.

The modules stay plain Python, and run as such from a checkout or an editable
install; a regular wheel (`pip install .`) carries them compiled as well, which
makes extraction about twice as fast (see README, "Speed"). Compilation needs a
C compiler: without one, or with ATTRIB_PURE_PYTHON=1 set, the wheel is pure
Python and works the same, only slower.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The stages every article goes through, in pipeline order. The CLI, the
# readers and the exports spend their time elsewhere (pydantic, rich, I/O).
COMPILED = [
    "attrib/arabic.py",
    "attrib/extract/furniture.py",
    "attrib/extract/segment.py",
    "attrib/extract/cues.py",
    "attrib/extract/view.py",
    "attrib/extract/outlets.py",
    "attrib/extract/shapes.py",
    "attrib/extract/heads.py",
    "attrib/extract/phrases.py",
    "attrib/extract/drafts.py",
    "attrib/extract/clauses.py",
    "attrib/extract/content.py",
    "attrib/extract/sources.py",
    "attrib/extract/speakers.py",
    "attrib/extract/roles.py",
    "attrib/extract/nonreports.py",
    "attrib/extract/frames.py",
    "attrib/extract/relays.py",
    "attrib/extract/nouns.py",
    "attrib/extract/claims.py",
    "attrib/extract/names.py",
    "attrib/extract/statements.py",
    "attrib/extract/pipeline.py",
]

# Run in a fresh interpreter, in a scratch directory: setuptools must not read
# this project's pyproject.toml, which describes a hatchling build.
_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify

root, target, lib, temp = sys.argv[1:5]
modules = mypycify(["--config-file", root + "/pyproject.toml", *sys.argv[5:]],
                   opt_level="3", target_dir=target)
setup(name="attrib-compiled", ext_modules=modules,
      script_args=["build_ext", "--build-lib", lib, "--build-temp", temp])
"""


class CompileHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._scratch: str | None = None
        if self.target_name != "wheel" or version == "editable" or os.environ.get("ATTRIB_PURE_PYTHON"):
            return
        self._scratch = tempfile.mkdtemp(prefix="attrib-mypyc-")
        scratch = Path(self._scratch)
        lib = scratch / "lib"
        sources = [str(Path(self.root) / module) for module in COMPILED]
        command = [sys.executable, "-c", _SETUP, self.root, str(scratch / "c"), str(lib), str(scratch / "tmp"), *sources]
        result = subprocess.run(command, cwd=scratch, capture_output=True, text=True)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
            self.app.display_warning(f"attrib: mypyc compilation failed, the wheel is pure Python:\n{tail}")
            return
        built = [path for path in lib.rglob("*") if path.suffix in (".so", ".pyd")]
        for path in built:
            build_data["force_include"][str(path)] = str(path.relative_to(lib))
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        self.app.display_info(f"attrib: {len(built)} compiled modules")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_scratch", None):
            shutil.rmtree(self._scratch, ignore_errors=True)  # type: ignore[arg-type]
