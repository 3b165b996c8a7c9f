"""extract() as a library function: edge cases, stable ids, offsets on every gold article, furniture."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from attrib.arabic import WRITTEN_FORMS_LIMIT, WrittenForms
from attrib.errors import InputError
from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import load_patterns, memos_for
from attrib.models import Article, ArticleClaims

SEED = Path(__file__).parents[1] / "seeds" / "000_d86e76bf4fb47010.txt"
# CI checks shared/ out beside the repository; elsewhere the gold tests are skipped.
EVAL = Path(__file__).parents[2] / "shared" / "eval"
GOLD_FILES = ("seed.jsonl", "dev.jsonl", "dev_real.jsonl")


def _extract(text: str, article_id: str = "t") -> ArticleClaims:
    return extract(Article(id=article_id, text=text), load_patterns())


def _gold_articles() -> list[dict[str, str]]:
    articles = []
    for name in GOLD_FILES:
        path = EVAL / name
        if path.is_file():
            articles += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return articles


@pytest.mark.parametrize("text", ["", "   \n\n ", "الطقس مشمس اليوم في عمّان.", "-\n\n"],
                         ids=["empty", "blank", "no-cue", "dash"])
def test_text_without_cues_gives_no_claims(text: str) -> None:
    result = _extract(text)
    assert result.claims == []
    assert result.article.length == len(text)


def test_extract_without_patterns_loads_them() -> None:
    text = "وقال الوزير إن الاجتماع انتهى."
    assert extract(Article(id="t", text=text)) == _extract(text)


def test_claim_ids_are_stable_and_unique() -> None:
    text = SEED.read_text(encoding="utf-8")
    first, second = _extract(text, "seed"), _extract(text, "seed")
    ids = [claim.id for claim in first.claims]
    assert ids, "the seed article has claims"
    assert ids == [claim.id for claim in second.claims]
    assert len(set(ids)) == len(ids)
    assert first == second


def test_sentence_indexes_do_not_decrease() -> None:
    claims = _extract(SEED.read_text(encoding="utf-8")).claims
    sentences = [claim.sentence for claim in claims]
    assert sentences == sorted(sentences)


@pytest.mark.skipif(not EVAL.is_dir(), reason=f"{EVAL} not found (CI puts shared/ beside the checkout)")
@pytest.mark.parametrize("article", _gold_articles(), ids=lambda a: a["id"])
def test_every_span_points_into_the_text(article: dict[str, str]) -> None:
    text = article["text"]
    for claim in _extract(text, article["id"]).claims:
        for span in (claim.cue, claim.speaker, claim.source, claim.content):
            if span is not None:
                assert text[span.start:span.end] == span.text, f"{claim.id}: {span!r}"


def test_no_claim_in_the_seed_furniture() -> None:
    """The "read more" line and everything from "قد تحب أيضا" on are page furniture."""
    text = SEED.read_text(encoding="utf-8")
    read_more = text.index("اقرأ المزيد")
    furniture = [(read_more, text.index("\n", read_more)), (text.index("قد تحب أيضا"), len(text))]
    claims = _extract(text).claims
    assert claims
    for claim in claims:
        for span in (claim.cue, claim.speaker, claim.source, claim.content):
            if span is not None:
                assert not any(span.start < end and start < span.end for start, end in furniture), (
                    f"{claim.id}: {span.text!r} is in the furniture")


def test_claims_do_not_depend_on_the_articles_extracted_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo of written forms starts over after WRITTEN_FORMS_LIMIT forms: the article that
    crosses it must keep the cues it shares with the articles before (issue 11, item 3)."""
    patterns = load_patterns()
    claim = "وقال وزير الخارجية إن الحكومة مستقرة."
    article = Article(id="a", text=f"{claim}\nص1 ص2.")  # words never seen before: the memo starts over
    monkeypatch.setattr(memos_for(patterns), "starter_forms", WrittenForms(patterns.cue_starters))
    alone = extract(article, patterns)
    assert alone.claims

    monkeypatch.setattr(memos_for(patterns), "starter_forms", WrittenForms(patterns.cue_starters))
    distinct = [f"س{n}" for n in range(WRITTEN_FORMS_LIMIT + 500)]
    sentences = (" ".join(distinct[i:i + 20]) + "." for i in range(0, len(distinct), 20))
    extract(Article(id="before", text=claim + "\n" + "\n".join(sentences)), patterns)
    assert extract(article, patterns) == alone


@pytest.mark.parametrize("key", ["text", "title", "id", "site"])
def test_a_lone_surrogate_is_refused_where_the_article_is_made(key: str) -> None:
    """`extract()` took it, and `model_dump_json()` then raised (issue 11, item 18): refused at the
    library boundary with the error the readers give, located by the article's origin."""
    fields = {"id": "a1", "text": "قال الوزير إن الحكومة مستقرة.", "origin": "corpus.jsonl:3"}
    fields[key] = "قال \ud800"
    with pytest.raises(InputError) as caught:
        extract(Article(**fields), load_patterns()).model_dump_json()
    assert str(caught.value) == f"corpus.jsonl:3: {key!r} has an unpaired surrogate"


def test_the_pattern_set_is_immutable_and_its_memos_are_apart() -> None:
    """Patterns is frozen once loaded (issue 9): what the extractor learns about words goes to the
    process's WordMemos, one per pattern set, never into the pattern set."""
    patterns = load_patterns()
    with pytest.raises(dataclasses.FrozenInstanceError):
        patterns.forms = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        patterns.bare_cache = {}  # type: ignore[attr-defined]
    memos = memos_for(patterns)
    assert memos_for(patterns) is memos
    extract(Article(id="a", text="وقال وزير الخارجية إن الحكومة مستقرة."), patterns)
    assert memos.bare and memos.mention_readings
    assert memos.words_of(("time_adverbs", "weekdays")) == patterns.times
