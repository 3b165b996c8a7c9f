"""One speaker across a corpus: the names articles give it, merged.

Each article names its speakers in its own way (the extractor gives every claim
the fullest name of its speaker *within* the article). Across articles, names
are merged three ways:

1. the same folded name (fold.name_key): diacritics, alef forms, ة/ه,
   quotation marks and a parenthesized acronym aside, the names are equal;
2. an alias in patterns/aliases.toml: داعش and تنظيم الدولة الإسلامية;
3. a short name with a shared role: حسين as وزير الخارجية العراقي is فؤاد حسين
   when فؤاد حسين also appears as وزير الخارجية العراقي, and nobody else with
   that role has a name containing حسين.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from attrib.fold import name_key
from attrib.lexicon.aliases import Aliases


@dataclass(frozen=True, slots=True)
class NameUse:
    """How often the corpus gives one speaker name with one role and kind."""

    name: str
    role: str | None
    kind: str | None
    claims: int


@dataclass
class Speaker:
    """A speaker of the corpus: the name shown, the names merged into it, its roles and kind."""

    id: str  # the folded key of its fullest name
    name: str
    kind: str | None
    names: set[str] = field(default_factory=set)  # as the extractor gave them, one per spelling
    roles: Counter[str] = field(default_factory=Counter)


@dataclass
class _Node:
    """All spellings of one folded name key."""

    key: str
    names: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    alias: str | None = None  # the name aliases.toml gives it

    @property
    def words(self) -> list[str]:
        return self.key.split()

    @property
    def role_keys(self) -> set[str]:
        return {name_key(role) for role in self.roles} - {""}


class SpeakerIndex:
    """The speakers of a corpus, and the speaker each name belongs to."""

    def __init__(self, uses: Iterable[NameUse], aliases: Aliases) -> None:
        self._nodes: dict[str, _Node] = {}
        self._key_of: dict[str, str] = {}
        for use in uses:
            key = self._node_key(use.name, aliases)
            node = self._nodes.setdefault(key, _Node(key))
            node.names[use.name] += use.claims
            if use.role:
                node.roles[use.role] += use.claims
            if use.kind:
                node.kinds[use.kind] += use.claims
            resolved = aliases.resolve(name_key(use.name))
            if resolved is not None:
                node.alias = resolved
            self._key_of[use.name] = key
        self._parent = {key: key for key in self._nodes}
        self._merge_short_names()
        self.speakers = self._speakers()

    def speaker_of(self, name: str) -> Speaker | None:
        """The speaker a name (as the extractor gave it) belongs to."""
        key = self._key_of.get(name)
        return None if key is None else self.speakers[self._find(key)]

    def find(self, query: str, aliases: Aliases) -> list[Speaker]:
        """The speakers a user means by `query`: the one of that name or alias, else every one whose name contains it."""
        key = self._node_key(query, aliases)
        if key in self._nodes:
            return [self.speakers[self._find(key)]]
        wanted = key.split()
        if not wanted:
            return []
        found = {
            self._find(node.key) for node in self._nodes.values() if _contains(node.words, wanted)
        } | {sid for sid, speaker in self.speakers.items() if _contains(name_key(speaker.name).split(), wanted)}
        return sorted((self.speakers[sid] for sid in found), key=lambda s: s.name)

    @staticmethod
    def _node_key(name: str, aliases: Aliases) -> str:
        key = name_key(name)
        resolved = aliases.resolve(key)
        return key if resolved is None else name_key(resolved)

    # --- merging ---------------------------------------------------------------

    def _find(self, key: str) -> str:
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # The longer name is the root, so a speaker's id is its fullest name.
            keep, drop = sorted((ra, rb), key=lambda k: (-len(k.split()), k))
            self._parent[drop] = keep

    def _merge_short_names(self) -> None:
        """Merge a short name into the one longer name that contains it and shares one of its roles."""
        by_word: dict[str, list[_Node]] = defaultdict(list)
        for node in self._nodes.values():
            for word in set(node.words):
                by_word[word].append(node)
        for node in sorted(self._nodes.values(), key=lambda n: (len(n.words), n.key)):
            roles = node.role_keys
            if not roles or not node.words:
                continue
            longer = [
                other for other in by_word[node.words[-1]]
                if len(other.words) > len(node.words)
                and _contains(other.words, node.words)
                and _share_role(roles, other.role_keys)
            ]
            targets = {self._find(other.key) for other in longer}
            if len(targets) == 1:
                self._union(node.key, targets.pop())

    def _speakers(self) -> dict[str, Speaker]:
        groups: dict[str, list[_Node]] = defaultdict(list)
        for node in self._nodes.values():
            groups[self._find(node.key)].append(node)
        speakers = {}
        for root, nodes in groups.items():
            kinds: Counter[str] = Counter()
            roles: Counter[str] = Counter()
            names: set[str] = set()
            for node in nodes:
                kinds.update(node.kinds)
                roles.update(node.roles)
                names.update(node.names)
            speakers[root] = Speaker(
                id=root,
                name=_shown_name(nodes),
                kind=kinds.most_common(1)[0][0] if kinds else None,
                names=names,
                roles=roles,
            )
        return speakers


def _shown_name(nodes: list[_Node]) -> str:
    """The alias file's name if it has one, else the most used spelling of the fullest name."""
    for node in nodes:
        if node.alias:
            return node.alias
    fullest = max(nodes, key=lambda n: (len(n.words), sum(n.names.values()), n.key))
    return min(fullest.names.items(), key=lambda item: (-item[1], item[0]))[0]


def _contains(words: list[str], part: list[str]) -> bool:
    """Is `part` a run of consecutive words of `words`?"""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _share_role(a: set[str], b: set[str]) -> bool:
    """Do two sets of role keys share a role, one perhaps more precise (الرئيس, الرئيس العراقي)?"""
    return any(x == y or _contains(x.split(), y.split()) or _contains(y.split(), x.split()) for x in a for y in b)
