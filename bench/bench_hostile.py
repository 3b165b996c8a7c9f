"""Benchmark pathological inputs: seconds per megabyte for each, at growing sizes.

    .venv/bin/python bench/bench_hostile.py [--budget 20] [--only WORD...] [--skip-line]
    .venv/bin/python bench/bench_hostile.py --line-only --line-mb 50 --budget 1000

Each case is built at doubling sizes up to the size of issue 5 (a 1 MB line
with no punctuation, 100,000 quotation marks, a cue repeated 100,000 times, a
sentence of 50,000 tokens, deep nesting...). For each size it prints the
megabytes, the seconds of extract(), the seconds per MB and the growth
exponent from the size before (1 = linear, 2 = quadratic). A case stops
growing when the next size is predicted to take more than three times the
budget; its time at full size is then projected from the last exponent.
Last, a JSON Lines corpus with one line of up to 50 MB of news text goes
through `attrib export` in its own process, with its peak memory.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from attrib.extract.pipeline import extract
from attrib.lexicon.patterns import freeze_loaded_patterns, load_patterns
from attrib.models import Article

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "eval"
ATTRIB = Path(sys.executable).with_name("attrib")
MB = 1_000_000
QUOTATION_MARKS = "«»“”\"'„‹›"
TATWEEL = "\u0640"
NEWS = (
    "وقال وزير الخارجية أحمد الشيباني في مؤتمر صحفي إن الحكومة \"لن تتراجع\" عن قرارها، مؤكداً أن"
    " المفاوضات مستمرة. وأضاف، بحسب ما نقلته وكالة رويترز، أن الوفد سيصل الأسبوع المقبل. ونفى مصدر"
    " مطلع ما تردد عن انسحاب القوات، مشيراً إلى أن «الوضع مستقر».\n"
)


def gold_text() -> str:
    """The text of the shared gold articles (or a news paragraph when they are absent)."""
    texts = [json.loads(line)["text"] for name in ("dev.jsonl", "dev_real.jsonl") if (GOLD / name).is_file()
             for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n".join(texts) if texts else NEWS * 40


def repeat_to(text: str, size: int, sep: str = " ") -> str:
    """`text` repeated (joined by `sep`) until it holds `size` bytes of UTF-8, cut there."""
    copies = size // max(1, len(text.encode("utf-8"))) + 1
    whole = sep.join([text] * copies)
    return whole.encode("utf-8")[:size].decode("utf-8", "ignore")


@dataclass
class Case:
    name: str
    make: Callable[[int], str]
    full: int  # the size of issue 5, in the case's unit
    unit: str
    sizes: list[int] | None = None  # explicit sizes, when doubling does not fit


def cases() -> list[Case]:
    plain = re.sub(r"[^\w\s]", " ", gold_text()).split()  # gold words, no punctuation, no line break
    line = " ".join(plain)
    return [
        Case("1 MB line, news words, no punctuation", lambda n: repeat_to(line, n), MB, "bytes"),
        Case("1 MB line, plain words (no cue)", lambda n: repeat_to("الحكومة ستعمل على دعم القطاع الخاص", n),
             MB, "bytes"),
        Case("frames, no punctuation", lambda n: "الحكومة ستعمل بحسب مصادر مطلعة " * n, 100_000 // 5, "frames"),
        Case("100,000 quotation marks, bare", lambda n: (QUOTATION_MARKS * (n // 9 + 1))[:n], 100_000, "marks"),
        Case("100,000 quotation marks between cues",
             lambda n: " ".join(f"قال {QUOTATION_MARKS[i % 9]}إن" for i in range(n)), 100_000, "marks"),
        Case("cue repeated 100,000 times", lambda n: "قال " * n, 100_000, "cues"),
        Case("sentence of 50,000 tokens", lambda n: "وقال الوزير إن " + "الحكومة " * n + ".", 50_000, "tokens"),
        Case("nested quotations", lambda n: "قال: «" * n + "نعم" + "»" * n, 100_000 // 5, "levels"),
        Case("tatweel run of 1 MB in a word", lambda n: "وقال الوزير إن ا" + TATWEEL * n + "لحكومة مستقرة.",
             MB // 2, "tatweels"),
        Case("1 MB of newlines between two claims", lambda n: NEWS + "\n" * n + NEWS, MB, "newlines"),
        Case("hashtags glued, one line", lambda n: "#" * n + " x", 1_000, "marks", [20, 40, 80, 160, 1_000]),
        Case("long article of news text (1 MB)", lambda n: repeat_to(gold_text(), n, "\n"), MB, "bytes"),
    ]


def timed(text: str, patterns: object) -> float:
    start = time.perf_counter()
    extract(Article(id="hostile", text=text), patterns)  # type: ignore[arg-type]
    return time.perf_counter() - start


def run_case(case: Case, budget: float, patterns: object) -> str:
    """Print one row per size; return the summary line."""
    sizes = case.sizes or sorted({max(1, case.full // 2 ** k) for k in range(6, -1, -1)})
    print(f"\n{case.name}", flush=True)
    last: tuple[int, float, float] | None = None  # (n, MB, seconds)
    exponent = float("nan")
    for n in sizes:
        if last is not None and last[2] > 0.05:
            predicted = last[2] * (n / last[0]) ** (exponent if exponent == exponent else 1.0)
            if predicted > 3 * budget:
                break
        text = case.make(n)
        size = len(text.encode("utf-8")) / MB
        seconds = timed(text, patterns)
        if last is not None and seconds > 0.01 and last[2] > 0.01:
            exponent = math.log(seconds / last[2]) / math.log(n / last[0])
        shown = f"{exponent:5.2f}" if last is not None and exponent == exponent else "    -"
        print(f"  {n:>9,} {case.unit:9} {size:8.3f} MB {seconds:9.3f} s {seconds / size:9.2f} s/MB"
              f"  exponent {shown}", flush=True)
        last = (n, size, seconds)
    assert last is not None
    n, size, seconds = last
    if n >= case.full:
        return f"{case.name:42} {seconds / size:9.2f} s/MB at {size:7.3f} MB  ({seconds:.1f} s)"
    growth = exponent if exponent == exponent else 1.0
    projected = seconds * (case.full / n) ** growth
    return (f"{case.name:42} {seconds / size:9.2f} s/MB at {size:7.3f} MB  (stopped at {n:,} {case.unit};"
            f" full size projected {projected:,.0f} s at exponent {growth:.2f})")


def run_export(corpus: Path) -> tuple[float, int, int]:
    """(seconds, exit code, peak resident bytes) of `attrib export corpus --format jsonl` to /dev/null."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen([str(ATTRIB), "export", str(corpus), "--format", "jsonl"],
                                   stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, process.returncode, usage.ru_maxrss * 1024


def big_line(budget: float, sizes: list[int]) -> str:
    """A corpus whose middle line holds up to 50 MB of news text, through `attrib export`."""
    print("\nJSON Lines corpus with one long line, through `attrib export` (own process)", flush=True)
    text = gold_text()
    small = json.dumps({"id": "small", "text": NEWS}, ensure_ascii=False)
    last: tuple[int, float] | None = None  # (MB, seconds)
    exponent = 1.0
    summary = ""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "long-line.jsonl"
        for mb in sizes:
            if last is not None and last[1] * (mb / last[0]) ** max(exponent, 1.0) > 3 * budget:
                projected = last[1] * (sizes[-1] / last[0]) ** max(exponent, 1.0)
                return summary + (f" (stopped; {sizes[-1]} MB projected {projected:,.0f} s"
                                  f" at exponent {exponent:.2f})")
            long = json.dumps({"id": "long", "text": repeat_to(text, mb * MB, "\n")}, ensure_ascii=False)
            corpus.write_text(f"{small}\n{long}\n{small}\n", encoding="utf-8")
            seconds, code, peak = run_export(corpus)
            if last is not None:
                exponent = math.log(seconds / last[1]) / math.log(mb / last[0])
            print(f"  line of {mb:3d} MB: {seconds:8.1f} s  {seconds / mb:6.2f} s/MB  exit {code}"
                  f"  peak RSS {peak / MB:8.0f} MB ({peak / (mb * MB):5.1f}× the line)", flush=True)
            summary = (f"{'JSONL line of news text':42} {seconds / mb:9.2f} s/MB at {mb:7d} MB"
                       f"  ({seconds:.1f} s, peak RSS {peak / MB:,.0f} MB)")
            last = (mb, seconds)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds one run may take before a case stops growing (default: %(default)s)")
    parser.add_argument("--only", nargs="+", metavar="WORD", help="run only the cases whose name holds a WORD")
    parser.add_argument("--skip-line", action="store_true", help="skip the 50 MB JSON Lines line")
    parser.add_argument("--line-mb", type=int, nargs="+", default=[1, 2, 4, 8, 16, 32, 50], metavar="MB",
                        help="sizes of the long JSON Lines line (default: 1 2 4 8 16 32 50)")
    parser.add_argument("--line-only", action="store_true", help="run only the long JSON Lines line")
    args = parser.parse_args(argv)
    patterns = load_patterns()
    freeze_loaded_patterns()  # as the CLI does after loading them
    timed("قال الوزير إن الوضع مستقر.", patterns)  # warm up: caches, imports
    chosen = [c for c in cases() if not args.line_only
              and (not args.only or any(w.lower() in c.name.lower() for w in args.only))]
    summary = [run_case(case, args.budget, patterns) for case in chosen]
    if not args.skip_line and not args.only:
        if ATTRIB.is_file():
            summary.append(big_line(args.budget, args.line_mb))
        else:
            summary.append(f"JSONL line: skipped, {ATTRIB} not found")
    print("\nSummary (goal: under 1 s/MB, exponent 1)")
    for line in summary:
        print(" ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
