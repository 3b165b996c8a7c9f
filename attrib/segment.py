"""Sentences with offsets: Arabic punctuation, abbreviations, decimals, quotations.

A sentence ends at `. ! ؟ ? ؛` and at a line break, but not inside a quotation
that closes on the same line, not after an abbreviation (د. for doctor), and
not between digits (3.5). Furniture lines are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from .arabic import Token, tokenize
from .clean import furniture_spans, lines
from .patterns import Patterns

ENDERS = ".!؟?؛"
# Pairs of quotation marks that open and close unambiguously.
PAIRED = {"«": "»", "“": "”", "‹": "›", "„": "“"}
STRAIGHT = '"'
# A quotation longer than this is taken to be unbalanced marks, not a quotation.
MAX_QUOTE = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article, its tokens, and the quotations inside it."""

    index: int
    start: int
    end: int
    tokens: list[Token]
    quotes: list[tuple[int, int]]  # (offset of opening mark, offset of closing mark)


def quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Balanced quotations in text[start:end]: (open, close) offsets of the marks."""
    found: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == STRAIGHT:
            if straight_open is None:
                straight_open = i
            else:
                found.append((straight_open, i))
                straight_open = None
        elif stack and ch == PAIRED[stack[-1][0]]:
            found.append((stack.pop()[1], i))
        elif ch in PAIRED:
            if len(stack) < 8:  # deeper nesting is noise, not quotation
                stack.append((ch, i))
        elif ch == "”" and straight_open is None and not stack:
            # ” used as both marks ("”…”"), a common typing habit
            straight_open = i
        elif ch == "”" and straight_open is not None and text[straight_open] == "”":
            found.append((straight_open, i))
            straight_open = None
    return sorted((a, b) for a, b in found if b - a <= MAX_QUOTE)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _is_boundary(text: str, i: int, abbreviations: frozenset[str]) -> bool:
    ch = text[i]
    if ch != ".":
        return True
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isdigit() and nxt.isdigit():  # 3.5
        return False
    if nxt == ".":  # the first dot of .. or ...
        return False
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i]
    if word in abbreviations or (len(word) == 1 and word.isalpha()):
        return False  # د. أحمد, أ.ف.ب
    return True


def sentences(text: str, patterns: Patterns) -> list[Sentence]:
    """The sentences of the article, outside page furniture."""
    furniture = set(furniture_spans(text, patterns))
    abbreviations = patterns.grammar["abbreviations"]
    result: list[Sentence] = []
    for line_start, line_end in lines(text):
        if (line_start, line_end) in furniture or line_start == line_end:
            continue
        quotes = quotations(text, line_start, line_end)
        start = line_start
        i = line_start
        while i < line_end:
            if text[i] in ENDERS and not _inside(i, quotes) and _is_boundary(text, i, abbreviations):
                end = i + 1
                while end < line_end and text[end] in ENDERS:
                    end += 1
                _add(result, text, start, end, quotes)
                start = i = end
                continue
            i += 1
        _add(result, text, start, line_end, quotes)
    return result


def _add(result: list[Sentence], text: str, start: int, end: int,
         quotes: list[tuple[int, int]]) -> None:
    tokens = tokenize(text, start, end)
    if not tokens:
        return
    inner = [(a, b) for a, b in quotes if start <= a and b < end]
    result.append(Sentence(len(result), start, end, tokens, inner))
