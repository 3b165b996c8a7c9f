"""Parquet corpora: one article a row, from the columns `id`, `text` and optional `title`, `url`, `date`, `site`.

Rows are validated as JSONL records are (`record_article`), located as `file.parquet:ROW`
(rows counted from 1), and read a batch at a time, so a large file is not held in memory.
pyarrow comes with the `cluster` extra; without it each Parquet input is one error naming it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from attrib.dataset import require_pyarrow
from attrib.errors import InputError
from attrib.models import Article
from attrib.read.decode import file_stem

ARTICLE_FIELDS = ("id", "text", "title", "url", "date", "site")
BATCH_ROWS = 1024


def read_parquet_articles(
    path: str, row_groups: Sequence[int] | None = None, first_row: int = 1
) -> Iterator[Article | InputError]:
    """The articles of a Parquet file (or of some of its row groups, whose first row is `first_row`)."""
    # Imported here: inputs.py imports this module, and the records are validated as JSONL's.
    from attrib.read.inputs import record_article

    try:
        parquet = require_pyarrow(path)
        file = parquet.ParquetFile(path)
    except InputError as error:
        yield error
        return
    except FileNotFoundError:
        yield InputError(path, "no such file")
        return
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        yield InputError(path, f"not a Parquet file: {err}")
        return
    columns = [name for name in ARTICLE_FIELDS if name in file.schema_arrow.names]
    if "text" not in columns:
        yield InputError(path, "no 'text' column")
        return
    stem = file_stem(path)
    row = first_row
    try:
        for batch in file.iter_batches(batch_size=BATCH_ROWS, row_groups=row_groups, columns=columns):
            for record in batch.to_pylist():
                where = f"{path}:{row}"
                try:
                    yield record_article(record, where, f"{stem}:{row}")
                except InputError as error:
                    yield error
                row += 1
    except (OSError, ValueError) as err:
        yield InputError(f"{path}:{row}", f"cannot read: {err}")
    if row == 1 and row_groups is None:
        yield InputError(path, "empty file")


def parquet_row_groups(path: str) -> list[int]:
    """The number of rows of each row group of a Parquet file; raises InputError."""
    parquet = require_pyarrow(path)
    try:
        metadata = parquet.ParquetFile(path).metadata
    except (OSError, ValueError) as err:
        raise InputError(path, f"not a Parquet file: {err}") from None
    return [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)]
