"""The tracker's views of a claim database: speakers across the corpus, selected claims, stories.

Each function takes an open ClaimStore and the aliases, and returns plain
data; present/tracker_tables.py lays it out and cli/db.py prints it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from attrib.lexicon.aliases import Aliases
from attrib.track.db import ClaimStore
from attrib.track.rows import ClaimQuery, StoredClaim
from attrib.track.search import fts_query
from attrib.track.speakers import Speaker, SpeakerIndex
from attrib.track.stories import Story, find_stories, report_of


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


@dataclass
class SpeakerTimeline:
    """A speaker's claims, newest first, and the stories among them: what the desk draws for a speaker."""

    speaker: Speaker
    claims: list[StoredClaim]
    stories: list[Story]


def speaker_timeline(store: ClaimStore, aliases: Aliases, name: str) -> SpeakerTimeline | None:
    """The speaker of a name as stored (a cell of the database), else the one speaker a name or alias
    finds (`--speaker`); None if it finds none or several."""
    index = speaker_index(store, aliases)
    speaker = index.speaker_of(name)
    if speaker is None:
        found = index.find(name, aliases)
        if len(found) != 1:
            return None
        speaker = found[0]
    claims = list(store.claims(ClaimQuery(speaker_names=frozenset(speaker.names))))
    return SpeakerTimeline(speaker, claims, find_stories(claims, index))


def story_of(store: ClaimStore, aliases: Aliases, claim_id: str) -> Story | None:
    """The story a claim is a report of, among its speaker's claims; a story of that one report when no
    other article carries the statement; None for an unknown claim or one without a speaker."""
    stored = next(store.claims(ClaimQuery(claim_id=claim_id)), None)
    if stored is None or stored.claim.speaker is None:
        return None
    index = speaker_index(store, aliases)
    speaker = index.speaker_of(stored.claim.speaker.name)
    if speaker is None:
        return None
    for story in find_stories(store.claims(ClaimQuery(speaker_names=frozenset(speaker.names))), index):
        if any(report.claim_id == claim_id for report in story.reports):
            return story
    return Story(speaker, stored.claim.content.text, [report_of(stored)])
