"""Scoring: normalization, token F1, matching, sources, gold errors, and agreement
with the reference scorer (shared/eval/score.py) on perturbed gold claims."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from attrib.errors import GoldError
from attrib.gold import load_gold
from attrib.models import CLAIM_TYPES, STANCES, Claim, CueSpan, Span, SpeakerSpan
from attrib.scoring import (
    match_claims,
    normalize_tokens,
    score,
    source_ok,
    speaker_ok,
    token_f1,
)

# CI checks shared/ out beside the repository; elsewhere these tests are skipped.
REFERENCE = Path(__file__).parents[2] / "shared" / "eval"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "score.py").is_file(),
    reason=f"reference scorer {REFERENCE / 'score.py'} not found (CI puts shared/ beside the checkout)",
)

FATHA = "\u064e"
DAMMA = "\u064f"
SHADDA = "\u0651"
TANWIN_FATH = "\u064b"
SUPERSCRIPT_ALEF = "\u0670"
TATWEEL = "\u0640"
ZWNJ = "\u200c"
LAM_ALEF_LIGATURE = "\ufefb"  # ﻻ, a presentation form that NFKC splits into لا


# --- normalization and token F1 ------------------------------------------------

NORMALIZE_CASES = [
    (None, []),
    ("", []),
    ("  \n ", []),
    ("وقال الوزير", ["وقال", "الوزير"]),
    # diacritics: harakat, shadda, tanwin, superscript alef
    (f"ق{FATHA}ال{FATHA}", ["قال"]),
    (f"أك{SHADDA}{FATHA}د", ["اكد"]),
    (f"معربا{TANWIN_FATH}", ["معربا"]),
    (f"ه{SUPERSCRIPT_ALEF}ذا", ["هذا"]),
    (f"الج{DAMMA}ن{DAMMA}ود", ["الجنود"]),
    # tatweel, the stretching stroke
    (f"متواص{TATWEEL}ل", ["متواصل"]),
    (f"ال{TATWEEL}{TATWEEL}حكومة", ["الحكومه"]),
    # alef forms: hamza above, hamza below, madda, wasla
    ("أكد إن آخر ٱلأمر", ["اكد", "ان", "اخر", "الامر"]),
    # alef maksura and teh marbuta
    ("مستشفى الحكومة", ["مستشفي", "الحكومه"]),
    ("على", ["علي"]),
    # punctuation and quotation marks become spaces
    ("«غير واقعية»،", ["غير", "واقعيه"]),
    ('صحيفة "الوطن" المحلية.', ["صحيفه", "الوطن", "المحليه"]),
    ("“الوضع” مستقر؛ أليس كذلك؟", ["الوضع", "مستقر", "اليس", "كذلك"]),
    ("(واع)", ["واع"]),
    ("قال:الوزير", ["قال", "الوزير"]),
    ("60%", ["60"]),
    ("a_b", ["a", "b"]),
    ("...", []),
    # NFKC first: presentation forms become plain letters
    (f"{LAM_ALEF_LIGATURE} شيء", ["لا", "شيء"]),
    # ZWNJ is no word character to `re`: it splits, as in the reference
    (f"ال{ZWNJ}كتاب", ["ال", "كتاب"]),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE_CASES)
def test_normalize_tokens(text: str | None, expected: list[str]) -> None:
    assert normalize_tokens(text) == expected


TOKEN_F1_CASES = [
    (None, None, 1.0),
    ("", "«»", 1.0),  # both empty after normalization
    ("قال", None, 0.0),
    (None, "قال", 0.0),
    ("الوضع مستقر", "الوضع مستقر", 1.0),
    ("مستقر الوضع", "الوضع مستقر", 1.0),  # order does not matter
    (f"أك{SHADDA}د «الوزير»", "اكد الوزير", 1.0),  # normalization first
    ("الحكومة", "الحكومه", 1.0),
    ("الوضع مستقر تماما", "الوضع مستقر", 0.8),  # p 2/3, r 1
    ("الوضع", "الوضع مستقر تماما", 0.5),  # p 1, r 1/3
    ("ا ا ب", "ا ب ب", 2 / 3),  # a token matches once: 2 in common, not 3
    ("ا ا", "ا", 2 / 3),
    ("الوضع مستقر", "الحرب مستمرة", 0.0),
]


@pytest.mark.parametrize(("a", "b", "expected"), TOKEN_F1_CASES)
def test_token_f1(a: str | None, b: str | None, expected: float) -> None:
    assert token_f1(a, b) == pytest.approx(expected)


# --- matching ------------------------------------------------------------------


def _gold_cue(start: int, end: int) -> dict[str, Any]:
    return {"cue_start": start, "cue_end": end}


def _pred_cue(start: int | None, end: int | None) -> dict[str, Any]:
    return {"cue": {"text": "x", "start": start, "end": end}}


MATCH_CASES = [
    # (gold cue spans, predicted cue spans, expected match per gold claim)
    ("exact", [(10, 20)], [(10, 20)], [0]),
    ("partial overlap", [(10, 20)], [(19, 30)], [0]),
    ("touching is no overlap", [(10, 20)], [(20, 30), (0, 10)], [None]),
    ("largest overlap wins", [(10, 20)], [(18, 25), (12, 30), (5, 11)], [1]),
    ("first on a tie", [(10, 20)], [(8, 12), (18, 22)], [0]),
    ("each prediction matched once", [(10, 20), (12, 18)], [(10, 20)], [0, None]),
    ("each gold claim matched once", [(10, 20)], [(10, 20), (10, 20)], [0]),
    ("two golds, two preds", [(0, 5), (10, 15)], [(11, 14), (1, 4)], [1, 0]),
    # Greedy in gold order, not the best assignment: the first gold claim takes
    # the prediction the second needed, and the second is missed.
    ("greedy in gold order", [(0, 10), (9, 12)], [(0, 12), (2, 4)], [0, None]),
    ("no offsets, never matched", [(10, 20)], [(None, None), (10, None)], [None]),
    ("nothing predicted", [(10, 20)], [], [None]),
    ("no gold", [], [(10, 20)], []),
]


@pytest.mark.parametrize(
    ("gold_spans", "pred_spans", "expected"),
    [case[1:] for case in MATCH_CASES],
    ids=[case[0] for case in MATCH_CASES],
)
def test_match_claims(
    gold_spans: list[tuple[int, int]],
    pred_spans: list[tuple[int | None, int | None]],
    expected: list[int | None],
) -> None:
    golds = [_gold_cue(*span) for span in gold_spans]
    preds = [_pred_cue(*span) for span in pred_spans]
    assert match_claims(golds, preds) == expected


# --- speaker and source --------------------------------------------------------

SPEAKER_CASES = [
    # (predicted speaker, gold speaker, gold speaker_name, right?)
    ({"text": "النعيمي", "name": "مصطفى النعيمي"}, "النعيمي", "مصطفى النعيمي", True),
    ({"text": "المحلل", "name": "مصطفى النعيمي"}, "النعيمي", "مصطفى النعيمي", True),  # name pairs
    ({"text": "النعيمي", "name": "النعيمي"}, "المحلل السياسي مصطفى النعيمي", "مصطفى النعيمي", True),
    ({"text": "الوزير", "name": "الوزير"}, "النعيمي", "مصطفى النعيمي", False),
    # F1 0.5 is enough: one shared word of two makes another minister right
    ({"text": "وزير الخارجية", "name": "وزير الخارجية"}, "وزير الداخلية", "وزير الداخلية", True),
    (None, "النعيمي", "النعيمي", False),
    (None, None, None, True),  # both null
    ({"text": "مصادر", "name": "مصادر"}, None, None, False),
]


@pytest.mark.parametrize(("pred_speaker", "speaker", "speaker_name", "right"), SPEAKER_CASES)
def test_speaker_ok(
    pred_speaker: dict[str, str] | None, speaker: str | None, speaker_name: str | None, right: bool
) -> None:
    gold = {"speaker": speaker, "speaker_name": speaker_name}
    assert speaker_ok({"speaker": pred_speaker}, gold) is right


SOURCE_CASES = [
    # (predicted source, gold source, gold source_alt, right?)
    ("قناة الوسط", "قناة الوسط", None, True),
    ("الوسط", "قناة الوسط", None, True),  # token F1 2/3
    ("وكالة رويترز", "قناة الوسط", "وكالة رويترز", True),  # the accepted alternative
    ("رويترز", "قناة الوسط", "وكالة رويترز", True),
    ("سكاي نيوز", "قناة الوسط", "وكالة رويترز", False),
    ("قناة الجزيرة", "قناة الوسط", None, True),  # F1 0.5 on the shared word قناة
    (None, "قناة الوسط", "وكالة رويترز", False),
    ("", "قناة الوسط", None, False),
    ("قناة الوسط", None, None, False),
    # A source_alt without a source is never a right answer.
    ("وكالة رويترز", None, "وكالة رويترز", False),
]


@pytest.mark.parametrize(("pred_source", "source", "source_alt", "right"), SOURCE_CASES)
def test_source_ok(pred_source: str | None, source: str | None, source_alt: str | None, right: bool) -> None:
    gold = {"source": source, "source_alt": source_alt}
    assert source_ok(pred_source, gold) is right


# --- scoring a small article ---------------------------------------------------

TEXT = "وقال الوزير لوكالة رويترز إن الوضع مستقر، بحسب ما نقلته قناة الوسط. وأكد أن الحرب انتهت."


def _gold_claim(cue: str, anchor: str, **fields: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "cue": cue, "anchor": anchor, "speaker": None, "speaker_name": None, "role": None,
        "speaker_kind": None, "source": None, "content": "", "stance": "neutral", "type": "indirect",
    }
    claim.update(fields)
    claim["cue_start"] = TEXT.index(anchor) + anchor.index(cue)
    claim["cue_end"] = claim["cue_start"] + len(cue)
    return claim


GOLD = [{
    "id": "t-1",
    "text": TEXT,
    "claims": [
        _gold_claim("وقال", "وقال الوزير", speaker="الوزير", speaker_name="الوزير",
                    source="قناة الوسط", source_alt="وكالة رويترز", content="الوضع مستقر"),
        _gold_claim("بحسب ما نقلته", "بحسب ما نقلته", speaker="قناة الوسط", speaker_name="قناة الوسط",
                    source="قناة الوسط", content="الوضع مستقر", type="according_to"),
        _gold_claim("وأكد", "وأكد", speaker="الوزير", speaker_name="الوزير",
                    content="الحرب انتهت", stance="assert"),
    ],
}]


def _pred(cue: str, speaker: str | None, source: str | None, content: str, stance: str,
          type_: str = "indirect") -> dict[str, Any]:
    """A predicted claim in the export shape, spans found in TEXT."""
    def span(text: str) -> dict[str, Any]:
        return {"text": text, "start": TEXT.index(text), "end": TEXT.index(text) + len(text)}

    return {
        "cue": span(cue) | {"lemma": cue},
        "speaker": None if speaker is None else span(speaker) | {"name": speaker},
        "source": None if source is None else span(source),
        "content": span(content),
        "stance": stance,
        "type": type_,
    }


def test_score_counts_and_error_lines() -> None:
    predictions = {
        "t-1": [
            _pred("وقال", "الوزير", "وكالة رويترز", "الوضع مستقر", "neutral"),  # all right via source_alt
            _pred("وأكد", "قناة الوسط", None, "الحرب", "neutral"),  # speaker, stance wrong
            _pred("الحرب", None, "قناة الوسط", "انتهت", "neutral"),  # spurious
        ],
        "not-in-gold": [_pred("وقال", "الوزير", None, "الوضع مستقر", "neutral")],  # ignored
    }
    scores, errors = score(GOLD, predictions)
    assert scores.model_dump() == pytest.approx(dict(
        articles=1, gold=3, pred=3, matched=2,
        claims_p=2 / 3, claims_r=2 / 3, claims_f1=2 / 3,
        speaker_acc=0.5, stance_acc=0.5, type_acc=1.0, content_f1=(1.0 + 2 / 3) / 2,
        # sources count over matched claims only: one predicted, one gold, both right
        source_p=1.0, source_r=1.0, source_f1=1.0,
        full_p=1 / 3, full_r=1 / 3, full_f1=1 / 3,
    ))
    assert errors == [
        "t-1: MISSED 'بحسب ما نقلته' ('بحسب ما نقلته') speaker='قناة الوسط'",
        "t-1: SPEAKER 'وأكد': got 'قناة الوسط'/'قناة الوسط', want 'الوزير'/'الوزير'",
        "t-1: STANCE 'وأكد': got 'neutral', want 'assert'",
        f"t-1: SPURIOUS 'الحرب' at {TEXT.index('الحرب')}",
    ]


def test_score_source_errors() -> None:
    predictions = {
        "t-1": [
            _pred("وقال", "الوزير", None, "الوضع مستقر", "neutral"),
            _pred("بحسب ما نقلته", "قناة الوسط", "الوزير", "الوضع مستقر", "neutral", "according_to"),
            _pred("وأكد", "الوزير", "قناة الوسط", "الحرب انتهت", "assert"),
        ],
    }
    scores, errors = score(GOLD, predictions)
    assert errors == [
        "t-1: SOURCE 'وقال': got None, want 'قناة الوسط'",
        "t-1: SOURCE 'بحسب ما نقلته': got 'الوزير', want 'قناة الوسط'",
        "t-1: SOURCE 'وأكد': got 'قناة الوسط', want None",
    ]
    assert (scores.source_p, scores.source_r, scores.source_f1) == (0.0, 0.0, 0.0)
    assert scores.full_f1 == 1.0  # the source is not part of full F1


def test_score_content_error_line() -> None:
    predictions = {"t-1": [_pred("وأكد", "الوزير", None, "وأكد أن الحرب", "assert")]}
    _, errors = score(GOLD, predictions)
    # one token of three predicted, of two wanted: F1 0.4
    assert "t-1: CONTENT 'وأكد' f1=0.40: got 'وأكد أن الحرب', want 'الحرب انتهت'" in errors


def test_score_content_f1_of_one_half_is_enough() -> None:
    predictions = {"t-1": [_pred("وأكد", "الوزير", None, "أن الحرب", "assert")]}
    scores, errors = score(GOLD, predictions)
    assert scores.content_f1 == 0.5
    assert scores.full_r == 1 / 3
    assert not [line for line in errors if "CONTENT" in line]


def test_score_nothing_predicted() -> None:
    scores, errors = score(GOLD, {})
    assert scores.model_dump() == {
        "articles": 1, "gold": 3, "pred": 0, "matched": 0,
        **dict.fromkeys(
            ["claims_p", "claims_r", "claims_f1", "speaker_acc", "stance_acc", "type_acc",
             "content_f1", "source_p", "source_r", "source_f1", "full_p", "full_r", "full_f1"],
            0.0,
        ),
    }
    assert [line.split()[1] for line in errors] == ["MISSED"] * 3


def test_claim_model_dump_is_scored() -> None:
    """The export shape is what the scorer reads: a perfect prediction scores 1."""
    claims = [
        Claim(
            id=f"c{i}", sentence=0,
            cue=CueSpan(text=g["cue"], start=g["cue_start"], end=g["cue_end"], lemma=g["cue"]),
            speaker=SpeakerSpan(text=g["speaker"], start=0, end=0, name=g["speaker_name"]),
            source=None if g["source"] is None else Span(text=g["source"], start=0, end=0),
            content=Span(text=g["content"], start=0, end=0),
            stance=g["stance"], type=g["type"],
        ).model_dump()
        for i, g in enumerate(GOLD[0]["claims"])
    ]
    scores, errors = score(GOLD, {"t-1": claims})
    assert errors == []
    assert scores.full_f1 == scores.source_f1 == scores.type_acc == 1.0


# --- gold errors ---------------------------------------------------------------

GOLD_LINE = {
    "id": "g-1",
    "text": "وقال الوزير إن الوضع مستقر.",
    "claims": [{
        "cue": "وقال", "anchor": "وقال الوزير", "speaker": "الوزير", "speaker_name": "الوزير",
        "role": None, "speaker_kind": "person", "source": None, "content": "الوضع مستقر",
        "stance": "neutral", "type": "indirect",
    }],
}


def _with_claim(**fields: Any) -> str:
    article = json.loads(json.dumps(GOLD_LINE))
    article["claims"][0].update(fields)
    return json.dumps(article, ensure_ascii=False)


def _without(key: str) -> str:
    article = dict(GOLD_LINE)
    del article[key]
    return json.dumps(article, ensure_ascii=False)


GOOD = json.dumps(GOLD_LINE, ensure_ascii=False)

GOLD_ERROR_CASES = [
    # (name, lines of the file, message after "PATH:")
    ("not JSON", [GOOD, "{oops"], "2: not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ("missing id", [_without("id")], "1: missing 'id'"),
    ("missing claims", [_without("claims")], "1: missing 'claims'"),
    ("duplicate id, blank lines counted", [GOOD, "", GOOD], "3: duplicate id 'g-1'"),
    ("empty cue", [_with_claim(cue="")], "1 claim 1 (''): missing 'cue'"),
    ("missing stance", [_with_claim(stance=None)], "1 claim 1 ('وقال'): missing 'stance'"),
    ("not a substring", [_with_claim(content="الوضع مضطرب")],
     "1 claim 1 ('وقال'): content 'الوضع مضطرب' is not a substring of the text"),
    ("unknown stance", [_with_claim(stance="asert")], "1 claim 1 ('وقال'): unknown stance 'asert'"),
    ("unknown type", [_with_claim(type="quote")], "1 claim 1 ('وقال'): unknown type 'quote'"),
    ("unknown kind", [_with_claim(speaker_kind="human")],
     "1 claim 1 ('وقال'): unknown speaker_kind 'human'"),
    ("anchor thrice", [_with_claim(anchor="ال")],  # in وقال too
     "1 claim 1 ('وقال'): anchor 'ال' occurs 3 times"),
    ("cue outside anchor", [_with_claim(anchor="الوزير إن")],
     "1 claim 1 ('وقال'): cue is not inside anchor 'الوزير إن'"),
]


def _write_gold(directory: Path, lines: list[str]) -> Path:
    path = directory / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lines", "message"),
    [case[1:] for case in GOLD_ERROR_CASES],
    ids=[case[0] for case in GOLD_ERROR_CASES],
)
def test_load_gold_errors(tmp_path: Path, lines: list[str], message: str) -> None:
    path = _write_gold(tmp_path, lines)
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value) == f"{path}:{message}"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["[1, 2]"], "1: not a JSON object"),
        ([json.dumps(GOLD_LINE | {"claims": "none"})], "1: 'claims' is not a list"),
        ([json.dumps(GOLD_LINE | {"id": 7})], "1: 'id' is not a string"),
        ([_with_claim(role=["وزير"])], "1 claim 1 ('وقال'): role ['وزير'] is not a string"),
    ],
)
def test_load_gold_errors_where_the_reference_crashes(tmp_path: Path, lines: list[str], message: str) -> None:
    path = _write_gold(tmp_path, lines)
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value) == f"{path}:{message}"


def test_load_gold_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "missing.jsonl"
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value) == f"{path}: cannot read: No such file or directory"


def test_load_gold_offsets(tmp_path: Path) -> None:
    [article] = load_gold(_write_gold(tmp_path, [GOOD]))
    claim = article["claims"][0]
    assert (claim["cue_start"], claim["cue_end"]) == (0, 4)
    assert article["text"][claim["cue_start"]:claim["cue_end"]] == claim["cue"]


# --- agreement with the reference scorer ---------------------------------------


def _run_reference(gold: Path, pred: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, str(REFERENCE / "score.py"), str(gold), str(pred), "--json", "--errors"],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )


@needs_reference
@pytest.mark.parametrize(
    ("lines", "message"),
    [case[1:] for case in GOLD_ERROR_CASES],
    ids=[case[0] for case in GOLD_ERROR_CASES],
)
def test_gold_errors_agree_with_reference(tmp_path: Path, lines: list[str], message: str) -> None:
    gold = _write_gold(tmp_path, lines)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("", encoding="utf-8")
    reference = _run_reference(gold, pred)
    with pytest.raises(GoldError) as caught:
        load_gold(gold)
    assert reference.returncode == 1
    assert reference.stderr == f"error: {caught.value}\n"


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    start, end = max(0, start), min(len(text), end)
    return {"text": text[start:end], "start": start, "end": end}


def _claim_from_gold(text: str, gold: dict[str, Any], number: int) -> dict[str, Any]:
    """The export form of a gold claim, as a perfect extractor would give it."""
    def found(value: str) -> Span:
        return Span(**_span(text, text.index(value), text.index(value) + len(value)))

    speaker = None
    if gold["speaker"]:
        speaker = SpeakerSpan(**found(gold["speaker"]).model_dump(), name=gold["speaker_name"] or gold["speaker"])
    return Claim(
        id=f"c{number}", sentence=0,
        cue=CueSpan(**_span(text, gold["cue_start"], gold["cue_end"]), lemma=gold["cue"]),
        speaker=speaker,
        source=found(gold["source"]) if gold["source"] else None,
        content=found(gold["content"]),
        stance=gold["stance"], type=gold["type"],
    ).model_dump()


def _perturb(claim: dict[str, Any], gold: dict[str, Any], article: dict[str, Any], rng: random.Random) -> None:
    """Spoil one field of `claim` the way an extractor might."""
    text = article["text"]
    others = [c for c in article["claims"] if c is not gold]
    how = rng.randrange(12)
    if how == 0:  # cue shifted: a smaller overlap, or none
        shift = rng.randint(-6, 6)
        claim["cue"] |= _span(text, claim["cue"]["start"] + shift, claim["cue"]["end"] + shift)
    elif how == 1:  # cue elsewhere: a miss and a spurious claim
        start = rng.randrange(len(text) - 8)
        claim["cue"] |= _span(text, start, start + rng.randint(2, 8))
    elif how == 2:
        claim["stance"] = rng.choice(STANCES)
    elif how == 3:
        claim["type"] = rng.choice(CLAIM_TYPES)
    elif how == 4:
        claim["speaker"] = None
    elif how == 5 and others:  # another claim's speaker
        other = rng.choice(others)
        claim["speaker"] = None if not other["speaker"] else {
            "text": other["speaker"], "start": 0, "end": 0, "name": other["speaker_name"],
        }
    elif how == 6:  # only the first word of the speaker and of the name
        if claim["speaker"]:
            claim["speaker"]["text"] = claim["speaker"]["text"].split()[0]
            claim["speaker"]["name"] = claim["speaker"]["name"].split()[-1]
    elif how == 7:  # the source dropped, or given the alternative, or invented
        claim["source"] = rng.choice([
            None,
            {"text": gold.get("source_alt") or "وكالة رويترز", "start": 0, "end": 0},
            {"text": "قناة الجزيرة", "start": 0, "end": 0},
        ])
    elif how == 8:  # content cut short
        words = claim["content"]["text"].split()
        claim["content"]["text"] = " ".join(words[: rng.randint(0, len(words))])
    elif how == 9:  # content from elsewhere
        start = rng.randrange(len(text) - 40)
        claim["content"] |= _span(text, start, start + 40)
    elif how == 10:  # content with diacritics stripped differently and quotes
        claim["content"]["text"] = "«" + claim["content"]["text"].replace("ا", "أ") + "»"
    # how == 11, or nothing to spoil: the claim stays right


def _predictions(articles: list[dict[str, Any]], seed: int, drop: float) -> dict[str, list[dict[str, Any]]]:
    """Gold claims turned into predictions, some dropped, spoiled, doubled, or invented."""
    rng = random.Random(seed)
    predictions: dict[str, list[dict[str, Any]]] = {}
    for article in articles:
        if rng.random() < 0.1:
            continue  # an article the extractor never saw
        claims = []
        for number, gold in enumerate(article["claims"]):
            if rng.random() < drop:
                continue
            claim = _claim_from_gold(article["text"], gold, number)
            if rng.random() < 0.6:
                _perturb(claim, gold, article, rng)
            claims.append(claim)
            if rng.random() < 0.05:  # the same cue twice, one wider
                double = json.loads(json.dumps(claim))
                double["cue"] |= _span(article["text"], claim["cue"]["start"] - 3, claim["cue"]["end"] + 2)
                claims.append(double)
        for _ in range(rng.randint(0, 3)):  # spurious claims anywhere
            start = rng.randrange(len(article["text"]) - 10)
            claims.append({
                "cue": _span(article["text"], start, start + rng.randint(1, 10)),
                "speaker": None, "source": None,
                "content": {"text": article["text"][start:start + 30]},
                "stance": rng.choice(STANCES), "type": rng.choice(CLAIM_TYPES),
            })
        rng.shuffle(claims)
        predictions[article["id"]] = claims
    predictions["not-in-gold"] = [_claim_from_gold(articles[0]["text"], articles[0]["claims"][0], 0)]
    return predictions


def _write_predictions(path: Path, predictions: dict[str, list[dict[str, Any]]]) -> None:
    lines = [json.dumps({"article": {"id": art_id}, "claims": claims}, ensure_ascii=False)
             for art_id, claims in predictions.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


AGREEMENT_CASES = [
    # (gold file, seed, share of claims dropped); seed None: the gold claims unchanged
    ("dev.jsonl", None, 0.0),
    ("dev.jsonl", 1, 0.0),
    ("dev.jsonl", 2, 0.15),
    ("dev.jsonl", 3, 0.5),
    ("dev_real.jsonl", 4, 0.15),  # has source_alt
    ("dev_real.jsonl", 5, 0.3),
]


@needs_reference
@pytest.mark.parametrize(("gold_name", "seed", "drop"), AGREEMENT_CASES)
def test_agrees_with_reference(tmp_path: Path, gold_name: str, seed: int | None, drop: float) -> None:
    gold_path = REFERENCE / gold_name
    if not gold_path.is_file():
        pytest.skip(f"{gold_path} not found")
    gold = load_gold(gold_path)
    if seed is None:
        predictions = {a["id"]: [_claim_from_gold(a["text"], c, i) for i, c in enumerate(a["claims"])]
                       for a in gold}
    else:
        predictions = _predictions(gold, seed, drop)
    pred_path = tmp_path / "pred.jsonl"
    _write_predictions(pred_path, predictions)

    reference = _run_reference(gold_path, pred_path)
    assert reference.returncode == 0, reference.stderr
    *reference_errors, reference_json = reference.stdout.splitlines()
    scores, errors = score(gold, predictions)

    assert scores.model_dump() == json.loads(reference_json)
    assert errors == reference_errors
    if seed is not None:  # the perturbations reach every kind of error line
        kinds = {line.split()[1] for line in errors}
        assert kinds == {"MISSED", "SPEAKER", "STANCE", "CONTENT", "SOURCE", "SPURIOUS"}
