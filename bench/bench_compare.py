"""Benchmark attrib side by side with camel-tools, on the same corpora, in one run.

    .venv/bin/python bench/bench_compare.py [--mb 20] [--long-mb 5] [--analyzer-mb 1] [--no-batch]

Two corpora: the shared gold articles repeated under fresh ids to --mb
megabytes, and --long-mb megabytes of 1 MB articles made of the same text.
For each, one row per tool, with articles/s, MB/s and the time relative to
camel-tools' simple_word_tokenize:

  attrib extract       extract() over every article, in this process (the
                       report's data, no rendering), compiled or plain
                       Python as installed (the row says which);
  simple_word_tokenize camel-tools' tokenizer over the same texts, timed in
                       turns with attrib over slices of 1 MB, so that both
                       see the same load on a shared machine;
  camel analyzer       camel-tools' morphological analyzer over the tokens of
                       the first --analyzer-mb megabytes, with a tiny database
                       built here from the corpus words (camel-tools' own
                       databases are downloads, not packages); a real
                       database has far more stems and analyses, so this row
                       is a lower bound on its cost;
  attrib batch -w N    the installed `attrib batch` with 1 and 2 workers, with
                       the peak memory of the process tree.

Then the cost per MB of single articles of 1 KB, 10 KB, 100 KB and 1 MB (it
should not grow with the length), and the peak memory of `attrib export`
over N and 8N articles (it should not grow with their number).

camel-tools is optional (the `bench` extra: pip install 'attrib[bench]',
which pulls torch). The tokenizer alone needs only
`pip install --no-deps camel-tools emoji`, and the analyzer also six,
pyrsistent, tqdm, requests, muddler and cachetools. Without camel-tools its
rows are skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bench_batch import generate  # the sibling script: same corpus, same batch timing
from bench_batch import run as run_batch

from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import freeze_loaded_patterns, load_patterns
from attrib.models import Article

REPO = Path(__file__).resolve().parents[1]
GOLD = [REPO.parent / "shared" / "eval" / name for name in ("dev.jsonl", "dev_real.jsonl")]
ATTRIB = Path(sys.executable).with_name("attrib")
MB = 1_000_000
LENGTHS = (1_000, 10_000, 100_000, 1_000_000)
INSTALL_HINT = "pip install 'attrib[bench]', or pip install --no-deps camel-tools emoji"


# --- corpora ---------------------------------------------------------------------------------

def gold_records(paths: Iterable[Path]) -> list[dict[str, str]]:
    records = []
    for path in paths:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    records.append({"id": record["id"], "title": record.get("title"), "text": record["text"]})
    if not records:
        raise SystemExit(f"no gold articles found: {', '.join(map(str, paths))}")
    return records


def write_corpus(records: list[dict[str, str]], path: Path) -> list[Article]:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [Article(id=r["id"], title=r.get("title"), text=r["text"]) for r in records]


def repeated(records: list[dict[str, str]], size: int) -> list[dict[str, str]]:
    """The records under fresh ids, over and over, until their texts hold `size` bytes."""
    out: list[dict[str, str]] = []
    total = 0
    while total < size:
        record = records[len(out) % len(records)]
        out.append({**record, "id": f"{record['id']}#{len(out)}"})
        total += len(record["text"].encode("utf-8"))
    return out


def of_length(records: list[dict[str, str]], length: int, count: int) -> list[dict[str, str]]:
    """`count` articles of about `length` bytes: the gold texts one after the other, cut at a line end."""
    stream = "\n".join(r["text"] for r in records)
    while len(stream.encode("utf-8")) < length * 2:
        stream += "\n" + stream
    out = []
    for i in range(count):
        start = (i * 7919) % max(1, len(stream) // 2)  # a different slice each time
        piece = stream[start:]
        cut = piece.encode("utf-8")[:length].decode("utf-8", "ignore")
        end = cut.rfind("\n")
        out.append({"id": f"long{length}#{i}", "title": None, "text": cut[:end] if end > length // 4 else cut})
    return out


def megabytes(articles: list[Article]) -> float:
    return sum(len(a.text.encode("utf-8")) for a in articles) / MB


# --- the rows --------------------------------------------------------------------------------

class Row:
    def __init__(self, label: str, articles: int, size: float, seconds: float, note: str = "") -> None:
        self.label, self.articles, self.size, self.seconds, self.note = label, articles, size, seconds, note


def print_rows(title: str, rows: list[Row], skipped: list[str]) -> None:
    print(f"\n{title}")
    print(f"  {'':28} {'articles':>9} {'MB':>8} {'seconds':>8} {'articles/s':>11} {'MB/s':>8} {'× tokenizer':>12}")
    base = next((r for r in rows if r.label == "simple_word_tokenize"), None)
    for r in rows:
        ratio = f"{(r.seconds / r.size) / (base.seconds / base.size):11.2f}×" if base else f"{'n/a':>12}"
        print(f"  {r.label:28} {r.articles:9d} {r.size:8.2f} {r.seconds:8.2f} {r.articles / r.seconds:11.1f}"
              f" {r.size / r.seconds:8.3f} {ratio}  {r.note}")
    for line in skipped:
        print(f"  {line}")


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return max(time.perf_counter() - start, 1e-9)


def compiled_modules() -> list[str]:
    """The attrib modules this interpreter runs compiled (mypyc, from a regular wheel)."""
    import importlib.util

    import attrib

    return [m.name for m in pkgutil.walk_packages(attrib.__path__, "attrib.")
            if (spec := importlib.util.find_spec(m.name)) and spec.origin
            and not spec.origin.endswith(".py")]


def camel_tokenizer() -> Callable[[str], list[str]] | None:
    try:
        from camel_tools.tokenizers.word import simple_word_tokenize
    except ImportError:
        return None
    return simple_word_tokenize  # type: ignore[no-any-return]


def side_by_side(articles: list[Article], tokenize: Callable[[str], list[str]] | None) -> list[Row]:
    """attrib's extraction and the tokenizer, timed in turns over slices of about 1 MB.

    Taking turns, both see the same load on the machine, so their ratio holds
    even when the machine is shared; the totals are the sums over the slices.
    """
    patterns = load_patterns()
    freeze_loaded_patterns()  # as the CLI does after loading them
    claims = tokens = 0
    extract_seconds = tokenize_seconds = 0.0
    for piece in _slices(articles, MB):
        start = time.perf_counter()
        claims += sum(len(extract(article, patterns).claims) for article in piece)
        extract_seconds += time.perf_counter() - start
        if tokenize is not None:
            start = time.perf_counter()
            tokens += sum(len(tokenize(article.text)) for article in piece)
            tokenize_seconds += time.perf_counter() - start
    compiled = compiled_modules()
    how = f"compiled: {len(compiled)} modules" if compiled else "plain Python"
    rows = [Row("attrib extract", len(articles), megabytes(articles), extract_seconds, f"{claims} claims ({how})")]
    if tokenize is not None:
        rows.append(Row("simple_word_tokenize", len(articles), megabytes(articles), tokenize_seconds, f"{tokens} tokens"))
    return rows


def _slices(articles: list[Article], size: int) -> Iterable[list[Article]]:
    piece: list[Article] = []
    total = 0
    for article in articles:
        piece.append(article)
        total += len(article.text.encode("utf-8"))
        if total >= size:
            yield piece
            piece, total = [], 0
    if piece:
        yield piece


def analyzer_row(articles: list[Article], tokenize: Callable[[str], list[str]], size: float,
                 folder: Path) -> Row | str:
    """camel-tools' analyzer over the tokens of the first `size` MB, with a tiny database of the corpus words."""
    # camel_tools.data reads a catalogue at import, downloading it when absent: point it at a stub.
    if "CAMELTOOLS_DATA" not in os.environ:
        data = folder / "camel_data"
        data.mkdir(exist_ok=True)
        (data / "catalogue.json").write_text(json.dumps({"version": "1.6", "packages": {}, "components": {
            "MorphologyDB": {"default": "tiny", "datasets": {}}}}), encoding="utf-8")
        os.environ["CAMELTOOLS_DATA"] = str(data)
    try:
        from camel_tools.morphology.analyzer import DEFAULT_NORMALIZE_MAP, Analyzer
        from camel_tools.morphology.database import MorphologyDB
        from camel_tools.utils.dediac import dediac_ar
    except ImportError as err:
        return f"camel analyzer: skipped ({err}; pip install six pyrsistent tqdm requests muddler cachetools)"
    sample: list[Article] = []  # the first `size` MB of text, the last article cut at a line end
    room = int(size * MB)
    for article in articles:
        if room <= 0:
            break
        text = article.text.encode("utf-8")[:room].decode("utf-8", "ignore")
        if len(text) < len(article.text) and "\n" in text:
            text = text[:text.rfind("\n")]
        sample.append(article.model_copy(update={"text": text}))
        room -= len(text.encode("utf-8")) + 1
    words = [w for a in sample for w in tokenize(a.text)]
    database = folder / "tiny.db"
    write_tiny_database(database, {DEFAULT_NORMALIZE_MAP.map_string(dediac_ar(w)) for w in words})
    analyzer = Analyzer(MorphologyDB(str(database)))
    analyses = 0

    def run() -> None:
        nonlocal analyses
        analyses = sum(len(analyzer.analyze(w)) for w in words)

    seconds = timed(run)
    return Row("camel analyzer (tiny db)", len(sample), megabytes(sample), seconds,
               f"{len(words)} tokens, {analyses / max(1, len(words)):.1f} analyses a token")


# Clitics and affixes of a toy Arabic morphology, in camel-tools' normalized spelling
# (one alef, ي for ى, ه for ة).
PREFIXES = ["", "و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "وب", "ول", "وس",
            "ي", "ت", "ن", "ا", "وي", "وت", "سي", "ست", "وسي"]
SUFFIXES = ["", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "نا", "ي", "ات", "ان", "ين", "ون", "وا", "ت", "تم", "ته",
            "تها", "يه", "يها", "يا"]


def write_tiny_database(path: Path, words: set[str]) -> None:
    """A camel-tools morphology database whose stems are the corpus words less their possible affixes."""
    stems: set[str] = set()
    arabic = {w for w in words if w and all("\u0621" <= c <= "\u064a" for c in w)}
    for word in arabic:
        for prefix in PREFIXES:
            if not word.startswith(prefix):
                continue
            for suffix in SUFFIXES:
                if word.endswith(suffix) and len(word) - len(prefix) - len(suffix) >= 2:
                    stems.add(word[len(prefix):len(word) - len(suffix)])
    lines = [
        "###DEFINES###",
        "DEFINE pos pos:noun pos:verb pos:digit pos:punc pos:latin pos:foreign",
        "DEFINE diac diac:*open*", "DEFINE lex lex:*open*", "DEFINE bw bw:*open*", "DEFINE gloss gloss:*open*",
        "###DEFAULTS###",
        *(f"DEFAULT pos:{p} diac:* lex:* bw:* gloss:*" for p in ("noun", "verb", "digit", "punc", "latin")),
        "###ORDER###", "ORDER pos diac lex bw gloss",
        "###TOKENIZATIONS###", "TOKENIZATION diac",
        "###STEMBACKOFF###",
        "###PREFIXES###",
        *(f"{p}\tP{i}\tdiac:{p} bw:{p or '_'}/PREF gloss:pre" for i, p in enumerate(PREFIXES)),
        "###SUFFIXES###",
        *(f"{s}\tS{i}\tdiac:{s} bw:{s or '_'}/SUFF gloss:suf" for i, s in enumerate(SUFFIXES)),
        "###STEMS###",
        *(f"{s}\t{cat}\tdiac:{s} lex:{s} bw:{s}/{tag} gloss:w pos:{pos}"
          for s in sorted(stems) for cat, tag, pos in (("N", "NOUN", "noun"), ("V", "VERB", "verb"))),
        "###TABLE AB###",
        *(f"P{i}\t{cat}" for i in range(len(PREFIXES)) for cat in ("N", "V")),
        "###TABLE BC###",
        *(f"{cat}\tS{i}" for i in range(len(SUFFIXES)) for cat in ("N", "V")),
        "###TABLE AC###",
        *(f"P{i}\tS{j}" for i in range(len(PREFIXES)) for j in range(len(SUFFIXES))),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def batch_row(corpus: Path, workers: int, articles: int, size: float) -> Row:
    """The installed `attrib batch` on the corpus file, with the peak memory of its process tree."""
    output = corpus.with_suffix(f".{workers}w.out")
    seconds, peak, code = run_batch(corpus, workers, output)
    output.unlink(missing_ok=True)
    note = f"peak RSS {peak / MB:.0f} MB" + ("" if code == 0 else f", exit {code}")
    return Row(f"attrib batch -w {workers}", articles, size, seconds, note)


def batch_available() -> str | None:
    """None when `attrib batch` can run, else why not."""
    if not ATTRIB.is_file():
        return f"attrib batch: skipped ({ATTRIB} not found: install attrib in this environment)"
    if subprocess.run([str(ATTRIB), "batch", "--help"], capture_output=True).returncode != 0:
        return "attrib batch: skipped (this attrib has no batch command yet)"
    return None


def compare(title: str, records: list[dict[str, str]], folder: Path, args: argparse.Namespace,
            tokenize: Callable[[str], list[str]] | None) -> None:
    corpus = folder / f"{title.split()[0].lower()}.jsonl"
    articles = write_corpus(records, corpus)
    size = megabytes(articles)
    rows = side_by_side(articles, tokenize)
    skipped = []
    if tokenize is None:
        skipped.append(f"simple_word_tokenize, camel analyzer: skipped (camel-tools not installed; {INSTALL_HINT})")
    else:
        analyzed = analyzer_row(articles, tokenize, args.analyzer_mb, folder)
        if isinstance(analyzed, Row):
            rows.append(analyzed)
        else:
            skipped.append(analyzed)
    why_not = None if not args.no_batch else "attrib batch: skipped (--no-batch)"
    why_not = why_not or batch_available()
    if why_not:
        skipped.append(why_not)
    else:
        rows += [batch_row(corpus, workers, len(articles), size) for workers in (1, 2)]
    print_rows(f"{title}: {len(articles)} articles, {size:.1f} MB", rows, skipped)


# --- scaling --------------------------------------------------------------------------------------

def length_scaling(records: list[dict[str, str]], total: float) -> None:
    """Seconds per MB for articles of growing length, about `total` MB each."""
    patterns = load_patterns()
    freeze_loaded_patterns()  # as the CLI does after loading them
    print(f"\nCost by article length (about {total:g} MB of articles each; linear cost keeps s/MB flat)")
    for length in LENGTHS:
        count = max(1, int(total * MB / length))
        articles = [Article(id=r["id"], text=r["text"]) for r in of_length(records, length, count)]
        seconds = timed(lambda articles=articles: [extract(a, patterns) for a in articles])
        size = megabytes(articles)
        print(f"  {length / 1000:7g} KB x {count:5d}: {seconds:7.2f} s  {seconds / size:6.2f} s/MB"
              f"  {len(articles) / seconds:8.1f} articles/s", flush=True)


def memory_scaling(records: list[dict[str, str]], folder: Path, mb: float) -> None:
    """Peak memory of one `attrib export` process over N and 8N articles."""
    if not ATTRIB.is_file():
        print(f"\nMemory by number of articles: skipped ({ATTRIB} not found)")
        return
    print("\nPeak memory of `attrib export --format jsonl` by number of articles (streamed: should stay flat)")
    for factor in (1, 8):
        corpus = folder / f"memory-{factor}.jsonl"
        count = generate_records(records, corpus, int(mb * factor * MB))
        start = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            process = subprocess.Popen([str(ATTRIB), "export", str(corpus), "--format", "jsonl"], stdout=sink)
            _, _, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        print(f"  {count:6d} articles, {corpus.stat().st_size / MB:6.1f} MB: peak RSS {usage.ru_maxrss / 1024:6.0f} MB"
              f"  ({seconds:.1f} s)", flush=True)


def generate_records(records: list[dict[str, str]], target: Path, size: int) -> int:
    source = target.with_suffix(".source.jsonl")
    write_corpus(records, source)
    return generate(source, target, size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="size of the gold corpus (default: %(default)s)")
    parser.add_argument("--long-mb", type=float, default=5.0,
                        help="size of the corpus of 1 MB articles (default: %(default)s)")
    parser.add_argument("--analyzer-mb", type=float, default=1.0,
                        help="megabytes of text the analyzer row runs over (default: %(default)s)")
    parser.add_argument("--scale-mb", type=float, default=2.0,
                        help="megabytes of articles for each length of the length scaling (default: %(default)s)")
    parser.add_argument("--memory-mb", type=float, default=2.0,
                        help="the smaller corpus of the memory scaling; the larger is 8 times (default: %(default)s)")
    parser.add_argument("--no-batch", action="store_true", help="skip the `attrib batch` rows")
    args = parser.parse_args(argv)
    records = gold_records(GOLD)
    tokenize = camel_tokenizer()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}, python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        compare("Gold corpus", repeated(records, int(args.mb * MB)), folder, args, tokenize)
        long = of_length(records, LENGTHS[-1], max(1, int(args.long_mb)))
        compare("Long articles (1 MB each)", long, folder, args, tokenize)
        length_scaling(records, args.scale_mb)
        memory_scaling(records, folder, args.memory_mb)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
