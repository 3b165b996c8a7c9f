"""The fact-checkers' exports: each is parsed back and compared with the claims it came from.

JSON-LD is read with a JSON-LD processor (pyld), turned into RDF triples, and
the triples are checked; the processor is given a document loader that fails,
so that nothing may need the network.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.extract.pipeline import extract
from attrib.models import Article, ArticleClaims, ArticleInfo, Claim
from attrib.present.bidi import FSI, LRI, PDI, RLI
from attrib.present.exports import (
    ATTRIB_VOCAB,
    CLAIM_REVIEWED_LIMIT,
    CSV_COLUMNS,
    CSV_HEADER,
    DRAFT,
    FORMULA_GUARD,
    SCHEMA,
    UTF8_BOM,
    article_iri,
    claim_iri,
    to_claimreview,
    to_jsonld,
    write_csv,
)

jsonld = pytest.importorskip("pyld.jsonld", reason="pyld is in the test extra: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d86e76bf4fb47010.txt"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
BIDI_CONTROLS = (FSI, LRI, RLI, PDI, "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u200e", "\u200f")

runner = CliRunner()

# Edge cases the seed lacks: no speaker, a document as speaker, a spreadsheet
# formula at the start of a value, markup and a line break in the content.
EDGE_TEXT = (
    'وقيل إن =SUM(A1) هو "الرقم <b>الصحيح</b>"\nفي التقرير. '
    "وكشفت تسريبات سابقة أن الاتفاق وقع."
)


def _span(text: str, piece: str, after: int = 0) -> dict[str, Any]:
    start = text.index(piece, after)
    return {"text": piece, "start": start, "end": start + len(piece)}


def _edge_article() -> tuple[str, ArticleClaims]:
    text = EDGE_TEXT
    claims = [
        Claim.model_validate({
            "id": "edge:0-4", "sentence": 0, "cue": {**_span(text, "وقيل"), "lemma": "قيل"},
            "speaker": None, "source": None,
            "content": _span(text, '=SUM(A1) هو "الرقم <b>الصحيح</b>"\nفي التقرير'),
            "stance": "allege", "type": "mixed",
        }),
        Claim.model_validate({
            "id": "edge:kashf", "sentence": 1, "cue": {**_span(text, "وكشفت"), "lemma": "كشف"},
            "speaker": {**_span(text, "تسريبات سابقة"), "name": "تسريبات سابقة", "role": None, "kind": "other"},
            "source": None, "content": _span(text, "الاتفاق وقع"), "stance": "neutral", "type": "indirect",
        }),
    ]
    info = ArticleInfo(id="edge case/1", title=None, url="javascript:alert(1)", date=None, length=len(text))
    return text, ArticleClaims(article=info, claims=claims)


def _seed_article() -> tuple[str, ArticleClaims]:
    text = SEED.read_text(encoding="utf-8")
    article = Article(
        id=SEED.stem, text=text, title="تعاون سوري عراقي لمكافحة الإرهاب",
        url="https://www.example.com/news/1?x=1", date="2024-12-19",
    )
    return text, extract(article)


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, ArticleClaims]]:
    articles = [_seed_article(), _edge_article()]
    assert len(articles[0][1].claims) >= 5  # the seed has claims of every shape to compare
    return articles


@pytest.fixture(autouse=True)
def no_network() -> Iterator[None]:
    """Any attempt of the JSON-LD processor to fetch a document fails the test."""

    def refuse(url: str, options: dict[str, Any] | None = None) -> None:
        raise AssertionError(f"the JSON-LD processor tried to fetch {url}")

    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(refuse)
    yield
    jsonld.set_document_loader(previous)


# --- JSON-LD ---------------------------------------------------------------------


class Triples:
    """The RDF triples of a JSON-LD document, as pyld produces them, with look-ups."""

    def __init__(self, document: dict[str, Any]) -> None:
        dataset = jsonld.to_rdf(document)
        self.triples = [
            (t["subject"]["value"], t["predicate"]["value"], t["object"]) for t in dataset["@default"]
        ]

    def objects(self, subject: str, predicate: str) -> list[dict[str, Any]]:
        return [o for s, p, o in self.triples if s == subject and p == predicate]

    def one(self, subject: str, predicate: str) -> dict[str, Any]:
        [found] = self.objects(subject, predicate)
        return found

    def value(self, subject: str, predicate: str) -> str:
        return str(self.one(subject, predicate)["value"])

    def subjects_of_type(self, rdf_type: str) -> list[str]:
        return [s for s, p, o in self.triples if p == RDF_TYPE and o["value"] == rdf_type]


def schema(term: str) -> str:
    return SCHEMA + term


def vocab(term: str) -> str:
    return ATTRIB_VOCAB + term


def test_jsonld_expands_without_the_network(articles: list[tuple[str, ArticleClaims]]) -> None:
    document = to_jsonld(result for _, result in articles)
    expanded = jsonld.expand(document)
    types = {t for node in expanded for t in node.get("@type", [])}
    assert types == {schema("NewsArticle"), schema("Claim")}


def test_jsonld_article_node(articles: list[tuple[str, ArticleClaims]]) -> None:
    _, result = articles[0]
    graph = Triples(to_jsonld([result]))
    iri = "https://www.example.com/news/1?x=1"
    assert graph.subjects_of_type(schema("NewsArticle")) == [iri]
    assert graph.value(iri, schema("url")) == iri
    assert graph.one(iri, schema("headline")) == {
        "type": "literal", "value": result.article.title,
        "datatype": "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "language": "ar",
    }
    assert graph.value(iri, schema("inLanguage")) == "ar"
    assert graph.value(iri, schema("datePublished")) == "2024-12-19"
    assert graph.value(iri, schema("identifier")) == SEED.stem
    publisher = graph.value(iri, schema("publisher"))
    assert graph.value(publisher, RDF_TYPE) == schema("Organization")
    assert graph.value(publisher, schema("name")) == "example.com"


def test_jsonld_has_one_claim_node_per_claim_with_its_attribution(
    articles: list[tuple[str, ArticleClaims]],
) -> None:
    graph = Triples(to_jsonld(result for _, result in articles))
    claims = [(text, result.article, claim) for text, result in articles for claim in result.claims]
    assert sorted(graph.subjects_of_type(schema("Claim"))) == sorted(claim_iri(c) for _, _, c in claims)
    for text, article, claim in claims:
        node = claim_iri(claim)
        assert graph.one(node, schema("text"))["value"] == claim.content.text
        assert graph.one(node, schema("text"))["language"] == "ar"
        assert graph.value(node, schema("appearance")) == article_iri(article)
        assert graph.value(node, vocab("stance")) == claim.stance
        assert graph.value(node, vocab("claimType")) == claim.type
        assert graph.value(node, vocab("claimId")) == claim.id
        # Every span comes back with integer offsets that point into the text.
        for role, span in (("cue", claim.cue), ("speaker", claim.speaker),
                           ("source", claim.source), ("content", claim.content)):
            if span is None:
                assert graph.objects(node, vocab(role)) == []
                continue
            piece = graph.value(node, vocab(role))
            start, end = graph.one(piece, vocab("start")), graph.one(piece, vocab("end"))
            assert start["datatype"] == end["datatype"] == XSD_INTEGER
            assert text[int(start["value"]):int(end["value"])] == graph.value(piece, vocab("text")) == span.text
        assert graph.value(graph.value(node, vocab("cue")), vocab("lemma")) == claim.cue.lemma


def test_jsonld_authors_are_people_or_organizations_with_name_and_job_title(
    articles: list[tuple[str, ArticleClaims]],
) -> None:
    graph = Triples(to_jsonld(result for _, result in articles))
    kinds = set()
    for _, result in articles:
        for claim in result.claims:
            authors = graph.objects(claim_iri(claim), schema("author"))
            speaker = claim.speaker
            if speaker is None or speaker.kind in ("other", None):
                assert authors == []
                continue
            author = authors[0]["value"]
            expected = "Person" if speaker.kind in ("person", "anonymous") else "Organization"
            assert graph.value(author, RDF_TYPE) == schema(expected)
            assert graph.value(author, schema("name")) == speaker.name
            titles = [o["value"] for o in graph.objects(author, schema("jobTitle"))]
            assert titles == ([speaker.role] if speaker.role and expected == "Person" else [])
            kinds.add(speaker.kind)
    assert {"person", "media"} <= kinds  # the seed has both


def test_jsonld_publisher_is_the_site_named_by_the_input(articles: list[tuple[str, ArticleClaims]]) -> None:
    _, seed = articles[0]
    named = seed.model_copy(update={"article": seed.article.model_copy(update={"site": "الجزيرة نت"})})
    graph = Triples(to_jsonld([named]))
    publisher = graph.value("https://www.example.com/news/1?x=1", schema("publisher"))
    assert publisher == "https://www.example.com/"
    assert graph.value(publisher, schema("name")) == "الجزيرة نت"
    assert graph.value(publisher, schema("url")) == "https://www.example.com/"
    rows = _read_csv(_csv_bytes([named]))
    assert {row["article_site"] for row in rows} == {"الجزيرة نت"}


def test_jsonld_without_a_web_url_names_the_article_by_a_urn(
    articles: list[tuple[str, ArticleClaims]],
) -> None:
    _, edge = articles[1]
    graph = Triples(to_jsonld([edge]))
    [iri] = graph.subjects_of_type(schema("NewsArticle"))
    assert iri == "urn:attrib:article:edge%20case%2F1"
    assert graph.objects(iri, schema("url")) == []  # a javascript: "URL" is not published


# --- ClaimReview -----------------------------------------------------------------


def test_claimreview_stubs_are_drafts_with_an_empty_rating(articles: list[tuple[str, ArticleClaims]]) -> None:
    document = to_claimreview(result for _, result in articles)
    graph = Triples(document)
    reviews = graph.subjects_of_type(schema("ClaimReview"))
    claims = [claim for _, result in articles for claim in result.claims]
    assert len(reviews) == len(claims)
    by_claim = {graph.value(review, schema("itemReviewed")): review for review in reviews}
    for claim in claims:
        review = by_claim[claim_iri(claim)]
        assert graph.value(review, schema("creativeWorkStatus")) == DRAFT
        rating = graph.value(review, schema("reviewRating"))
        assert [p for s, p, _ in graph.triples if s == rating] == [RDF_TYPE]  # nothing filled in
        for left_empty in ("author", "url", "datePublished"):
            assert graph.objects(review, schema(left_empty)) == []
        assert graph.value(claim_iri(claim), RDF_TYPE) == schema("Claim")
        assert graph.value(claim_iri(claim), schema("text")) == claim.content.text


def test_claimreview_keeps_claim_reviewed_short(articles: list[tuple[str, ArticleClaims]]) -> None:
    document = to_claimreview(result for _, result in articles)
    claims = [claim for _, result in articles for claim in result.claims]
    for stub, claim in zip(document["@graph"], claims, strict=True):
        short = stub["claimReviewed"]
        assert len(short) <= CLAIM_REVIEWED_LIMIT
        words = " ".join(claim.content.text.split())
        assert words.startswith(short.removesuffix("…"))
    assert any(stub["claimReviewed"].endswith("…") for stub in document["@graph"])


def test_claimreview_embeds_the_article_once_per_review_without_duplicating_the_publisher(
    articles: list[tuple[str, ArticleClaims]],
) -> None:
    _, seed = articles[0]
    graph = Triples(to_claimreview([seed]))
    iri = "https://www.example.com/news/1?x=1"
    assert graph.subjects_of_type(schema("NewsArticle")) == [iri]
    assert len(graph.objects(iri, schema("publisher"))) == 1


# --- CSV -------------------------------------------------------------------------


def _csv_bytes(results: list[ArticleClaims]) -> bytes:
    stream = io.BytesIO()
    assert write_csv(results, stream) == sum(len(result.claims) for result in results)
    return stream.getvalue()


def _read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(UTF8_BOM.encode("utf-8"))
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_HEADER
    return list(reader)


def test_csv_has_one_row_per_claim_matching_it(articles: list[tuple[str, ArticleClaims]]) -> None:
    rows = _read_csv(_csv_bytes([result for _, result in articles]))
    pairs = [(text, result.article, claim) for text, result in articles for claim in result.claims]
    assert len(rows) == len(pairs)
    for row, (text, article, claim) in zip(rows, pairs, strict=True):
        assert row["claim_id"] == claim.id
        assert row["article_id"] == article.id
        assert row["stance"] == claim.stance and row["type"] == claim.type
        assert row["cue_lemma"] == claim.cue.lemma
        assert row["sentence"] == str(claim.sentence)
        for role, span in (("cue", claim.cue), ("speaker", claim.speaker),
                           ("source", claim.source), ("content", claim.content)):
            if span is None:
                assert row[role] == row[f"{role}_start"] == row[f"{role}_end"] == ""
                continue
            value = row[role].removeprefix(FORMULA_GUARD) if row[role] != span.text else row[role]
            assert value == span.text
            assert text[int(row[f"{role}_start"]):int(row[f"{role}_end"])] == span.text
        speaker = claim.speaker
        assert row["speaker_name"] == (speaker.name if speaker else "")
        assert row["speaker_role"] == ((speaker.role or "") if speaker else "")
        assert row["speaker_kind"] == ((speaker.kind or "") if speaker else "")


def test_csv_keeps_line_breaks_and_guards_formulas(articles: list[tuple[str, ArticleClaims]]) -> None:
    _, edge = articles[1]
    [first, _] = _read_csv(_csv_bytes([edge]))
    assert first["content"] == FORMULA_GUARD + edge.claims[0].content.text
    assert "\n" in first["content"] and "<b>" in first["content"]


def test_every_csv_column_is_documented_in_the_formats_page() -> None:
    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for name, description in CSV_COLUMNS:
        assert description
        assert f"| `{name}` |" in page, name


# --- all formats, through the command line --------------------------------------


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    path = tmp_path / f"{SEED.stem}.txt"
    path.write_bytes(SEED.read_bytes())
    return path


def _strings(data: Any) -> Iterator[str]:
    """Every string in a JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@pytest.mark.parametrize("output_format", ["jsonld", "claimreview", "csv"])
def test_exports_keep_text_in_logical_order(seed_copy: Path, output_format: str) -> None:
    result = runner.invoke(app, ["export", str(seed_copy), "--format", output_format])
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        strings = {cell for row in _read_csv(result.stdout_bytes) for cell in row.values()}
    else:
        assert "\\u06" not in result.stdout  # Arabic letters as they are, not escaped
        strings = set(_strings(json.loads(result.stdout)))
    text = SEED.read_text(encoding="utf-8")
    assert not any(control in value for value in strings for control in BIDI_CONTROLS)
    for claim in extract(Article(id=SEED.stem, text=text)).claims:
        # The very code points of the text, in the same order: nothing reshaped or reversed.
        assert claim.cue.text in strings
        assert claim.content.text in strings


def test_export_jsonld_from_the_command_line_is_the_library_document(seed_copy: Path) -> None:
    result = runner.invoke(app, ["export", str(seed_copy), "--format", "jsonld"])
    assert result.exit_code == 0, result.output
    text = SEED.read_text(encoding="utf-8")
    expected = to_jsonld([extract(Article(id=SEED.stem, text=text))])
    assert json.loads(result.stdout) == expected
    assert jsonld.expand(json.loads(result.stdout))


def test_export_csv_to_a_file(seed_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "claims.csv"
    result = runner.invoke(app, ["export", str(seed_copy), "--format", "csv", "-o", str(output)])
    assert result.exit_code == 0, result.output
    rows = _read_csv(output.read_bytes())
    text = SEED.read_text(encoding="utf-8")
    assert [row["claim_id"] for row in rows] == [c.id for c in extract(Article(id=SEED.stem, text=text)).claims]
