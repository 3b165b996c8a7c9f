"""Batch extraction over a corpus: parallel, in input order, in flat memory, resumable.

The main process walks the inputs (read/corpus.py) and hands the articles to worker
processes in small chunks; each worker loads the patterns once, reads and
extracts its articles and sends back finished JSON lines. Results come back in
input order, and only a few chunks per worker are ever queued, so memory stays
the same whatever the size of the corpus.

Each line is written and flushed whole, so an interrupted batch leaves complete
lines (and at most one cut-off last line): `prepare_resume` reads the ids
already written, cuts off that last line, and the rerun skips those articles.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from attrib.errors import BatchStopped, InputError, OutputError, PatternError
from attrib.extract.pipeline import extract_article
from attrib.lexicon.patterns import freeze_loaded_patterns, load_patterns
from attrib.models import ArticleClaims, export_line
from attrib.read.corpus import Task, read_task

CHUNK = 8  # articles sent to a worker at once: small enough to balance the load
AHEAD = 4  # chunks queued per worker: keeps every worker busy, and memory flat
WORKER_DIED = "a worker process stopped (killed, or out of memory)"


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article done: its id, its export line (UTF-8 JSON, no line end), its number of claims."""

    article_id: str
    line: bytes
    claims: int


Outcome = Extracted | InputError


@dataclass
class BatchStats:
    """What a batch has done so far; `total` is the number of inputs when it was counted."""

    articles: int = 0  # extracted (or loaded) and written
    skipped: int = 0  # already in the output, when resuming
    claims: int = 0
    errors: int = 0
    total: int | None = None

    @property
    def done(self) -> int:
        """Inputs dealt with, whichever way."""
        return self.articles + self.skipped + self.errors


ErrorCallback = Callable[[InputError], None]
ProgressCallback = Callable[[BatchStats], None]


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Extractor:
    """What a worker holds: the compiled patterns, loaded once, and the input encoding."""

    def __init__(self, patterns_dir: Path | None, encoding: str | None) -> None:
        self.patterns = load_patterns(patterns_dir)
        self.encoding = encoding
        freeze_loaded_patterns()

    def run(self, item: Task | InputError) -> Outcome:
        """The export line of one article, or the error that stopped it."""
        result = self.result(item)
        if isinstance(result, InputError):
            return result
        return Extracted(result.article.id, export_line(result), len(result.claims))

    def result(self, item: Task | InputError) -> ArticleClaims | InputError:
        """The claims of one article, or the error that stopped it (the cluster engine writes them as rows)."""
        if isinstance(item, InputError):
            return item
        if item.result is not None:
            return item.result
        article = read_task(item, self.encoding)
        if isinstance(article, InputError):
            return article
        try:
            return extract_article(article, self.patterns)
        # A bug met on one article must not stop a batch of a million, nor
        # every --resume after it: it is reported with its place, and counted.
        except Exception as err:  # noqa: BLE001
            return InputError(item.where, f"extractor failed: {type(err).__name__}: {err}")


def extract_stream(
    items: Iterable[Task | InputError],
    *,
    workers: int = 1,
    patterns_dir: Path | None = None,
    encoding: str | None = None,
) -> Iterator[Outcome]:
    """The outcome of every item, in input order; raises BatchStopped if a worker dies.

    With more than one worker, the workers are started with multiprocessing's
    spawn: a script that calls this needs the `if __name__ == "__main__":` guard.
    A worker that finds the patterns broken raises their PatternError here.
    """
    if workers <= 1:
        extractor = Extractor(patterns_dir, encoding)
        yield from (extractor.run(item) for item in items)
        return
    # spawn, not fork: the main process runs threads (the progress bar), which fork does not copy safely.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(patterns_dir, encoding),
    )
    pending: deque[Future[list[Outcome]]] = deque()
    here: Extractor | None = None
    # A dead worker breaks the pool: the next submit raises BrokenProcessPool as
    # well as the futures it had, whichever the main process touches first.
    try:
        for chunk in _chunks(items, CHUNK):
            if all(isinstance(item, InputError) or item.result is not None for item in chunk):
                # Lines of an export, or errors: nothing to extract, no need to ship them to a worker.
                here = here or Extractor(patterns_dir, encoding)
                done: Future[list[Outcome]] = Future()
                done.set_result([here.run(item) for item in chunk])
                pending.append(done)
            else:
                pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= workers * AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:
        raise BatchStopped(WORKER_DIED) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def extracted(
    items: Iterable[Task | InputError],
    stats: BatchStats,
    *,
    workers: int = 1,
    patterns_dir: Path | None = None,
    encoding: str | None = None,
    skip: Counter[str] | None = None,
    on_error: ErrorCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Extracted]:
    """Extract every item, yielding each article done, in input order; `stats` counts them.

    An article whose id is in `skip` is passed over (once per count). A failed
    input goes to `on_error` and is counted. Raises BatchStopped if a worker dies.
    An article is counted once the consumer has taken it (written it).
    """
    skip = skip if skip is not None else Counter()

    def todo() -> Iterator[Task | InputError]:
        for item in items:
            if isinstance(item, Task) and skip[item.article_id] > 0:
                skip[item.article_id] -= 1
                stats.skipped += 1
                if on_progress:
                    on_progress(stats)
                continue
            yield item

    for outcome in extract_stream(todo(), workers=workers, patterns_dir=patterns_dir, encoding=encoding):
        if isinstance(outcome, InputError):
            stats.errors += 1
            if on_error:
                on_error(outcome)
        else:
            yield outcome
            stats.articles += 1
            stats.claims += outcome.claims
        if on_progress:
            on_progress(stats)


def prepare_resume(path: Path) -> Counter[str]:
    """The ids of the articles already in a batch output (with how often), its cut-off last line removed.

    Raises OutputError for a line that attrib did not write: resuming would
    then add to a file that is not a batch output.
    """
    done: Counter[str] = Counter()
    try:
        stream = path.open("r+b")
    except FileNotFoundError:
        return done
    except OSError as err:
        raise OutputError(str(path), f"cannot resume: {err.strerror or err}") from None
    with stream:
        complete = 0
        for lineno, line in enumerate(stream, start=1):
            if not line.endswith(b"\n"):
                break  # cut off by the interruption: written again
            try:
                article_id = json.loads(line)["article"]["id"]
            except (ValueError, KeyError, TypeError):
                raise OutputError(
                    f"{path}:{lineno}", "not a line of attrib's output; cannot resume"
                ) from None
            if not isinstance(article_id, str):
                raise OutputError(f"{path}:{lineno}", "not a line of attrib's output; cannot resume")
            done[article_id] += 1
            complete += len(line)
        stream.truncate(complete)
    return done


# --- in the worker processes ---------------------------------------------------

_extractor: Extractor | PatternError | None = None


def _start_worker(patterns_dir: Path | None, encoding: str | None) -> None:
    global _extractor
    # Ctrl-C reaches the whole process group: the main process stops the batch,
    # the workers must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _extractor = Extractor(patterns_dir, encoding)
    except PatternError as error:  # the files changed since the main process checked them
        _extractor = error  # raised with the first chunk, in the main process, not as a dead worker


def _run_chunk(chunk: list[Task | InputError]) -> list[Outcome]:
    if isinstance(_extractor, PatternError):
        raise _extractor
    assert _extractor is not None
    return [_extractor.run(item) for item in chunk]


def _chunks(items: Iterable[Task | InputError], size: int) -> Iterator[list[Task | InputError]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
