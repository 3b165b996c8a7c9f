"""Arabic letters, normalization for matching, and words that keep their offsets.

Matching runs on normalized forms; every word keeps its start and end offsets
into the text exactly as given, so spans built from words always point back into it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate
from typing import Final

import regex

TATWEEL: Final = "\u0640"
ALEF: Final = "\u0627"
ALEF_MADDA: Final = "\u0622"
ALEF_HAMZA_ABOVE: Final = "\u0623"
ALEF_HAMZA_BELOW: Final = "\u0625"
ALEF_WASLA: Final = "\u0671"
ALEF_MAQSURA: Final = "\u0649"
YEH: Final = "\u064a"
NOON: Final = "\u0646"
TEH_MARBUTA: Final = "\u0629"
TEH: Final = "\u062a"
HEH: Final = "\u0647"
DAMMA: Final = "\u064f"
FATHATAN: Final = "\u064b"  # tanween fatha: an indefinite accusative
SHADDA: Final = "\u0651"
DEFINITE_ARTICLE: Final = "\u0627\u0644"  # ال
ARABIC_COMMA: Final = "\u060c"  # ،
LAM: Final = "\u0644"  # ل, the preposition "to, for" when attached
BEH: Final = "\u0628"  # ب, the preposition "with, by" when attached
CONJUNCTION_LETTERS: Final = "\u0648\u0641"  # و and ف, attached to the word they join

# Alef forms and alef maqsura, folded for matching.
_LETTER_MAP = str.maketrans({
    ALEF_MADDA: ALEF,
    ALEF_HAMZA_ABOVE: ALEF,
    ALEF_HAMZA_BELOW: ALEF,
    ALEF_WASLA: ALEF,
    ALEF_MAQSURA: YEH,
})
# ة stays ة: folded into ه it would make every feminine noun look like a verb
# with an object pronoun (تابعة → تابعه "he followed it").

# A word: letters, digits and marks, with tatweel stretching it anywhere.
# Bidi controls and zero-width joiners inside a word are kept in it too. Dots
# joining Latin letters or digits stay inside (gazeta.ru, www.site.com, 3.5): a
# site's name is one word, and its dot ends no sentence.
WORD: Final = regex.compile(r"[\p{L}\p{M}\p{N}\u0640\u200c\u200d]+(?:\.[A-Za-z0-9]+)*")
# The same, captured: split() on it gives gaps and words in turn, in one C call.
# (The extractor's regexes run with concurrent=False: by default the regex module
# releases the GIL around every match, which costs more than a short match does.)
# (VERSION1 matches the same set, a tenth faster than the default version.)
_WORD_SPLIT: Final = regex.compile(r"(?V1)([\p{L}\p{M}\p{N}\u0640\u200c\u200d]+)")
# Used instead only on texts that hold a dot between Latin letters or digits: the
# optional group costs every word a try.
_WORD_SPLIT_DOTTED: Final = regex.compile(r"(?V1)([\p{L}\p{M}\p{N}\u0640\u200c\u200d]+(?:\.[A-Za-z0-9]+)*)")
# A dot between Latin letters or digits; written around the dot, which the regex module
# then looks for as a literal: a tenth of the cost of testing every character as a start.
_LATIN_DOT: Final = regex.compile(r"(?<=[A-Za-z0-9])\.(?=[A-Za-z0-9])")



# What normalization drops: harakat, tanween, shadda, sukun, superscript alef and Quranic
# marks (they change no letter, and the scorer ignores them too), tatweel, zero-width
# joiners and bidi marks.
_DROPPED_RANGES = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640),
                   (0x200C, 0x200F))
# One table for both steps, so that normalizing is one str.translate: a regex
# substitution costs more to set up than a word costs to translate.
_NORMALIZE: Final = {**_LETTER_MAP, **{c: None for a, b in _DROPPED_RANGES for c in range(a, b + 1)}}


def normalize_text(text: str) -> str:
    """The matching form: no diacritics or tatweel, one alef, ى→ي."""
    return text.translate(_NORMALIZE)


# Words are normalized through a memo: news repeats its words. Longer spans (a
# line, a phrase) go through normalize_text, so that they do not evict the words.
# A dict emptied when full, not lru_cache: its bookkeeping cost more than the look-up
# (a twentieth of the extraction, compiled).
NORMALIZED_WORDS: Final = 65536
_normalized: Final[dict[str, str]] = {}


def normalize(word: str) -> str:
    """normalize_text of a word, remembered."""
    found = _normalized.get(word)
    if found is None:
        if len(_normalized) >= NORMALIZED_WORDS:
            _normalized.clear()
        found = _normalized[word] = word.translate(_NORMALIZE)
    return found


def passive_marked(word: str) -> bool:
    """True when written with a damma on its first letter (يُعتقد, أُفيد, ستُعلن, ونُقلت)."""
    body = word
    if len(body) > 2 and body[0] in "وف" and body[1] != DAMMA:
        body = body[1:]
    if len(body) > 2 and body[0] == "س" and body[1] != DAMMA:
        body = body[1:]
    return len(body) > 1 and body[1] == DAMMA


def split_words(text: str, start: int = 0, end: int | None = None) -> tuple[list[str], list[int], list[int]]:
    """The words of `text[start:end]`, their start offsets and their end offsets.

    One split and one running sum, both in C: no match object per word.
    """
    piece = text[start:end] if start or end is not None else text
    split = _WORD_SPLIT_DOTTED if _LATIN_DOT.search(piece, concurrent=False) else _WORD_SPLIT
    parts = split.split(piece, concurrent=False)  # gap, word, gap, word, ..., gap
    offsets = list(accumulate(map(len, parts), initial=start))
    return parts[1::2], offsets[1::2], offsets[2::2]


class TextWords:
    """Every word of a text, split once: its letters and offsets.

    Each stage (furniture, line joining, sentences) takes the words of its
    span from here instead of scanning the text again; words are normalized
    only where a stage looks at them.
    """

    def __init__(self, text: str) -> None:
        self.words, self.starts, self.ends = split_words(text)

    def between(self, start: int, end: int) -> tuple[int, int]:
        """Indices [i, j) of the words that start in text[start:end]."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def count(self, start: int, end: int) -> int:
        i, j = self.between(start, end)
        return j - i

    def norm(self, i: int) -> str:
        return normalize(self.words[i])


WRITTEN_FORMS_LIMIT: Final = 200_000  # distinct forms remembered (some 20 MB), at most: then it starts over


class WrittenForms:
    """Which written forms of words have their normal form in a set (the words that can start a cue).

    It remembers the forms it has sorted, so across a corpus only words never
    seen before are normalized, and the rest is set arithmetic in C.
    """

    def __init__(self, norms: frozenset[str], also: Callable[[str], bool] | None = None) -> None:
        self.norms = norms
        self.also = also  # a test of the normal form for words outside the set (a misspelt cue)
        self.seen: set[str] = set()
        self.inside: set[str] = set()

    def among(self, words: list[str]) -> set[str]:
        """The distinct words of `words` whose normal form is in the set."""
        distinct = set(words)
        new = distinct - self.seen
        if new:
            if len(self.seen) > WRITTEN_FORMS_LIMIT:
                # Starting over forgets the forms of this list seen before too: sort them all again,
                # or its cues would depend on what came before it.
                self.seen.clear()
                self.inside.clear()
                new = distinct
            self.seen |= new
            also = self.also
            self.inside |= {word for word in new if normalize(word) in self.norms
                            or (also is not None and also(normalize(word)))}
        return distinct & self.inside
