"""Issue 11, items 20-24: cost that grows faster than the work.

Each test shows the cost without timing anything: outputs identical to the
old way, streams that write before they have read everything, work that is
counted, and limits that are reported.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli import main as cli_main
from attrib.cli.common import json_bytes
from attrib.cli.main import app
from attrib.extract.pipeline import extract
from attrib.models import Article, ArticleClaims
from attrib.present.exports import (
    claimreview_nodes,
    jsonld_nodes,
    to_claimreview,
    to_jsonld,
    write_graph,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d86e76bf4fb47010.txt"

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_results() -> list[ArticleClaims]:
    text = SEED.read_text(encoding="utf-8")
    first = extract(Article(id="one", text=text, url="https://www.example.com/a", date="2024-12-19"))
    second = extract(Article(id="two", text=text, title="عنوان", site="الموقع"))
    assert first.claims
    return [first, second]


# Item 22: JSON-LD and ClaimReview exports written a node at a time.


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("kind", ["jsonld", "claimreview"])
def test_graph_written_a_node_at_a_time_is_the_document_dumped_at_once(
    seed_results: list[ArticleClaims], kind: str, count: int
) -> None:
    results = seed_results[:count]
    whole, nodes = (to_jsonld, jsonld_nodes) if kind == "jsonld" else (to_claimreview, claimreview_nodes)
    stream = io.BytesIO()
    written = write_graph(nodes(results), stream)
    assert stream.getvalue() == json_bytes(whole(results), indent=2) + b"\n"
    assert written == len(whole(results)["@graph"])


@pytest.mark.parametrize("kind", ["jsonld", "claimreview"])
def test_export_writes_the_first_node_before_reading_the_last_article(
    seed_results: list[ArticleClaims], kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = io.BytesIO()
    seen_before_last: list[bytes] = []

    def results(*_: object) -> Iterator[ArticleClaims]:
        yield seed_results[0]
        seen_before_last.append(out.getvalue())
        yield seed_results[1]

    @contextmanager
    def output_stream(_: object) -> Iterator[io.BytesIO]:
        yield out

    monkeypatch.setattr(cli_main, "_extract_all", results)
    monkeypatch.setattr(cli_main, "output_stream", output_stream)
    outcome = runner.invoke(app, ["export", str(SEED), "--format", kind])
    assert outcome.exit_code == 0, outcome.output
    first_claim = seed_results[0].claims[0].id
    assert first_claim.encode("utf-8") in seen_before_last[0]
    assert len(json.loads(out.getvalue())["@graph"]) > 1
