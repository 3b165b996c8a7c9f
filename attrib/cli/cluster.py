"""`attrib batch --engine dask`: the batch on a Dask cluster, writing attrib's Parquet dataset.

Thin, as batch.py: checks the `cluster` extra is installed, calls track/cluster.py
(imported only here, and only then), shows its progress and maps its errors to exit codes.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from attrib.cli.common import (
    BAD_PATTERNS,
    INPUT_FAILED,
    INTERRUPTED,
    STOPPED,
    USAGE,
    fail,
    list_problems,
)
from attrib.dataset import EXTRA_NEEDED
from attrib.errors import BatchStopped, InputError, OutputError, PatternError
from attrib.present.terminal import TerminalConsole, plural, visible

if TYPE_CHECKING:
    from attrib.track.cluster import ClusterStats

SIZE_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def parse_size(value: str | None) -> str | None:
    """Check `--partition-size`: a number of bytes, with K, M or G."""
    if value is not None:
        _bytes(value)
    return value


def _bytes(value: str) -> int:
    text = value.strip().upper().removesuffix("B")
    unit = text[-1:] if text[-1:] in SIZE_UNITS else ""
    try:
        number = float(text.removesuffix(unit)) if unit else float(text)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a size like 64M, 500K or 1G") from None
    if number * SIZE_UNITS[unit] < 1:
        raise typer.BadParameter(f"{value!r} is not a size like 64M, 500K or 1G")
    return int(number * SIZE_UNITS[unit])


def _require_extra() -> None:
    """Exit 2, naming the extra to install, when dask or pyarrow is missing."""
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as err:
        fail(f"--engine dask needs {err.name or 'dask and pyarrow'}: {EXTRA_NEEDED}", USAGE)


class ClusterReporter:
    """The dashboard address, errors, a bar over partitions and articles (on a terminal), a summary: on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.console = TerminalConsole(stderr=True, highlight=False, emoji=False)
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if not quiet and self.console.is_terminal:
            self.progress = Progress(
                TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TextColumn("partitions"),
                TextColumn("{task.fields[articles]} articles"),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("{task.fields[claims]} claims"),
                TextColumn("{task.fields[errors]} errors"),
                TextColumn("ETA"), TimeRemainingColumn(),
                console=self.console,
            )
            self.task = self.progress.add_task("batch", total=None, articles=0, rate=0.0, claims=0, errors=0)

    def __enter__(self) -> ClusterReporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def started_cluster(self, dashboard: str | None) -> None:
        """The local cluster's dashboard address, above the bar: for whoever watches the run."""
        if self.progress is not None and dashboard:
            self._say(f"Dask dashboard: {dashboard}")

    def error(self, message: str) -> None:
        self._say(f"error: {message}")

    def _say(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(Text(line), soft_wrap=True)
        else:
            typer.echo(visible(line), err=True)

    def update(self, stats: ClusterStats) -> None:
        if self.progress is None or self.task is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress.update(
            self.task, total=stats.partitions, completed=stats.done + stats.skipped, articles=stats.articles,
            rate=(stats.articles + stats.errors) / elapsed, claims=stats.claims, errors=stats.errors,
        )

    def summary(self, stats: ClusterStats, output: Path) -> None:
        if self.quiet:
            return
        parts = [f"{plural(stats.articles, 'article')} written", plural(stats.claims, "claim")]
        if stats.errors:
            parts.append(f"{plural(stats.errors, 'input')} failed")
        parts.append(f"{plural(stats.done, 'partition')} written to {output}")
        if stats.skipped:
            parts.append(f"{stats.skipped} already there")
        typer.echo(visible(", ".join(parts)), err=True)


def batch_on_cluster(
    inputs: list[str],
    output: Path,
    *,
    scheduler: str | None,
    workers: int,
    patterns_dir: Path | None,
    encoding: str | None,
    partition_size: str | None,
    quiet: bool,
) -> NoReturn:
    """Run the batch on a cluster into the dataset folder `output`; exits with the batch's code."""
    _require_extra()
    from attrib.track import cluster

    size = _bytes(partition_size) if partition_size else None
    stats = cluster.ClusterStats()
    after_stop = "rerun with --resume to complete the output"
    with ClusterReporter(quiet) as reporter:
        stopped: tuple[str, int] | None = None
        try:
            cluster.run_cluster(
                inputs, output, scheduler=scheduler, workers=workers, patterns_dir=patterns_dir,
                encoding=encoding, size=size, stats=stats, on_start=reporter.started_cluster,
                on_error=reporter.error, on_progress=reporter.update,
            )
        except (cluster.ClusterError, OutputError, InputError) as error:
            stopped = str(error), USAGE
        except BatchStopped as error:
            stopped = f"{error}; {after_stop}", STOPPED
        except KeyboardInterrupt:
            stopped = f"interrupted; {after_stop}", INTERRUPTED
        except PatternError as error:  # a worker that could not load the client's pattern set
            stopped = list_problems(error.problems, patterns_dir), BAD_PATTERNS
        # Anything else the cluster raises (a lost connection, a timeout, a cancelled or failed task)
        # stops the run with its cause and STOPPED: uncaught, it would exit 1, the code of bad inputs,
        # with none of their errors printed.
        except (Exception, asyncio.CancelledError) as error:  # noqa: BLE001
            stopped = f"the cluster run failed: {type(error).__name__}: {error}; {after_stop}", STOPPED
    if stopped is None or stopped[1] != USAGE:  # nothing was run
        reporter.summary(stats, output)
    if stopped is not None:
        fail(*stopped)
    raise typer.Exit(INPUT_FAILED if stats.errors else 0)
