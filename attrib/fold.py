"""Folded forms of Arabic text, for finding the same words spelled differently across outlets.

Outlets spell the same words differently: with or without diacritics and
tatweel, إ/أ/آ or a bare ا, final ى or ي, final ة or ه (الإسلامية, الاسلاميه).
Search, speaker names and story matching compare folded forms; what is shown
and exported is always the text as written.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from attrib.arabic import HEH, TEH_MARBUTA, normalize

FARSI_YEH = "\u06cc"  # ی, typed for ي on Persian keyboards
KEHEH = "\u06a9"  # ک, typed for ك
ARABIC_KAF = "\u0643"
ARABIC_YEH = "\u064a"
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_FOLD_MAP = str.maketrans({TEH_MARBUTA: HEH, FARSI_YEH: ARABIC_YEH, KEHEH: ARABIC_KAF})
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_PARENTHESES = regex.compile(r"\([^()]{0,80}\)")

# Clitics split off for story matching only (not for search or names): the
# conjunctions و and ف, the prepositions ب and ل, and the article ال, in the
# combinations news prose uses. A word keeps at least 3 letters.
_CLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
MIN_STEM = 3


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The search form: normalized letters (arabic.normalize), ة→ه, Persian ی/ک, ASCII digits, lower case."""
    return normalize(text).translate(_FOLD_MAP).translate(ARABIC_INDIC_DIGITS).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`, punctuation and quotation marks dropped."""
    return _WORD.findall(fold(text))


def name_key(name: str) -> str:
    """The key that merges spellings of one name: folded words, a parenthesized acronym dropped.

    وكالة الأنباء العراقية (واع) and وكالة الانباء العراقيه get the same key.
    """
    without = _PARENTHESES.sub(" ", name)
    return " ".join(words(without) or words(name))


def stem(word: str) -> str:
    """A folded word without its leading clitics, for matching reworded statements."""
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            return word[len(clitic):]
    return word
