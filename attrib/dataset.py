"""attrib's Parquet dataset: `articles/` and `claims/` tables, and the `_manifest.json` that says what is complete.

`attrib batch --engine dask` writes it (track/cluster.py); `attrib batch` and `attrib db
add` read it back as export results (read/corpus.py). An export line becomes one row of
`articles/` and one row of `claims/` per claim, its nested spans flattened (`cue.start`
is the column `cue_start`); `rows_to_results` rebuilds the very same `ArticleClaims`.
A failed input is one `articles/` row with its `error` and no id.

pyarrow is imported here only, and only when a dataset or a Parquet file is used: it is
in the `cluster` extra, not in the core install.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import Any

from attrib.errors import InputError
from attrib.models import ArticleClaims

EXTRA_NEEDED = "pip install 'attrib[cluster]'"
MANIFEST = "_manifest.json"
FORMAT = "attrib-parquet-dataset"
FORMAT_VERSION = 1
ARTICLES = "articles"
CLAIMS = "claims"

# (column, type): the types are pyarrow's names; every column may be null unless said.
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("title", "string"),
    ("url", "string"),
    ("date", "string"),
    ("site", "string"),
    ("length", "int64"),
    ("encoding", "string"),  # a saved web page's
    ("text", "string"),  # the text extracted from a web page, that the offsets point into
    ("claims", "int32"),  # the claim count
    ("origin", "string"),  # where it was read: "corpus.jsonl:12"
    ("error", "string"),  # why the input failed, located; the other columns then null
)
SPAN_COLUMNS = (("text", "string"), ("start", "int64"), ("end", "int64"))
CLAIM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"),
    ("id", "string"),
    ("sentence", "int32"),
    *((f"cue_{name}", kind) for name, kind in (*SPAN_COLUMNS, ("lemma", "string"))),
    *(
        (f"speaker_{name}", kind)
        for name, kind in (*SPAN_COLUMNS, ("name", "string"), ("role", "string"), ("kind", "string"))
    ),
    *((f"source_{name}", kind) for name, kind in SPAN_COLUMNS),
    *((f"content_{name}", kind) for name, kind in SPAN_COLUMNS),
    ("stance", "string"),
    ("type", "string"),
)
SPANS = ("cue", "speaker", "source", "content")  # a span is null when its `_text` column is
INFO_KEYS = ("id", "title", "url", "date", "length", "site", "encoding", "text")


def require_pyarrow(where: str) -> ModuleType:
    """pyarrow.parquet, or an InputError naming `where` and the extra to install."""
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise InputError(where, f"reading and writing Parquet needs pyarrow: {EXTRA_NEEDED}") from None
    return parquet


def schema(columns: tuple[tuple[str, str], ...]) -> Any:
    """The pyarrow schema of a table of this dataset."""
    import pyarrow

    return pyarrow.schema([(name, getattr(pyarrow, kind)()) for name, kind in columns])


def article_row(result: ArticleClaims, origin: str | None) -> dict[str, object]:
    """The `articles/` row of one export result."""
    info = result.article
    row: dict[str, object] = {key: getattr(info, key) for key in INFO_KEYS}
    row.update(claims=len(result.claims), origin=origin, error=None)
    return row


def error_row(article_id: str | None, error: InputError) -> dict[str, object]:
    """The `articles/` row of an input that failed."""
    row: dict[str, object] = dict.fromkeys(name for name, _ in ARTICLE_COLUMNS)
    row.update(id=article_id, origin=error.where, error=str(error))
    return row


def claim_rows(result: ArticleClaims) -> Iterator[dict[str, object]]:
    """The `claims/` rows of one export result, in the order of its claims."""
    for claim in result.claims:
        data = claim.model_dump(mode="json")
        row: dict[str, object] = {"article_id": result.article.id}
        for name, _ in CLAIM_COLUMNS[1:]:
            span, _, field = name.partition("_")
            if span in SPANS:
                row[name] = None if data[span] is None else data[span].get(field)
            else:
                row[name] = data[name]
        yield row


def result_from_rows(article: dict[str, Any], claims: Iterable[dict[str, Any]]) -> ArticleClaims:
    """The export result of an `articles/` row and its `claims/` rows (as pyarrow's `to_pylist` gives them)."""
    built = []
    for row in claims:
        claim: dict[str, Any] = {"id": row["id"], "sentence": row["sentence"],
                                 "stance": row["stance"], "type": row["type"]}
        for span in SPANS:
            fields = {name.partition("_")[2]: value for name, value in row.items() if name.startswith(span + "_")}
            claim[span] = None if fields["text"] is None else fields
        built.append(claim)
    info = {key: article[key] for key in INFO_KEYS}
    return ArticleClaims.model_validate({"article": info, "claims": built})


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of a dataset folder, or None if the folder has none (or not attrib's)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else None


def is_dataset(path: str) -> bool:
    """Is `path` a folder holding attrib's Parquet dataset?"""
    return read_manifest(Path(path)) is not None


def partition_file(directory: Path, table: str, key: str) -> Path:
    """Where a partition's table is written: `articles/part-KEY.parquet`."""
    return directory / table / f"part-{key}.parquet"


def done_partitions(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The complete partitions of a manifest, in input order."""
    parts: dict[str, dict[str, Any]] = manifest.get("partitions", {})
    return sorted(parts.items(), key=lambda item: (item[1].get("index", 0), item[0]))


def read_dataset(path: str) -> Iterator[tuple[str, ArticleClaims | InputError]]:
    """The results of a dataset's complete partitions, in input order, as (where, result).

    Files of partitions the manifest does not list (a run cut short) are left out: they
    are written again, whole, by the rerun. Failed inputs (rows with an error) are left out too.
    """
    directory = Path(path)
    manifest = read_manifest(directory)
    if manifest is None:
        yield path, InputError(path, f"not attrib's Parquet dataset: no valid {MANIFEST}")
        return
    try:
        parquet = require_pyarrow(path)
    except InputError as error:
        yield path, error
        return
    for key, _ in done_partitions(manifest):
        articles_path = partition_file(directory, ARTICLES, key)
        claims_path = partition_file(directory, CLAIMS, key)
        try:
            articles = parquet.read_table(articles_path).to_pylist()
            claims = parquet.read_table(claims_path).to_pylist()
        except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
            yield str(articles_path), InputError(str(articles_path), f"cannot read: {err}")
            continue
        # Claims are written in the order of their articles: each article takes its count of them.
        rest = iter(claims)
        for number, row in enumerate(articles, start=1):
            if row["error"] is not None:
                continue
            where = f"{articles_path}:{number}"
            try:
                yield where, result_from_rows(row, islice(rest, row["claims"]))
            except ValueError as err:  # pydantic's ValidationError
                yield where, InputError(where, f"not a row of attrib's dataset: {err}")
