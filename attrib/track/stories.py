"""Stories: one statement carried by several articles, and how each outlet framed it.

Two claims tell the same statement when the same speaker (speakers.py) says
nearly the same thing: their contents share most of their words, weighted by
how rare each word is among the claims (an outlet rewords, adds a clause,
writes منطلقا for منطلقاً). One outlet wrote `أكد`, another `زعم`: the story
keeps each report's cue and stance, and says when the framings differ.

An article contributes at most one report to a story: two claims of one
article are two statements (قال ... وأضاف), never the same one carried twice.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from attrib.fold import stem, words
from attrib.track.db import StoredClaim
from attrib.track.speakers import Speaker, SpeakerIndex

SIMILAR = 0.6  # weighted share of the lighter content's words found in the other
MIN_SHARED = 3  # words in common, at least: short contents need identical wording
MIN_LETTERS = 3  # shorter words (في, من, لن, أن) carry no meaning of their own


@dataclass(frozen=True)
class Report:
    """One article's telling of the statement."""

    claim_id: str
    article_id: str
    outlet: str | None
    day: str | None
    title: str | None
    url: str | None
    cue: str
    lemma: str
    stance: str
    content: str
    source: str | None  # the outlet the article credits, if any


@dataclass
class Story:
    """A statement by one speaker carried by several articles."""

    speaker: Speaker
    content: str  # the report closest to all others
    reports: list[Report] = field(default_factory=list)  # oldest first

    @property
    def outlets(self) -> list[str]:
        """The outlets that carried it, in the order they did; unknown ones left out."""
        return list(dict.fromkeys(r.outlet for r in self.reports if r.outlet))

    @property
    def days(self) -> tuple[str | None, str | None]:
        """The first and last dates it was carried."""
        known = sorted(r.day for r in self.reports if r.day)
        return (known[0], known[-1]) if known else (None, None)

    @property
    def framings(self) -> dict[str, list[str]]:
        """The stances each outlet gave it (an article of unknown outlet under its id)."""
        stances: dict[str, list[str]] = defaultdict(list)
        for report in self.reports:
            key = report.outlet or report.article_id
            if report.stance not in stances[key]:
                stances[key].append(report.stance)
        return dict(stances)

    @property
    def divergent(self) -> bool:
        """Did the outlets frame it with different stances (one asserts, another alleges)?"""
        return len({r.stance for r in self.reports}) > 1


@dataclass
class _Item:
    stored: StoredClaim
    tokens: frozenset[str]


def find_stories(
    claims: Iterable[StoredClaim], speakers: SpeakerIndex, *, within_days: int | None = None
) -> list[Story]:
    """The statements carried by two articles or more: most outlets first, then framings that differ, then newest."""
    groups: dict[str, list[_Item]] = defaultdict(list)
    document_frequency: Counter[str] = Counter()
    total = 0
    for stored in claims:
        tokens = content_tokens(stored.claim.content.text)
        total += 1
        document_frequency.update(tokens)
        speaker = speakers.speaker_of(stored.claim.speaker.name) if stored.claim.speaker else None
        if speaker is not None and tokens:
            groups[speaker.id].append(_Item(stored, tokens))
    weight = {token: math.log((1 + total) / count) + 1 for token, count in document_frequency.items()}
    stories = []
    for speaker_id, items in groups.items():
        if len({item.stored.article_id for item in items}) < 2:
            continue
        for members in _cluster(items, weight, within_days):
            stories.append(_story(speakers.speakers[speaker_id], members, weight))
    return sorted(stories, key=_rank)


def content_tokens(text: str) -> frozenset[str]:
    """The words that make a content: folded, clitics split off, the shortest dropped."""
    return frozenset(s for s in (stem(w) for w in words(text)) if len(s) >= MIN_LETTERS)


def similarity(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> tuple[float, float]:
    """(containment, resemblance) of two contents, both weighted by rarity.

    Containment is the share of the lighter content's words found in the other:
    it decides whether two claims tell one statement (an outlet may quote less).
    Resemblance (weighted Jaccard) ranks the candidates: the closest wordings
    are linked first. Both are 0 when too few words are shared.
    """
    shared = a & b
    if not shared or len(shared) < min(MIN_SHARED, len(a), len(b)):
        return 0.0, 0.0
    common = sum(weight.get(t, 1.0) for t in shared)
    wa, wb = sum(weight.get(t, 1.0) for t in a), sum(weight.get(t, 1.0) for t in b)
    return common / min(wa, wb), common / (wa + wb - common)


def _cluster(items: list[_Item], weight: dict[str, float], within_days: int | None) -> list[list[_Item]]:
    """Link the most similar pairs first, never two claims of one article, nor dates too far apart."""
    by_token: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for token in item.tokens:
            by_token[token].append(i)
    pairs = []
    for i, item in enumerate(items):
        partners = {j for token in item.tokens for j in by_token[token] if j > i}
        for j in partners:
            if items[j].stored.article_id == item.stored.article_id:
                continue
            containment, resemblance = similarity(item.tokens, items[j].tokens, weight)
            if containment >= SIMILAR:
                pairs.append((resemblance, containment, i, j))
    parent = list(range(len(items)))
    articles = [{item.stored.article_id} for item in items]
    days = [[d] if (d := _day(item.stored.day)) else [] for item in items]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, i, j in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2], p[3])):
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        joined = days[ri] + days[rj]
        if within_days is not None and joined and (max(joined) - min(joined)).days > within_days:
            continue
        parent[rj] = ri
        articles[ri] |= articles[rj]
        days[ri] = joined
    clusters: dict[int, list[_Item]] = defaultdict(list)
    for i, item in enumerate(items):
        clusters[find(i)].append(item)
    return [members for members in clusters.values() if len(members) > 1]


def _story(speaker: Speaker, members: list[_Item], weight: dict[str, float]) -> Story:
    # The wording closest to all the others; on a tie the fuller one (its diacritics
    # kept, a clause more), then the first by claim id.
    def centrality(m: _Item) -> float:
        return sum(similarity(m.tokens, o.tokens, weight)[1] for o in members if o is not m)

    central = min(members, key=lambda m: (-centrality(m), -len(m.stored.claim.content.text), m.stored.claim.id))
    reports = sorted((_report(m.stored) for m in members), key=lambda r: (r.day or "9999", r.outlet or "", r.article_id))
    return Story(speaker=speaker, content=central.stored.claim.content.text, reports=reports)


def _report(stored: StoredClaim) -> Report:
    claim = stored.claim
    return Report(
        claim_id=claim.id, article_id=stored.article_id, outlet=stored.outlet, day=stored.day,
        title=stored.title, url=stored.url, cue=claim.cue.text, lemma=claim.cue.lemma,
        stance=claim.stance, content=claim.content.text, source=claim.source.text if claim.source else None,
    )


def _rank(story: Story) -> tuple[int, int, bool, int, str, str]:
    newest = _day(story.days[1])
    return (-len(story.outlets), -len(story.reports), not story.divergent,
            -(newest.toordinal() if newest else 0), story.speaker.name, story.reports[0].claim_id)


def _day(day: str | None) -> date | None:
    try:
        return date.fromisoformat(day) if day else None
    except ValueError:
        return None
