"""Where output goes (issue 11): never over an input, never read back from an input folder, a full disk reported."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from typer.testing import CliRunner

from attrib.cli import batch as cli_batch
from attrib.cli.main import app
from attrib.present import write
from attrib.read.corpus import walk

runner = CliRunner()

TEXT = "وقال وزير الخارجية فؤاد حسين إن الحكومة ستعمل على دعم القطاع الخاص.\n"
RECORD = json.dumps({"id": "a1", "text": TEXT}, ensure_ascii=False) + "\n"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


# --- item 1: an output that is an input -------------------------------------------


def _same_file(tmp_path: Path, how: str, name: str, content: str) -> tuple[Path, Path]:
    """(input, output): the output is the input itself, a symlink to it, or a hard link to it."""
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    if how == "itself":
        return source, source
    other = tmp_path / f"other-{name}"
    if how == "symlink":
        other.symlink_to(source)
    else:
        os.link(source, other)
    return source, other


@pytest.mark.parametrize("how", ["itself", "symlink", "hard link"])
@pytest.mark.parametrize("command", [
    ["batch", "{input}", "-o", "{output}", "-q", "-w", "1"],
    ["batch", "{input}", "-o", "{output}", "-q", "-w", "1", "--resume"],
    ["export", "{input}", "--format", "jsonl", "-o", "{output}"],
])
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, how: str, command: list[str]) -> None:
    source, output = _same_file(tmp_path, how, "in.jsonl", RECORD)
    args = [part.format(input=source, output=output) for part in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == f"error: -o {output}: the same file as the input {source}; it would be destroyed\n"
    assert source.read_text(encoding="utf-8") == RECORD


def test_a_report_page_over_its_article_is_refused(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["report", str(seed), "--html", str(seed)])
    assert result.exit_code == 2
    assert result.stderr == f"error: --html {seed}: the same file as the input {seed}; it would be destroyed\n"
    assert seed.read_text(encoding="utf-8") == TEXT


def test_a_database_export_over_the_database_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(RECORD, encoding="utf-8")
    db = tmp_path / "news.sqlite"
    assert runner.invoke(app, ["db", "add", str(corpus), "--db", str(db), "-q", "-w", "1"]).exit_code == 0
    before = db.read_bytes()
    result = runner.invoke(app, ["db", "export", "--format", "jsonl", "--db", str(db), "-o", str(db)])
    assert result.exit_code == 2
    assert result.stderr == f"error: -o {db}: the same file as the input {db}; it would be destroyed\n"
    assert db.read_bytes() == before


def test_another_output_is_written(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(source), "--format", "jsonl", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8"))["article"]["id"] == "a1"


# --- item 19: the --html option named in its own errors ---------------------------


def test_an_unwritable_html_page_names_html(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(TEXT, encoding="utf-8")
    page = tmp_path / "no" / "such" / "page.html"
    result = runner.invoke(app, ["report", str(seed), "--html", str(page)])
    assert result.exit_code == 2
    assert "Invalid value for '--html'" in result.stderr
    assert "'-o'" not in result.stderr


# --- item 2: an output inside an input folder ---------------------------------------


def test_a_batch_output_inside_its_input_folder_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "F"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    output = folder / "0-out.jsonl"  # walked before a.txt: read while still empty
    for resume in ([], ["--resume"], ["--resume"]):
        result = runner.invoke(app, ["batch", str(folder), "-o", str(output), "-w", "1", *resume])
        assert result.exit_code == 0, result.output
        assert "empty file" not in result.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["a"]


# --- item 14: symlink loops -----------------------------------------------------------


def test_a_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    folder = tmp_path / "F"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # F/sub/up/sub/up/...
    (folder / "z.txt").write_text(TEXT, encoding="utf-8")
    assert [Path(path).relative_to(folder).as_posix() for path in walk(str(folder))] == [
        "a.txt", "sub/b.txt", "z.txt"
    ]
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(output), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["article"]["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a", "b", "z"]


# --- item 13: a full disk --------------------------------------------------------------

FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
NO_SPACE = "No space left on device"


@needs_dev_full
@pytest.mark.parametrize("command", [
    ["export", "{input}", "--format", "jsonl", "-o", "/dev/full"],
    ["export", "{input}", "--format", "csv", "-o", "/dev/full"],
    ["export", "{input}", "--format", "jsonld", "-o", "/dev/full"],
    ["export", "{input}", "--format", "claimreview", "-o", "/dev/full"],
    ["batch", "{input}", "-o", "/dev/full", "-q", "-w", "1"],
    ["report", "{input}", "--html", "/dev/full"],
])
def test_a_full_disk_is_one_line_and_exit_1(tmp_path: Path, command: list[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD, encoding="utf-8")
    result = runner.invoke(app, [part.format(input=source) for part in command])
    assert result.exit_code == 1
    assert result.stderr == f"error: /dev/full: cannot write: {NO_SPACE}\n"


@needs_dev_full
@pytest.mark.parametrize("output_format", ["jsonl", "jsonld", "csv"])
def test_a_full_disk_in_db_export_is_one_line_and_exit_1(tmp_path: Path, output_format: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD, encoding="utf-8")
    db = tmp_path / "claims.db"
    assert runner.invoke(app, ["db", "add", str(source), "--db", str(db), "-q", "-w", "1"]).exit_code == 0
    result = runner.invoke(app, ["db", "export", "--format", output_format, "--db", str(db), "-o", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr == f"error: /dev/full: cannot write: {NO_SPACE}\n"


def test_a_full_disk_removes_a_partial_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def export_line(result: object) -> bytes:
        calls.append(result)
        if len(calls) > 1:  # the disk fills up on the second article
            raise OSError(errno.ENOSPC, NO_SPACE)
        return b"{}"

    monkeypatch.setattr(write, "export_line", export_line)
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD + RECORD.replace("a1", "a2"), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["export", str(source), "--format", "jsonl", "-o", str(output)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {output}: cannot write: {NO_SPACE}; the partial output was removed\n"
    assert not output.exists()


def test_a_full_disk_keeps_the_complete_lines_of_a_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class FillingUp:
        """The output file, on a disk that fills up on the second article."""

        def __init__(self, stream: BinaryIO) -> None:
            self.stream = stream

        def write(self, data: bytes) -> int:
            if self.stream.tell():
                raise OSError(errno.ENOSPC, NO_SPACE)
            return self.stream.write(data)

        def flush(self) -> None:
            self.stream.flush()

    def write_results(results: Iterable[Any], fmt: write.ExportFormat, stream: BinaryIO, **options: bool) -> None:
        write.write_results(results, fmt, FillingUp(stream), **options)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_batch, "write_results", write_results)
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD + RECORD.replace("a1", "a2"), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(source), "-o", str(output), "-q", "-w", "1"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {output}: cannot write: {NO_SPACE}; the complete lines are kept: rerun with --resume once there is room\n"
    )
    assert [json.loads(line)["article"]["id"] for line in output.read_text(encoding="utf-8").splitlines()] == ["a1"]
