"""Properties that hold for any text: extraction never fails, every span points into the text, the output never varies.

Texts are drawn from pieces that stress the extractor: Arabic letters, the cue
words and frames of patterns/cues.toml, every kind of quotation mark left
unbalanced, diacritics, tatweel runs, bidi controls, byte order marks, Latin,
digits and arbitrary Unicode. Unpaired surrogates cannot reach extract(): they
only arrive escaped in JSON (`"\\ud800"`), and the reader rejects them with a
located error, tested here through read_inputs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attrib.errors import InputError
from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import bundled_directory, load_patterns
from attrib.models import Article, ArticleClaims
from attrib.read.inputs import read_inputs

PATTERNS = load_patterns()

TATWEEL = "\u0640"
LRM, RLM = "\u200e", "\u200f"
ISOLATES = ["\u2066", "\u2067", "\u2068", "\u2069"]  # LRI, RLI, FSI, PDI
EMBEDDINGS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]  # LRE, RLE, PDF, LRO, RLO
ZWNJ, ZWJ = "\u200c", "\u200d"
BOM = "\ufeff"
INVISIBLE = [TATWEEL, LRM, RLM, *ISOLATES, *EMBEDDINGS, ZWNJ, ZWJ, BOM, "\u00a0", "\u2028", "\u0085"]
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)]  # fathatan .. sukun
ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
ARABIC_DIGITS = [chr(c) for c in range(0x0660, 0x066A)]
QUOTATION_MARKS = list("«»“”„‟‘’‚‹›\"'`")
PUNCTUATION = [*QUOTATION_MARKS, *":،.؟!,;؛()[]{}<>-–—…/"]
SPACES = [" ", "  ", "\n", "\n\n", "\r\n", "\t", "\r"]


def _cue_words() -> list[str]:
    """Every lemma, stem, frame and phrase of the bundled cues.toml, as written there."""
    data = tomllib.loads((bundled_directory() / "cues.toml").read_text(encoding="utf-8"))
    words: set[str] = set()
    for verb in data.get("verb", []):
        words.update(verb.get(key) for key in ("lemma", "perfect", "imperfect", "participle") if verb.get(key))
        words.update(verb.get("extra", []) + verb.get("impersonal", []))
    words.update(frame["word"] for frame in data.get("frame", []))
    words.update(phrase["text"] for phrase in data.get("phrase", []))
    return sorted(words)


CUES = _cue_words() + ["وقال", "وأكد", "مؤكداً", "نقلاً عن", "وأضاف", "قالت", "ونفى"]
GLUE = ["إن", "أن", "بأن", "إنه", "أنها", "ما", "لم", "لا", "عن", "على", "في", "إلى", "و", "ف", "ل"]
SPEAKERS = ["الوزير", "المتحدث باسم الوزارة", "وكالة رويترز", "مصادر مطلعة", "الرئيس السوري",
            "صحيفة الوطن", "أحمد الشرع", "الجيش", "سكاي نيوز عربية", "مسؤول"]

word = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=8)
piece = st.one_of(
    st.sampled_from(CUES),
    st.sampled_from(GLUE),
    st.sampled_from(SPEAKERS),
    word,
    st.sampled_from(PUNCTUATION),
    st.sampled_from(SPACES),
    st.sampled_from(INVISIBLE),
    st.sampled_from(DIACRITICS),
    st.text(alphabet=[TATWEEL], min_size=2, max_size=20),  # tatweel runs
    st.text(alphabet=QUOTATION_MARKS, min_size=2, max_size=6),  # runs of unbalanced marks
    st.integers(0, 10**6).map(str),
    st.text(alphabet=ARABIC_DIGITS, min_size=1, max_size=4),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ", min_size=1, max_size=8),
    # Any code point but the surrogates, which no decoded text can hold (see below).
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6),
)
texts = st.lists(piece, max_size=60).map(" ".join) | st.lists(piece, max_size=60).map("".join)

# Sentences that do yield claims, so the properties also cover spans built from real matches.
REAL = [
    "وقال الوزير إن الحكومة ستعمل على دعم القطاع الخاص.",
    "أكد المتحدث باسم الوزارة، في بيان، أن «الوضع تحت السيطرة».",
    "ونفى مصدر مطلع لوكالة رويترز ما تردد عن انسحاب القوات.",
    "«لن نتراجع»، قال رئيس الحزب أحمد الشرع للصحفيين.",
    "وبحسب صحيفة الوطن، تسجل عمّان الثلاثاء 39 درجة مئوية.",
    "وأضاف مؤكداً: \"سنواصل العمل\"، مشيراً إلى أن الخطة جاهزة.",
]
marks = st.sampled_from([*DIACRITICS, *INVISIBLE, *QUOTATION_MARKS, "\n", "،", TATWEEL * 5])


@st.composite
def sprinkled(draw: st.DrawFn) -> str:
    """A real sentence (or a few) with marks inserted anywhere: diacritics everywhere, bidi controls, quotes."""
    text = "\n".join(draw(st.lists(st.sampled_from(REAL), min_size=1, max_size=3)))
    if draw(st.booleans()):  # diacritics everywhere: a mark after every letter
        text = "".join(char + (draw(st.sampled_from(DIACRITICS)) if "\u0621" <= char <= "\u064a" else "")
                       for char in text)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(marks) + text[at:]
    return text


def _check(text: str) -> ArticleClaims:
    """Extract `text` twice; the outputs are equal and every span points into the text."""
    result = extract(Article(id="p", text=text), PATTERNS)
    assert result.article.length == len(text)
    for claim in result.claims:
        for span in (claim.cue, claim.speaker, claim.source, claim.content):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text), (claim.id, span)
                assert text[span.start:span.end] == span.text, (claim.id, span)
    again = extract(Article(id="p", text=text), PATTERNS)
    assert again.model_dump() == result.model_dump()
    return result


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_any_text_extracts_with_spans_into_it(text: str) -> None:
    _check(text)


@FAST
@given(sprinkled())
def test_real_sentences_with_marks_anywhere(text: str) -> None:
    _check(text)


def test_the_real_sentences_do_yield_claims() -> None:
    """Guards the strategy above: without claims, the span property would hold trivially."""
    assert all(_check(sentence).claims for sentence in REAL)


# --- JSONL: what extract() never sees ---------------------------------------------------

def _read_jsonl(tmp_path: Path, lines: list[str]) -> list[Article | InputError]:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))
    return list(read_inputs([str(path)]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, ascii_only=st.booleans())
def test_any_text_survives_a_jsonl_line_exactly(tmp_path: Path, text: str, ascii_only: bool) -> None:
    """The offsets of an export point into the text as given: the reader changes no character."""
    line = json.dumps({"id": "a", "text": text}, ensure_ascii=ascii_only)
    [article] = _read_jsonl(tmp_path, [line])
    assert isinstance(article, Article)
    assert article.text == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=texts,
    surrogate=st.integers(0xD800, 0xDFFF).map(chr),
    at=st.integers(0, 10**6),
    field=st.sampled_from(["text", "title", "id"]),
)
def test_lone_surrogate_in_jsonl_is_a_located_error(
    tmp_path: Path, text: str, surrogate: str, at: int, field: str
) -> None:
    """`"\\ud800"` is valid JSON but no text: that line is rejected by name, its neighbours are read."""
    at %= len(text) + 1
    bad = {"id": "bad", "title": "عنوان", "text": "نص"}
    bad[field] = text[:at] + surrogate + text[at:]
    lines = [json.dumps({"id": "before", "text": "قبل"}), json.dumps(bad), json.dumps({"id": "after", "text": "بعد"})]
    assert "\\ud" in lines[1]  # escaped: json.dumps cannot write a lone surrogate otherwise
    first, error, last = _read_jsonl(tmp_path, lines)
    assert isinstance(first, Article) and first.id == "before"
    assert isinstance(last, Article) and last.id == "after"
    assert isinstance(error, InputError)
    assert str(error) == f"{tmp_path / 'corpus.jsonl'}:2: {field!r} has an unpaired surrogate"


# --- the same output in another process ----------------------------------------------------

# A set or dict of strings iterated in hash order would change the output from one
# process to the next (PYTHONHASHSEED): two runs with different seeds must agree.
HASH_SEED_TEXTS = [*REAL, " ".join(REAL), "«" + "»، قال".join(REAL) + "\u200f", "\n\n".join(REAL) * 3]


def _export_with_hash_seed(corpus: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-c", "from attrib.cli.main import app; app()", "export", str(corpus), "--format", "jsonl"]
    done = subprocess.run(command, env=env, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_output_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    gold = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
    lines = [json.dumps({"id": f"t{i}", "text": text}, ensure_ascii=False) for i, text in enumerate(HASH_SEED_TEXTS)]
    if gold.is_file():
        lines += [json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False)
                  for r in map(json.loads, gold.read_text(encoding="utf-8").splitlines()) if r]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = _export_with_hash_seed(corpus, "1")
    assert first.count("\n") == len(lines)
    assert _export_with_hash_seed(corpus, "2") == first


@pytest.mark.parametrize("mark", [*INVISIBLE, *DIACRITICS], ids=lambda m: f"U+{ord(m):04X}")
def test_a_mark_inside_every_word_keeps_spans_exact(mark: str) -> None:
    """A mark stuck to every word (start, middle, end) moves every offset; each span still points into the text."""
    for sentence in REAL:
        words = sentence.split(" ")
        text = " ".join(mark + w[: len(w) // 2] + mark + w[len(w) // 2:] + mark for w in words)
        _check(text)


EMPTY_QUOTES = ["«»", '""', "“”", "« »", "«»«»"]


@pytest.mark.parametrize("quote", EMPTY_QUOTES)
@pytest.mark.parametrize("text", [
    "قال الوزير {q} رويترز",
    "وقال الوزير لـ{q} وكالة الأنباء إن الوضع هادئ",
    "قال الوزير لقناة {q} الجزيرة إن الحكومة مستقرة",
    "أكد مسؤول {q} رويترز",
])
def test_an_empty_quotation_gives_no_backward_span(text: str, quote: str) -> None:
    """قال الوزير «» رويترز gave a source span (14, 10): an empty quotation taken for a quoted name (issue 11, item 7)."""
    _check(text.format(q=quote))
