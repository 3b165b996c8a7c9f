"""The output folder of a cluster run: its manifest, the pattern set it was written with, and
the two Parquet files of each partition, written under temporary names and renamed when complete.

Imports pyarrow: import this module only when the `cluster` extra is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow
import pyarrow.parquet as parquet

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
from attrib.errors import InputError, OutputError
from attrib.lexicon.patterns import bundled_directory
from attrib.track.partitions import PARTITION_SIZE

ROWS_PER_WRITE = 2000  # rows buffered before a write: the memory of a worker stays flat


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


def remove_leftovers(output: Path) -> None:
    """Remove the temporary files of partitions cut short (a worker or client killed): never listed, never read."""
    for table in (ARTICLES, CLAIMS):
        for leftover in (output / table).glob(".part-*.tmp"):
            leftover.unlink(missing_ok=True)


@dataclass
class PartitionWriter:
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

