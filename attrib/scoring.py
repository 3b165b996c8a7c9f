"""Scoring claims against gold articles (gold.py reads them), as ANNOTATION.md section 5 defines it.

A port of the reference scorer (shared/eval/score.py) that the
installed tool can carry: the same normalization, matching, metrics and error
lines, so that both print the same numbers to the last digit. Gold articles and
predicted claims stay plain dicts, as read from JSON, so that a prediction with
a missing field is scored (as wrong) rather than rejected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

TATWEEL = "\u0640"
ALEF = "\u0627"
ALEF_MAKSURA = "\u0649"  # ى, written for final ي in much of the press
YEH = "\u064a"
TEH_MARBUTA = "\u0629"  # ة, often typed as ه
HEH = "\u0647"

# Quranic signs (U+0610-U+061A), harakat, tanwin, shadda, sukun and hamza marks
# (U+064B-U+065F), superscript alef (U+0670), Quranic annotation (U+06D6-U+06ED),
# and tatweel, the stretching stroke: none of them changes the word.
_DIACRITICS = re.compile(f"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed{TATWEEL}]")
# Alef with madda, hamza above, hamza below, and wasla: spelled as bare alef
# as often as not.
_ALEF_FORMS = re.compile("[\u0622\u0623\u0625\u0671]")
# Anything that is neither a letter, a digit nor space: punctuation, «» and
# other quotation marks, symbols. The underscore is a word character to `re`.
# The standard `re`, not `regex`, on purpose: `regex` also counts combining marks
# and joiners (ZWNJ) as word characters, and the reference scorer uses `re`.
_PUNCTUATION = re.compile(r"[^\w\s]|_")

# A speaker, source or content is right when its token F1 reaches this.
ENOUGH_F1 = 0.5


class Scores(BaseModel):
    """The metrics of ANNOTATION.md section 5, in the reference scorer's order."""

    model_config = ConfigDict(extra="forbid")

    articles: int
    gold: int
    pred: int
    matched: int
    claims_p: float
    claims_r: float
    claims_f1: float
    speaker_acc: float
    stance_acc: float
    type_acc: float
    content_f1: float
    source_p: float
    source_r: float
    source_f1: float
    full_p: float
    full_r: float
    full_f1: float


# --- comparing strings -------------------------------------------------------


def normalize_tokens(text: str | None) -> list[str]:
    """The tokens of `text` after the normalization of ANNOTATION.md section 5."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)  # presentation forms: ﻻ -> لا
    text = _DIACRITICS.sub("", text)
    text = _ALEF_FORMS.sub(ALEF, text)
    text = text.replace(ALEF_MAKSURA, YEH).replace(TEH_MARBUTA, HEH)
    return _PUNCTUATION.sub(" ", text).split()


def token_f1(a: str | None, b: str | None) -> float:
    """F1 of the normalized tokens of `a` and `b`, each token matched at most once."""
    tokens_a, tokens_b = normalize_tokens(a), normalize_tokens(b)
    if not tokens_a and not tokens_b:
        return 1.0
    common = _common_count(tokens_a, tokens_b)
    if common == 0:
        return 0.0
    precision, recall = common / len(tokens_a), common / len(tokens_b)
    return 2 * precision * recall / (precision + recall)


def _common_count(tokens_a: list[str], tokens_b: list[str]) -> int:
    """How many tokens the two lists share, counted as multisets."""
    pool = list(tokens_b)
    common = 0
    for token in tokens_a:
        if token in pool:
            pool.remove(token)
            common += 1
    return common


# --- matching and judging claims ---------------------------------------------


def _get(obj: Any, *keys: str) -> Any:
    """`obj[k1][k2]...`, or None as soon as a level is missing or not a dict."""
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def match_claims(
    gold_claims: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> list[int | None]:
    """For each gold claim, the index of the predicted claim it is matched with, or None.

    Greedy, in gold order: each gold claim takes the unused prediction whose
    cue overlaps its cue by the most code points (the first one on a tie).
    An earlier gold claim can so take the prediction a later one needed.
    """
    used: set[int] = set()
    matches: list[int | None] = []
    for gold in gold_claims:
        best: int | None = None
        best_overlap = 0
        for index, pred in enumerate(predicted):
            start, end = _get(pred, "cue", "start"), _get(pred, "cue", "end")
            if index in used or start is None or end is None:
                continue
            overlap = min(end, gold["cue_end"]) - max(start, gold["cue_start"])
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is not None:
            used.add(best)
        matches.append(best)
    return matches


def speaker_ok(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Right when some pairing of predicted text/name and gold speaker/name is close enough.

    With no gold speaker, right only when none is predicted.
    """
    gold_names = [name for name in (gold.get("speaker"), gold.get("speaker_name")) if name]
    pred_names = [name for name in (_get(pred, "speaker", "text"), _get(pred, "speaker", "name"))
                  if name]
    if not gold_names:
        return not pred_names
    return any(token_f1(p, g) >= ENOUGH_F1 for p in pred_names for g in gold_names)


def source_ok(pred_source: str | None, gold: dict[str, Any]) -> bool:
    """Right when close enough to the gold source or its accepted alternative, `source_alt`.

    Never right when the gold claim has no `source`, whatever its `source_alt`.
    """
    if not pred_source or not gold.get("source"):
        return False
    alternatives = (gold.get("source"), gold.get("source_alt"))
    return any(token_f1(pred_source, g) >= ENOUGH_F1 for g in alternatives if g)


@dataclass
class _Judgement:
    """How one predicted claim compares with the gold claim it is matched with."""

    speaker: bool
    stance: bool
    type: bool
    content_f1: float
    pred_source: str | None
    gold_source: str | None
    source: bool

    @property
    def full(self) -> bool:
        """Counts toward full F1: right speaker, stance and enough content."""
        return self.speaker and self.stance and self.content_f1 >= ENOUGH_F1

    @property
    def source_right(self) -> bool:
        """No SOURCE error: both sources absent, or the predicted one right."""
        return self.source or (not self.pred_source and not self.gold_source)


def _judge(pred: dict[str, Any], gold: dict[str, Any]) -> _Judgement:
    pred_source = _get(pred, "source", "text")
    return _Judgement(
        speaker=speaker_ok(pred, gold),
        stance=pred.get("stance") == gold["stance"],
        type=pred.get("type") == gold["type"],
        content_f1=token_f1(_get(pred, "content", "text"), gold["content"]),
        pred_source=pred_source,
        gold_source=gold.get("source"),
        source=source_ok(pred_source, gold),
    )


def _field_errors(
    art_id: str, pred: dict[str, Any], gold: dict[str, Any], judged: _Judgement
) -> list[str]:
    """The SPEAKER, STANCE, CONTENT and SOURCE error lines of one matched claim."""
    cue = gold["cue"]
    errors = []
    if not judged.speaker:
        errors.append(
            f"{art_id}: SPEAKER {cue!r}: "
            f"got {_get(pred, 'speaker', 'text')!r}/{_get(pred, 'speaker', 'name')!r}, "
            f"want {gold.get('speaker')!r}/{gold.get('speaker_name')!r}"
        )
    if not judged.stance:
        errors.append(
            f"{art_id}: STANCE {cue!r}: got {pred.get('stance')!r}, want {gold['stance']!r}"
        )
    if judged.content_f1 < ENOUGH_F1:
        errors.append(
            f"{art_id}: CONTENT {cue!r} f1={judged.content_f1:.2f}: "
            f"got {_get(pred, 'content', 'text')!r}, want {gold['content']!r}"
        )
    if not judged.source_right:
        errors.append(
            f"{art_id}: SOURCE {cue!r}: got {judged.pred_source!r}, want {judged.gold_source!r}"
        )
    return errors


# --- the metrics -------------------------------------------------------------


@dataclass
class _Tally:
    """Running counts over all articles."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker: int = 0
    stance: int = 0
    type: int = 0
    full: int = 0
    content_sum: float = 0.0
    source_tp: int = 0
    source_pred: int = 0  # matched claims with a predicted source
    source_gold: int = 0  # matched claims with a gold source

    def add(self, judged: _Judgement) -> None:
        self.matched += 1
        self.speaker += judged.speaker
        self.stance += judged.stance
        self.type += judged.type
        self.content_sum += judged.content_f1
        self.full += judged.full
        self.source_pred += bool(judged.pred_source)
        self.source_gold += bool(judged.gold_source)
        self.source_tp += judged.source


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1, each 0.0 where undefined."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(
    gold: list[dict[str, Any]], predictions: Mapping[str, list[dict[str, Any]]]
) -> tuple[Scores, list[str]]:
    """The scores of `predictions` against `gold` articles (from load_gold), and the error lines.

    `predictions` maps an article id to its claims in the export shape
    (`Claim.model_dump()`). Only the gold articles count: predictions for
    other ids are ignored, and an article with no predictions has none.
    """
    tally = _Tally()
    errors: list[str] = []
    for article in gold:
        art_id = article["id"]
        gold_claims = article["claims"]
        predicted = predictions.get(art_id) or []
        tally.gold += len(gold_claims)
        tally.pred += len(predicted)
        matches = match_claims(gold_claims, predicted)
        for gold_claim, index in zip(gold_claims, matches, strict=True):
            if index is None:
                errors.append(
                    f"{art_id}: MISSED {gold_claim['cue']!r} ({gold_claim['anchor']!r}) "
                    f"speaker={gold_claim.get('speaker')!r}"
                )
                continue
            judged = _judge(predicted[index], gold_claim)
            tally.add(judged)
            errors.extend(_field_errors(art_id, predicted[index], gold_claim, judged))
        used = set(matches)
        for index, pred in enumerate(predicted):
            if index not in used:
                cue_text, cue_start = _get(pred, "cue", "text"), _get(pred, "cue", "start")
                errors.append(f"{art_id}: SPURIOUS {cue_text!r} at {cue_start}")
    return _scores(tally, len(gold)), errors


def _scores(tally: _Tally, n_articles: int) -> Scores:
    claims_p, claims_r, claims_f1 = _prf(tally.matched, tally.pred, tally.gold)
    full_p, full_r, full_f1 = _prf(tally.full, tally.pred, tally.gold)
    source_p, source_r, source_f1 = _prf(tally.source_tp, tally.source_pred, tally.source_gold)
    matched = tally.matched or 1  # accuracies are 0.0 when nothing matched
    return Scores(
        articles=n_articles, gold=tally.gold, pred=tally.pred, matched=tally.matched,
        claims_p=claims_p, claims_r=claims_r, claims_f1=claims_f1,
        speaker_acc=tally.speaker / matched, stance_acc=tally.stance / matched,
        type_acc=tally.type / matched, content_f1=tally.content_sum / matched,
        source_p=source_p, source_r=source_r, source_f1=source_f1,
        full_p=full_p, full_r=full_r, full_f1=full_f1,
    )
