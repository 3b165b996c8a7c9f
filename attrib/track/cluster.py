"""The batch on a Dask cluster: inputs as partitions, results as attrib's Parquet dataset.

The client plans the partitions (partitions.py; read/corpus.py reads them, on the workers):
a large JSONL file is cut into byte ranges at line starts, a large Parquet file into runs of
row groups, small files are grouped. Each worker process loads the pattern set once
(`PatternsPlugin`, which ships the client's pattern files), extracts a partition with
the `Extractor` of the local batch, and writes its `articles/` and `claims/` files under
temporary names, renamed when complete (cluster_output.py). Only the client writes `_manifest.json`: a
partition is done when the manifest lists it, so a rerun skips exactly those, and a
partition cut short by a dead worker or client is written again, whole, under the same name.

Imports dask and pyarrow: import this module only when the `cluster` extra is installed.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, Future, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin
from distributed.scheduler import KilledWorker

from attrib.dataset import MANIFEST
from attrib.errors import BatchStopped, InputError, OutputError, PatternError
from attrib.read.corpus import FileId, Task
from attrib.track.batch import WORKER_DIED, Extractor
from attrib.track.cluster_output import (
    PartitionWriter,
    open_output,
    pattern_files,
    patterns_digest,
    remove_leftovers,
    write_manifest,
)
from attrib.track.partitions import Partition, count_lines, partition_tasks, plan

CONNECT_TIMEOUT = 10  # seconds to reach a scheduler
LOCAL_HOST = "127.0.0.1"


class ClusterError(Exception):
    """The cluster could not be started or reached; says why."""


@dataclass(frozen=True, slots=True)
class PartitionDone:
    """What a worker reports of a partition written: counts, and each failed input as `where: message`."""

    key: str
    articles: int
    claims: int
    errors: list[str]


@dataclass
class ClusterStats:
    """What a cluster run has done so far."""

    partitions: int = 0  # planned
    done: int = 0  # written in this run
    skipped: int = 0  # already complete in the output
    articles: int = 0
    claims: int = 0
    errors: int = 0


# --- the run, on the client -----------------------------------------------------------


def run_cluster(
    inputs: Sequence[str],
    output: Path,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    patterns_dir: Path | None = None,
    encoding: str | None = None,
    size: int | None = None,
    stats: ClusterStats | None = None,
    on_start: Callable[[str | None], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[ClusterStats], None] | None = None,
) -> ClusterStats:
    """Extract the inputs on a Dask cluster into the Parquet dataset `output`, skipping the partitions done.

    `size` is the input per partition (default: the output's, or PARTITION_SIZE).
    `scheduler` is the address of an existing cluster; without it a local cluster of
    `workers` processes is started (`on_start` gets its dashboard address) and stopped.
    Raises ClusterError, OutputError, InputError (standard input), BatchStopped (a
    partition whose workers kept dying).
    """
    stats = stats or ClusterStats()
    files = pattern_files(patterns_dir)
    digest = patterns_digest(files)
    manifest = open_output(output, digest, size)
    exclude = frozenset({_file_id(output)})
    parts = plan(inputs, manifest["partition_size"], exclude)
    stats.partitions = len(parts)
    todo = [part for part in parts if part.key not in manifest["partitions"]]
    stats.skipped = len(parts) - len(todo)
    if on_progress:
        on_progress(stats)
    remove_leftovers(output)
    if not todo:
        return stats
    with _connect(scheduler, workers, on_start) as client:
        plugin = PatternsPlugin(files, digest, encoding)
        client.register_plugin(plugin)
        futures = _submit(client, parts, todo, str(output.resolve()), plugin.name)
        by_future = {future.key: part for future, part in futures}
        try:
            for future in as_completed([future for future, _ in futures]):
                record_partition(output, manifest, by_future[future.key], future.result(), stats,
                                 on_error, on_progress)
        except KilledWorker:
            raise BatchStopped(f"{WORKER_DIED}, again and again on the same partition") from None
        finally:
            client.cancel([future for future, _ in futures])
    remove_leftovers(output)
    return stats


def record_partition(
    output: Path,
    manifest: dict[str, Any],
    part: Partition,
    done: PartitionDone,
    stats: ClusterStats,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[ClusterStats], None] | None = None,
) -> None:
    """Report a partition written, then list it in the manifest: its errors first, always.

    A partition the manifest lists is never run again (`--resume` skips it), so its
    errors are reported before it is listed: a run stopped in between (Ctrl-C, a
    broken stderr, the manifest not written) leaves it unlisted, and the rerun
    reports them; never a partition counted done whose errors nobody saw.
    """
    for message in done.errors:
        if on_error:
            on_error(message)
    manifest["partitions"][part.key] = {
        "index": part.index, "input": part.label,
        "articles": done.articles, "claims": done.claims, "errors": len(done.errors),
    }
    write_manifest(output, manifest)
    stats.done += 1
    stats.articles += done.articles
    stats.claims += done.claims
    stats.errors += len(done.errors)
    if on_progress:
        on_progress(stats)


class _connect:
    """A client of the cluster at `scheduler`, or of a local cluster started (and stopped) here."""

    def __init__(self, scheduler: str | None, workers: int, on_start: Callable[[str | None], None] | None) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.on_start = on_start
        self.cluster: LocalCluster | None = None

    def __enter__(self) -> Client:
        if self.scheduler is not None:
            _probe(self.scheduler)
            try:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:
                raise ClusterError(f"cannot reach the scheduler {self.scheduler}: {err}") from None
            return self.client
        try:
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, host=LOCAL_HOST,
                dashboard_address=f"{LOCAL_HOST}:0", silence_logs=logging.ERROR,
            )
        except (OSError, TimeoutError) as err:
            raise ClusterError(f"cannot start a local cluster: {err}") from None
        self.client = Client(self.cluster)
        if self.on_start:
            self.on_start(self.cluster.dashboard_link)
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _probe(address: str) -> None:
    """Fail at once, rather than after the client's timeout, when nothing listens at a tcp:// address."""
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    if not address.startswith("tcp://") or not port.isdigit():
        return  # another protocol: the client says what is wrong
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as err:
        raise ClusterError(f"cannot reach the scheduler {address}: {err.strerror or err}") from None


def _submit(
    client: Client, parts: list[Partition], todo: list[Partition], output: str, plugin: str
) -> list[tuple[Future, Partition]]:
    """One task a partition to do; a byte range first needs the line counts of the ranges before it."""
    counts: dict[str, list[Future]] = {}
    for part in parts:
        if part.kind == "lines":
            counts.setdefault(part.paths[0], []).append(
                client.submit(count_lines, part.paths[0], part.start, part.end, key=f"attrib-count-{part.key}")
            )
    futures = []
    for part in todo:
        before: list[Future] = []
        if part.kind == "lines":
            ranges = [p for p in parts if p.kind == "lines" and p.paths[0] == part.paths[0]]
            before = counts[part.paths[0]][: ranges.index(part)]
        future = client.submit(
            extract_partition, part, output, plugin, before, key=f"attrib-extract-{part.key}", retries=1
        )
        futures.append((future, part))
    return futures


def _file_id(path: Path) -> FileId:
    info = os.stat(path)
    return info.st_dev, info.st_ino


# --- on the workers ---------------------------------------------------------------------

_extractors: dict[str, Extractor | PatternError] = {}


class PatternsPlugin(WorkerPlugin):
    """Loads the client's pattern set once in each worker process, however many tasks it runs."""

    def __init__(self, files: dict[str, bytes], digest: str, encoding: str | None) -> None:
        self.files = files
        self.encoding = encoding
        self.name = f"attrib-patterns-{digest[:16]}-{encoding or 'detected'}"

    def setup(self, worker: Any) -> None:
        """Write the pattern files to a folder of the worker's, and load them."""
        directory = tempfile.mkdtemp(prefix="attrib-patterns-")
        try:
            for name, data in self.files.items():
                Path(directory, name).write_bytes(data)
            _extractors[self.name] = Extractor(Path(directory), self.encoding)
        except PatternError as error:  # another attrib on this worker: raised with its first task
            _extractors[self.name] = error
        finally:  # the set is read whole when loaded: a worker killed later leaves no folder behind
            shutil.rmtree(directory, ignore_errors=True)

    def teardown(self, worker: Any) -> None:
        """Forget the pattern set."""
        _extractors.pop(self.name, None)


def extract_partition(part: Partition, output: str, plugin: str, lines_before: Sequence[int]) -> PartitionDone:
    """Extract one partition and write its two files, complete or not at all."""
    extractor = _extractors.get(plugin)
    if isinstance(extractor, PatternError):
        raise extractor
    if extractor is None:
        raise RuntimeError(f"the pattern set {plugin} is not loaded on this worker")
    if not Path(output, MANIFEST).is_file():
        raise OutputError(
            output, f"not visible from the worker on {socket.gethostname()}: the output folder must be"
            " on a file system every worker shares, at the same path",
        )
    writer = PartitionWriter(Path(output), part.key)
    errors: list[str] = []
    articles = claims = 0
    try:
        for item in partition_tasks(part, lines_before):
            result = extractor.result(item)
            if isinstance(result, InputError):
                errors.append(str(result))
                writer.error(item.article_id if isinstance(item, Task) else None, result)
                continue
            articles += 1
            claims += len(result.claims)
            writer.add(result, item.where if isinstance(item, Task) else None)
        writer.commit()
    finally:
        writer.discard()
    return PartitionDone(part.key, articles, claims, errors)
