"""Exports for fact-checking tools: schema.org JSON-LD, draft ClaimReview stubs, and CSV.

Every export keeps the text in logical Unicode order, exactly as the spans
hold it: nothing is reshaped or reordered for display.

The JSON-LD carries its context inline (schema.org as `@vocab`, plus the
`attrib:` prefix for what schema.org has no term for: cue, stance, type,
offsets), so a JSON-LD processor never needs the network to read it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO
from urllib.parse import quote, urlsplit

from attrib.models import ArticleClaims, ArticleInfo, Claim, Span
from attrib.present.terminal import shorten

SCHEMA = "https://schema.org/"
# A URN, not a URL: nothing is published at it, so no processor will try to fetch it.
ATTRIB_VOCAB = "urn:attrib:vocab:"
ARTICLE_IRI = "urn:attrib:article:"
CLAIM_IRI = "urn:attrib:claim:"
LANGUAGE = "ar"

# Strings are Arabic text (`"@language": "ar"`) unless their term says they
# are a code, a date or an identifier.
NOT_TEXT = (
    "identifier", "datePublished", "inLanguage", "creativeWorkStatus",
    "attrib:claimId", "attrib:stance", "attrib:claimType", "attrib:kind",
)
CONTEXT: dict[str, Any] = {
    "@vocab": SCHEMA,
    "@language": LANGUAGE,
    "attrib": ATTRIB_VOCAB,
    # schema.org's own context makes it an IRI, not a string.
    "url": {"@type": "@id"},
    **{term: {"@language": None} for term in NOT_TEXT},
}

# schema.org's `author` is a Person or an Organization. Anonymous sources
# (مصدر مطلع، شهود عيان) are people; documents and leaks (تسريبات) are
# neither, and keep their speaker under `attrib:speaker` only.
AUTHOR_TYPES = {
    "person": "Person",
    "anonymous": "Person",
    "organization": "Organization",
    "media": "Organization",
}

# Google's ClaimReview guidelines: keep claimReviewed under 75 characters.
CLAIM_REVIEWED_LIMIT = 75
DRAFT = "Draft"  # schema.org creativeWorkStatus of a review not yet written

UTF8_BOM = "\ufeff"  # lets spreadsheet programs recognise UTF-8 (and so read Arabic)
# A cell starting with one of these is a formula to a spreadsheet program
# (CSV injection): it gets a leading apostrophe, which the program shows as text.
# Spreadsheets skip white space before a formula, and read the fullwidth forms
# (＝＋－＠, as an Arabic or CJK keyboard may type them) as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_GUARD = "'"

CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("claim_id", "`article-id:cue-start-cue-end`, stable across runs"),
    ("article_id", "the article's id (file name without extension, or the corpus `id`)"),
    ("article_title", "the article's title, if the input gave one"),
    ("article_url", "the article's URL, if the input gave one"),
    ("article_site", "the outlet that published the article, if the input named it (a page's site name, a record's `site`)"),
    ("article_date", "the article's date, as the input gave it"),
    ("sentence", "index of the sentence holding the cue, from 0"),
    ("speaker_name", "canonical name of the speaker: the fullest mention in the article; empty when nobody is named"),
    ("speaker_role", "title or description attached to the speaker (المتحدث باسم الوزارة)"),
    ("speaker_kind", "person, organization, media, anonymous or other"),
    ("speaker", "the speaker's mention in this sentence, as written"),
    ("source", "the outlet the article credits for the claim; empty when none"),
    ("cue", "the reporting expression as written, with its clitics"),
    ("cue_lemma", "the dictionary form the cue inflects"),
    ("stance", "neutral, assert, deny, allege, opinion, hedge, support, oppose, warn or call"),
    ("type", "direct, indirect, mixed or according_to"),
    ("content", "what was said, line breaks included"),
    ("cue_start", "offset of the cue in the article text, in Unicode code points"),
    ("cue_end", "offset just after the cue"),
    ("speaker_start", "offset of the speaker mention; empty when there is none"),
    ("speaker_end", "offset just after the speaker mention"),
    ("source_start", "offset of the source; empty when there is none"),
    ("source_end", "offset just after the source"),
    ("content_start", "offset of the content"),
    ("content_end", "offset just after the content"),
)
CSV_HEADER = tuple(name for name, _ in CSV_COLUMNS)


# JSON-LD and ClaimReview are pasted into `<script type="application/ld+json">`: a `</script>`
# (or `<!--`) in a claim would end the block there and run what follows. JSON syntax has no
# `<`, `>` or `&` outside strings, so escaping them everywhere keeps the same data.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_safe_json(data: Any, indent: int | None = None) -> str:
    """JSON (Arabic letters as they are) that can sit inside an HTML `<script>` block: `<`, `>`, `&`
    (and the line separators JavaScript once rejected) as `\\u003c`-style escapes."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(SCRIPT_SAFE)


def to_jsonld(results: Iterable[ArticleClaims]) -> dict[str, Any]:
    """One JSON-LD document: a `NewsArticle` node per article and a `Claim` node per claim."""
    return {"@context": CONTEXT, "@graph": list(jsonld_nodes(results))}


def jsonld_nodes(results: Iterable[ArticleClaims]) -> Iterator[dict[str, Any]]:
    """The nodes of `to_jsonld`'s graph, one at a time: each article, then its claims."""
    for result in results:
        yield article_node(result.article)
        for claim in result.claims:
            yield claim_node(claim, result.article)


def to_claimreview(results: Iterable[ArticleClaims]) -> dict[str, Any]:
    """Draft `ClaimReview` stubs, one per claim, for a fact-checker to complete.

    Each stub is marked `creativeWorkStatus: Draft`; its rating, author, URL and
    date are left `null` (a JSON-LD processor ignores them until filled). The
    claim it reviews is embedded whole, with the article it appeared in.
    """
    return {"@context": CONTEXT, "@graph": list(claimreview_nodes(results))}


def claimreview_nodes(results: Iterable[ArticleClaims]) -> Iterator[dict[str, Any]]:
    """The stubs of `to_claimreview`'s graph, one at a time."""
    for result in results:
        article = article_node(result.article)
        for claim in result.claims:
            item = claim_node(claim, result.article)
            item["appearance"] = article
            yield {
                "@type": "ClaimReview",
                "creativeWorkStatus": DRAFT,
                "claimReviewed": shorten(claim.content.text, CLAIM_REVIEWED_LIMIT),
                "itemReviewed": item,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": None,
                    "bestRating": None,
                    "worstRating": None,
                    "alternateName": None,
                },
                "author": None,
                "url": None,
                "datePublished": None,
                "inLanguage": LANGUAGE,
            }


def write_csv(results: Iterable[ArticleClaims], stream: BinaryIO) -> int:
    """Write one claim a row (columns: `CSV_COLUMNS`), UTF-8 with a byte order mark; return the rows written."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        text.write(UTF8_BOM)
        writer = csv.writer(text)
        writer.writerow(CSV_HEADER)
        count = 0
        for row in csv_rows(results):
            writer.writerow(row)
            count += 1
        text.flush()
    finally:
        text.detach()  # the caller owns the stream: do not close it
    return count


def csv_rows(results: Iterable[ArticleClaims]) -> Iterator[list[str | int]]:
    """The rows of `write_csv`, without the header, in `CSV_HEADER` order."""
    for result in results:
        article = result.article
        for claim in result.claims:
            speaker, source = claim.speaker, claim.source
            cells: list[str | int | None] = [
                claim.id,
                article.id,
                article.title,
                article.url,
                article.site,
                article.date,
                claim.sentence,
                speaker.name if speaker else None,
                speaker.role if speaker else None,
                speaker.kind if speaker else None,
                speaker.text if speaker else None,
                source.text if source else None,
                claim.cue.text,
                claim.cue.lemma,
                claim.stance,
                claim.type,
                claim.content.text,
                claim.cue.start,
                claim.cue.end,
                speaker.start if speaker else None,
                speaker.end if speaker else None,
                source.start if source else None,
                source.end if source else None,
                claim.content.start,
                claim.content.end,
            ]
            yield [_cell(value) for value in cells]


def _cell(value: str | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)):
        return FORMULA_GUARD + value
    return value


def article_iri(article: ArticleInfo) -> str:
    """The article's URL when it is an absolute web address, else a URN made from its id."""
    return _web_url(article.url) or ARTICLE_IRI + quote(article.id, safe=":")


def claim_iri(claim: Claim) -> str:
    """A URN made from the claim's id, which is stable across runs."""
    return CLAIM_IRI + quote(claim.id, safe=":")


def article_node(article: ArticleInfo) -> dict[str, Any]:
    """The `NewsArticle` node: identifier, headline, url, date, publisher, language."""
    node: dict[str, Any] = {
        "@id": article_iri(article),
        "@type": "NewsArticle",
        "identifier": article.id,
        "inLanguage": LANGUAGE,
    }
    if article.title:
        node["headline"] = article.title
    url = _web_url(article.url)
    if url:
        node["url"] = url
    publisher = _publisher(article.site, url)
    if publisher:
        node["publisher"] = publisher
    if article.date:
        node["datePublished"] = article.date
    return node


def claim_node(claim: Claim, article: ArticleInfo) -> dict[str, Any]:
    """The `Claim` node: schema.org terms first, then the attribution under `attrib:`."""
    node: dict[str, Any] = {
        "@id": claim_iri(claim),
        "@type": "Claim",
        "text": claim.content.text,
    }
    speaker = claim.speaker
    if speaker is not None and speaker.kind in AUTHOR_TYPES:
        author: dict[str, Any] = {"@type": AUTHOR_TYPES[speaker.kind], "name": speaker.name}
        if speaker.role and author["@type"] == "Person":
            author["jobTitle"] = speaker.role
        node["author"] = author
    node["appearance"] = {"@id": article_iri(article)}
    if article.date:
        node["datePublished"] = article.date
    node["attrib:claimId"] = claim.id
    node["attrib:sentence"] = claim.sentence
    node["attrib:stance"] = claim.stance
    node["attrib:claimType"] = claim.type
    node["attrib:cue"] = {**_span(claim.cue), "attrib:lemma": claim.cue.lemma}
    if speaker is not None:
        node["attrib:speaker"] = {
            **_span(speaker),
            "attrib:name": speaker.name,
            "attrib:role": speaker.role,
            "attrib:kind": speaker.kind,
        }
    if claim.source is not None:
        node["attrib:source"] = _span(claim.source)
    node["attrib:content"] = _span(claim.content)
    return node


def _publisher(site: str | None, url: str | None) -> dict[str, Any] | None:
    """The outlet that published the article: its site name if the input gave one, else the
    web site's host name; with the site's address when the article's URL is known."""
    if not site and not url:
        return None
    publisher: dict[str, Any] = {"@type": "Organization"}
    if url:
        parts = urlsplit(url)
        home = f"{parts.scheme}://{parts.netloc}/"
        publisher["@id"] = home  # one node however many times the article is embedded
        publisher["url"] = home
        host = parts.hostname or parts.netloc
        site = site or host.removeprefix("www.")
    # A site's name may be Arabic or Latin, a host name is neither: no language tag.
    publisher["name"] = {"@value": site}
    return publisher


def _span(span: Span) -> dict[str, Any]:
    """A piece of the article: its text and its offsets in Unicode code points."""
    return {
        "@type": "attrib:Span",
        "attrib:text": span.text,
        "attrib:start": span.start,
        "attrib:end": span.end,
    }


def _web_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) address (a JSON-LD IRI must be absolute), else None."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None
