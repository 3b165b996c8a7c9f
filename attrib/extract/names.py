"""Who a speaker is: role and name in a mention, its kind, and its canonical name.

The canonical name of a mention is the fullest mention of the same entity in
the article: النعيمي → مصطفى النعيمي (same last name), الوزير → the minister
named before (same head word), المصادر → مصادر مطلعة في ... (same head).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from attrib.arabic import (
    ALEF,
    ARABIC_COMMA,
    BEH,
    DEFINITE_ARTICLE,
    LAM,
    NOON,
    TEH_MARBUTA,
    WORD,
    YEH,
    normalize,
)
from attrib.extract.segment import PAIRED, STRAIGHT
from attrib.extract.view import POSSESSIVES, QUOTES
from attrib.lexicon.patterns import Patterns

PUNCT_EDGE = " ،,:؛."
# A closing quotation mark and the opening one it pairs with (a straight mark with itself).
OPENING_OF = {close: opening for opening, close in PAIRED.items()} | {STRAIGHT: STRAIGHT, "'": "'"}


def _strip(text: str) -> str:
    """Strip spaces and punctuation at the edges, and parentheses only when unbalanced."""
    text = text.strip(PUNCT_EDGE)
    if text[:1] in QUOTES and text[-1:] in QUOTES:  # وأضاف "العلوي": the marks are no part of the name
        text = text[1:-1].strip(PUNCT_EDGE)
    elif text[-1:] in OPENING_OF and text.count(OPENING_OF[text[-1]]) == (1 if OPENING_OF[text[-1]] == text[-1] else 0):
        text = text[:-1].strip(PUNCT_EDGE)  # خوسيه ألباريس": a closing mark with no opening one
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].strip(PUNCT_EDGE)
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].strip(PUNCT_EDGE)
    return text


class Mention:
    """A speaker mention: its span, its role and name, and its kind."""

    __slots__ = ("start", "end", "text", "role", "name", "kind")

    def __init__(self, start: int, end: int, text: str, role: str | None, name: str, kind: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.role = role
        self.name = name
        self.kind = kind

    def __repr__(self) -> str:
        return f"Mention({self.text!r}, {self.start}, {self.end}, {self.kind!r})"


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    """Normalized words of a mention with their offsets in it."""
    return tuple((normalize(m.group()), m.start(), m.end()) for m in WORD.finditer(text, concurrent=False))


def _in(word: str, words: frozenset[str]) -> bool:
    bare = word[1:] if word[:1] in "وبل" and len(word) > 3 else word
    return word in words or bare in words or word.removeprefix(DEFINITE_ARTICLE) in words or DEFINITE_ARTICLE + word in words


def kind_of(text: str, patterns: Patterns) -> str:
    """person, organization, media, anonymous or other, from the head word."""
    words = _words(text)
    if not words:
        return "other"
    sp = patterns.speakers
    if len(words) > 1 and (words[0][0] in patterns.grammar["quantifiers"] or (len(words[0][0]) >= 3 and any(
            e.startswith(words[0][0]) and len(e) - len(words[0][0]) <= 2 for e in patterns.grammar["emphatic_pronouns"]))):
        words = words[1:]  # بعض وسائل الإعلام, إحدى الصحف, ذات المصدر: the head after the quantifier
    head = words[0][0]
    by_name = patterns.outlet_by_name([w for w, _, _ in words], any(mark in text for mark in QUOTES))
    if by_name is False:
        return "organization"  # المملكة: the kingdom, not the channel of that name (unless quoted)
    if by_name or _in(head, sp["media_heads"]):
        return "media"
    stem = next((head[:-len(p)] for p in (*POSSESSIVES, NOON + ALEF) if head.endswith(p) and len(head) - len(p) > 2), head)
    # (مصادرها, مصادرنا: its sources, our sources)
    if (_in(head, sp["anonymous_heads"]) or _in(stem, sp["anonymous_heads"])) \
            and not (head in sp["honorifics"] and len(words) > 1):  # (مصادرها: its sources)
        # متحدث باسم الحكومة with no name is still anonymous; مسؤول in a title is not,
        # nor مهندس as the honorific of a name (المهندس سامي حسن)
        return "anonymous"
    if _in(head, sp["other_heads"]):
        return "other"
    if _in(head, sp["organization_heads"]) or (len(words) <= 2 and head.removeprefix("و") in sp["states"]):
        return "organization"
    return "person"


def split_role(text: str, patterns: Patterns) -> tuple[str | None, str]:
    """(role, name) of a mention: وزير المال، فادي صليبا → (وزير المال, فادي صليبا)."""
    sp = patterns.speakers
    clean = _strip(text)
    if clean.startswith(LAM + LAM) and len(clean) > 4:
        clean = ALEF + clean[1:]  # وفقاً للقضاة: لـ + القضاة, whose alef the ل swallowed
    if ARABIC_COMMA in clean or "," in clean:
        parts = [_strip(p) for p in clean.replace(",", ARABIC_COMMA).split(ARABIC_COMMA) if _strip(p)]
        if len(parts) >= 2:
            after = _words(parts[1])
            if after and _in(after[0][0], sp["titles"]):
                # منى الشرقاوي، نائبة رئيس البنك: a name, then its title in apposition
                role, name = split_role(parts[0], patterns)
                if role != name:
                    return "، ".join(([role] if role else []) + parts[1:]), name
            titles = [p for p in parts[:-1] if _words(p) and _in(_words(p)[0][0], sp["titles"])]
            # نائب رئيس الوزراء، وزير الداخلية، كمال الفقي: every title set off before the name
            role = (ARABIC_COMMA + " ").join(parts[:-1]) if len(titles) == len(parts) - 1 else parts[0]
            name = _drop_honorifics(parts[-1], patterns)
            words = _words(role)
            if words and _in(words[0][0], sp["titles"]) and name:
                return role, name
    words = _words(clean)
    if len(words) >= 3 and _nisba(words[0][0]) and not _definite(words[1][0]) \
            and not _in(words[0][0], sp["titles"]) and kind_of(clean[words[1][1]:], patterns) == "person":
        # الصربي دراغان ميلوفيتش: a nationality before a name of two words or more is neither
        # role nor name (a family name in ي before an object is not: الأسدي وزارة الكهرباء)
        return split_role(clean[words[1][1]:], patterns)
    lead = 0  # الشيخ محمد بن سالم حاكم الشارقة: honorifics first, then the name
    while lead < len(words) - 1 and words[lead][0] in sp["honorifics"]:
        lead += 1
    if len(words) - lead >= 3 and not _definite(words[lead][0]) and not _in(words[lead][0], sp["titles"]) \
            and kind_of(clean, patterns) == "person":
        # دراغان ميلوفيتش مدرب المنتخب: a name, then its title in apposition with no comma
        for i in range(lead + 1, len(words) - 1):
            if _in(words[i][0], sp["titles"]):
                if i == lead + 1 and _definite(words[i][0]):
                    break  # مصالح الوزير الأول, مكتب الرئيس: a noun in construct with a title
                return _strip(clean[words[i][1]:]), _drop_honorifics(_strip(clean[:words[i][1]]), patterns)
    if words and _in(words[0][0], sp["titles"]) and len(words) >= 3:
        # المحلل السياسي مصطفى النعيمي: the name is the last two words, unless
        # they are still the title's own (وزير التجارة الإندونيسي)
        name_index = _name_index(words, patterns)
        if name_index is not None:
            role = _strip(clean[:words[name_index][1]])
            name = _drop_honorifics(clean[words[name_index][1]:], patterns)
            if role and name:
                return role, name
    if words and _in(words[0][0], sp["titles"]):
        return clean, clean  # الرئيس العراقي: a title with no name is all role
    return None, _drop_honorifics(clean, patterns) or clean


def _name_index(words: tuple[tuple[str, int, int], ...], patterns: Patterns) -> int | None:
    """Index of the first word of the name after a title: the first word without ال
    that follows a word with ال, or with بـ/لـ + ال (الباحث الاقتصادي السوري *عماد* الدباغ,
    مدير الإعلام بالمركز *سالم* الورفلي)."""
    honor = patterns.speakers["honorifics"]
    for i in range(1, len(words)):
        word = words[i][0]
        if word in honor or (i >= 2 and word in patterns.speakers["given_names"]):
            return i  # (النائب عن محافظة نينوى *علي* الجبوري: a first name we know)
        previous = words[i - 1][0]
        prepositional = previous[:1] in (BEH, LAM) and previous[1:].startswith(DEFINITE_ARTICLE)
        if not _definite(word) and (_definite(previous) or prepositional) \
                and not (word.startswith((LAM, BEH)) or word == "في") and (  # النواب *عن* محافظة: no name yet (علي is)
                    word not in patterns.grammar["content_prepositions"] or word in patterns.speakers["given_names"]):
            if i <= len(words) - 1 and len(word) > 1:
                return i
    return None


def _nisba(word: str) -> bool:
    """الصربي, الأمريكية: a definite adjective of origin (nisba), long enough not to be a particle."""
    return word.startswith(DEFINITE_ARTICLE) and word.endswith((YEH, YEH + TEH_MARBUTA)) and len(word) > 5


def _definite(word: str) -> bool:
    """الصحة, and والسكان: a definite word, alone or joined by و (وزيرة الصحة والسكان)."""
    return word.startswith(DEFINITE_ARTICLE) or (
        word[:1] == "و" and word[1:].startswith(DEFINITE_ARTICLE) and len(word) > 4)  # (والي: "governor")


def _drop_honorifics(text: str, patterns: Patterns) -> str:
    words = _words(text)
    honor = patterns.speakers["honorifics"]
    owners = patterns.speakers["honorific_owners"]
    i = 0
    while i < len(words) - 1 and words[i][0] in honor and (words[i][0] not in owners or words[i + 1][0] in honor):
        i += 1  # الدكتور X, صاحب السمو الشيخ X (but صاحب المحل is no honorific)
    return _strip(text[words[i][1]:]) if words else text


def _named_elsewhere(mention: Mention, text: str, patterns: Patterns) -> str | None:
    """A title named in apposition anywhere in the article: الرئيس العراقي، عبد اللطيف رشيد،"""
    words = _words(mention.text)
    if not words or not _in(words[0][0], patterns.speakers["titles"]) or len(words) > 6:
        return None
    found = _after(text, _strip(mention.text), APPOSED_NAME)
    if found is None:
        return None
    name = _drop_honorifics(found[1].group(1), patterns)
    first = _words(name)
    if not first or first[0][0].startswith(DEFINITE_ARTICLE) or _in(first[0][0], patterns.speakers["titles"]):
        return None
    grammar = patterns.grammar
    if any(w in grammar["speaker_stops"] or w in grammar["occasion_prepositions"] or w in grammar["content_prepositions"]
           for w, _, _ in first):
        return None  # وزير الخارجية، *في كلمة له اليوم*،: an occasion set off by commas, no name
    return name


def _quoted_head(mention: Mention, text: str, patterns: Patterns) -> str | None:
    """The head word of a back-reference followed by a quoted name: تنظيم "الدولة الإسلامية"."""
    head = _strip(mention.text)
    if not head.startswith(DEFINITE_ARTICLE) or len(head) < 4 or _in(head, patterns.speakers["titles"]):
        return None  # (الوزيرة «لدينا فرق عمل …»: a person's title, then what she said)
    found = _after(text, head[2:], _QUOTED_NAME)
    if found is None or len(found[1].group().strip(" " + QUOTES).split()) > QUOTED_NAME_WORDS:
        return None
    return text[found[0]:found[1].end()]


# What follows a mention elsewhere in the text: a name set off by commas, a quoted name.
APPOSED_NAME = regex.compile(r"\s{0,3}[،,]\s{0,3}(\p{L}{2,20}(?:\s\p{L}{2,20}){1,3})\s{0,3}[،,]")
QUOTED_NAME_WORDS = 4  # a quotation longer than this after a head word is what was said, no name
_QUOTED_NAME = regex.compile(r'\s{0,2}["«“][^"»”\n]{2,50}["»”]')


def _after(text: str, words: str, tail: regex.Pattern[str]) -> tuple[int, regex.Match[str]] | None:
    """The first place `words` occur in the text followed by `tail`: (offset, the tail's match).

    The words are found with str.find and the tail matched there with a regex
    compiled once, rather than a regex compiled for each mention.
    """
    i = text.find(words)
    while i != -1:
        found = tail.match(text, i + len(words), concurrent=False)
        if found is not None:
            return i, found
        i = text.find(words, i + 1)
    return None


def _title_key(title: str) -> tuple[str, ...]:
    """A title's words without ال: المتحدث باسم الوزارة → (متحدث, باسم, وزارة)."""
    return tuple(w.removeprefix(DEFINITE_ARTICLE) for w, _, _ in _words(title))


def _shortened(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Is `short` the title `full` said shorter: the same head, its other words in order
    (الوزير الليبي of وزير العدل الليبي, المتحدث باسم الوزارة of المتحدث باسم وزارة الصحة)?"""
    if not short or not full or short[0] != full[0] or len(short) > len(full):
        return False
    rest = iter(full[1:])
    return all(any(word == other for other in rest) for word in short[1:])


def canonical_names(mentions: list[Mention], patterns: Patterns, text: str = "") -> list[str]:
    """The canonical name of each mention, in order.

    Mentions are indexed by head word and by last word, so an article with
    thousands of mentions costs thousands of look-ups, not millions.
    """
    backrefs = patterns.speakers["back_references"]
    emphatics = patterns.word_sets["emphatic_pronouns"]
    words_of = [tuple(w for w, _, _ in _words(m.name)) for m in mentions]
    by_head: dict[str, list[int]] = {}  # head word without ال -> mentions of two words or more
    by_last: dict[str, dict[tuple[str, ...], str]] = {}  # last word -> distinct names ending with it
    by_role: dict[tuple[str, ...], set[str]] = {}  # a title given in apposition -> the names it was given to
    by_title: dict[tuple[str, ...], set[str]] = {}  # the words of such a title, without ال
    by_title_head: dict[str, list[tuple[str, ...]]] = {}  # those titles by their head word
    for i, m in enumerate(mentions):
        if m.role and m.role != m.name:
            by_role.setdefault(tuple(w for w, _, _ in _words(m.role)), set()).add(m.name)
            title = _title_key(m.role)
            if title not in by_title:
                by_title_head.setdefault(title[0] if title else "", []).append(title)
            by_title.setdefault(title, set()).add(m.name)
        full = tuple(w for w, _, _ in _words(m.text))
        if len(full) > 1:
            by_head.setdefault(full[0].removeprefix(DEFINITE_ARTICLE), []).append(i)
        if words_of[i]:
            by_last.setdefault(words_of[i][-1], {}).setdefault(words_of[i], m.name)
    cache: dict[str, str] = {}
    result = []
    for i, m in enumerate(mentions):
        words = words_of[i]
        key = f"{m.text}\u0000{m.role}"
        if not words:
            result.append(m.name)
            continue
        core = tuple(w for w in words if w not in emphatics)
        if len(core) == 1 and core[0] in backrefs:  # المصدر, المصدر ذاته
            if key not in cache:
                cache[key] = _quoted_head(m, text, patterns) or ""
            if cache[key]:
                result.append(cache[key])  # التنظيم → تنظيم "الدولة الإسلامية", named so in the article
                continue
            # الوزير, البنك, المصادر: the latest fuller mention with the same head, else the next one
            head = words[0].removeprefix(DEFINITE_ARTICLE)
            candidates = [j for j in by_head.get(head, []) + by_head.get(head + TEH_MARBUTA, [])
                          if tuple(w for w in words_of[j] if w not in emphatics) != core]
            earlier = [j for j in candidates if j < i]
            chosen = max(earlier) if earlier else min((j for j in candidates if j > i), default=None)
            result.append(mentions[chosen].name if chosen is not None else m.name)
            continue
        if m.role in (None, m.name):
            holders = by_role.get(tuple(w for w, _, _ in _words(m.text)), set())
            if not holders and m.role == m.name and len(_words(m.text)) >= 2:
                # المتحدث باسم الوزارة → the one named المتحدث باسم وزارة الصحة before
                short = _title_key(m.text)
                holders = {name for full in by_title_head.get(short[0], ()) if _shortened(short, full)
                           for name in by_title[full]}
            if len(holders) == 1:
                result.append(next(iter(holders)))  # المتحدث باسم الوزارة → the one named so before
                continue
            if key not in cache:
                cache[key] = _named_elsewhere(m, text, patterns) or ""
            if cache[key]:
                result.append(cache[key])
                continue
        best = m.name
        for other_words, name in by_last.get(words[-1], {}).items():
            if len(other_words) > len(words) and other_words[-len(words):] == words \
                    and len(_words(best)) < len(other_words):
                best = name  # النعيمي → مصطفى النعيمي
        result.append(best)
    return result
