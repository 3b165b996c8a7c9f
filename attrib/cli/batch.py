"""`attrib batch`, and the progress and stopping that `attrib db add` shares with it.

Thin, as main.py: the command parses its arguments, calls track/batch.py and maps
its errors to an exit code. Registered on the main app by main.py.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

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

from attrib.cli.cluster import batch_on_cluster, parse_size
from attrib.cli.common import (
    BAD_PATTERNS,
    INPUT_FAILED,
    INTERRUPTED,
    STOPPED,
    USAGE,
    check_pattern_set,
    encoding_option,
    fail,
    file_ids,
    list_problems,
    output_stream,
    patterns_option,
    refuse_input_as_output,
)
from attrib.errors import BatchStopped, InputError, OutputError, PatternError
from attrib.present.terminal import TerminalConsole, plural, visible
from attrib.present.write import ExportFormat, write_results
from attrib.read.corpus import FileId, count_tasks, iter_tasks
from attrib.track import batch as batch_lib

Inputs = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT",
        help="Articles: .txt and .html files, folders of them, .jsonl corpora or exports, - for standard input.",
        show_default=False,
    ),
]
PatternsDir = Annotated[Path | None, patterns_option("Use the pattern set (and aliases) in DIR.")]
Encoding = Annotated[str | None, encoding_option("Encoding of text and HTML files (default: detected).")]
Workers = Annotated[
    int | None,
    typer.Option("--workers", "-w", metavar="N", min=1, help="Worker processes (default: one per core).",
                 show_default=False),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]


class Engine(StrEnum):
    """Where the batch runs: worker processes of this machine, or a Dask cluster."""

    local = "local"
    dask = "dask"


BatchOutput = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="PATH",
        help="Write to FILE instead of standard output; with --engine dask, the folder of a Parquet dataset.",
    ),
]


class Reporter:
    """Errors, a progress bar (only on a terminal, never with --quiet) and a summary, all on stderr."""

    def __init__(
        self, quiet: bool, paths: list[str], label: str, verb: str, exclude: Collection[FileId] = ()
    ) -> None:
        self.quiet = quiet
        self.verb = verb
        self.stats = batch_lib.BatchStats()
        self.console = TerminalConsole(stderr=True, highlight=False, emoji=False)
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if not quiet and self.console.is_terminal:
            self.progress = Progress(
                TextColumn(label),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("{task.fields[claims]} claims"),
                TextColumn("{task.fields[errors]} errors"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.task = self.progress.add_task(label, total=count_tasks(paths, exclude), rate=0.0, claims=0, errors=0)

    def __enter__(self) -> Reporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def error(self, error: InputError) -> None:
        if self.progress is not None:
            self.progress.console.print(Text(f"error: {error}"), soft_wrap=True)
        else:
            typer.echo(f"error: {visible(str(error))}", err=True)

    def update(self, stats: batch_lib.BatchStats) -> None:
        if self.progress is None or self.task is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress.update(
            self.task, completed=stats.done, rate=(stats.articles + stats.errors) / elapsed,
            claims=stats.claims, errors=stats.errors,
        )

    def summary(self, skipped_note: str = "") -> None:
        if self.quiet:
            return
        stats = self.stats
        parts = [f"{plural(stats.articles, 'article')} {self.verb}", plural(stats.claims, "claim")]
        if stats.skipped:
            parts.append(f"{stats.skipped} skipped{skipped_note}")
        if stats.errors:
            parts.append(f"{plural(stats.errors, 'input')} failed")
        typer.echo(", ".join(parts), err=True)

    def exit(self) -> NoReturn:
        """Exit 1 if some inputs failed, else 0."""
        raise typer.Exit(INPUT_FAILED if self.stats.errors else 0)


def run_reported(
    inputs: list[str],
    consume: Callable[[Iterator[batch_lib.Extracted]], None],
    reporter: Reporter,
    *,
    workers: int | None,
    patterns_dir: Path | None,
    encoding: str | None,
    skip: Counter[str] | None = None,
    exclude: Collection[FileId] = (),
    after_stop: str,
) -> tuple[str, int] | None:
    """Run the batch, `consume` taking the articles done in input order; returns why it stopped
    early (message, exit code), or None if it ran to the end.

    `after_stop` tells the user what a stopped run has left behind.
    """
    try:
        consume(batch_lib.extracted(
            iter_tasks(inputs, exclude), reporter.stats, workers=workers or batch_lib.default_workers(),
            patterns_dir=patterns_dir, encoding=encoding, skip=skip, on_error=reporter.error,
            on_progress=reporter.update,
        ))
    except BatchStopped as error:
        return f"{error}; {after_stop}", STOPPED
    except KeyboardInterrupt:
        return f"interrupted; {after_stop}", INTERRUPTED
    except PatternError as error:  # changed on disk while the batch ran
        return list_problems(error.problems, patterns_dir), BAD_PATTERNS
    return None


def batch(
    inputs: Inputs,
    output: BatchOutput = None,
    workers: Workers = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep the articles already in FILE and add the missing ones.")
    ] = False,
    quiet: Quiet = False,
    patterns_dir: PatternsDir = None,
    encoding: Encoding = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local: worker processes here; dask: a Dask cluster (attrib\\[cluster]).")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", metavar="ADDRESS",
                     help="With --engine dask: the scheduler of an existing cluster (default: a local cluster)."),
    ] = None,
    partition_size: Annotated[
        str | None,
        typer.Option("--partition-size", metavar="SIZE", callback=parse_size,
                     help="With --engine dask: input per partition, as 64M (the default) or 500K."),
    ] = None,
) -> None:
    """Extract the claims of a whole corpus, in parallel, one article a line (the export format).

    Lines come in input order whatever the number of workers. A failed input
    is reported and skipped. After an interruption, the same command with
    --resume completes FILE: nothing duplicated, nothing lost. With --engine dask,
    the output is a folder holding a Parquet dataset (docs/cluster.md), and a rerun
    skips the partitions already complete.

    Example: attrib batch corpus.jsonl pages/ -o claims.jsonl --workers 4 --resume
    """
    if engine is Engine.dask:
        if output is None or str(output) == "-":
            raise typer.BadParameter("--engine dask writes a Parquet dataset: give its folder", param_hint="'-o'")
        refuse_input_as_output(output, inputs)
        check_pattern_set(patterns_dir)
        batch_on_cluster(
            inputs, output, scheduler=scheduler, workers=workers or batch_lib.default_workers(),
            patterns_dir=patterns_dir, encoding=encoding, partition_size=partition_size, quiet=quiet,
        )
    for name, value in (("--scheduler", scheduler), ("--partition-size", partition_size)):
        if value is not None:
            raise typer.BadParameter("only with --engine dask", param_hint=f"'{name}'")
    if output is not None and output.is_dir():
        raise typer.BadParameter(f"{output} is a folder: a folder is the output of --engine dask", param_hint="'-o'")
    to_file = output is not None and str(output) != "-"
    if resume and not to_file:
        raise typer.BadParameter("--resume needs an output file", param_hint="'-o'")
    refuse_input_as_output(output, inputs)
    check_pattern_set(patterns_dir)
    done = None
    if resume:
        assert output is not None
        try:
            done = batch_lib.prepare_resume(output)
        except OutputError as error:
            fail(str(error), USAGE)
    after_stop = "rerun with --resume to complete the output" if to_file else "the output is incomplete"
    kept = "the complete lines are kept: rerun with --resume once there is room" if to_file else None
    with output_stream(output, append=resume, keep_partial=kept) as stream:
        written = file_ids(stream)  # not read back when it is inside a folder given as input
        with Reporter(quiet, inputs, "batch", "written", written) as reporter:
            stopped = run_reported(
                inputs, lambda done: write_results(done, ExportFormat.jsonl, stream, flush=True), reporter, workers=workers, patterns_dir=patterns_dir,
                encoding=encoding, skip=done, exclude=written, after_stop=after_stop,
            )
    # Once the progress bar is gone: the summary, then why it stopped, if it did.
    reporter.summary(f" (already in {output})" if stopped is None else "")
    if stopped is not None:
        fail(*stopped)
    reporter.exit()
