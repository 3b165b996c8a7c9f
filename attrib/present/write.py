"""Writing results in an export format: the one output path of `export`, `batch` and `db export`.

`batch` hands over results already encoded: each line is made in its worker process
(`models.export_line`, as here for an ArticleClaims), and written here as it arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, BinaryIO, Protocol

from attrib.models import ArticleClaims, export_line, json_bytes
from attrib.present.exports import (
    CONTEXT,
    claimreview_nodes,
    jsonld_nodes,
    script_safe_json,
    write_csv,
)

INDENT = 2  # of the JSON documents (json, and jsonld and claimreview unless one node a line)


class ExportFormat(StrEnum):
    """The export formats."""

    json = "json"
    jsonl = "jsonl"
    jsonld = "jsonld"
    claimreview = "claimreview"
    csv = "csv"


class Encoded(Protocol):
    """A result already encoded as its JSON line, `models.export_line(result)` (a batch worker's)."""

    @property
    def line(self) -> bytes: ...


def write_results(
    results: Iterable[ArticleClaims | Encoded], fmt: ExportFormat, stream: BinaryIO, *,
    one_node_a_line: bool = False, flush: bool = False,
) -> None:
    """Write `results` to `stream` in `fmt`, reading them one at a time (except for `json`, one document).

    A JSON line is written whole and, with `flush`, flushed at once: an interrupted
    batch leaves complete lines for --resume. An encoded result is written as it
    is in `jsonl`, and read back for the other formats.

    JSON-LD and ClaimReview graphs are written a node at a time: indented as
    `json.dumps(document, indent=2)` would, or with `one_node_a_line` (what
    `db export` writes), each node on a line of its own. They are script-safe JSON
    (`exports.script_safe_json`: `<`, `>`, `&` as `\\u003c`-style escapes), as they are
    pasted into `<script type="application/ld+json">`, which a `</script>` would end.
    """
    if fmt is ExportFormat.jsonl:
        for result in results:
            stream.write((export_line(result) if isinstance(result, ArticleClaims) else result.line) + b"\n")
            if flush:
                stream.flush()
        return
    decoded = (r if isinstance(r, ArticleClaims) else ArticleClaims.model_validate_json(r.line) for r in results)
    if fmt is ExportFormat.csv:
        write_csv(decoded, stream)
    elif fmt is ExportFormat.jsonld:
        _write_graph(jsonld_nodes(decoded), stream, one_node_a_line)
    elif fmt is ExportFormat.claimreview:
        _write_graph(claimreview_nodes(decoded), stream, one_node_a_line)
    else:
        dumped = [result.model_dump(mode="json") for result in decoded]
        stream.write(json_bytes(dumped[0] if len(dumped) == 1 else dumped, indent=INDENT) + b"\n")


def _write_graph(nodes: Iterator[dict[str, Any]], stream: BinaryIO, one_node_a_line: bool) -> None:
    """`{"@context": CONTEXT, "@graph": [nodes]}` and a newline, without holding the graph in memory."""
    if one_node_a_line:
        stream.write(b'{"@context": ' + _script_safe(CONTEXT) + b', "@graph": [')
        separator = b"\n"
        for node in nodes:
            stream.write(separator + _script_safe(node))
            separator = b",\n"
        stream.write(b"\n]}\n")
        return
    # The bytes of script_safe_json(document, indent=2): each node indented two levels
    # deeper. A newline in JSON text is always layout (strings escape theirs).
    stream.write(b'{\n  "@context": ' + _indented(CONTEXT, 1) + b',\n  "@graph": [')
    separator = b"\n"
    for node in nodes:
        stream.write(separator + b"    " + _indented(node, 2))
        separator = b",\n"
    stream.write(b"]\n}\n" if separator == b"\n" else b"\n  ]\n}\n")


def _script_safe(data: Any, indent: int | None = None) -> bytes:
    """`data` as UTF-8 script-safe JSON (the Arabic letters as they are)."""
    return script_safe_json(data, indent=indent).encode("utf-8")


def _indented(data: Any, level: int) -> bytes:
    """`data` as indented script-safe JSON whose every line after the first is `level` indents further in."""
    return _script_safe(data, indent=INDENT).replace(b"\n", b"\n" + b" " * (INDENT * level))
