"""`attrib db` on a database it cannot use as usual: locked, read-only, damaged, empty (issue 11 item 16)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tracker_corpus import write_corpus
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.track import connection

runner = CliRunner()


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tracker")
    output = root / "claims.jsonl"
    result = runner.invoke(app, ["batch", str(write_corpus(root)), "-o", str(output), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture
def db(claims_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "news.sqlite"
    result = runner.invoke(app, ["db", "add", str(claims_file), "--db", str(path), "-w", "1", "-q"])
    assert result.exit_code == 0, result.output
    return path


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """Files and folders nobody can write, as on a read-only file system: `chattr +i` for root
    (whom permissions do not stop), else the permissions."""
    if os.geteuid() == 0:
        flagged = []
        try:
            for path in paths:
                done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
                if done.returncode:
                    pytest.skip(f"chattr +i does not work here: {done.stderr.decode().strip()}")
                flagged.append(path)
            yield
        finally:
            for path in flagged:
                subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        modes = {path: path.stat().st_mode for path in paths}
        try:
            for path in paths:
                path.chmod(modes[path] & ~0o222)
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)


def query(db: Path, *arguments: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["db", *arguments, "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr


def test_reads_work_on_a_database_nobody_can_write(db: Path) -> None:
    assert sorted(p.name for p in db.parent.iterdir()) == ["news.sqlite"]  # no -wal, no -shm
    with unwritable(db, db.parent):  # and none can be made beside it: a read-only file system
        read = query(db, "claims", "--format", "jsonl")
        found = query(db, "search", "الجوار", "--format", "jsonl")
    assert sorted(p.name for p in db.parent.iterdir()) == ["news.sqlite"]
    assert read[0] == 0 and len(read[1].splitlines()) == 11
    assert read == query(db, "claims", "--format", "jsonl")
    assert found[0] == 0 and len(found[1].splitlines()) == 4


def test_adding_to_a_read_only_database_is_a_usage_error(db: Path, claims_file: Path) -> None:
    with unwritable(db):
        code, _, stderr = query(db, "add", str(claims_file), "-w", "1", "-q")
    assert (code, stderr) == (2, f"error: {db}: cannot write to it: the file is read-only (or immutable)\n")


def test_a_read_command_leaves_an_empty_file_as_it_is(tmp_path: Path, claims_file: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    for command in ("claims", "speakers", "stories"):
        assert query(empty, command) == (
            2, "", f"error: {empty}: an empty file, not a claim database (attrib db add fills it)\n"
        )
    assert empty.stat().st_size == 0
    assert query(empty, "add", str(claims_file), "-w", "1", "-q")[0] == 0  # adding fills it
    assert len(query(empty, "claims", "--format", "jsonl")[1].splitlines()) == 11


def test_a_database_another_writer_keeps_locked(db: Path, claims_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        code, _, stderr = query(db, "add", str(claims_file), "-w", "1", "-q")
        assert (code, stderr) == (
            5,
            f"error: {db}: locked: another process has been writing to it for 0.05 s; try again when it is done\n",
        )
        assert query(db, "claims", "--format", "jsonl")[0] == 0  # readers are not held up
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_database_with_corrupted_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) >= 4 * page
    data[page:] = b"\xff" * (len(data) - page)  # every page but the first (the schema's)
    db.write_bytes(bytes(data))
    code, stdout, stderr = query(db, "claims")
    assert (code, stdout, stderr) == (
        6, "",
        f"error: {db}: the database is damaged (database disk image is malformed);"
        " restore a copy, or build it again with attrib db add\n",
    )


def test_a_database_whose_search_index_breaks_a_constraint(db: Path, claims_file: Path) -> None:
    with sqlite3.connect(db) as connection:  # a search entry left behind for the next claim's number
        connection.execute("INSERT INTO claims_fts (rowid, content) VALUES ((SELECT max(n) + 1 FROM claims), 'x')")
    connection.close()
    article = claims_file.read_text(encoding="utf-8").splitlines()[0].replace('"id": "', '"id": "new-', 1)
    new = claims_file.with_name("new.jsonl")
    new.write_text(article + "\n", encoding="utf-8")
    code, _, stderr = query(db, "add", str(new), "-w", "1", "-q")
    assert (code, stderr) == (
        6,
        f"error: {db}: the database is damaged (constraint failed); restore a copy, or build it again with"
        " attrib db add; the articles before it are stored, add the rest again\n",
    )
