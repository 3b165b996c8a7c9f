"""Hostile input: pathological texts cost time linear in their length; broken files get a located error and spare the rest.

The time tests compare the extractor with itself: the time for an input four
times as long must stay under eight times the time for the input (quadratic
cost would give sixteen). The sizes are small, so the suite stays fast;
bench/bench_hostile.py prints the real figures, in seconds per megabyte.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import load_patterns
from attrib.models import Article

PATTERNS = load_patterns()
runner = CliRunner()

TATWEEL = "\u0640"
QUOTATION_MARKS = "«»“”\"'„‹›"
WORDS = "الحكومة ستعمل على دعم القطاع الخاص في المدينة الكبيرة".split()


def words(source: list[str], n: int) -> str:
    return " ".join(source[i % len(source)] for i in range(n))


# name: (text of size n, n). Each n is the 1× size, chosen so that 1× takes about 0.05 to 0.2 s.
LINEAR: dict[str, tuple[Callable[[int], str], int]] = {
    "line of plain words, no punctuation": (lambda n: words(WORDS, n), 20_000),
    "quotation marks, bare": (lambda n: (QUOTATION_MARKS * (n // len(QUOTATION_MARKS) + 1))[:n], 50_000),
    "sentence of one cue and n tokens": (lambda n: "وقال الوزير إن " + "الحكومة " * n + ".", 20_000),
    "nested quotations": (lambda n: "قال: «" * n + "نعم" + "»" * n, 250),
    "tatweel run inside a cue": (lambda n: "وقال الوزير إن " + "ا" + TATWEEL * n + "لحكومة مستقرة.", 200_000),
    "hashtags glued in a line": (lambda n: ("#" * n + " x\n") * 20, 6),
    # Each of these was quadratic or worse before issue 5: every cue scanned the sentence's
    # tokens for its speaker, every frame visited every claim, every cue every quotation.
    "cues at the end of a long sentence": (
        lambda n: "الحكومة " * (100 * n) + "وقال الوزير إن الحكومة " * n + ".", 150),
    "cue repeated": (lambda n: "قال " * n, 1_500),
    "frames, no punctuation": (lambda n: "الحكومة ستعمل بحسب مصادر مطلعة " * n, 400),
    "quotation marks between cues": (
        lambda n: " ".join(f"قال {QUOTATION_MARKS[i % len(QUOTATION_MARKS)]}إن" for i in range(n)), 500),
    # Runs of cue words are dropped whole (extract.CUE_RUN); these build a claim every few words.
    "a claim every four words, no punctuation": (lambda n: "قال الوزير إن الحكومة " * n, 400),
    "quoted claims every five words": (lambda n: "قال الوزير: «الحكومة مستقرة» " * n, 400),
}


@pytest.mark.parametrize("text", [
    "قال " * 40,
    " ".join(f"قال {QUOTATION_MARKS[i % len(QUOTATION_MARKS)]}إن" for i in range(40)),
    "قال: «" * 20 + "نعم" + "»" * 20,
    "وقال أكد نفى أضاف أشار زعم حذر قال يرى",
])
def test_a_run_of_cue_words_gives_no_claims(text: str) -> None:
    """Cue words one after the other are no prose: each would report the next one."""
    assert extract(Article(id="run", text=text), PATTERNS).claims == []


def test_many_cues_among_words_still_give_their_claims() -> None:
    text = "وقال الوزير إن الحكومة مستقرة، " * 10 + "."
    assert len(extract(Article(id="many", text=text), PATTERNS).claims) >= 10


def seconds(text: str, runs: int) -> float:
    """The best of `runs` extractions of `text`, in CPU time of this process (other jobs on
    the machine slow the wall clock, not this)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        extract(Article(id="hostile", text=text), PATTERNS)
        best = min(best, time.process_time() - start)
    return best


def assert_linear(make: Callable[[int], str], n: int) -> None:
    once, four = seconds(make(n), 3), seconds(make(4 * n), 3)
    # Linear cost gives 4×, quadratic 16×: 10× separates them with room for noise, and
    # 30 ms of slack covers the clock's resolution at the smallest sizes.
    assert four < 10 * once + 0.03, f"{once:.3f} s for n={n}, {four:.3f} s for 4n: {four / once:.1f}×"


@pytest.mark.parametrize("case", LINEAR)
def test_pathological_text_costs_linear_time(case: str) -> None:
    assert_linear(*LINEAR[case])


# --- broken files: each gets its located error, the other articles survive ------------------

ARTICLE = "وقال الوزير إن الحكومة ستعمل على دعم القطاع الخاص."


def record(article_id: str, text: object = ARTICLE) -> bytes:
    return json.dumps({"id": article_id, "text": text}, ensure_ascii=False).encode("utf-8") + b"\n"


def export(*paths: Path) -> tuple[int, list[str], list[str]]:
    """(exit code, ids in the output, lines on stderr) of `attrib export PATHS --format jsonl`."""
    result = runner.invoke(app, ["export", *map(str, paths), "--format", "jsonl"])
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]
    return result.exit_code, ids, result.stderr.splitlines()


@pytest.fixture
def neighbours(tmp_path: Path) -> tuple[Path, Path]:
    """A good corpus and a good text file, to read before and after the broken input."""
    before = tmp_path / "before.jsonl"
    before.write_bytes(record("before-1") + record("before-2"))
    after = tmp_path / "after.txt"
    after.write_text(ARTICLE, encoding="utf-8")
    return before, after


BROKEN_FILES = {
    "0-byte text": ("empty.txt", b"", "empty file"),
    "0-byte corpus": ("empty.jsonl", b"", "empty file"),
    "NULs": ("nuls.txt", b"\x00" * 4096, "binary file (NUL bytes)"),
    "UTF-16 without BOM": ("utf16.txt", ARTICLE.encode("utf-16-le"), "binary file (NUL bytes)"),
    "UTF-16 BE without BOM": ("utf16be.txt", ARTICLE.encode("utf-16-be"), "binary file (NUL bytes)"),
}


@pytest.mark.parametrize("case", BROKEN_FILES)
def test_a_broken_file_is_named_and_skipped(tmp_path: Path, neighbours: tuple[Path, Path], case: str) -> None:
    name, data, message = BROKEN_FILES[case]
    broken = tmp_path / name
    broken.write_bytes(data)
    before, after = neighbours
    assert export(before, broken, after) == (1, ["before-1", "before-2", "after"], [f"error: {broken}: {message}"])


BROKEN_LINES = {
    "text is a number": (record("bad", 42), "'text' must be a string, not a number"),
    "NULs": (b"\x00" * 100 + b"\n", "not JSON: Expecting value at column 1"),
    "truncated UTF-8 sequence": (
        b'{"id": "bad", "text": "' + "قال".encode()[:-1] + b' x"}\n', "not UTF-8: bad byte 0xd9 at column 28"),
    "lone surrogate": (b'{"id": "bad", "text": "\\ud800 x"}\n', "'text' has an unpaired surrogate"),
    "cut in the middle": (record("bad", "abc def")[:27] + b"\n", "not JSON: Unterminated string starting at column 23"),
}


@pytest.mark.parametrize("case", BROKEN_LINES)
def test_a_broken_line_is_named_and_skipped(tmp_path: Path, neighbours: tuple[Path, Path], case: str) -> None:
    line, message = BROKEN_LINES[case]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(record("line-1") + line + record("line-3"))
    before, after = neighbours
    assert export(before, corpus, after) == (
        1, ["before-1", "before-2", "line-1", "line-3", "after"], [f"error: {corpus}:2: {message}"])


def test_a_truncated_utf8_text_file_is_an_error(tmp_path: Path, neighbours: tuple[Path, Path]) -> None:
    """Cut inside its last letter, UTF-8 Arabic must not be read as Windows-1256 mojibake (ظ‚ط§ظ„)."""
    broken = tmp_path / "truncated.txt"
    data = ARTICLE.encode("utf-8")[:-2]  # cut after the first byte of the last letter
    broken.write_bytes(data)
    before, after = neighbours
    assert export(before, broken, after) == (1, ["before-1", "before-2", "after"], [
        f"error: {broken}: cannot decode: truncated UTF-8 sequence at offset {len(data) - 1}"])


def test_utf16_arabic_without_spaces_is_an_error(tmp_path: Path, neighbours: tuple[Path, Path]) -> None:
    """UTF-16 Arabic with no ASCII has no NUL byte: its bytes would pass as UTF-8 control characters."""
    broken = tmp_path / "utf16.txt"
    broken.write_bytes("وقالالوزير".encode("utf-16-le"))
    before, after = neighbours
    assert export(before, broken, after) == (1, ["before-1", "before-2", "after"], [
        f"error: {broken}: cannot decode: control characters throughout (UTF-16 without a BOM?); try --encoding"])


def test_utf8_with_a_lost_byte_is_an_error(tmp_path: Path, neighbours: tuple[Path, Path]) -> None:
    """One byte lost inside UTF-8 Arabic must not make the whole file Windows-1256 mojibake (ظ‚طظ„ ط§ظ„...)."""
    broken = tmp_path / "damaged.txt"
    data = ARTICLE.encode("utf-8")
    broken.write_bytes(data[:1] + data[2:])  # the second byte of the first letter is gone
    before, after = neighbours
    code, ids, errors = export(before, broken, after)
    assert (code, ids) == (1, ["before-1", "before-2", "after"])
    assert errors == [f"error: {broken}: cannot decode: invalid UTF-8 byte 0xd9 at offset 0"]


FIFTY_MB = 50_000_000


def test_a_line_of_50_mb_is_processed_in_bounded_memory(tmp_path: Path) -> None:
    """A valid article, processed like any other. Its bulk is spaces so the suite stays fast;
    bench/bench_hostile.py times 50 MB of news text."""
    corpus = tmp_path / "big.jsonl"
    head = "وقال الوزير إن الحكومة مستقرة."
    tail = "وأكد المتحدث أن الاجتماع انتهى."
    big = {"id": "big", "text": head + "\n" + " " * FIFTY_MB + "\n" + tail}
    corpus.write_bytes(record("small-1") + json.dumps(big, ensure_ascii=False).encode() + b"\n" + record("small-3"))
    assert corpus.stat().st_size > FIFTY_MB
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = runner.invoke(app, ["export", str(corpus), "--format", "jsonl"])
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    assert (result.exit_code, result.stderr) == (0, "")
    exported = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["article"]["id"] for e in exported] == ["small-1", "big", "small-3"]
    assert exported[1]["article"]["length"] == len(big["text"])
    contents = [claim["content"]["text"] for claim in exported[1]["claims"]]
    assert contents == ["الحكومة مستقرة", "الاجتماع انتهى"]
    assert grown < 20 * FIFTY_MB, f"peak memory grew by {grown / 1e6:.0f} MB"
