"""The furniture regexes: checked for safety and compiled once; what a regex starts with."""

from __future__ import annotations

import regex

from attrib.lexicon.schemas import FurnitureFile, ParsedFile, value_line

_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-OQ-Z0-9-]")  # (?i), (?x): not (?:, (?>, (?P<name>


def is_anchored(pattern: str) -> bool:
    """Does the regex only match at the start (^ first, and no | outside groups)?

    A pattern with inline flags, (?i), is left alone: in an alternation they
    could reach the other patterns.
    """
    if not pattern.startswith("^") or _INLINE_FLAGS.search(pattern):
        return False
    depth, i, in_class = 0, 1, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1  # []...]: a ] first in a class is a member
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


_QUANTIFIERS = "?*+{"


def literal_start(pattern: str) -> str | None:
    """The literal text every match of the regex starts with, if three characters or more.

    'pic\\.twitter\\.com' starts with "pic.twitter.com", 'https?://' with "http";
    a regex with a class, group, alternation or inline flags first has none.
    """
    if _INLINE_FLAGS.search(pattern) or "|" in pattern:
        return None
    literal: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            char, step = pattern[i + 1], 2  # an escaped mark: \. is a dot
        elif c.isalnum() or c in " /:-_@#=%&,;!\"'<>~`":
            char, step = c, 1
        else:
            break
        if pattern[i + step:i + step + 1] in _QUANTIFIERS and pattern[i + step:i + step + 1]:
            break  # s? in https?: this character may be absent
        literal.append(char)
        i += step
    return "".join(literal) if len(literal) >= 3 else None


# --- regex safety -----------------------------------------------------------------

_UNBOUNDED = regex.compile(r"(?:[*+]|\{\d*,\})")
_QUANTIFIER = regex.compile(r"[*+?]|\{\d{1,4}(?:,\d{0,4})?\}")
_CLASS = regex.compile(r"\[(?:\\.|[^\]\\]){0,200}\]")
_ESCAPE = regex.compile(r"\\.")
_GROUP_PREFIX = regex.compile(r"\(\?(?:[:>=!|]|<[=!]|P?<\w{1,30}>)")


def _shape(pattern: str) -> str:
    """The pattern with escapes and character classes blanked out: what is left is structure."""
    return _CLASS.sub("C", _ESCAPE.sub("E", pattern))


def _nested_quantifier(shape: str) -> bool:
    """A quantified group that itself holds a quantifier or an alternation: (a{1,30}){1,30},
    (?:a|a){1,60}. Such a group can match one text in exponentially many ways, unless it is
    atomic (?>…), which never gives back what it matched."""
    stack: list[int] = []
    for i, ch in enumerate(shape):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            after = _QUANTIFIER.match(shape, i + 1)
            quantified = after is not None and after.group() != "?"  # an optional group has two ways, not more
            inner = _GROUP_PREFIX.sub("(", "(" + shape[start + 1:i])[1:]  # (?: (?> (?= are no quantifiers
            atomic = shape.startswith("(?>", start)
            if quantified and not atomic and (_QUANTIFIER.search(inner) or "|" in inner):
                return True
    return False


def _compile(pattern: str, where: str, problems: list[str]) -> regex.Pattern[str] | None:
    """Compile a furniture regex, refusing what could match slowly or match everything."""
    shape = _shape(pattern)
    if not pattern.strip():
        problems.append(f"{where}: empty regex: it would match every line")
        return None
    if _UNBOUNDED.search(shape):
        problems.append(f"{where}: regex {pattern!r} has an unbounded quantifier (* + {{n,}}); bound it, e.g. {{0,80}}")
        return None
    if _nested_quantifier(shape):
        problems.append(f"{where}: regex {pattern!r} repeats a group that repeats inside: "
                        "it can backtrack exponentially; make the group atomic, (?>…)")
        return None
    if regex.search(r"(?<!\\)\|\||\(\||\|\)|^\||(?<!\\)\|$", pattern):
        problems.append(f"{where}: regex {pattern!r} has an empty alternative")
        return None
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        problems.append(f"{where}: regex {pattern!r} does not compile: {exc}")
        return None



def compile_regexes(furniture: ParsedFile | None, key: str, where: str, problems: list[str]) -> list[regex.Pattern[str]]:
    """The regexes of one list of furniture.toml that compile safely; none if the file did not validate."""
    if furniture is None or not isinstance(furniture.model, FurnitureFile):
        return []
    compiled = [_compile(p, f"{where}:{value_line(furniture.raw, key, p)}", problems)
                for p in getattr(furniture.model, key)]
    return [p for p in compiled if p is not None]
