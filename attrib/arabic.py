"""Arabic letters, normalization for matching, and tokens that keep their offsets.

Matching runs on normalized forms; every token keeps `start`/`end` into the
text exactly as given, so spans built from tokens always point back into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

TATWEEL = "\u0640"
ALEF = "\u0627"
ALEF_MADDA = "\u0622"
ALEF_HAMZA_ABOVE = "\u0623"
ALEF_HAMZA_BELOW = "\u0625"
ALEF_WASLA = "\u0671"
ALEF_MAQSURA = "\u0649"
YEH = "\u064a"
TEH_MARBUTA = "\u0629"
HEH = "\u0647"
DAMMA = "\u064f"

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks: they
# change no letter, so matching ignores them (as the scorer does).
DIACRITICS = regex.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
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
# Bidi controls and zero-width joiners inside a word are kept in it too.
WORD = regex.compile(r"[\p{L}\p{M}\p{N}\u0640\u200c\u200d]+")
_INVISIBLE = regex.compile("[\u0640\u200c\u200d\u200e\u200f]")

ARABIC_LETTER = regex.compile(r"\p{Arabic}")


_DROPPED = regex.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200e\u200f]")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The matching form: no diacritics or tatweel, one alef, ى→ي.

    Cached: news repeats its words, and every token is normalized once per article.
    """
    return _DROPPED.sub("", text).translate(_LETTER_MAP)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the article: its text as written, its offsets, its normal form."""

    text: str
    start: int
    end: int
    norm: str

    @property
    def passive_marked(self) -> bool:
        """True when written with a damma on its first letter (يُعتقد, أُفيد, ستُعلن, ونُقلت)."""
        body = self.text
        if len(body) > 2 and body[0] in "وف" and body[1] != DAMMA:
            body = body[1:]
        if len(body) > 2 and body[0] == "س" and body[1] != DAMMA:
            body = body[1:]
        return len(body) > 1 and body[1] == DAMMA


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words of `text[start:end]` with offsets into `text`."""
    end = len(text) if end is None else end
    return [
        Token(m.group(), m.start(), m.end(), normalize(m.group()))
        for m in WORD.finditer(text, start, end)
    ]
