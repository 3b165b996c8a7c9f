"""Headless Chromium for the tests that look at pages in a real browser; they skip when it is missing."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
browser = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chromium(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throwaway profile and nothing fetched in the background."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             f"--user-data-dir={profile}", *arguments],
            capture_output=True, text=True, encoding="utf-8", timeout=120,
        )


def dump_dom(url: str) -> str:
    """The DOM of the page at `url` after its scripts ran."""
    run = chromium("--virtual-time-budget=3000", "--dump-dom", url)
    assert "<html" in run.stdout, run.stderr[-2000:]
    return run.stdout


def screenshot(url: str, path: Path, size: tuple[int, int] = (1280, 900)) -> bytes:
    """A PNG of the page at `url` in a window of `size`, written to `path`; its bytes, checked to be a PNG of that size."""
    path.unlink(missing_ok=True)
    run = chromium(f"--screenshot={path}", f"--window-size={size[0]},{size[1]}", url)
    assert path.exists(), run.stderr[-2000:]
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert struct.unpack(">II", data[16:24]) == size
    return data
