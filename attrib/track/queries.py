"""The tracker's views of a claim database: speakers across the corpus, selected claims, stories.

Each function takes an open ClaimStore and the aliases, and returns plain
data; present/tracker_tables.py lays it out and cli/db.py prints it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from attrib.lexicon.aliases import Aliases
from attrib.track.db import ClaimQuery, ClaimStore, StoredClaim
from attrib.track.search import fts_query
from attrib.track.speakers import Speaker, SpeakerIndex
from attrib.track.stories import Story, find_stories


@dataclass
class SpeakerStats:
    """A speaker across the corpus: who, and what the corpus has of them."""

    speaker: Speaker
    claims: int = 0
    articles: set[str] = field(default_factory=set)
    stances: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)  # publishers of the articles quoting them
    sources: Counter[str] = field(default_factory=Counter)  # outlets the articles credit for it


@dataclass(frozen=True)
class Filters:
    """What the user asked for on the command line; any may be None."""

    speaker: str | None = None
    source: str | None = None
    stance: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None


def speaker_index(store: ClaimStore, aliases: Aliases) -> SpeakerIndex:
    """Every speaker of the database, names merged (speakers.py)."""
    return SpeakerIndex(store.name_uses(), aliases)


def speaker_stats(store: ClaimStore, index: SpeakerIndex) -> list[SpeakerStats]:
    """One row per speaker: most claims first, then most articles, then by name."""
    stats: dict[str, SpeakerStats] = {}
    for stored in store.claims():
        speaker_span = stored.claim.speaker
        speaker = index.speaker_of(speaker_span.name) if speaker_span else None
        if speaker is None:
            continue
        row = stats.setdefault(speaker.id, SpeakerStats(speaker))
        row.claims += 1
        row.articles.add(stored.article_id)
        row.stances[stored.claim.stance] += 1
        if stored.outlet:
            row.outlets[stored.outlet] += 1
        if stored.claim.source:
            row.sources[" ".join(stored.claim.source.text.split())] += 1
    return sorted(stats.values(), key=lambda r: (-r.claims, -len(r.articles), r.speaker.name))


def claim_query(index: SpeakerIndex, aliases: Aliases, filters: Filters) -> ClaimQuery:
    """The database query for the filters; `--speaker` takes in every name merged into the speakers it finds."""
    names = None
    if filters.speaker is not None:
        names = frozenset(n for s in index.find(filters.speaker, aliases) for n in s.names)
    return ClaimQuery(
        speaker_names=names,
        source=filters.source,
        stance=filters.stance,
        since=filters.since,
        until=filters.until,
        search=fts_query(filters.search) if filters.search else None,
    )


def select_claims(store: ClaimStore, aliases: Aliases, filters: Filters) -> Iterator[tuple[StoredClaim, Speaker | None]]:
    """The claims the filters select, newest first (best match first for a search), each with its speaker."""
    index = speaker_index(store, aliases)
    query = claim_query(index, aliases, filters)
    for stored in store.claims(query, ranked=bool(query.search)):
        speaker = index.speaker_of(stored.claim.speaker.name) if stored.claim.speaker else None
        yield stored, speaker


def stories(
    store: ClaimStore, aliases: Aliases, filters: Filters, *, within_days: int | None = None
) -> list[Story]:
    """The statements carried by several articles, among the claims the filters select."""
    index = speaker_index(store, aliases)
    return find_stories(store.claims(claim_query(index, aliases, filters)), index, within_days=within_days)
