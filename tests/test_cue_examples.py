"""Every cue of patterns/cues.toml on example sentences, and the traps that must yield nothing.

The sentences live in tests/data/cue_examples.toml and tests/data/traps.toml;
a case the extractor gets wrong today carries `xfail = "why"` there.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import load_patterns
from attrib.models import Article, ArticleClaims
from attrib.scoring import ENOUGH_F1, token_f1

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"
CUES = tomllib.loads((ROOT / "patterns" / "cues.toml").read_text(encoding="utf-8"))
EXAMPLES = tomllib.loads((DATA / "cue_examples.toml").read_text(encoding="utf-8"))["example"]
TRAPS = tomllib.loads((DATA / "traps.toml").read_text(encoding="utf-8"))["trap"]

# Every cue of cues.toml by the key an example names it with, and its stance.
STANCES = {v["lemma"]: v["stance"] for v in CUES["verb"]}
STANCES |= {f["word"]: f["stance"] for f in CUES["frame"]}
STANCES |= {p["text"]: p["stance"] for p in CUES["phrase"]}
STANCES |= {n["word"]: n["stance"] for n in CUES.get("noun", [])}
NEGATED = {v["lemma"]: v["negated"] for v in CUES["verb"] if "negated" in v}


# Safe Buckwalter transliteration, so that test ids read in ASCII (pytest
# escapes Arabic in ids): وأكد -> wOkd, مؤكداً -> mWkdA. Diacritics are dropped.
_SAFE_BUCKWALTER = str.maketrans(
    "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي ",
    "CMOWIQAbptvjHxdVrzscSDTZEgfqklmnhwYy_",
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640",
)


def _case_id(prefix: str, n: int, case: dict[str, Any]) -> str:
    """ex012-mwDHp: the case's number in its file and its cue (or first words)."""
    label = case.get("cue") or " ".join(case["text"].split()[:2])
    return f"{prefix}{n:03d}-{label.translate(_SAFE_BUCKWALTER)}"


def _params(cases: list[dict[str, Any]], prefix: str) -> list[Any]:
    """One pytest param a case, xfail (strict) when the case says why it fails today."""
    params = []
    for n, case in enumerate(cases, 1):
        xfail = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=_case_id(prefix, n, case), marks=xfail))
    return params


def _extract(text: str) -> ArticleClaims:
    return extract(Article(id="t", text=text), load_patterns())


def _assert_spans_point_into(result: ArticleClaims, text: str) -> None:
    for claim in result.claims:
        for span in (claim.cue, claim.speaker, claim.source, claim.content):
            if span is not None:
                assert text[span.start:span.end] == span.text, f"{claim.id}: {span!r}"


def test_every_cue_has_an_example() -> None:
    covered = {example["lemma"] for example in EXAMPLES}
    missing = sorted(set(STANCES) - covered)
    assert not missing, f"cues with no example in cue_examples.toml: {missing}"


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=[_case_id("ex", n, e) for n, e in enumerate(EXAMPLES, 1)]
)
def test_example_is_well_formed(example: dict[str, Any]) -> None:
    """The data itself: a known cue, and every field a substring of the text."""
    assert example["lemma"] in STANCES, f"{example['lemma']!r} is not in cues.toml"
    for field in ("cue", "speaker", "content", "source"):
        if field in example:
            assert example[field] in example["text"], f"{field} {example[field]!r} not in text"


@pytest.mark.parametrize("example", _params(EXAMPLES, "ex"))
def test_example_yields_its_claim(example: dict[str, Any]) -> None:
    text = example["text"]
    result = _extract(text)
    _assert_spans_point_into(result, text)
    start = text.index(example["cue"])
    end = start + len(example["cue"])
    found = [c for c in result.claims if c.cue.start < end and start < c.cue.end]
    got = [(c.cue.text, c.stance) for c in result.claims]
    assert found, f"no claim on cue {example['cue']!r}; claims: {got}"
    claim = found[0]
    lemma = example["lemma"]
    stance = NEGATED[lemma] if example.get("negated") else STANCES[lemma]
    assert claim.stance == stance
    if "speaker" in example:
        assert claim.speaker is not None and example["speaker"] in claim.speaker.text
    else:
        assert claim.speaker is None, f"speaker {claim.speaker.text!r} where nobody is named"
    f1 = token_f1(claim.content.text, example["content"])
    assert f1 >= ENOUGH_F1, f"content {claim.content.text!r} (F1 {f1:.2f})"
    if "source" in example:
        assert claim.source is not None and token_f1(claim.source.text, example["source"]) >= ENOUGH_F1
    else:
        assert claim.source is None, f"source {claim.source.text!r} where no outlet is credited"


@pytest.mark.parametrize("trap", _params(TRAPS, "trap"))
def test_trap_yields_no_claim(trap: dict[str, Any]) -> None:
    result = _extract(trap["text"])
    assert not result.claims, f"{trap['why']}; got {[(c.cue.text, c.stance) for c in result.claims]}"
