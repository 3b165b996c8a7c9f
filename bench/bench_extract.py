"""Benchmark extraction speed: articles and megabytes per second.

    .venv/bin/python bench/bench_extract.py [--corpus PATH] [--mb N]

Reads a JSON Lines corpus (one article a line, with "id" and "text", such as a
gold file), repeats its articles until their text reaches N megabytes of UTF-8,
loads the patterns once and times `extract()` over all of them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import freeze_loaded_patterns, load_patterns
from attrib.models import Article

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "dev.jsonl"
MB = 1_000_000


def read_corpus(path: Path) -> list[Article]:
    """The articles of a JSON Lines file; a bad line stops the benchmark with its location."""
    articles = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = Article(id=str(record["id"]), text=record["text"], title=record.get("title"))
        except KeyError as exc:
            raise SystemExit(f"{path}:{lineno}: missing {exc}") from None
        except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
            raise SystemExit(f"{path}:{lineno}: not an article: {exc}") from None
        articles.append(article)
    if not articles:
        raise SystemExit(f"{path}: no articles")
    return articles


def repeat_to_size(articles: list[Article], size: int) -> list[Article]:
    """Copies of `articles`, with fresh ids, until their text holds at least `size` bytes."""
    repeated: list[Article] = []
    total = 0
    while total < size:
        for article in articles:
            repeated.append(article.model_copy(update={"id": f"{article.id}#{len(repeated)}"}))
            total += len(article.text.encode("utf-8"))
            if total >= size:
                break
    return repeated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines articles (default: %(default)s)"
    )
    parser.add_argument(
        "--mb", type=float, default=5.0, help="megabytes of text to run over (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"corpus not found: {args.corpus}")
    if args.mb <= 0:
        parser.error("--mb must be positive")

    articles = repeat_to_size(read_corpus(args.corpus), int(args.mb * MB))
    size = sum(len(article.text.encode("utf-8")) for article in articles) / MB
    patterns = load_patterns()
    freeze_loaded_patterns()  # as the CLI does after loading them

    start = time.perf_counter()
    claims = sum(len(extract(article, patterns).claims) for article in articles)
    seconds = max(time.perf_counter() - start, 1e-9)  # a placeholder extractor can be that fast

    print(f"articles     {len(articles)}")
    print(f"MB           {size:.2f}")
    print(f"seconds      {seconds:.2f}")
    print(f"articles/s   {len(articles) / seconds:.1f}")
    print(f"MB/s         {size / seconds:.3f}")
    print(f"claims       {claims}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
