"""Sentences with offsets: Arabic punctuation, abbreviations, decimals, quotations.

A sentence ends at `. ! ؟ ? ؛` and at a line break, but not inside a quotation
that closes on the same line, not after an abbreviation (د. for doctor), and
not between digits (3.5). Furniture lines are left out.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Final

import regex

from attrib.arabic import TextWords, normalize
from attrib.extract.furniture import furniture_spans, lines
from attrib.lexicon.patterns import Patterns

ENDERS: Final = ".!؟?؛"
SEMICOLON: Final = ENDERS[-1]  # the Arabic semicolon
CONTINUER_LOOK: Final = 12  # characters after a semicolon read for the word that continues the sentence
_ENDER_RUN: Final = regex.compile("[.!؟?؛]+")
_QUOTE_CHAR: Final = regex.compile('["«»“”‹›„]')
# Pairs of quotation marks that open and close unambiguously.
PAIRED: Final = {"«": "»", "“": "”", "‹": "›", "„": "“"}
STRAIGHT: Final = '"'
MAX_NESTING = 8  # quotations nested deeper are noise, not quotation
MIRRORED: Final = "”"  # a closing mark some pages type for both (”…”)
OPENING_CURLY: Final = "“"
# A quotation longer than this is taken to be unbalanced marks, not a quotation.
MAX_QUOTE: Final = 2000
# A line of this many words that ends with no punctuation was wrapped, not ended.
LONG_LINE: Final = 6


class Sentence:
    """A sentence of the article: its words, and the quotations inside it.

    The words are parallel lists (as written, start and end offsets, normal
    form), sliced from the article's.
    """

    __slots__ = ("index", "start", "end", "quotes", "texts", "starts", "ends", "norms", "_mirrored", "_openings")

    def __init__(self, index: int, start: int, end: int, quotes: list[tuple[int, int]],
                 texts: list[str], starts: list[int], ends: list[int], norms: list[str]) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.quotes = quotes  # (offset of opening mark, offset of closing mark)
        self.texts = texts
        self.starts = starts
        self.ends = ends
        self.norms = norms
        self._mirrored: frozenset[int] | None = None  # offsets of ” opening a quotation, found once
        self._openings: list[int] | None = None  # the quotations' opening offsets, in order, found once


    def __repr__(self) -> str:
        return f"Sentence({self.index}, {self.start}, {self.end})"

    def quotes_around(self, pos: int) -> list[tuple[int, int]]:
        """The quotations open at offset pos, outermost first (at most MAX_NESTING deep), by
        bisection over their openings: a search per offset, not a scan of them all."""
        if not self.quotes:
            return []
        if self._openings is None:
            self._openings = [a for a, _ in self.quotes]
        i = bisect_left(self._openings, pos)
        return [q for q in self.quotes[max(0, i - MAX_NESTING):i] if q[0] < pos < q[1]]

    def gap(self, text: str, start: int, end: int) -> str:
        """text[start:end], a ” that opens a quotation here shown as the opening “ it stands
        for (وأضافت ” لدينا …”), so every rule reading opening marks reads it."""
        piece = text[start:end]
        if MIRRORED in piece and self.quotes:
            if self._mirrored is None:
                self._mirrored = frozenset(a for a, _ in self.quotes if text[a] == MIRRORED)
            openers = self._mirrored
            piece = "".join(OPENING_CURLY if start + i in openers else ch for i, ch in enumerate(piece))
        return piece


class SentenceSpan:
    """Where a sentence lies, before its tokens are made: words[first:last] of the text."""

    __slots__ = ("index", "start", "end", "first", "last", "quotes")

    def __init__(self, index: int, start: int, end: int, first: int, last: int,
                 quotes: list[tuple[int, int]]) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.first = first
        self.last = last
        self.quotes = quotes

    def sentence(self, words: TextWords) -> Sentence:
        i, j = self.first, self.last
        texts = words.words[i:j]
        return Sentence(self.index, self.start, self.end, self.quotes, texts, words.starts[i:j], words.ends[i:j],
                        [normalize(text) for text in texts])


def quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Balanced quotations in text[start:end]: (open, close) offsets of the marks."""
    found: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for mark in _QUOTE_CHAR.finditer(text, start, end, concurrent=False):
        i = mark.start()
        ch = text[i]
        if ch == STRAIGHT:
            if straight_open is None or "\n" in text[straight_open:i]:
                straight_open = i  # a straight quotation does not run over a line break: a stray mark before it
            else:
                found.append((straight_open, i))
                straight_open = None
        elif stack and ch == PAIRED[stack[-1][0]]:
            found.append((stack.pop()[1], i))
        elif ch == OPENING_CURLY and not stack and straight_open is not None and text[straight_open] == MIRRORED:
            found.append((straight_open, i))  # ”…“: the marks mirrored
            straight_open = None
        elif ch in PAIRED:
            if len(stack) < MAX_NESTING:  # deeper nesting is noise, not quotation
                stack.append((ch, i))
        elif ch == MIRRORED and straight_open is None and not stack:
            # ” used as both marks ("”…”"), a common typing habit
            straight_open = i
        elif ch == MIRRORED and straight_open is not None and text[straight_open] == MIRRORED:
            found.append((straight_open, i))
            straight_open = None
    return sorted((a, b) for a, b in found if b - a <= MAX_QUOTE)


def _is_boundary(text: str, i: int, abbreviations: frozenset[str], continuers: frozenset[str]) -> bool:
    ch = text[i]
    if ch == SEMICOLON:  # …؛ كي يتمكن, …؛ لأن: a clause of purpose or cause goes on with the sentence
        after = text[i + 1:i + 1 + CONTINUER_LOOK].split()
        return not after or normalize(after[0]) not in continuers
    if ch != ".":
        return True
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isdigit() and nxt.isdigit():  # 3.5
        return False
    if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
        return False  # gazeta.ru, www.site.com: a dot inside a Latin name
    if nxt == ".":  # the first dot of .. or ...
        return False
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i]
    if word in abbreviations or (len(word) == 1 and word.isalpha()):
        return False  # د. أحمد, أ.ف.ب
    return True


def sentences(text: str, patterns: Patterns, runs: list[tuple[int, int]] | None = None,
              words: TextWords | None = None) -> list[Sentence]:
    """The sentences of the article, outside page furniture (in `runs`, from blocks(), if given)."""
    words = words or TextWords(text)
    return [span.sentence(words) for span in sentence_spans(text, patterns, runs, words)]


def sentence_spans(text: str, patterns: Patterns, runs: list[tuple[int, int]] | None,
                   words: TextWords) -> list[SentenceSpan]:
    """The sentences as spans: the extractor makes tokens only for those that may hold a cue."""
    abbreviations = patterns.grammar["abbreviations"]
    continuers = patterns.grammar["semicolon_continuers"]
    result: list[SentenceSpan] = []
    for block_start, block_end in blocks(text, patterns, words) if runs is None else runs:
        quotes = quotations(text, block_start, block_end)
        quote_starts = [a for a, _ in quotes]
        inside = _mask(block_start, block_end, quotes)
        start = block_start
        for found in _ENDER_RUN.finditer(text, block_start, block_end, concurrent=False):
            i = found.end() - 1  # the last mark of a run (.. ends a headline clause, as . does)
            if found.start() < start or inside[i - block_start] or not _is_boundary(text, i, abbreviations, continuers):
                continue
            _add(result, words, start, found.end(), quotes, quote_starts)
            start = found.end()
        _add(result, words, start, block_end, quotes, quote_starts)
    return result


def blocks(text: str, patterns: Patterns, words: TextWords | None = None) -> list[tuple[int, int]]:
    """Runs of lines to segment together: a line broken mid-sentence joins the next.

    Scraped pages and old archives wrap lines inside sentences ("بدورها قالت
    / قناة رؤيا إن ..."). A line ending with no final punctuation joins the
    next when it is long, or ends on a word that cannot end a sentence. The
    first line (the headline) and a line before a blank line never join.
    """
    words = words or TextWords(text)
    kept = lines(text)
    furniture = set(furniture_spans(text, patterns, words, kept))
    result: list[tuple[int, int]] = []
    first_content = True
    joining = False
    for index, (a, b) in enumerate(kept):
        if (a, b) in furniture or not text[a:b].strip():
            joining = False
            continue
        if joining and result:
            result[-1] = (result[-1][0], b)
        else:
            result.append((a, b))
        nxt = kept[index + 1] if index + 1 < len(kept) else None
        joining = (not first_content and nxt is not None and nxt not in furniture
                   and bool(text[nxt[0]:nxt[1]].strip()) and (
                       _broken(text, a, b, words, patterns) or _opens_said(text, nxt, words, patterns)))
        if first_content and len(text[a:b].split()) >= 3:
            first_content = False  # the headline is the first line of words, not a stray "-"
    return result


def _opens_said(text: str, line: tuple[int, int], words: TextWords, patterns: Patterns) -> bool:
    """Does the line open with a complementizer (أن, إن)? Then the words said go on from the line
    before (أكد المحافظ سالم⏎أن …), whatever that line ends with but final punctuation."""
    i, j = words.between(*line)
    return i < j and words.norm(i) in patterns.grammar["complementizers"] and text[line[0]:line[1]].lstrip()[:1] != "«"


def _broken(text: str, a: int, b: int, words: TextWords, patterns: Patterns) -> bool:
    """Does the line text[a:b] stop in the middle of a sentence?"""
    stripped = text[a:b].rstrip()
    if not stripped or stripped[-1] in ENDERS + ":»”)" or ".." in stripped:
        return False  # ".." separates the clauses of a headline, which stands alone
    if stripped[-1] in "«“":
        return True  # ونقلت وكالة «
    if stripped[-1] == '"':
        # ونقلت وكالة " opens a quotation; ...البسطات." closes one
        return stripped.count('"') % 2 == 1 and len(stripped) > 1 and stripped[-2] not in ENDERS
    i, j = words.between(a, b)
    if i == j:
        return False
    last = words.norm(j - 1)
    return j - i >= LONG_LINE or last in patterns.line_continuers or last in patterns.forms \
        or last.removeprefix("و") in patterns.forms


def _mask(start: int, end: int, quotes: list[tuple[int, int]]) -> bytearray:
    """1 for each offset strictly inside a quotation, 0 elsewhere: one pass, not a search per offset."""
    mask = bytearray(end - start)
    for a, b in quotes:
        mask[a - start + 1:b - start] = b"\x01" * max(0, b - a - 1)
    return mask


def _add(result: list[SentenceSpan], words: TextWords, start: int, end: int,
         quotes: list[tuple[int, int]], quote_starts: list[int]) -> None:
    first, last = words.between(start, end)
    if first == last:
        return
    inner = [(a, b) for a, b in quotes[bisect_left(quote_starts, start):bisect_left(quote_starts, end)] if b < end]
    result.append(SentenceSpan(len(result), start, end, first, last, inner))
