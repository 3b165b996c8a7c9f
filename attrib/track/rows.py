"""The claim database's rows: what a query selects, as SQL, and rows back to claims and articles."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from urllib.parse import urlsplit

import regex

from attrib.fold import ARABIC_INDIC_DIGITS, fold
from attrib.models import ArticleInfo, Claim, CueSpan, Span, SpeakerSpan
from attrib.track.search import index_form

_ISO_DAY = regex.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


@dataclass(frozen=True)
class ClaimQuery:
    """Which claims to select; every condition given must hold."""

    speaker_names: frozenset[str] | None = None  # as stored: the names of the speakers asked for
    source: str | None = None  # credited or published by an outlet whose name contains this
    stance: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    search: str | None = None  # FTS5 query over folded content (fts_query)
    claim_id: str | None = None  # the claim of this id (article:cue offsets) alone

    @property
    def everything(self) -> bool:
        """Does the query select every claim?"""
        return self == ClaimQuery()


@dataclass(frozen=True)
class StoredClaim:
    """A claim as the database holds it, with what the tracker shows of its article."""

    claim: Claim
    article_id: str
    title: str | None
    url: str | None
    date: str | None
    day: str | None
    outlet: str | None
    position: int = 0  # the claim's place in its article (0 for the first)


def index_columns(content: str, speaker: str | None, source: str | None, outlet: str | None) -> tuple[str, str, str]:
    """The search index's columns of a claim: its content, speaker, and the outlets it comes through."""
    return index_form(content), index_form(speaker or ""), index_form(" ".join(filter(None, (source, outlet))))


def publisher(info: ArticleInfo) -> str | None:
    """The outlet that published an article: its site name, else its url's host without www."""
    if info.site:
        return info.site
    if info.url:
        try:
            host = urlsplit(info.url).hostname
        except ValueError:
            return None
        if host:
            return host.removeprefix("www.")
    return None


def iso_day(date: str | None) -> str | None:
    """`2024-03-01` for a date that starts that way (2024-3-1, 2024/03/01T10:00, ٢٠٢٤-٠٣-٠١)."""
    if not date:
        return None
    found = _ISO_DAY.search(date.translate(ARABIC_INDIC_DIGITS))
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


CLAIM_SELECT = ", ".join(
    f"c.{column}" for column in (
        "id", "article_id", "position", "sentence", "cue", "cue_start", "cue_end", "lemma",
        "speaker", "speaker_start", "speaker_end", "speaker_name", "role", "kind",
        "source", "source_start", "source_end", "content", "content_start", "content_end", "stance", "type",
    )
)


def conditions(query: ClaimQuery) -> tuple[str, dict[str, object]]:
    conditions = ["1"]
    params: dict[str, object] = {}
    if query.speaker_names is not None:
        conditions.append("c.speaker_name IN (SELECT value FROM json_each(:names))")
        params["names"] = json.dumps(sorted(query.speaker_names), ensure_ascii=False)
    if query.source:
        conditions.append("(instr(c.source_key, :source) OR instr(a.outlet_key, :source))")
        params["source"] = fold(query.source)
    if query.stance:
        conditions.append("c.stance = :stance")
        params["stance"] = query.stance
    if query.since:
        conditions.append("a.day >= :since")
        params["since"] = query.since
    if query.until:
        conditions.append("a.day <= :until")
        params["until"] = query.until
    if query.search:
        conditions.append("c.n IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :search)")
        params["search"] = query.search
    if query.claim_id is not None:
        conditions.append("c.id = :claim_id")
        params["claim_id"] = query.claim_id
    return " AND ".join(conditions), params


def claim_from_row(row: sqlite3.Row) -> Claim:
    speaker = None
    if row["speaker"] is not None:
        speaker = SpeakerSpan(
            text=row["speaker"], start=row["speaker_start"], end=row["speaker_end"],
            name=row["speaker_name"], role=row["role"], kind=row["kind"],
        )
    source = None
    if row["source"] is not None:
        source = Span(text=row["source"], start=row["source_start"], end=row["source_end"])
    return Claim(
        id=row["id"],
        sentence=row["sentence"],
        cue=CueSpan(text=row["cue"], start=row["cue_start"], end=row["cue_end"], lemma=row["lemma"]),
        speaker=speaker,
        source=source,
        content=Span(text=row["content"], start=row["content_start"], end=row["content_end"]),
        stance=row["stance"],
        type=row["type"],
    )


def info_from_row(row: sqlite3.Row) -> ArticleInfo:
    return ArticleInfo(
        id=row["id"], title=row["title"], url=row["url"], date=row["date"], length=row["length"],
        site=row["site"], encoding=row["encoding"], text=row["text"],
    )
