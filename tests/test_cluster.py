"""`attrib batch --engine dask`: the same claims as the local batch, on a local cluster and on one started
as a user starts it (`dask scheduler`, `dask worker`), through killed workers and a killed client.

Every process is started in a session of its own and its whole group is killed at the end, pass or fail;
the network is only the loopback. No test times anything: the waits are bounded, never asserted.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from tracker_corpus import write_corpus
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.models import ArticleClaims

pyarrow = pytest.importorskip("pyarrow")
parquet = pytest.importorskip("pyarrow.parquet")
psutil = pytest.importorskip("psutil")  # comes with distributed

BIN = Path(sys.executable).parent
ATTRIB = [str(BIN / "attrib")]
DASK = [str(BIN / "dask")]
SMALL = "2K"  # partitions of a few articles, so a small corpus makes many


def two_claims(i: int) -> str:
    return (
        f"أكد وزير الخارجية العراقي فؤاد حسين أن بغداد ستستضيف الجولة رقم {i} من المحادثات.\n"
        f"وقال المتحدث باسم الحكومة إن الاجتماع سيعقد في العاصمة يوم {i % 28 + 1}.\n"
    )


def records(prefix: str, count: int) -> list[dict[str, str]]:
    return [{"id": f"{prefix}{i:05d}", "title": f"خبر {i}", "site": "وكالة", "text": two_claims(i)}
            for i in range(count)]


def write_jsonl(path: Path, rows: list[dict[str, str]], opener=open) -> None:  # type: ignore[no-untyped-def]
    with opener(path, "wt", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A corpus of every input kind the cluster splits: JSONL (with bad lines and lines without ids),
    gzip-compressed JSONL, Parquet in several row groups, saved pages and text files."""
    folder = write_corpus(tmp_path)  # corpus/: pages/ (two saved pages), trap.txt, wires.jsonl
    big = records("big", 60)
    lines = [json.dumps(row, ensure_ascii=False) for row in big]
    lines[7] = '{"id": "broken", "text":'  # not JSON
    lines[30] = '{"title": "بلا نص"}'  # no text
    lines[41] = json.dumps({"text": two_claims(41)}, ensure_ascii=False)  # no id: big:42
    (folder / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_jsonl(folder / "packed.jsonl.gz", records("gz", 12), gzip.open)
    table = pyarrow.Table.from_pylist(records("pq", 25))
    parquet.write_table(table, folder / "columns.parquet", row_group_size=4)
    return folder


def run(command: list[str], timeout: float = 180, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command in a session of its own; whatever it leaves running is killed."""
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        kill_group(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def exported(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def dataset_lines(dataset: Path, tmp_path: Path) -> list[str]:
    """The dataset read back by the local batch, as export lines."""
    back = tmp_path / "back.jsonl"
    result = run([*ATTRIB, "batch", str(dataset), "-o", str(back), "-w", "1"])
    assert result.returncode == 0, result.stderr
    return exported(back)


def local_batch(inputs: list[str], tmp_path: Path) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    output = tmp_path / "local.jsonl"
    result = run([*ATTRIB, "batch", *inputs, "-o", str(output), "-w", "1"])
    return exported(output), result


def errors(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("error: "))


def test_dask_equals_the_local_batch_and_keeps_the_rest_of_a_bad_partition(mixed: Path, tmp_path: Path) -> None:
    expected, local = local_batch([str(mixed)], tmp_path)
    assert local.returncode == 1
    out = tmp_path / "claims.parquet"
    result = run([*ATTRIB, "batch", str(mixed), "--engine", "dask", "-w", "2", "--partition-size", SMALL,
                  "-o", str(out)])
    assert result.returncode == 1, result.stderr
    assert errors(result.stderr) == errors(local.stderr) == [
        f"error: {mixed}/big.jsonl:31: missing 'text'",
        f"error: {mixed}/big.jsonl:8: not JSON: Expecting value at column 25",
    ]
    assert "Dask dashboard" not in result.stderr  # not on a terminal: for whoever watches the run
    assert result.stderr.splitlines()[-1].startswith(f"{len(expected)} articles written, ")

    manifest = json.loads((out / "_manifest.json").read_text())
    inputs = [part["input"] for part in manifest["partitions"].values()]
    assert any("big.jsonl bytes " in label for label in inputs)  # one file spread over several partitions
    assert any("columns.parquet row groups " in label for label in inputs)
    assert sorted(p.name for p in (out / "articles").iterdir()) == sorted(
        f"part-{key}.parquet" for key in manifest["partitions"]
    )
    # The same articles and claims, in the same order, byte for byte (the ids of lines without one too).
    assert dataset_lines(out, tmp_path) == expected
    assert any(json.loads(line)["article"]["id"] == "big:42" for line in expected)

    # The bad lines are rows of articles/ with their error; the claims table holds every claim.
    articles = parquet.read_table(out / "articles").to_pylist()
    assert sorted(row["error"] for row in articles if row["error"]) == [
        f"{mixed}/big.jsonl:31: missing 'text'", f"{mixed}/big.jsonl:8: not JSON: Expecting value at column 25",
    ]
    claims = parquet.read_table(out / "claims").to_pylist()
    assert len(claims) == sum(len(json.loads(line)["claims"]) for line in expected)
    first = ArticleClaims.model_validate_json(expected[0])
    row = next(r for r in claims if r["article_id"] == first.article.id)
    claim = first.claims[0]
    assert (row["content_text"], row["content_start"], row["stance"], row["type"]) == (
        claim.content.text, claim.content.start, claim.stance, claim.type)

    again = run([*ATTRIB, "batch", str(mixed), "--engine", "dask", "-o", str(out), "--resume"])
    assert again.returncode == 0, again.stderr  # nothing left to do: no partition, no error
    assert again.stderr.endswith(f"0 partitions written to {out}, {len(inputs)} already there\n")
    assert dataset_lines(out, tmp_path) == expected


def test_on_a_terminal_the_dashboard_and_a_bar_over_partitions(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    terminal = {**os.environ, "TTY_INTERACTIVE": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "150"}
    result = run([*ATTRIB, "batch", str(corpus), "--engine", "dask", "-w", "1", "--partition-size", SMALL,
                  "-o", str(tmp_path / "out")], env=terminal)
    assert result.returncode == 0, result.stderr
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stderr)  # the terminal's colours and cursor moves
    assert "Dask dashboard: http://127.0.0.1:" in shown
    assert "3/3 partitions 5 articles" in shown
    assert shown.endswith("5 articles written, 11 claims, 3 partitions written to " + str(tmp_path / "out") + "\n")


def test_db_add_of_the_dataset_equals_db_add_of_the_jsonl(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    jsonl, out = tmp_path / "claims.jsonl", tmp_path / "claims.parquet"
    assert run([*ATTRIB, "batch", str(corpus), "-o", str(jsonl)]).returncode == 0
    assert run([*ATTRIB, "batch", str(corpus), "--engine", "dask", "-w", "1", "-o", str(out)]).returncode == 0
    databases = []
    for name, source in (("from-jsonl", jsonl), ("from-parquet", out)):
        db = tmp_path / f"{name}.sqlite"
        result = run([*ATTRIB, "db", "add", str(source), "--db", str(db)])
        assert result.returncode == 0, result.stderr
        databases.append(dump(db))
    assert databases[0] == databases[1]
    assert len(databases[0]["articles"]) == 5


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")]
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in tables}


def long_corpus(tmp_path: Path, count: int = 1500) -> tuple[Path, list[str]]:
    """One JSONL file, long enough that a run is still going when a process is killed."""
    corpus = tmp_path / "long.jsonl"
    rows = records("n", count)
    write_jsonl(corpus, rows)
    return corpus, [row["id"] for row in rows]


def wait_for_partitions(out: Path, count: int, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if len(json.loads((out / "_manifest.json").read_text())["partitions"]) >= count:
                return
        except (OSError, ValueError):
            pass
        assert process.poll() is None, "the run ended before anything could be killed"
        time.sleep(0.05)
    raise AssertionError(f"no {count} partitions in {out} after {timeout}s")


def ids_once(out: Path, tmp_path: Path) -> list[str]:
    ids = [json.loads(line)["article"]["id"] for line in dataset_lines(out, tmp_path)]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    return ids


def test_a_killed_worker_is_replaced_and_every_article_is_written_once(tmp_path: Path) -> None:
    corpus, ids = long_corpus(tmp_path)
    out = tmp_path / "out"
    scratch = tmp_path / "scratch"  # the workers' temporary folder, to see what they leave behind
    scratch.mkdir()
    process = subprocess.Popen([*ATTRIB, "batch", str(corpus), "--engine", "dask", "-w", "2",
                                "--partition-size", "16K", "-o", str(out), "-q"],
                               start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(scratch)})
    try:
        wait_for_partitions(out, 2, process)
        workers = [child for child in psutil.Process(process.pid).children(recursive=True)
                   if "spawn_main" in " ".join(child.cmdline())]
        assert len(workers) == 2
        os.kill(workers[0].pid, signal.SIGKILL)
        _, stderr = process.communicate(timeout=180)
    finally:
        kill_group(process)
    assert process.returncode == 0, stderr
    assert ids_once(out, tmp_path) == ids
    assert not list(scratch.glob("attrib-patterns-*"))  # the killed worker's pattern folder too


def test_a_killed_client_then_resume_completes_without_duplicates(tmp_path: Path) -> None:
    corpus, ids = long_corpus(tmp_path)
    out = tmp_path / "out"
    command = [*ATTRIB, "batch", str(corpus), "--engine", "dask", "-w", "2", "--partition-size", "16K",
               "-o", str(out), "-q"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for_partitions(out, 2, process)
        os.kill(process.pid, signal.SIGKILL)  # the client alone, as a lost ssh session would
        process.wait()
    finally:
        kill_group(process)  # then its local cluster
    manifest = json.loads((out / "_manifest.json").read_text())
    done = len(manifest["partitions"])
    assert 2 <= done
    resumed = run([*command[:-1], "--resume"])
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.endswith(f"{done} already there\n")
    assert ids_once(out, tmp_path) == ids
    assert not list((out / "articles").glob(".*"))  # the files of partitions cut short are gone


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two single-threaded workers, started by their commands on the loopback."""
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    started = [
        subprocess.Popen([*DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
                         start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True),
    ]
    try:
        started.append(subprocess.Popen(
            [*DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
             "--no-dashboard"],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            kill_group(process)


def test_an_existing_cluster_by_its_scheduler_address(mixed: Path, tmp_path: Path, scheduler: str) -> None:
    expected, _ = local_batch([str(mixed)], tmp_path)
    out = tmp_path / "claims.parquet"
    result = run([*ATTRIB, "batch", str(mixed), "--engine", "dask", "--scheduler", scheduler,
                  "--partition-size", SMALL, "-o", str(out)])
    assert result.returncode == 1, result.stderr  # the two bad lines
    assert "dashboard" not in result.stderr  # not ours to announce
    assert dataset_lines(out, tmp_path) == expected


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    address = f"tcp://127.0.0.1:{free_port()}"  # nobody listens
    result = run([*ATTRIB, "batch", str(corpus), "--engine", "dask", "--scheduler", address,
                  "-o", str(tmp_path / "out")])
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot reach the scheduler {address}: ")


def test_without_the_extra_engine_dask_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    corpus = write_corpus(tmp_path)
    result = CliRunner().invoke(app, ["batch", str(corpus), "--engine", "dask", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == "error: --engine dask needs pyarrow: pip install 'attrib[cluster]'\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask"], "--engine dask writes a Parquet dataset: give its folder"),
        (["--scheduler", "tcp://127.0.0.1:8786", "-o", "x.jsonl"], "only with --engine dask"),
        (["--engine", "dask", "--partition-size", "lots", "-o", "out"], "'lots' is not a size like 64M"),
    ],
)
def test_cluster_options_are_checked(tmp_path: Path, args: list[str], message: str) -> None:
    corpus = write_corpus(tmp_path)
    result = CliRunner().invoke(app, ["batch", str(corpus), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_an_output_written_with_other_patterns_is_refused(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "_manifest.json").write_text(json.dumps({
        "format": "attrib-parquet-dataset", "format_version": 1, "attrib_version": "0.1.0",
        "patterns_sha256": "0" * 64, "partition_size": 1024, "partitions": {}}))
    result = run([*ATTRIB, "batch", str(corpus), "--engine", "dask", "-o", str(out)])
    assert result.returncode == 2
    assert result.stderr == f"error: {out}: written with another pattern set ({'0' * 64}); give a new output folder\n"


class FakeFuture:
    """A partition's result, as a Dask future holds it."""

    def __init__(self, key: str, done: object) -> None:
        self.key = key
        self.done = done

    def result(self) -> object:
        return self.done


class FakeClient:
    def __enter__(self) -> FakeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def register_plugin(self, plugin: object) -> None:
        pass

    def cancel(self, futures: object) -> None:
        pass


def test_the_errors_of_a_partition_are_reported_before_the_manifest_lists_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run stopped while it reports a partition's errors (Ctrl-C, a broken stderr) leaves it unlisted:
    the rerun does it again and reports them, whatever order the partitions come back in."""
    from attrib.track import cluster

    corpus = tmp_path / "in.jsonl"
    write_jsonl(corpus, records("e", 40))
    bad: dict[str, list[str]] = {}

    def submit(client, parts, todo, output, plugin):  # type: ignore[no-untyped-def]
        futures = []
        for part in todo:
            errors = [f"{part.label}: bad line"] if part.index == 1 else []
            bad.update({part.key: errors} if errors else {})
            futures.append((FakeFuture(f"attrib-extract-{part.key}", cluster.PartitionDone(part.key, 1, 2, errors)), part))
        return futures

    monkeypatch.setattr(cluster, "_connect", lambda *args: FakeClient())
    monkeypatch.setattr(cluster, "_submit", submit)
    monkeypatch.setattr(cluster, "as_completed", lambda futures: list(reversed(futures)))  # the last done first
    out = tmp_path / "out"

    def interrupted(message: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cluster.run_cluster([str(corpus)], out, size=2048, on_error=interrupted)
    (key,) = bad
    assert key not in json.loads((out / "_manifest.json").read_text())["partitions"]

    reported: list[str] = []
    stats = cluster.run_cluster([str(corpus)], out, on_error=reported.append)
    assert reported == bad[key]
    assert stats.errors == 1 and stats.skipped + stats.done == stats.partitions > 2


def test_a_cluster_failure_is_not_the_exit_code_of_bad_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Uncaught, a cluster's own failure would exit 1, as bad inputs do, with none of their errors."""
    from asyncio import CancelledError  # a BaseException: distributed's FutureCancelledError is one

    from attrib.track import cluster

    corpus = write_corpus(tmp_path)
    for failure in (OSError("Stream is closed"), TimeoutError("no reply"), CancelledError("attrib-extract-x")):
        def failing(*args: object, failure: BaseException = failure, **kwargs: object) -> None:
            raise failure

        monkeypatch.setattr(cluster, "run_cluster", failing)
        result = CliRunner().invoke(app, ["batch", str(corpus), "--engine", "dask", "-o", str(tmp_path / "out")])
        assert result.exit_code == 4, result.output
        last = result.stderr.splitlines()[-1]
        assert last.startswith(f"error: the cluster run failed: {type(failure).__name__}: ")
        assert last.endswith("; rerun with --resume to complete the output")
