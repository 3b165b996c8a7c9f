"""Benchmark the costs of issue 11, items 20-24: seconds and peak memory at growing sizes.

    .venv/bin/python bench/bench_costs.py [--items 20 21 22 23 24] [--dir /tmp] [--budget 120]
    .venv/bin/python bench/bench_costs.py --items 20 --articles 1000 3000 10000 30000 100000
    .venv/bin/python bench/bench_costs.py --items 20 --compare 3000

Every measure runs `attrib` in its own process (the code on the Python path:
set PYTHONPATH to a checkout of another commit to measure it) and prints the
seconds and the peak resident memory of that process, at each size, with the
growth exponent from the size before (1 = linear, 2 = quadratic). A size is
skipped when the one before predicts more than --budget seconds.

20  `db stories` on a generated claim database of N articles: statements by
    the speakers of the shared gold articles, each carried by 1 to 6 outlets
    over a few days, reworded (a word dropped, another moved) and sharing the
    speaker's usual words with the speaker's other statements. --compare N
    also groups a database of N articles with the exhaustive method (every two
    claims of a speaker compared, as before issue 11) and prints the precision
    and recall of the pairs of claims found in one story.
21  `report --html` against `export` on one article of news text.
22  `export --format jsonld|claimreview|jsonl` of a JSONL corpus.
23  saved pages of news paragraphs through `report`.
24  a JSONL corpus with one long line, through `export`, `report` and `report --records`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import freeze_loaded_patterns, load_patterns
from attrib.models import Article, ArticleClaims, ArticleInfo, Claim

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "eval"
MB = 1_000_000
CLI = ("-P", "-c", "from attrib.cli import app; app()")  # -P: the code on PYTHONPATH, never the working directory's
OUTLETS = tuple(f"صحيفة {name}" for name in (
    "الشرق", "الغد", "النهار", "الأيام", "الوطن", "الرأي", "الخليج", "البيان", "الأهرام", "الصباح",
    "الشروق", "الدستور", "الحياة", "المدى", "الزمان", "العرب", "الوسط", "القدس", "الثورة", "الجمهورية",
))
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
CLAIMS_PER_ARTICLE = 3  # claims with a speaker taken from each gold article into a generated one
EVENT_SHARE = 0.6  # share of a statement's words that are its own; the rest are its speaker's usual words


def attrib(args: list[str], stdout: Path | None = None) -> tuple[float, int, int]:
    """(seconds, peak resident bytes, exit code) of one `attrib` run in its own process."""
    start = time.perf_counter()
    with open(stdout or os.devnull, "wb") as sink:
        process = subprocess.Popen([sys.executable, *CLI, *args], stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def line(label: str, size: str, seconds: float, peak: int, code: int, before: tuple[float, float] | None,
         note: str = "") -> str:
    growth = ""
    if before is not None and before[0] > 0 and before[1] > 0:
        growth = f"  exponent {math.log(seconds / before[1]) / math.log(float(size.split()[0]) / before[0]):5.2f}"
    return (f"  {label:28} {size:>16}  {seconds:8.1f} s  peak RSS {peak / MB:7.0f} MB  exit {code}{growth}"
            f"{'  ' + note if note else ''}")


def gold_records() -> list[dict[str, str]]:
    return [json.loads(text) for name in ("dev.jsonl", "dev_real.jsonl", "web.jsonl")
            for text in (GOLD / name).read_text(encoding="utf-8").splitlines() if text.strip()]


def news_text() -> str:
    return "\n".join(record["text"] for record in gold_records())


def repeat_to(text: str, size: int, sep: str = "\n") -> str:
    copies = size // max(1, len(text.encode("utf-8"))) + 1
    return sep.join([text] * copies).encode("utf-8")[:size].decode("utf-8", "ignore")


# --- item 20: stories -----------------------------------------------------------------


def templates() -> list[list[Claim]]:
    """The claims with a speaker of each gold article, at most CLAIMS_PER_ARTICLE of them."""
    load_patterns()
    freeze_loaded_patterns()
    found = []
    for record in gold_records():
        claims = [c for c in extract(Article(id=record["id"], text=record["text"])).claims if c.speaker]
        if claims:
            found.append(claims[:CLAIMS_PER_ARTICLE])
    return found


def generate_db(path: Path, articles: int, seed: int = 11, copies: bool = False) -> int:
    """A claim database of `articles` generated articles (see the module docstring); return the claims.

    With `copies`, every article is a copy of a gold article's claims, word for
    word, as in a corpus made by repeating the gold articles: each statement is
    then carried by articles/80 articles.
    """
    from attrib.track.db import ClaimStore

    shapes = templates()
    chance = random.Random(seed)
    written = claims = event = 0
    path.unlink(missing_ok=True)
    with ClaimStore(path, create=True) as store:
        while written < articles:
            shape = shapes[event % len(shapes)]
            outlets = chance.sample(OUTLETS, chance.randint(1, 6))
            day = 1 + event // 40
            statements = [
                claim.content.text.split() if copies else _statement(claim.content.text, chance) for claim in shape
            ]
            for outlet in outlets[: articles - written]:
                result = _article(f"e{event}-{outlet}", outlet, day + chance.randint(0, 2), shape, statements, chance,
                                  copies)
                store.add(result)
                written += 1
                claims += len(result.claims)
            event += 1
    return claims


def _statement(content: str, chance: random.Random) -> list[str]:
    """A new statement in the words of `content`: EVENT_SHARE of them replaced by words of its own."""
    return [
        "".join(chance.choice(LETTERS) for _ in range(chance.randint(5, 8))) if chance.random() < EVENT_SHARE
        else word
        for word in content.split()
    ]


def _article(article_id: str, outlet: str, day: int, shape: list[Claim], statements: list[list[str]],
             chance: random.Random, copies: bool) -> ArticleClaims:
    claims = []
    for position, (claim, words) in enumerate(zip(shape, statements, strict=True)):
        words = list(words)
        if len(words) > 4 and not copies:  # an outlet rewords: a word dropped, another moved
            del words[chance.randrange(len(words))]
            words.insert(chance.randrange(len(words)), words.pop(chance.randrange(len(words))))
        content = " ".join(words)
        claims.append(claim.model_copy(update={
            "id": f"{article_id}:{position}",
            "content": claim.content.model_copy(update={"text": content, "end": claim.content.start + len(content)}),
            "stance": chance.choice(("neutral", "neutral", "assert", "allege")),
        }))
    info = ArticleInfo(id=article_id, title=None, url=None, date=f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}",
                       site=outlet, length=0)
    return ArticleClaims(article=info, claims=claims)


def bench_stories(sizes: list[int], folder: Path, budget: float, copies: bool) -> None:
    kind = "copies of the gold articles" if copies else "reworded statements"
    print(f"20  attrib db stories on a generated database ({kind})", flush=True)
    before: tuple[float, float] | None = None
    for articles in sizes:
        if before is not None and before[1] * (articles / before[0]) ** 2 > 3 * budget and before[1] > budget / 3:
            print(f"  {articles:,} articles: skipped (the size before predicts over the budget)")
            continue
        path = folder / f"stories-{articles}{'-copies' if copies else ''}.db"
        start = time.perf_counter()
        claims = generate_db(path, articles, copies=copies) if not path.is_file() else 0
        made = f"built in {time.perf_counter() - start:.0f} s, {claims:,} claims" if claims else "reused"
        output = path.with_suffix(".jsonl")
        seconds, peak, code = attrib(["db", "stories", "--db", str(path), "--format", "jsonl"], output)
        stories = sum(1 for _ in output.open("rb"))
        print(line("db stories", f"{articles} articles", seconds, peak, code, before,
                   f"{stories:,} stories (database {made})"), flush=True)
        before = (articles, seconds)


def compare_stories(articles: int, folder: Path) -> None:
    """Precision and recall of the pairs of claims put in one story, against the exhaustive method."""
    from attrib.lexicon.aliases import load_aliases
    from attrib.track import stories as stories_lib
    from attrib.track.db import ClaimStore
    from attrib.track.queries import Filters, claim_query, speaker_index

    path = folder / f"stories-{articles}.db"
    if not path.is_file():
        generate_db(path, articles)
    aliases = load_aliases(None)
    with ClaimStore(path) as store:
        index = speaker_index(store, aliases)
        claims = list(store.claims(claim_query(index, aliases, Filters())))
    start = time.perf_counter()
    found = stories_lib.find_stories(claims, index)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    exhaustive = _exhaustive_stories(claims, index)
    slow = time.perf_counter() - start
    pairs, reference = _pairs(found), _pairs(exhaustive)
    shared = len(pairs & reference)
    print(f"20  stories of {articles:,} articles ({len(claims):,} claims): {len(found):,} stories in {fast:.1f} s;"
          f" exhaustive {len(exhaustive):,} stories in {slow:.1f} s")
    print(f"    pairs of claims in one story: {len(pairs):,} found, {len(reference):,} exhaustive;"
          f" precision {shared / max(1, len(pairs)):.4f}, recall {shared / max(1, len(reference)):.4f};"
          f" same stories: {sorted(map(_key, found)) == sorted(map(_key, exhaustive))}")


def _key(story: object) -> tuple[str, ...]:
    return tuple(sorted(r.claim_id for r in story.reports))  # type: ignore[attr-defined]


def _pairs(stories: Iterable[object]) -> set[tuple[str, str]]:
    pairs = set()
    for story in stories:
        ids = _key(story)
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    return pairs


def _exhaustive_stories(claims: list[object], index: object) -> list[object]:
    """find_stories as it was before issue 11: every two claims of a speaker sharing a word compared."""
    from attrib.track import stories as lib

    def cluster(items: list[lib._Item], weight: dict[str, float], within_days: int | None) -> list[list[lib._Item]]:
        by_token: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            for token in item.tokens:
                by_token[token].append(i)
        pairs = []
        for i, item in enumerate(items):
            for j in {j for token in item.tokens for j in by_token[token] if j > i}:
                if items[j].report.article_id == item.report.article_id:
                    continue
                containment, resemblance = lib.similarity(item.tokens, items[j].tokens, weight)
                if containment >= lib.SIMILAR:
                    pairs.append((resemblance, containment, i, j))
        parent = list(range(len(items)))
        articles = [{item.report.article_id} for item in items]

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for _, _, i, j in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2], p[3])):
            ri, rj = find(i), find(j)
            if ri != rj and not articles[ri] & articles[rj]:
                parent[rj] = ri
                articles[ri] |= articles[rj]
        clusters: dict[int, list[lib._Item]] = defaultdict(list)
        for i, item in enumerate(items):
            clusters[find(i)].append(item)
        return [members for members in clusters.values() if len(members) > 1]

    kept = lib._cluster
    lib._cluster = cluster  # type: ignore[assignment]
    try:
        return lib.find_stories(claims, index)  # type: ignore[arg-type]
    finally:
        lib._cluster = kept  # type: ignore[assignment]


# --- items 21-24 ----------------------------------------------------------------------


def sizes_within(label: str, sizes: list[float], budget: float, measure: object) -> None:
    """Run `measure(size) -> [(what, seconds, peak, code, note)]` at each size until the budget is passed."""
    before: dict[str, tuple[float, float]] = {}
    for size in sizes:
        if any(seconds * (size / mb) ** 2 > 3 * budget for mb, seconds in before.values()):
            print(f"  {size:g} MB: skipped (the size before predicts over the budget)")
            continue
        for what, seconds, peak, code, note in measure(size):  # type: ignore[operator]
            print(line(what, f"{size:g} MB", seconds, peak, code, before.get(what), note), flush=True)
            before[what] = (size, seconds)


def bench_html(sizes: list[float], folder: Path, budget: float) -> None:
    print("21  report --html against export, one article of news text", flush=True)
    text = news_text()

    def measure(mb: float) -> list[tuple[str, float, int, int, str]]:
        path = folder / f"article-{mb:g}.txt"
        path.write_text(repeat_to(text, int(mb * MB)), encoding="utf-8")
        return [
            ("export --format jsonl", *attrib(["export", str(path), "--format", "jsonl"]), ""),
            ("report --html", *attrib(["report", str(path), "--html", os.devnull]), ""),
        ]

    sizes_within("21", sizes, budget, measure)


def corpus(folder: Path, mb: float) -> Path:
    """A JSONL corpus of `mb` megabytes: the gold articles repeated under fresh ids."""
    path = folder / f"corpus-{mb:g}.jsonl"
    records = gold_records()
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < mb * MB:
            record = records[count % len(records)]
            text = json.dumps({**record, "id": f"{record['id']}#{count}"}, ensure_ascii=False) + "\n"
            out.write(text)
            written += len(text.encode("utf-8"))
            count += 1
    return path


def bench_exports(sizes: list[float], folder: Path, budget: float) -> None:
    print("22  export of a JSONL corpus: jsonl, jsonld, claimreview", flush=True)

    def measure(mb: float) -> list[tuple[str, float, int, int, str]]:
        path = corpus(folder, mb)
        return [(f"export --format {kind}", *attrib(["export", str(path), "--format", kind]), "")
                for kind in ("jsonl", "jsonld", "claimreview")]

    sizes_within("22", sizes, budget, measure)


def page(mb: float) -> bytes:
    """A saved page of news paragraphs (no scripts) of `mb` megabytes."""
    paragraphs = [p for p in news_text().split("\n") if p.strip()]
    parts = ['<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خبر</title></head>'
             '<body><nav><a href="/">الرئيسية</a></nav><article><h1>خبر</h1>\n']
    size = len(parts[0].encode("utf-8"))
    number = 0
    while size < mb * MB:
        parts.append(f"<p>{paragraphs[number % len(paragraphs)]}</p>\n")
        size += len(parts[-1].encode("utf-8"))
        number += 1
    parts.append("</article><footer>حقوق النشر</footer></body></html>")
    return "".join(parts).encode("utf-8")


def bench_pages(sizes: list[float], folder: Path, budget: float) -> None:
    print("23  saved pages of news paragraphs through `report`", flush=True)

    def measure(mb: float) -> list[tuple[str, float, int, int, str]]:
        path = folder / f"page-{mb:g}.html"
        path.write_bytes(page(mb))
        errors = folder / "page-errors.txt"
        start = time.perf_counter()
        with errors.open("wb") as stderr, open(os.devnull, "wb") as sink:
            process = subprocess.Popen([sys.executable, *CLI, "report", str(path)], stdout=sink, stderr=stderr)
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        message = errors.read_text(encoding="utf-8").strip()
        note = "refused: " + message.split(": ", 2)[-1][:60] if message else "read"
        return [("report page.html", seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), note)]

    sizes_within("23", sizes, budget, measure)


def bench_long_line(sizes: list[float], folder: Path, budget: float) -> None:
    print("24  a JSONL corpus with one long line: export, report, report --records", flush=True)
    text = news_text()
    small = json.dumps({"id": "small", "text": text[:2000]}, ensure_ascii=False)

    def measure(mb: float) -> list[tuple[str, float, int, int, str]]:
        path = folder / f"long-line-{mb:g}.jsonl"
        long = json.dumps({"id": "long", "text": repeat_to(text, int(mb * MB))}, ensure_ascii=False)
        path.write_text(f"{small}\n{long}\n{small}\n", encoding="utf-8")
        return [
            ("export --format jsonl", *attrib(["export", str(path), "--format", "jsonl"]), ""),
            ("report", *attrib(["report", str(path)]), ""),
            ("report --records", *attrib(["report", str(path), "--records"]), ""),
        ]

    sizes_within("24", sizes, budget, measure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", nargs="+", type=int, default=[20, 21, 22, 23, 24])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/attrib-bench-costs"))
    parser.add_argument("--budget", type=float, default=120.0, help="seconds a size may be predicted to take")
    parser.add_argument("--articles", nargs="+", type=int, default=[1000, 3000, 10000, 30000, 100000])
    parser.add_argument("--copies", action="store_true", help="20: articles copied word for word, not reworded")
    parser.add_argument("--compare", type=int, metavar="N", help="articles of the precision/recall comparison")
    parser.add_argument("--html-mb", nargs="+", type=float, default=[0.25, 0.5, 1, 2, 5])
    parser.add_argument("--export-mb", nargs="+", type=float, default=[5, 20])
    parser.add_argument("--page-mb", nargs="+", type=float, default=[1.25, 2.5, 5, 10, 20])
    parser.add_argument("--line-mb", nargs="+", type=float, default=[2, 8])
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    if 20 in args.items:
        if args.compare:
            compare_stories(args.compare, args.dir)
        else:
            bench_stories(args.articles, args.dir, args.budget, args.copies)
    if 21 in args.items:
        bench_html(args.html_mb, args.dir, args.budget)
    if 22 in args.items:
        bench_exports(args.export_mb, args.dir, args.budget)
    if 23 in args.items:
        bench_pages(args.page_mb, args.dir, args.budget)
    if 24 in args.items:
        bench_long_line(args.line_mb, args.dir, args.budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
