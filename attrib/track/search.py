"""The search language of the claim database: an Arabic word found whatever clitics it carries.

FTS5 matches whole tokens, and Arabic writes the conjunctions و ف, the
prepositions ب ل ك and the article ال onto the word: الكهرباء, بالكهرباء and
والكهرباء are three tokens. So each word is indexed folded (fold.py: no
diacritics, tatweel or letter variants) and without its longest leading
clitic (`search_token`), and each word of a query becomes the tokens of every
word that can be written from it with a clitic (`alternatives`). A letter
that may be a clitic or the word's own (the و of وزير) is read both ways, on
the query's side, so index and query never disagree.

The language: words all required; `"two words"` a phrase; `word*` a prefix;
`OR`, `AND` and `NOT` between terms (NOT excludes). What FTS5 would reject,
or run as something else, is a `SearchError` saying why.
"""

from __future__ import annotations

from itertools import product

import regex

from attrib.errors import SearchError
from attrib.fold import MIN_STEM, words

# The clitics a word may carry, longest first: a conjunction, then a preposition,
# then the article (لل is ل + ال, whose alef is not written).
SEARCH_CLITICS = tuple(sorted(
    {"و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "فال", "بال", "كال", "وبال", "فبال", "ولل", "فلل", "وب", "ول", "فب", "فل"},
    key=lambda clitic: (-len(clitic), clitic),
))
OPERATORS = ("OR", "AND", "NOT")
MAX_PHRASE_FORMS = 256  # the spellings of a phrase searched at most

_PART = regex.compile(r'"([^"]*)"|([^\s"]+)')
_NEAR = regex.compile(r"^NEAR\s*\(|^NEAR$")


def search_token(word: str) -> str:
    """The indexed form of a folded word: without its longest leading clitic, keeping 3 letters."""
    for clitic in SEARCH_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            return word[len(clitic):]
    return word


def index_form(text: str) -> str:
    """The text as the search index holds it: its folded words, each as `search_token`."""
    return " ".join(search_token(word) for word in words(text))


def alternatives(word: str) -> list[str]:
    """The indexed forms of every word written from this folded one, with or without a clitic."""
    stems = {word} | {word[len(c):] for c in SEARCH_CLITICS if word.startswith(c) and len(word) - len(c) >= MIN_STEM}
    return sorted({search_token(clitic + stem) for stem in stems for clitic in ("", *SEARCH_CLITICS)})


def fts_query(text: str) -> str:
    """The FTS5 query for a search; "" when it has no word. Raises SearchError for what cannot be searched."""
    if text.count('"') % 2:
        raise SearchError(f"{text}: a quotation mark is not closed; a phrase is written \"two words\"")
    groups: list[list[str]] = [[]]  # OR of groups, each the AND (or NOT) of its terms
    pending: str | None = None  # an operator waiting for the term after it
    for phrase, word in _PART.findall(text):
        if word in OPERATORS:
            if pending is not None or not groups[-1]:
                raise SearchError(f"{text}: {word} needs a word on each side")
            pending = word
            continue
        if _NEAR.match(word):
            raise SearchError(f'{text}: NEAR is not supported; search a "phrase" or words')
        term = _term(phrase, word, text)
        if term is None:
            continue
        if pending == "OR":
            groups.append([term])
        elif pending == "NOT":
            groups[-1].append(f"NOT {term}")
        else:
            groups[-1].append(f"AND {term}" if groups[-1] else term)
        pending = None
    if pending is not None:
        raise SearchError(f"{text}: {pending} needs a word on each side")
    return " OR ".join(f"({' '.join(group)})" for group in groups if group)


def _term(phrase: str, word: str, text: str) -> str | None:
    """A word (with its prefix star) or a phrase as FTS5 alternatives; None if it has no letters."""
    prefix = False
    if word:
        if "*" in word.rstrip("*") or word.count("*") > 1 or (word.endswith("*") and not words(word)):
            raise SearchError(f"{text}: a * ends a word, as in كهرب*")
        prefix = word.endswith("*")
    found = words(phrase or word)
    if not found:
        return None
    forms = [" ".join(tokens) for tokens in product(*(alternatives(w) for w in found))]
    if len(forms) > MAX_PHRASE_FORMS:
        raise SearchError(f"{text}: the phrase has too many spellings to search; shorten it")
    star = "*" if prefix else ""
    return "(" + " OR ".join(f'"{form}"{star}' for form in forms) + ")"
