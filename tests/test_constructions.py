"""Constructions of real news pages: who, through which outlet, what (tests/data/constructions.toml).

Each case names its class; the sentences are our own. A case the extractor gets
wrong today carries `xfail = "why"` and fails the run if it starts passing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import load_patterns
from attrib.models import Article, Claim

CASES = tomllib.loads((Path(__file__).parent / "data" / "constructions.toml").read_text(encoding="utf-8"))["case"]


def _params() -> list[Any]:
    params = []
    for n, case in enumerate(CASES, 1):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=f"c{n:03d}-{case['class'].replace(' ', '-')}", marks=marks))
    return params


def _claim(case: dict[str, Any]) -> tuple[Claim, str]:
    text = case["text"]
    result = extract(Article(id="t", text=text), load_patterns())
    for claim in result.claims:
        for span in (claim.cue, claim.speaker, claim.source, claim.content):
            if span is not None:
                assert text[span.start:span.end] == span.text, f"{claim.id}: {span!r}"
    if "claims" in case:  # how many claims the text holds, when the case is about one too many
        assert len(result.claims) == case["claims"], [c.cue.text for c in result.claims]
    start = text.index(case["cue"])
    found = [c for c in result.claims if c.cue.start <= start < c.cue.end]
    assert found, f"no claim at {case['cue']!r}; claims: {[c.cue.text for c in result.claims]}"
    return found[0], text


@pytest.mark.parametrize("case", _params())
def test_construction(case: dict[str, Any]) -> None:
    claim, _ = _claim(case)
    assert claim.cue.text == case["cue"]
    assert (claim.speaker.text if claim.speaker else None) == case.get("speaker")
    assert claim.content.text == case["content"]
    assert (claim.source.text if claim.source else None) == case.get("source")
    if "name" in case:  # the canonical name, when the case is about it
        assert claim.speaker is not None and claim.speaker.name == case["name"]
    if "role" in case:
        assert claim.speaker is not None and claim.speaker.role == case["role"]


def test_every_case_is_well_formed() -> None:
    for case in CASES:
        for field in ("cue", "speaker", "content", "source"):
            if field in case:
                assert case[field] in case["text"], f"{field} {case[field]!r} not in {case['text']!r}"
