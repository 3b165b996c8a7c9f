"""The batch on a Dask cluster: inputs as partitions, results as attrib's Parquet dataset.

The client plans the partitions (read/corpus.py reads them, on the workers): a large
JSONL file is cut into byte ranges at line starts, a large Parquet file into runs of
row groups, small files are grouped. Each worker process loads the pattern set once
(`PatternsPlugin`, which ships the client's pattern files), extracts a partition with
the `Extractor` of the local batch, and writes its `articles/` and `claims/` files under
temporary names, renamed when complete. Only the client writes `_manifest.json`: a
partition is done when the manifest lists it, so a rerun skips exactly those, and a
partition cut short by a dead worker or client is written again, whole, under the same name.

Imports dask and pyarrow: import this module only when the `cluster` extra is installed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow
import pyarrow.parquet as parquet
from distributed import Client, Future, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin
from distributed.scheduler import KilledWorker

from attrib import __version__
from attrib.dataset import (
    ARTICLE_COLUMNS,
    ARTICLES,
    CLAIM_COLUMNS,
    CLAIMS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    article_row,
    claim_rows,
    error_row,
    partition_file,
    read_manifest,
    schema,
)
from attrib.errors import BatchStopped, InputError, OutputError, PatternError
from attrib.lexicon.patterns import bundled_directory
from attrib.read.corpus import (
    FileId,
    Task,
    file_tasks,
    line_range_tasks,
    row_group_tasks,
    walk,
)
from attrib.read.inputs import STDIN
from attrib.read.parquet import parquet_row_groups
from attrib.track.batch import WORKER_DIED, Extractor

PARTITION_SIZE = 64 * 2**20  # bytes of input per partition: a few seconds' work for a worker
FILES_PER_PARTITION = 1000  # small files grouped in one partition, at most
ROWS_PER_WRITE = 2000  # rows buffered before a write: the memory of a worker stays flat
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler
SPLIT_SUFFIXES = (".jsonl", ".ndjson")  # uncompressed: a byte range can be read without what comes before
LOCAL_HOST = "127.0.0.1"


class ClusterError(Exception):
    """The cluster could not be started or reached; says why."""


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of the input a worker extracts at once: whole files, a byte range of lines, or row groups."""

    index: int  # its place in input order
    kind: str  # "files", "lines" (bytes start..end) or "rows" (row groups start..end)
    paths: tuple[str, ...]
    start: int = 0
    end: int = 0
    first: int = 1  # rows: the number of the first row

    @property
    def key(self) -> str:
        """Its name in the dataset, the same on every run over the same input."""
        identity = json.dumps([self.kind, [os.path.abspath(p) for p in self.paths], self.start, self.end])
        return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:20]

    @property
    def label(self) -> str:
        """What it holds, for the manifest and messages."""
        if self.kind == "lines":
            return f"{self.paths[0]} bytes {self.start}-{self.end}"
        if self.kind == "rows":
            return f"{self.paths[0]} row groups {self.start}-{self.end - 1}"
        return self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} and {len(self.paths) - 1} more files"


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


# --- planning, on the client ----------------------------------------------------------


def plan(inputs: Sequence[str], size: int = PARTITION_SIZE, exclude: frozenset[FileId] = frozenset()) -> list[Partition]:
    """The partitions of the inputs, in input order; folders walked as `attrib batch` walks them.

    Raises InputError for standard input, which cannot be shared with workers.
    """
    parts: list[Partition] = []
    group: list[str] = []
    group_size = 0

    def flush() -> None:
        nonlocal group, group_size
        if group:
            parts.append(Partition(len(parts), "files", tuple(group)))
        group, group_size = [], 0

    for path in _files(inputs, exclude):
        file_size = _size(path)
        if file_size is not None and file_size <= size and len(group) < FILES_PER_PARTITION:
            if group_size + file_size > size:
                flush()
            group.append(path)
            group_size += file_size
            continue
        flush()
        for kind, start, end, first in _split(path, size, file_size):
            parts.append(Partition(len(parts), kind, (path,), start, end, first))
    flush()
    return parts


def _files(inputs: Sequence[str], exclude: frozenset[FileId]) -> Iterator[str]:
    for path in inputs:
        if path == STDIN:
            raise InputError(STDIN, "standard input cannot be read by a cluster's workers; give files")
        if os.path.isdir(path) and not (Path(path) / MANIFEST).is_file():
            yield from walk(path, exclude)
        else:
            yield path


def _size(path: str) -> int | None:
    """The size of a file, None for a folder (a dataset) or a file that cannot be read (reported by the worker)."""
    try:
        return os.stat(path).st_size if os.path.isfile(path) else None
    except OSError:
        return None


def _split(path: str, size: int, file_size: int | None) -> Iterator[tuple[str, int, int, int]]:
    lower = path.lower()
    if file_size is not None and lower.endswith(SPLIT_SUFFIXES):
        yield from (("lines", start, end, 0) for start, end in line_ranges(path, size, file_size))
    elif file_size is not None and lower.endswith(".parquet"):
        yield from _row_ranges(path, size, file_size)
    else:
        yield "files", 0, 0, 1


def line_ranges(path: str, size: int, file_size: int) -> list[tuple[int, int]]:
    """Byte ranges of about `size` bytes that start at line starts: only one line is read per range."""
    starts = [0]
    with open(path, "rb") as stream:
        while starts[-1] + size < file_size:
            stream.seek(starts[-1] + size - 1)
            stream.readline()  # to the end of the line that holds the cut
            if stream.tell() >= file_size:
                break
            starts.append(stream.tell())
    return list(zip(starts, [*starts[1:], file_size], strict=True))


def _row_ranges(path: str, size: int, file_size: int) -> Iterator[tuple[str, int, int, int]]:
    try:
        rows = parquet_row_groups(path)
    except InputError:
        yield "files", 0, 0, 1  # the worker reports it
        return
    per_group = file_size / max(1, len(rows))
    groups_per_part = max(1, int(size // max(per_group, 1)))
    first = 1
    for start in range(0, len(rows), groups_per_part):
        end = min(start + groups_per_part, len(rows))
        yield "rows", start, end, first
        first += sum(rows[start:end])


# --- the output folder, on the client -------------------------------------------------


def pattern_files(directory: Path | None) -> dict[str, bytes]:
    """The files of a pattern set (the bundled one when None), by name: what the workers load."""
    folder = bundled_directory() if directory is None else Path(directory)
    return {
        entry.name: entry.read_bytes()
        for entry in sorted(folder.iterdir())
        if entry.is_file() and not entry.name.startswith(".")
    }


def patterns_digest(files: dict[str, bytes]) -> str:
    """The SHA-256 of a pattern set: its file names and contents."""
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def open_output(output: Path, digest: str, size: int | None) -> dict[str, Any]:
    """The manifest of the output folder: created, or read to resume; raises OutputError.

    A folder written with another pattern set, attrib version or partition size is refused:
    its results would not be those of this run. Without a size, a folder keeps its own,
    and a new one takes PARTITION_SIZE.
    """
    manifest_path = output / MANIFEST
    if manifest_path.exists():
        manifest = read_manifest(output)
        if manifest is None:
            raise OutputError(str(manifest_path), "not a manifest of attrib's Parquet dataset")
        if size is None:
            size = manifest.get("partition_size")
        for name, value, what in (
            ("patterns_sha256", digest, "another pattern set"),
            ("attrib_version", __version__, "another version of attrib"),
            ("partition_size", size, "another partition size"),
        ):
            if manifest.get(name) != value:
                raise OutputError(
                    str(output), f"written with {what} ({manifest.get(name)}); give a new output folder"
                )
        return manifest
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise OutputError(str(output), "not attrib's Parquet dataset (no _manifest.json): give a new or empty folder")
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "attrib_version": __version__,
        "patterns_sha256": digest, "partition_size": size or PARTITION_SIZE, "partitions": {},
    }
    try:
        for table in (ARTICLES, CLAIMS):
            (output / table).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(str(output), f"cannot create: {err.strerror or err}") from None
    write_manifest(output, manifest)
    return manifest


def write_manifest(output: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest whole, under a temporary name renamed over the old one; raises OutputError."""
    temporary = output / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
    try:
        temporary.write_bytes(json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        os.replace(temporary, output / MANIFEST)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise OutputError(str(output / MANIFEST), f"cannot write: {err.strerror or err}") from None


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
    _remove_leftovers(output)
    if not todo:
        return stats
    with _connect(scheduler, workers, on_start) as client:
        plugin = PatternsPlugin(files, digest, encoding)
        client.register_plugin(plugin)
        futures = _submit(client, parts, todo, str(output.resolve()), plugin.name)
        by_future = {future.key: part for future, part in futures}
        try:
            for future in as_completed([future for future, _ in futures]):
                done: PartitionDone = future.result()
                part = by_future[future.key]
                manifest["partitions"][part.key] = {
                    "index": part.index, "input": part.label,
                    "articles": done.articles, "claims": done.claims, "errors": len(done.errors),
                }
                write_manifest(output, manifest)
                stats.done += 1
                stats.articles += done.articles
                stats.claims += done.claims
                stats.errors += len(done.errors)
                for message in done.errors:
                    if on_error:
                        on_error(message)
                if on_progress:
                    on_progress(stats)
        except KilledWorker:
            raise BatchStopped(f"{WORKER_DIED}, again and again on the same partition") from None
        finally:
            client.cancel([future for future, _ in futures])
    _remove_leftovers(output)
    return stats


def _remove_leftovers(output: Path) -> None:
    """Remove the temporary files of partitions cut short (a worker or client killed): never listed, never read."""
    for table in (ARTICLES, CLAIMS):
        for leftover in (output / table).glob(".part-*.tmp"):
            leftover.unlink(missing_ok=True)


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
        self.directory: str | None = None

    def setup(self, worker: Any) -> None:
        """Write the pattern files to a folder of the worker's, and load them."""
        self.directory = tempfile.mkdtemp(prefix="attrib-patterns-")
        for name, data in self.files.items():
            Path(self.directory, name).write_bytes(data)
        try:
            _extractors[self.name] = Extractor(Path(self.directory), self.encoding)
        except PatternError as error:  # another attrib on this worker: raised with its first task
            _extractors[self.name] = error

    def teardown(self, worker: Any) -> None:
        """Forget the pattern set and remove its folder."""
        _extractors.pop(self.name, None)
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)


def count_lines(path: str, start: int, end: int) -> int:
    """The number of line ends in a byte range of a file."""
    lines = 0
    with open(path, "rb") as stream:
        stream.seek(start)
        left = end - start
        while left > 0:
            block = stream.read(min(left, 2**20))
            if not block:
                break
            lines += block.count(b"\n")
            left -= len(block)
    return lines


def partition_tasks(part: Partition, lines_before: Sequence[int] = ()) -> Iterator[Task | InputError]:
    """The tasks of a partition, read as `attrib batch` reads the same files."""
    if part.kind == "lines":
        yield from line_range_tasks(part.paths[0], part.start, part.end, 1 + sum(lines_before))
    elif part.kind == "rows":
        yield from row_group_tasks(part.paths[0], list(range(part.start, part.end)), part.first)
    else:
        for path in part.paths:
            yield from file_tasks(path)


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
    writer = _PartitionWriter(Path(output), part.key)
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


@dataclass
class _PartitionWriter:
    """The two Parquet files of a partition, written in batches under temporary names."""

    output: Path
    key: str
    articles: list[dict[str, object]] = field(default_factory=list)
    claims: list[dict[str, object]] = field(default_factory=list)
    writers: dict[str, Any] = field(default_factory=dict)
    temporary: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        token = uuid.uuid4().hex
        for table, columns in ((ARTICLES, ARTICLE_COLUMNS), (CLAIMS, CLAIM_COLUMNS)):
            path = self.output / table / f".part-{self.key}.{token}.tmp"
            self.temporary[table] = path
            self.writers[table] = parquet.ParquetWriter(path, schema(columns))

    def add(self, result: Any, origin: str | None) -> None:
        self.articles.append(article_row(result, origin))
        self.claims.extend(claim_rows(result))
        self._flush(ROWS_PER_WRITE)

    def error(self, article_id: str | None, error: InputError) -> None:
        self.articles.append(error_row(article_id, error))
        self._flush(ROWS_PER_WRITE)

    def _flush(self, at_least: int) -> None:
        for table, rows in ((ARTICLES, self.articles), (CLAIMS, self.claims)):
            if rows and len(rows) >= at_least:
                writer = self.writers[table]
                writer.write_table(pyarrow.Table.from_pylist(rows, schema=writer.schema))
                rows.clear()

    def commit(self) -> None:
        """Write what is left, close, and rename: articles first; the manifest, later, makes it count."""
        self._flush(1)
        for table in (ARTICLES, CLAIMS):
            self.writers.pop(table).close()
            os.replace(self.temporary.pop(table), partition_file(self.output, table, self.key))

    def discard(self) -> None:
        """Remove what a failed write left."""
        for writer in self.writers.values():
            writer.close()
        for path in self.temporary.values():
            path.unlink(missing_ok=True)

