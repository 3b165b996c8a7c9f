"""Benchmark `attrib batch --engine dask` against the local batch, on a big generated corpus.

    .venv/bin/python bench/bench_cluster.py [--mb 200] [--dir /tmp] [--overhead-partitions 40]

Generates the JSON Lines corpus of bench_batch.py (the shared dev articles repeated under
fresh ids, at least --mb megabytes, in --dir, never in the checkout), then runs the
installed `attrib` as a user would: `attrib batch -w 2`, and `--engine dask` on a local
cluster of 1 and 2 workers (the default partitions of 64 MB). For each run it prints
articles, seconds, articles/s, MB/s and the peak resident memory of one worker process
(sampled every 0.2 s from /proc). Then the overhead of a partition: the same 1 MB slice
of the corpus cut into 1 and into --overhead-partitions partitions, on one worker, the
difference in seconds divided by the extra partitions. A local cluster listens on
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_batch import DEFAULT_CORPUS, MB, PAGE, generate

ATTRIB = Path(sys.executable).with_name("attrib")


def worker_pids(pid: int) -> list[int]:
    """The worker processes under `pid`: those multiprocessing spawned (local batch and local cluster alike)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
            if current != pid and b"spawn_main" in Path(f"/proc/{current}/cmdline").read_bytes():
                found.append(current)
        except OSError:
            continue  # ended meanwhile
    return found


def rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except OSError:
        return 0


def timed(command: list[str]) -> tuple[float, int]:
    """Seconds the command took, and the peak memory of one of its worker processes."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max([peak, *(rss(worker) for worker in worker_pids(process.pid))])
        time.sleep(0.2)
    seconds = time.monotonic() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode() if process.stderr else ''}")
    return seconds, peak


def report(label: str, articles: int, size: float, seconds: float, peak: int) -> None:
    print(f"| {label} | {seconds:.1f} | {articles / seconds:.1f} | {size / MB / seconds:.2f} | {peak / MB:.0f} MB |",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--overhead-partitions", type=int, default=40)
    args = parser.parse_args(argv)

    corpus = args.dir / f"attrib-bench-{args.mb}mb.jsonl"
    articles = generate(args.corpus, corpus, args.mb * MB)
    size = corpus.stat().st_size
    print(f"{corpus}: {articles} articles, {size / MB:.0f} MB\n")
    print("| run | seconds | articles/s | MB/s | peak memory of a worker |")
    print("|---|---|---|---|---|")
    output = args.dir / "attrib-bench-out.jsonl"
    seconds, peak = timed([str(ATTRIB), "batch", str(corpus), "-o", str(output), "-w", "2", "-q"])
    report("`attrib batch -w 2`", articles, size, seconds, peak)
    output.unlink(missing_ok=True)
    for workers in (1, 2):
        dataset = args.dir / "attrib-bench-out.parquet"
        shutil.rmtree(dataset, ignore_errors=True)
        seconds, peak = timed([str(ATTRIB), "batch", str(corpus), "--engine", "dask", "-w", str(workers),
                               "-o", str(dataset), "-q"])
        report(f"`--engine dask -w {workers}`", articles, size, seconds, peak)
        shutil.rmtree(dataset, ignore_errors=True)

    # The overhead of a partition: the same megabyte in one partition, then in many.
    piece = args.dir / "attrib-bench-1mb.jsonl"
    with corpus.open("rb") as source, piece.open("wb") as out:
        while out.tell() < MB:
            out.write(source.readline())
    times = []
    for partitions in (1, args.overhead_partitions):
        dataset = args.dir / "attrib-bench-overhead.parquet"
        shutil.rmtree(dataset, ignore_errors=True)
        cut = max(1, piece.stat().st_size // partitions + 1)
        seconds, _ = timed([str(ATTRIB), "batch", str(piece), "--engine", "dask", "-w", "1",
                            "--partition-size", str(cut), "-o", str(dataset), "-q"])
        times.append(seconds)
        shutil.rmtree(dataset, ignore_errors=True)
    extra = args.overhead_partitions - 1
    print(f"\n1 MB in 1 partition: {times[0]:.1f} s; in {args.overhead_partitions}: {times[1]:.1f} s;"
          f" overhead per partition: {(times[1] - times[0]) / extra * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
