"""Benchmark `attrib batch`: articles/s with 1 and 2 workers, and peak memory, on a big generated corpus.

    .venv/bin/python bench/bench_batch.py [--mb 200] [--workers 1 2] [--small-mb 20] [--dir /tmp]

Writes a JSON Lines corpus of at least --mb megabytes into --dir (never into
the checkout) by repeating the shared dev articles under fresh ids, then runs
the installed `attrib batch` on it once per worker count, as a user would,
and prints, for each run: articles, seconds, articles/s, MB/s, and the peak
resident memory of the batch (the main process and its workers together,
sampled every 0.1 s from /proc). With --small-mb, a first run on a corpus ten
times smaller shows that memory does not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "dev.jsonl"
ATTRIB = Path(sys.executable).with_name("attrib")
MB = 1_000_000
PAGE = os.sysconf("SC_PAGE_SIZE")


def generate(source: Path, target: Path, size: int) -> int:
    """Repeat the articles of `source` under fresh ids until `target` holds `size` bytes; return the articles."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    if target.is_file() and target.stat().st_size >= size:
        with target.open("rb") as stream:
            return sum(1 for _ in stream)
    written = count = 0
    with target.open("w", encoding="utf-8") as out:
        while written < size:
            record = records[count % len(records)]
            line = json.dumps(
                {"id": f"{record['id']}#{count}", "title": record.get("title"), "text": record["text"]},
                ensure_ascii=False,
            ) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def run(corpus: Path, workers: int, output: Path) -> tuple[float, int, int]:
    """(seconds, peak resident bytes, exit code) of one `attrib batch` run."""
    command = [str(ATTRIB), "batch", str(corpus), "-o", str(output), "--workers", str(workers), "--quiet"]
    start = time.perf_counter()
    process = subprocess.Popen(command)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)
    return time.perf_counter() - start, peak, process.returncode


def report(label: str, articles: int, size: float, seconds: float, peak: int) -> None:
    print(f"{label:28} articles {articles:7d}  seconds {seconds:8.1f}  articles/s {articles / seconds:7.1f}"
          f"  MB/s {size / seconds:6.3f}  peak RSS {peak / MB:7.1f} MB", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="articles to repeat (default: %(default)s)")
    parser.add_argument("--mb", type=float, default=200.0, help="size of the corpus in MB (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default: 1 2)")
    parser.add_argument("--small-mb", type=float, default=0.0,
                        help="also run 1 worker on a corpus this big first, to compare memory (default: off)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp"), help="where the corpora go (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"corpus not found: {args.corpus}")
    if not ATTRIB.is_file():
        parser.error(f"{ATTRIB} not found: install attrib in this environment first")

    runs = []
    if args.small_mb > 0:
        runs.append((args.small_mb, 1))
    runs += [(args.mb, workers) for workers in args.workers]
    for mb, workers in runs:
        corpus = args.dir / f"attrib-bench-{mb:g}MB.jsonl"
        articles = generate(args.corpus, corpus, int(mb * MB))
        size = corpus.stat().st_size / MB
        output = args.dir / f"attrib-bench-{mb:g}MB-{workers}w.out.jsonl"
        seconds, peak, code = run(corpus, workers, output)
        if code != 0:
            raise SystemExit(f"attrib batch exited with {code}")
        report(f"{size:.0f} MB, {workers} worker{'s' if workers > 1 else ''}", articles, size, seconds, peak)
        output.unlink()
    print(f"cores: {os.cpu_count()}, load average before the last run: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
