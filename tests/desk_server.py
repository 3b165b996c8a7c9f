"""`attrib db serve` in a process of its own, on a free port of 127.0.0.1, over the test corpus's database."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker_corpus import write_corpus
from typer.testing import CliRunner

from attrib.cli.main import app

ATTRIB = str(Path(sys.executable).with_name("attrib"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def corpus_database(root: Path) -> Path:
    """news.sqlite in `root`, with the articles of the test corpus (tracker_corpus.py)."""
    db = root / "news.sqlite"
    result = CliRunner().invoke(app, ["db", "add", str(write_corpus(root)), "--db", str(db), "-w", "1", "-q"])
    assert result.exit_code == 0, result.output
    return db


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The base url of `attrib db serve` on `db`, answering; stopped after."""
    port = free_port()
    process = subprocess.Popen([ATTRIB, "db", "serve", "--db", str(db), "--port", str(port)],
                               stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until it answers (or has died)
            try:
                urllib.request.urlopen(base + "/-/versions.json")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait()
