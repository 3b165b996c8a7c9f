"""The sentence as the phrase rules see it: tokens, the gaps between them, quotations, commas.

A sentence is a list of tokens; the punctuation between two tokens is read
from the text (the "gap"). Phrases are token ranges [first, end). The rules that
read phrases are functions over a SentenceView: noun phrases in phrases.py,
outlets and names in outlets.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Final

import regex

from attrib.arabic import DEFINITE_ARTICLE, normalize
from attrib.extract.cues import lookup, strip_conjunction
from attrib.extract.segment import Sentence
from attrib.lexicon.patterns import Patterns, WordMemos

QUOTES: Final = "«»“”\"'‹›„"
# Sets of marks, for testing the gap between two tokens in one C call (gap.isdisjoint).
QUOTE_MARKS: Final = frozenset(QUOTES)
QUOTE_OR_PAREN: Final = frozenset(QUOTES + "(")
COMMAS: Final = frozenset("،,")
DASHES: Final = frozenset("–—-")
COMMA_OR_COLON: Final = frozenset("،,:")
CLAUSE_MARKS: Final = frozenset("،,:؛.")
SENTENCE_MARKS: Final = frozenset(":؛.")
CLOSING_PAIRS: Final = {")": "(", "»": "«", "”": "“", '"': '"', "'": "'"}  # closing mark: its opening one
_COMMA: Final = regex.compile("[،,]")
POSSESSIVES: Final = ("هما", "هم", "ها", "ه")  # حديثه, مقابلتها


class SentenceView:
    """A sentence seen by the phrase rules: tokens, gaps, the pattern set and the word memos."""

    def __init__(self, sentence: Sentence, text: str, patterns: Patterns, memos: WordMemos) -> None:
        self.cue_tokens: set[int] = set()  # tokens of the cues matched in this sentence
        self._commas: tuple[list[int], set[int]] | None = None
        self._mask: bytearray | None = None
        # Quotations indexed by the offsets of their marks, so no rule scans them all.
        self.quote_at: dict[int, tuple[int, int]] = {a: (a, b) for a, b in sentence.quotes}
        self.quote_ending: dict[int, tuple[int, int]] = {b: (a, b) for a, b in sentence.quotes}
        self.quote_starts: list[int] = sorted(self.quote_at)
        self.s = sentence
        self.text = text
        self.p = patterns
        self.memos = memos
        # The pattern lists the rules read most, held here (read once per sentence, not per look-up).
        self.word_sets = patterns.word_sets
        self.speakers = patterns.speakers
        self.known_words = patterns.known_words
        self.bare_memo = memos.bare
        self.head_memo = memos.heads
        self.outlets_by_first = patterns.outlets_by_first
        self.non_subject_leads = patterns.non_subject_leads
        self.phrase_stops = patterns.phrase_stops
        # The sentence's words as parallel lists: what each is, where it starts and ends.
        self.norms: list[str] = sentence.norms
        self.texts: list[str] = sentence.texts
        self.starts: list[int] = sentence.starts
        self.ends: list[int] = sentence.ends
        self.n = len(sentence.norms)

    def quote_opening(self, start: int, end: int) -> tuple[int, int] | None:
        """The first quotation whose opening mark lies in text[start:end]."""
        i = bisect_left(self.quote_starts, start)
        if i < len(self.quote_starts) and self.quote_starts[i] < end:
            return self.quote_at[self.quote_starts[i]]
        return None

    def containing_quote(self, pos: int) -> tuple[int, int] | None:
        """The latest-opened quotation around offset pos, if any."""
        around = self.s.quotes_around(pos) if self.inside(pos) else []
        return around[-1] if around else None

    def token_index(self, offset: int) -> int:
        """Index of the first token ending after `offset`."""
        i = bisect_left(self.starts, offset)
        return i - 1 if i > 0 and self.ends[i - 1] > offset else i

    def inside(self, pos: int) -> bool:
        """Is offset `pos` inside a quotation of this sentence? (a mask built once)"""
        if self._mask is None:
            self._mask = bytearray(self.s.end - self.s.start + 1)
            for a, b in self.s.quotes:
                self._mask[a - self.s.start + 1:b - self.s.start] = b"\x01" * max(0, b - a - 1)
        return bool(self._mask[pos - self.s.start]) if self.s.start <= pos <= self.s.end else False

    def gap(self, k: int) -> str:
        """Characters between token k-1 and token k; k == n gives the sentence's tail."""
        start = self.ends[k - 1] if k else self.s.start
        end = self.starts[k] if k < self.n else self.s.end
        return self.s.gap(self.text, start, end)

    def norm(self, k: int) -> str:
        return self.norms[k] if 0 <= k < self.n else ""

    def bare(self, k: int) -> str:
        """The token's letters without a leading و or ف, when that is a conjunction:
        وكما → كما, but فيما and وزير keep their first letter."""
        word = self.norm(k)
        cache = self.bare_memo
        found = cache.get(word)
        if found is None:
            known = self.known_words
            rest = strip_conjunction(word)[1]
            found = rest if word not in known and rest != word and (
                rest in known or lookup(rest, self.p) is not None) else word
            cache[word] = found
        return found

    def span(self, first: int, end: int) -> tuple[int, int]:
        """Offsets of tokens [first, end), with an opening mark before and its closing mark after."""
        start = self.starts[first]
        gap = self.gap(first)
        stop = self.span_end(end - 1)
        if gap and gap[-1] in "«“\"(":
            opened = self.quote_at.get(start - 1)
            if opened is None or opened[1] < stop + 1:  # a quoted name, not a quotation the phrase opens
                start -= 1
        return start, stop

    def words(self, key: str) -> frozenset[str]:
        return self.word_sets[key]

    def is_cue(self, k: int) -> bool:
        """A reporting word here, or letters that are one (a verb heard only in context, وزاد:
        or حمّل … مسؤولية, counts only where it was found)."""
        if k in self.cue_tokens:
            return True
        if k > 0 and self.norm(k - 1) in self.speakers["name_particles"]:
            return False  # فيصل بن *طالب*: a name
        found = lookup(self.norm(k), self.p)
        return found is not None and not (found[1].kind == "verb" and (found[1].speech_only or found[1].with_object))

    def head_in(self, k: int, *keys: str) -> bool:
        """Token k, with or without ال/و, is one of the words of the speaker lists `keys`."""
        word = self.norm(k)
        cached = self.head_memo.get((word, keys))
        if cached is not None:
            return cached
        words = self.memos.words_of(keys)
        options = {word, strip_conjunction(word)[1]}
        options |= {w[1:] for w in list(options) if len(w) > 3 and w[0] in "بل"}
        options |= {w[2:] for w in list(options) if w.startswith(DEFINITE_ARTICLE)}
        options |= {DEFINITE_ARTICLE + w for w in list(options)}
        found = bool(options & words)
        self.head_memo[(word, keys)] = found
        return found

    def span_end(self, k: int) -> int:
        """End offset of a phrase whose last token is k, with a closing ) or quotation mark
        that pairs with one inside it: (واع), "عين"."""
        start, end = self.starts[k], self.ends[k]
        after = self.text[end:end + 1]
        if after in CLOSING_PAIRS and CLOSING_PAIRS[after] in self.text[max(self.s.start, start - 60):end]:
            opened = self.text[max(self.s.start, start - 60):end]
            if after in ")»”" and opened.count(CLOSING_PAIRS[after]) > opened.count(after):
                return end + 1
            if after in "\"'" and opened.count(after) % 2 == 1:
                return end + 1
        return end

    def start_of(self, k: int) -> int:
        """Offset where the phrase at token k starts, past an attached ب or ل (بتصريحات → تصريحات)."""
        word = self.norms[k]
        if len(word) > 3 and word[0] in "بل" and (word[1:].startswith(DEFINITE_ARTICLE) or self.head_in(k, "titles")):
            return self.starts[k] + clitic_length(self.texts[k])
        return self.starts[k]

    def comma_before(self, k: int) -> bool:
        """Is there a comma between token k-1 and token k (0 < k <= n)?"""
        return k in self._comma_index()[1]

    def last_comma(self, k: int) -> int:
        """The largest j <= k with a comma before token j, or 0: where a phrase ending at k starts."""
        commas = self._comma_index()[0]
        i = bisect_right(commas, k)
        return commas[i - 1] if i else 0

    def _comma_index(self) -> tuple[list[int], set[int]]:
        """The tokens with a comma before them, sorted and as a set; found once per sentence."""
        if self._commas is None:
            found = sorted({self.token_index(m.start()) for m in _COMMA.finditer(self.text, self.s.start, self.s.end, concurrent=False)})
            found = [k for k in found if 0 < k <= self.n]
            self._commas = (found, set(found))
        return self._commas


def adjective_shaped(word: str) -> bool:
    """Definite words shaped like adjectives: nisbas (الدولي, العراقية), elatives (الأعلى, العليا),
    participles (المتحدة, المستقلة)."""
    faail = len(word) in (6, 7) and word[3] == "ا" and (len(word) == 6 or word.endswith("ة"))  # العام, الحاكمة
    faeel = len(word) in (6, 7) and word[4] == "ي" and (len(word) == 6 or word.endswith("ة"))  # الجديد, الكبيرة
    return word.endswith(("ي", "ية", "يون", "يين", "يان", "يتان", "يتين", "ى", "يا")) or (
        word.startswith("الا") and len(word) == 6) or word.startswith("الم") or faail or faeel  # المتحدة, المستقلة


def clitic_length(token_text: str) -> int:
    """Characters of an attached ل (with its diacritics or tatweel) at the start of a token."""
    i = 1
    while i < len(token_text) and normalize(token_text[i]) == "":
        i += 1
    return i


def plural_subject(word: str, tense: str | None) -> bool:
    """وحثّتا, طالبوا, يقولون: a dual or plural verb carries its subject; what follows is the object.

    Arabic verbs before their subject stay singular, so these suffixes mean
    the subject was named before.
    """
    if tense == "perfect":
        return word.endswith(("وا", "تا"))
    if tense in ("imperfect", "future"):
        return word.endswith(("ون", "ان"))
    return False


def object_suffix(word: str, patterns: Patterns | None = None) -> bool:
    """وصفه, وصفوه, وصفته, اعتبرتها: a verb carrying an object pronoun."""
    if word.endswith(("وه", "ته", "تها", "وها", "اه")):
        return True
    if patterns is not None:
        for suffix in ("ها", "هم", "ه"):
            if word.endswith(suffix) and lookup(word[:-len(suffix)], patterns) is not None:
                return True
    return False
