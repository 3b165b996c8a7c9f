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

import heapq
import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from attrib.fold import stem, words
from attrib.track.rows import StoredClaim
from attrib.track.speakers import Speaker, SpeakerIndex

SIMILAR = 0.6  # weighted share of the lighter content's words found in the other
MIN_SHARED = 3  # words in common, at least: short contents need identical wording
MIN_LETTERS = 3  # shorter words (في, من, لن, أن) carry no meaning of their own


@dataclass(frozen=True, slots=True)
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
    position: int = 0  # the claim's place in its article


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


@dataclass(slots=True)
class _Item:
    report: Report  # all a story keeps of the claim: not the claim, for a corpus of millions
    tokens: frozenset[str]


def find_stories(
    claims: Iterable[StoredClaim], speakers: SpeakerIndex, *, within_days: int | None = None
) -> list[Story]:
    """The statements carried by two articles or more: most outlets first, then framings that differ, then newest."""
    groups: dict[str, list[_Item]] = defaultdict(list)
    document_frequency: Counter[str] = Counter()
    total = 0
    known: dict[str, str] = {}  # one string per word, however many claims use it
    for stored in claims:
        tokens = frozenset(known.setdefault(t, t) for t in content_tokens(stored.claim.content.text))
        total += 1
        document_frequency.update(tokens)
        speaker = speakers.speaker_of(stored.claim.speaker.name) if stored.claim.speaker else None
        if speaker is not None and tokens:
            groups[speaker.id].append(_Item(report_of(stored), tokens))
    weight = {token: math.log((1 + total) / count) + 1 for token, count in document_frequency.items()}
    stories = []
    for speaker_id, items in groups.items():
        if len({item.report.article_id for item in items}) < 2:
            continue
        for members in _cluster(items, weight, within_days):
            stories.append(_story(speakers.speakers[speaker_id], members, weight))
    return sorted(stories, key=_rank)


def content_tokens(text: str) -> frozenset[str]:
    """The words that make a content: folded, clitics split off, the shortest dropped."""
    return frozenset(s for s in (stem(w) for w in words(text)) if len(s) >= MIN_LETTERS)


def similarity(
    a: frozenset[str], b: frozenset[str], weight: dict[str, float], totals: tuple[float, float] | None = None
) -> tuple[float, float]:
    """(containment, resemblance) of two contents, both weighted by rarity.

    Containment is the share of the lighter content's words found in the other:
    it decides whether two claims tell one statement (an outlet may quote less).
    Resemblance (weighted Jaccard) ranks the candidates: the closest wordings
    are linked first. Both are 0 when too few words are shared. `totals`, the
    weights of `a` and `b` (_weight_of), spares summing them again.
    """
    shared = a & b
    if not shared or len(shared) < min(MIN_SHARED, len(a), len(b)):
        return 0.0, 0.0
    wa, wb = totals or (_weight_of(a, weight), _weight_of(b, weight))
    common = _weight_of(shared, weight)
    return common / min(wa, wb), common / (wa + wb - common)


def _weight_of(tokens: frozenset[str], weight: dict[str, float]) -> float:
    # Exactly rounded sums: the same words give the same figures in any order
    # (a set's order changes from run to run, and ties are broken by claim order).
    return math.fsum(weight.get(t, 1.0) for t in tokens)


def _cluster(items: list[_Item], weight: dict[str, float], within_days: int | None) -> list[list[_Item]]:
    """Link the most similar pairs first, never two claims of one article, nor dates too far apart.

    Claims of one wording (the same folded words) are compared once, as one
    form; the forms that can be similar are found by their rarest words
    (_candidates), never by comparing every two. Then the pairs of claims are
    linked as if listed one by one: most similar first, then in claim order.
    """
    forms: dict[frozenset[str], list[int]] = defaultdict(list)  # wording -> its claims, in order
    for i, item in enumerate(items):
        forms[item.tokens].append(i)
    wordings = list(forms)
    members = list(forms.values())
    total = [_weight_of(wording, weight) for wording in wordings]
    pairs = []
    for f, g in _candidates(wordings, total, weight):
        containment, resemblance = similarity(wordings[f], wordings[g], weight, (total[f], total[g]))
        if containment >= SIMILAR and (f != g or len(members[f]) > 1):
            pairs.append((resemblance, containment, members[f][0], members[g][1 if f == g else 0], f, g))
    parent = list(range(len(items)))
    articles = [{item.report.article_id} for item in items]
    days = [[d] if (d := _day(item.report.day)) else [] for item in items]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            return
        joined = days[ri] + days[rj]
        if within_days is not None and joined and (max(joined) - min(joined)).days > within_days:
            return
        parent[rj] = ri
        articles[ri] |= articles[rj]
        days[ri] = joined

    pairs.sort(key=lambda p: (-p[0], -p[1], p[2], p[3]))
    for _, tied in groupby(pairs, key=lambda p: p[:2]):
        # Equally similar pairs of claims are linked in claim order, whichever forms they join.
        offers = [_offers(members[f], members[g], find) for *_, f, g in tied]
        for i, j in offers[0] if len(offers) == 1 else heapq.merge(*offers):
            link(i, j)
    clusters: dict[int, list[_Item]] = defaultdict(list)
    for i, item in enumerate(items):
        clusters[find(i)].append(item)
    return [members for members in clusters.values() if len(members) > 1]


def _candidates(
    wordings: list[frozenset[str]], total: list[float], weight: dict[str, float]
) -> set[tuple[int, int]]:
    """The pairs of wordings (f <= g) that may share SIMILAR of the lighter one's weight: prefix filtering.

    Each wording's words are taken rarest first; its prefix is the fewest of
    them whose rest weighs less than SIMILAR of the whole. Two wordings whose
    shared words all lie outside the lighter one's prefix share less than
    SIMILAR of it, so the lighter one's prefix finds every pair that can be
    similar. Rare words index few wordings: the work grows with the claims,
    not with their pairs. Every wording with more than one claim is paired
    with itself.
    """
    order = sorted({t for w in wordings for t in w}, key=lambda t: (-weight.get(t, 1.0), t))
    rank = {token: position for position, token in enumerate(order)}
    index: dict[str, list[int]] = defaultdict(list)
    for f, wording in enumerate(wordings):
        for token in wording:
            index[token].append(f)
    found = {(f, f) for f in range(len(wordings))}
    for f, wording in enumerate(wordings):
        rest = total[f]
        for token in sorted(wording, key=rank.__getitem__):
            if rest < SIMILAR * total[f] * (1 - _SLACK):
                break
            rest -= weight.get(token, 1.0)
            for g in index[token]:
                if g != f and total[g] >= total[f] * (1 - _SLACK):
                    found.add((min(f, g), max(f, g)))
    return found


_SLACK = 1e-9  # sums of weights in another order differ in the last bits: keep a pair on the edge


def _offers(first: list[int], second: list[int], find: Callable[[int], int]) -> Iterator[tuple[int, int]]:
    """Every pair (i, j), i < j, of a claim of `first` and one of `second`, in order, for linking.

    The same form twice means every two of its claims. A claim is skipped when
    its cluster has already been offered to the claims after it: each of them
    was joined then, or refused, and a refusal stands as clusters only grow.
    """
    sides = [(i, second) for i in first]
    if first is not second:
        sides += [(j, first) for j in second]
    offered: dict[int, list[int]] = defaultdict(list)  # per side, the claims whose pairs were all offered
    for i, others in sorted(sides, key=lambda side: side[0]):
        done = offered[id(others)]
        if any(find(claim) == find(i) for claim in done):
            continue
        for j in others[bisect_right(others, i):]:
            yield i, j
        done.append(i)


def _story(speaker: Speaker, members: list[_Item], weight: dict[str, float]) -> Story:
    # The wording closest to all the others; on a tie the fuller one (its diacritics
    # kept, a clause more), then the first by claim id. Two wordings are compared once.
    count = Counter(m.tokens for m in members)
    total = {wording: _weight_of(wording, weight) for wording in count}
    centrality = {}
    for wording in count:
        resemblances = [
            (n - 1 if other == wording else n, similarity(wording, other, weight, (total[wording], total[other]))[1])
            for other, n in count.items()
        ]
        centrality[wording] = math.fsum(r for n, r in resemblances for _ in range(n))

    central = min(
        members, key=lambda m: (-centrality[m.tokens], -len(m.report.content), m.report.claim_id)
    )
    reports = sorted((m.report for m in members), key=lambda r: (r.day or "9999", r.outlet or "", r.article_id))
    return Story(speaker=speaker, content=central.report.content, reports=reports)


def report_of(stored: StoredClaim) -> Report:
    """What a story keeps of a stored claim."""
    claim = stored.claim
    return Report(
        claim_id=claim.id, article_id=stored.article_id, outlet=stored.outlet, day=stored.day,
        title=stored.title, url=stored.url, cue=claim.cue.text, lemma=claim.cue.lemma,
        stance=claim.stance, content=claim.content.text, source=claim.source.text if claim.source else None,
        position=stored.position,
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
