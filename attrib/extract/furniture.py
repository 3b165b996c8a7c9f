"""Page furniture: find the lines of a scraped page that are not the article.

Nothing is removed from the text: the furniture is returned as spans, so
every offset keeps pointing into the text as given.
"""

from __future__ import annotations

from attrib.arabic import TextWords, normalize, normalize_text
from attrib.lexicon.patterns import Patterns

# A line of related headlines or tags is short; a paragraph of the article is not.
PARAGRAPH_WORDS = 14
# Prefix markers (شارك, صورة) only mark short lines: a long line starting with
# the same word is a sentence of the article.
MARKER_LINE_WORDS = 20
FINAL_PUNCTUATION = ".!؟?:»\"”"
LINE_BREAKS = "\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"  # what str.splitlines breaks at


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its line break."""
    spans = []
    start = 0
    for piece in text.splitlines(keepends=True):
        spans.append((start, start + len(piece.rstrip(LINE_BREAKS))))
        start += len(piece)
    return spans


def _line_start(line: str, count: int, patterns: Patterns) -> str:
    """The normal form of the line, or of enough of its start to test the prefix markers.

    A list header is a few words, so only a line that short is normalized whole.
    Normalizing deletes marks and maps the other letters one to one, so the
    normal form of a piece of the line is the start of the line's.
    """
    initial = normalize(line[:1])  # empty for a mark or tatweel first: then no shortcut
    if count <= patterns.list_header_words:
        if initial and initial not in patterns.furniture_prefix_initials and initial not in patterns.list_header_initials:
            return ""  # no header and no marker starts with this letter
        return normalize_text(line).rstrip(" :")
    if count > MARKER_LINE_WORDS:
        return ""  # a prefix marks only a short line
    if initial and initial not in patterns.furniture_prefix_initials:
        return ""  # and starts with one of a few letters
    need = patterns.furniture_prefix_chars + 1
    head = normalize_text(line[:2 * need])
    return head if len(head) >= need else normalize_text(line)


def _starts_with_marker(norm: str, prefixes: tuple[str, ...]) -> bool:
    if not norm.startswith(prefixes):  # one C call for the common case
        return False
    for prefix in prefixes:
        if norm.startswith(prefix):
            rest = norm[len(prefix):len(prefix) + 1]
            if not rest or not rest.isalnum():
                return True
    return False


def furniture_spans(text: str, patterns: Patterns, words: TextWords | None = None,
                    line_spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of the lines that are page furniture (menus, captions, related links)."""
    words = words or TextWords(text)
    spans: list[tuple[int, int]] = []
    in_list = False
    for start, end in lines(text) if line_spans is None else line_spans:
        line = text[start:end].strip()
        if not line:
            continue
        count = words.count(start, end)
        norm = _line_start(line, count, patterns)
        if norm in patterns.list_headers:
            in_list = True
            spans.append((start, end))
            continue
        looks_like_paragraph = count >= PARAGRAPH_WORDS or (line[-1] in ".؟!" and count >= 8)
        if in_list and not looks_like_paragraph:
            spans.append((start, end))
            continue
        in_list = False
        if count <= MARKER_LINE_WORDS and _starts_with_marker(norm, patterns.furniture_prefixes):
            spans.append((start, end))
        elif (patterns.line_start_pattern is not None and patterns.line_start_pattern.match(line, concurrent=False)) \
                or any((start is None or start in line) and p.search(line, concurrent=False)
                       for start, p in patterns.line_search_patterns):
            spans.append((start, end))
        elif (count <= MARKER_LINE_WORDS and line[-1] not in FINAL_PUNCTUATION
              and any(p.search(line, concurrent=False) for p in patterns.caption_patterns)):
            spans.append((start, end))
    return spans
