"""The partitions of a cluster run: how the inputs are cut, and the tasks each one holds.

The client plans them: a large JSONL file is cut into byte ranges at line starts, a large
Parquet file into runs of row groups, small files are grouped. A worker reads a partition's
tasks as `attrib batch` reads the same files. Nothing here needs dask.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from attrib.dataset import MANIFEST
from attrib.errors import InputError
from attrib.read.corpus import FileId, Task, file_tasks, line_range_tasks, row_group_tasks, walk
from attrib.read.inputs import STDIN
from attrib.read.parquet import parquet_row_groups

PARTITION_SIZE = 64 * 2**20  # bytes of input per partition: a few seconds' work for a worker
FILES_PER_PARTITION = 1000  # small files grouped in one partition, at most
SPLIT_SUFFIXES = (".jsonl", ".ndjson")  # uncompressed: a byte range can be read without what comes before


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


# --- on the workers ---------------------------------------------------------------------


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

