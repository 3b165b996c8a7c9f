"""The gate: scores on the shared gold articles never fall below their floors.

The gold files live in ../shared/eval beside the checkout (as in CI); the
floors in gold_floors.json are only ever raised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attrib.extract.pipeline import extract
from attrib.gold import load_gold
from attrib.lexicon.patterns import load_patterns
from attrib.models import Article
from attrib.scoring import score

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
FLOORS = json.loads((Path(__file__).parent / "gold_floors.json").read_text(encoding="utf-8"))
SETS = [name for name in FLOORS if not name.startswith("_")]


@pytest.mark.parametrize("name", SETS)
def test_scores_stay_above_floors(name: str) -> None:
    path = EVAL / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the gate needs ../shared/eval beside the checkout")
    gold = load_gold(path)
    patterns = load_patterns()
    predictions = {
        art["id"]: [c.model_dump() for c in extract(Article(id=art["id"], text=art["text"]), patterns).claims]
        for art in gold
    }
    scores, _ = score(gold, predictions)
    below = {metric: (round(getattr(scores, metric), 3), floor)
             for metric, floor in FLOORS[name].items() if getattr(scores, metric) + 1e-9 < floor}
    assert not below, f"{name}: below the floor (got, floor): {below}"
