"""Reading a gold file, as ANNOTATION.md section 4 defines it.

A port of the reference's reader (shared/eval/goldlib.py): the same checks and
error lines. Gold articles stay plain dicts, as read from JSON; each claim is
given the offsets of its cue, `cue_start` and `cue_end`, that scoring.py matches on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from attrib.errors import GoldError
from attrib.models import CLAIM_TYPES, SPEAKER_KINDS, STANCES

# What a gold claim must have, and the fields that must be substrings of the text.
REQUIRED_FIELDS = ("cue", "anchor", "content", "stance", "type")
STRING_FIELDS = (
    "cue", "anchor", "speaker", "speaker_name", "role", "source", "source_alt", "content",
)


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The articles of a gold file, each claim given `cue_start` and `cue_end`.

    Raises GoldError naming the line and the claim that break ANNOTATION.md
    section 4, with the reference's messages.
    """
    articles, problems = read_gold(path)
    if problems:
        raise problems[0]
    return [article for _, article in articles]


def read_gold(path: str | Path) -> tuple[list[tuple[int, dict[str, Any]]], list[GoldError]]:
    """`load_gold`, going on past a bad line: the good articles with their line numbers, and a
    GoldError for each bad line.

    A UTF-8 byte order mark is skipped, as the article readers skip it. A file that
    cannot be read at all raises its GoldError.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8: {exc}") from None
    articles: list[tuple[int, dict[str, Any]]] = []
    problems: list[GoldError] = []
    seen_ids: set[str] = set()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            article = _gold_article(line, where, seen_ids)
        except GoldError as problem:
            problems.append(problem)
            continue
        seen_ids.add(article["id"])
        articles.append((lineno, article))
    return articles, problems


def _gold_article(line: str, where: str, seen_ids: set[str]) -> dict[str, Any]:
    """One gold line, its claims checked and anchored; raises GoldError."""
    article = _parse_article(line, where)
    if article["id"] in seen_ids:
        raise GoldError(f"{where}: duplicate id {article['id']!r}")
    for number, claim in enumerate(article["claims"], 1):
        if not isinstance(claim, dict):
            raise GoldError(f"{where} claim {number}: not a JSON object")
        _check_claim(claim, article["text"], f"{where} claim {number} ({claim.get('cue')!r})")
        anchor_start = article["text"].index(claim["anchor"])
        claim["cue_start"] = anchor_start + claim["anchor"].index(claim["cue"])
        claim["cue_end"] = claim["cue_start"] + len(claim["cue"])
    return article


def _parse_article(line: str, where: str) -> dict[str, Any]:
    """One gold line as a dict with a string `id`, a string `text` and a list of `claims`."""
    try:
        article = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{where}: not JSON: {exc}") from None
    if not isinstance(article, dict):
        raise GoldError(f"{where}: not a JSON object")
    for key in ("id", "text", "claims"):
        if key not in article:
            raise GoldError(f"{where}: missing '{key}'")
    # The reference crashes on these (or, for an id that is not a string,
    # never matches an exported article); we name them.
    for key in ("id", "text"):
        if not isinstance(article[key], str):
            raise GoldError(f"{where}: '{key}' is not a string")
    if not isinstance(article["claims"], list):
        raise GoldError(f"{where}: 'claims' is not a list")
    return article


def _check_claim(claim: dict[str, Any], text: str, where: str) -> None:
    """Raise GoldError for the first way `claim` breaks the gold format."""
    for key in REQUIRED_FIELDS:
        if not claim.get(key):
            raise GoldError(f"{where}: missing '{key}'")
    for key in STRING_FIELDS:
        value = claim.get(key)
        if value is None:
            continue
        if not isinstance(value, str):  # the reference crashes here
            raise GoldError(f"{where}: {key} {value!r} is not a string")
        if value not in text:
            raise GoldError(f"{where}: {key} {value!r} is not a substring of the text")
    if claim["stance"] not in STANCES:
        raise GoldError(f"{where}: unknown stance {claim['stance']!r}")
    if claim["type"] not in CLAIM_TYPES:
        raise GoldError(f"{where}: unknown type {claim['type']!r}")
    kind = claim.get("speaker_kind")
    if kind is not None and kind not in SPEAKER_KINDS:
        raise GoldError(f"{where}: unknown speaker_kind {kind!r}")
    anchor, cue = claim["anchor"], claim["cue"]
    if text.count(anchor) != 1:
        raise GoldError(f"{where}: anchor {anchor!r} occurs {text.count(anchor)} times")
    if cue not in anchor:
        raise GoldError(f"{where}: cue is not inside anchor {anchor!r}")
