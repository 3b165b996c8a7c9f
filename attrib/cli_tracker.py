"""The corpus tracker's commands: `attrib batch` and `attrib db ...`.

Thin, as cli.py: each command parses its arguments, calls batch.py, db.py or
tracker.py, prints what they return (dbview.py) and maps their errors to an
exit code. Registered on the main app by cli.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from . import batch as batch_lib
from . import dbview
from .aliases import Aliases, check_aliases, load_aliases
from .corpus import count_tasks, iter_tasks
from .db import DEFAULT_DB, ClaimStore, fts_query
from .errors import BatchStopped, InputError, OutputError, PatternError, StoreError
from .exports import CONTEXT as JSONLD_CONTEXT
from .exports import article_node, claim_node, write_csv
from .models import STANCES, ArticleClaims
from .patterns import check_patterns
from .render import plural
from .tracker import Filters, claim_query, select_claims, speaker_index, speaker_stats, stories

INPUT_FAILED = 1
USAGE = 2
BAD_PATTERNS = 3
STOPPED = 4
INTERRUPTED = 130  # 128 + SIGINT, as shells report it

EXIT_CODES = """Exit codes:
  0    all inputs read and processed
  1    some inputs failed, each reported on stderr; the rest still processed
  2    usage error (bad option, unusable --db or -o file)
  3    invalid pattern files, every problem listed on stderr
  4    stopped before the end (a worker process died): rerun with --resume
  130  interrupted (Ctrl-C): rerun with --resume"""

DB_EXIT_CODES = """Exit codes:
  0    done
  1    some inputs failed, each reported on stderr; the rest still added
  2    usage error (bad option, no such database, not a claim database)
  3    invalid pattern or aliases files, every problem listed on stderr
  4    db add stopped before the end (a worker process died): the articles before are stored
  130  interrupted (Ctrl-C): the article in flight is not stored, the ones before are"""

db_app = typer.Typer(
    help="Keep the claims of a corpus in one SQLite file, and follow speakers, outlets and stories.\n\n"
    "Example: attrib db add corpus.jsonl pages/ && attrib db stories",
    epilog=DB_EXIT_CODES,
    no_args_is_help=True,
)


class QueryFormat(StrEnum):
    """How a query prints: a table for people, JSON Lines for programs."""

    table = "table"
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    """The database export formats."""

    jsonl = "jsonl"
    csv = "csv"
    jsonld = "jsonld"


def _check_encoding(value: str | None) -> str | None:
    if value is not None:
        try:
            b" ".decode(value, "ignore")
        except LookupError:
            raise typer.BadParameter(f"unknown encoding {value!r}") from None
    return value


def _check_day(value: str | None) -> str | None:
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a date like 2024-03-01") from None
    return value


Inputs = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT",
        help="Articles: .txt and .html files, folders of them, .jsonl corpora or exports, - for standard input.",
        show_default=False,
    ),
]
PatternsDir = Annotated[
    Path | None,
    typer.Option("--patterns", metavar="DIR", help="Use the pattern set (and aliases) in DIR.",
                 exists=True, file_okay=False),
]
Encoding = Annotated[
    str | None,
    typer.Option("--encoding", metavar="ENC", help="Encoding of text and HTML files (default: detected).",
                 callback=_check_encoding),
]
Workers = Annotated[
    int | None,
    typer.Option("--workers", "-w", metavar="N", min=1, help="Worker processes (default: one per core).",
                 show_default=False),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
Database = Annotated[
    Path, typer.Option("--db", metavar="PATH", help="The claim database.", dir_okay=False)
]
Speaker = Annotated[
    str | None, typer.Option("--speaker", metavar="NAME", help="Claims of this speaker (any name or alias).")
]
Source = Annotated[
    str | None,
    typer.Option("--source", metavar="OUTLET", help="Claims credited to, or published by, this outlet."),
]
StanceOption = Annotated[
    str | None,
    typer.Option("--stance", metavar="S", help=f"Claims with this stance: {', '.join(STANCES)}."),
]
Since = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="Articles dated DATE or later.", callback=_check_day)
]
Until = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Articles dated DATE or earlier.", callback=_check_day)
]
Limit = Annotated[int | None, typer.Option("--limit", "-n", metavar="N", min=1, help="At most N rows.")]
FormatOption = Annotated[QueryFormat, typer.Option("--format", "-f", help="A table, or one JSON object a line.")]
Width = Annotated[
    int | None, typer.Option("--width", metavar="N", min=40, help="Lay out for N columns (default: the terminal).")
]


def _error(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _check_stance(value: str | None) -> None:
    if value is not None and value not in STANCES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(STANCES)}", param_hint="'--stance'")


def _check_words(text: str, param_hint: str) -> str:
    """A search must have a word once folded: punctuation or tatweel alone would select everything."""
    if not fts_query(text):
        raise typer.BadParameter("give at least one word to search for", param_hint=param_hint)
    return text


def _check_patterns(directory: Path | None) -> None:
    """Check the patterns and aliases before any work: every problem of both, then exit 3."""
    problems = check_patterns(directory) + check_aliases(directory)
    if problems:
        _error(_bad_patterns(PatternError(problems), directory), BAD_PATTERNS)


def _aliases(directory: Path | None) -> Aliases:
    try:
        return load_aliases(directory)
    except PatternError as error:
        _exit_bad_patterns(error, directory)


def _exit_bad_patterns(error: PatternError, directory: Path | None) -> NoReturn:
    _error(_bad_patterns(error, directory), BAD_PATTERNS)


def _bad_patterns(error: PatternError, directory: Path | None) -> str:
    """Every problem on stderr, one a line; returns the summary that ends the list."""
    for problem in error.problems:
        typer.echo(problem, err=True)
    where = directory if directory is not None else "the bundled pattern set"
    return f"{plural(len(error.problems), 'problem')} in {where}"


@contextmanager
def _store(path: Path, *, create: bool = False) -> Iterator[ClaimStore]:
    try:
        store = ClaimStore(path, create=create)
    except StoreError as error:
        _error(str(error), USAGE)
    with store:
        yield store


def _console(width: int | None = None) -> Console:
    return Console(width=width, highlight=False, emoji=False, soft_wrap=False)


def _write_lines(records: Iterator[dict[str, Any]]) -> None:
    stdout = typer.get_binary_stream("stdout")
    for record in records:
        stdout.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    stdout.flush()


# --- progress ------------------------------------------------------------------

class _Reporter:
    """Errors, a progress bar (only on a terminal, never with --quiet) and a summary, all on stderr."""

    def __init__(self, quiet: bool, paths: list[str], label: str, verb: str) -> None:
        self.quiet = quiet
        self.verb = verb
        self.console = Console(stderr=True, highlight=False, emoji=False)
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
            self.task = self.progress.add_task(label, total=count_tasks(paths), rate=0.0, claims=0, errors=0)

    def __enter__(self) -> _Reporter:
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
            typer.echo(f"error: {error}", err=True)

    def update(self, stats: batch_lib.BatchStats) -> None:
        if self.progress is None or self.task is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress.update(
            self.task, completed=stats.done, rate=(stats.articles + stats.errors) / elapsed,
            claims=stats.claims, errors=stats.errors,
        )

    def summary(self, stats: batch_lib.BatchStats, skipped_note: str = "") -> None:
        if self.quiet:
            return
        parts = [f"{plural(stats.articles, 'article')} {self.verb}", plural(stats.claims, "claim")]
        if stats.skipped:
            parts.append(f"{stats.skipped} skipped{skipped_note}")
        if stats.errors:
            parts.append(f"{plural(stats.errors, 'input')} failed")
        typer.echo(", ".join(parts), err=True)


# --- batch ---------------------------------------------------------------------

def batch(
    inputs: Inputs,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                     help="Write to FILE instead of standard output."),
    ] = None,
    workers: Workers = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep the articles already in FILE and add the missing ones.")
    ] = False,
    quiet: Quiet = False,
    patterns_dir: PatternsDir = None,
    encoding: Encoding = None,
) -> None:
    """Extract the claims of a whole corpus, in parallel, one article a line (the export format).

    Lines come in input order whatever the number of workers. A failed input
    is reported and skipped. After an interruption, the same command with
    --resume completes FILE: nothing duplicated, nothing lost.

    Example: attrib batch corpus.jsonl pages/ -o claims.jsonl --workers 4 --resume
    """
    to_file = output is not None and str(output) != "-"
    if resume and not to_file:
        raise typer.BadParameter("--resume needs an output file", param_hint="'-o'")
    _check_patterns(patterns_dir)
    done = None
    if resume:
        assert output is not None
        try:
            done = batch_lib.prepare_resume(output)
        except OutputError as error:
            _error(str(error), USAGE)
    stats = batch_lib.BatchStats()
    stopped: tuple[str, int] | None = None
    with _batch_output(output, append=resume) as stream, _Reporter(quiet, inputs, "batch", "written") as reporter:
        try:
            batch_lib.run_batch(
                inputs, stream, workers=workers or batch_lib.default_workers(), patterns_dir=patterns_dir,
                encoding=encoding, skip=done, stats=stats, on_error=reporter.error, on_progress=reporter.update,
            )
        except BatchStopped as error:
            stopped = (f"{error}; {_rerun(output)}", STOPPED)
        except KeyboardInterrupt:
            stopped = (f"interrupted; {_rerun(output)}", INTERRUPTED)
        except PatternError as error:  # changed on disk while the batch ran
            stopped = (_bad_patterns(error, patterns_dir), BAD_PATTERNS)
    # Once the progress bar is gone: the summary, then why it stopped, if it did.
    reporter.summary(stats, f" (already in {output})" if stopped is None else "")
    if stopped is not None:
        _error(*stopped)
    raise typer.Exit(INPUT_FAILED if stats.errors else 0)


def _rerun(output: Path | None) -> str:
    if output is None or str(output) == "-":
        return "the output is incomplete"
    return "rerun with --resume to complete the output"


@contextmanager
def _batch_output(path: Path | None, *, append: bool) -> Iterator[BinaryIO]:
    if path is None or str(path) == "-":
        stdout = typer.get_binary_stream("stdout")
        yield stdout
        stdout.flush()
        return
    try:
        stream = path.open("ab" if append else "wb")
    except OSError as error:
        raise typer.BadParameter(f"cannot write {path}: {error.strerror or error}", param_hint="'-o'") from None
    with stream:
        yield stream


# --- db ------------------------------------------------------------------------

@db_app.command("add", epilog=DB_EXIT_CODES)
def db_add(
    inputs: Inputs,
    db: Database = Path(DEFAULT_DB),
    workers: Workers = None,
    quiet: Quiet = False,
    patterns_dir: PatternsDir = None,
    encoding: Encoding = None,
) -> None:
    """Extract the claims of articles and store them; an export (of batch or export) is stored as it is.

    An article already stored (same id) is replaced, never duplicated. Each
    article is written in one transaction: an interruption leaves the
    database as it was before that article.

    Example: attrib db add corpus.jsonl pages/ claims.jsonl --db news.sqlite
    """
    _check_patterns(patterns_dir)
    stats = batch_lib.BatchStats()
    stopped: tuple[str, int] | None = None
    with _store(db, create=True) as store, _Reporter(quiet, inputs, "db add", "added") as reporter:

        def add(extracted: batch_lib.Extracted) -> None:
            store.add(ArticleClaims.model_validate_json(extracted.line))

        try:
            batch_lib.run(
                iter_tasks(inputs), add, workers=workers or batch_lib.default_workers(),
                patterns_dir=patterns_dir, encoding=encoding, stats=stats,
                on_error=reporter.error, on_progress=reporter.update,
            )
        except BatchStopped as error:
            stopped = (f"{error}; the articles before it are stored, add the rest again", STOPPED)
        except KeyboardInterrupt:
            stopped = ("interrupted; the articles before it are stored, add the rest again", INTERRUPTED)
        except PatternError as error:
            stopped = (_bad_patterns(error, patterns_dir), BAD_PATTERNS)
        articles, claims = store.counts()
    reporter.summary(stats)
    if stopped is not None:
        _error(*stopped)
    if not quiet:
        typer.echo(f"{db}: {plural(articles, 'article')}, {plural(claims, 'claim')}", err=True)
    raise typer.Exit(INPUT_FAILED if stats.errors else 0)


@db_app.command("speakers", epilog=DB_EXIT_CODES)
def db_speakers(
    db: Database = Path(DEFAULT_DB),
    output_format: FormatOption = QueryFormat.table,
    limit: Limit = None,
    patterns_dir: PatternsDir = None,
    width: Width = None,
) -> None:
    """The speakers of the corpus, one name each across articles: kind, roles, claims, articles, stances, outlets.

    Names are merged when they fold to the same letters, when a short name
    shares a role with a full one, and by patterns/aliases.toml.

    Example: attrib db speakers --limit 20
    """
    aliases = _aliases(patterns_dir)
    with _store(db) as store:
        rows = speaker_stats(store, speaker_index(store, aliases))[:limit]
    if output_format is QueryFormat.jsonl:
        _write_lines(dbview.speaker_record(row) for row in rows)
    else:
        _console(width).print(dbview.speakers_table(rows))


@db_app.command("claims", epilog=DB_EXIT_CODES)
def db_claims(
    db: Database = Path(DEFAULT_DB),
    speaker: Speaker = None,
    source: Source = None,
    stance: StanceOption = None,
    since: Since = None,
    until: Until = None,
    output_format: FormatOption = QueryFormat.table,
    limit: Limit = None,
    patterns_dir: PatternsDir = None,
    width: Width = None,
) -> None:
    """The claims that match every filter given, newest first.

    Example: attrib db claims --speaker "داعش" --stance allege --since 2024-01-01
    """
    _check_stance(stance)
    filters = Filters(speaker=speaker, source=source, stance=stance, since=since, until=until)
    _print_claims(db, filters, output_format, limit, patterns_dir, width)


@db_app.command("search", epilog=DB_EXIT_CODES)
def db_search(
    words: Annotated[
        list[str],
        typer.Argument(metavar="WORDS", help='Words the content must all have; "two words" as a phrase, word* as a prefix.',
                       show_default=False),
    ],
    db: Database = Path(DEFAULT_DB),
    output_format: FormatOption = QueryFormat.table,
    limit: Limit = None,
    patterns_dir: PatternsDir = None,
    width: Width = None,
) -> None:
    """Full-text search of claim content, best match first; diacritics, tatweel and letter variants ignored.

    Example: attrib db search الاسلاميه "دول الجوار"
    """
    query = _check_words(" ".join(words), "WORDS")
    _print_claims(db, Filters(search=query), output_format, limit, patterns_dir, width)


def _print_claims(
    db: Path, filters: Filters, output_format: QueryFormat, limit: int | None,
    patterns_dir: Path | None, width: int | None,
) -> None:
    aliases = _aliases(patterns_dir)
    with _store(db) as store:
        rows = list(_first(select_claims(store, aliases, filters), limit))
    if output_format is QueryFormat.jsonl:
        _write_lines(dbview.claim_record(stored, speaker) for stored, speaker in rows)
    elif rows:
        _console(width).print(dbview.claims_table(rows))
    else:
        typer.echo("no claims found", err=True)


def _first(items: Iterator[Any], limit: int | None) -> Iterator[Any]:
    for number, item in enumerate(items):
        if limit is not None and number >= limit:
            return
        yield item


@db_app.command("stories", epilog=DB_EXIT_CODES)
def db_stories(
    db: Database = Path(DEFAULT_DB),
    speaker: Speaker = None,
    source: Source = None,
    since: Since = None,
    until: Until = None,
    within: Annotated[
        int | None,
        typer.Option("--within", metavar="DAYS", min=0, help="Only reports at most DAYS apart make one story."),
    ] = None,
    output_format: FormatOption = QueryFormat.table,
    limit: Limit = None,
    patterns_dir: PatternsDir = None,
    width: Width = None,
) -> None:
    """Statements carried by several articles or outlets, and how each outlet framed them (أكد, زعم...).

    A story is one speaker saying nearly the same thing in several articles;
    most outlets first, then stories whose framings differ.

    Example: attrib db stories --since 2024-03-01 --within 3
    """
    aliases = _aliases(patterns_dir)
    filters = Filters(speaker=speaker, source=source, since=since, until=until)
    with _store(db) as store:
        found = stories(store, aliases, filters, within_days=within)[:limit]
    if output_format is QueryFormat.jsonl:
        _write_lines(dbview.story_record(story) for story in found)
    elif found:
        _console(width).print(dbview.stories_view(found))
    else:
        typer.echo("no stories found: no statement is carried by two articles", err=True)


@db_app.command("export", epilog=DB_EXIT_CODES)
def db_export(
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="jsonl: one article a line. csv: one claim a row. jsonld: schema.org"
                     " NewsArticle and Claim nodes. The same shapes as `attrib export`."),
    ],
    db: Database = Path(DEFAULT_DB),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE instead of standard output."),
    ] = None,
    speaker: Speaker = None,
    source: Source = None,
    stance: StanceOption = None,
    since: Since = None,
    until: Until = None,
    search: Annotated[
        str | None, typer.Option("--search", metavar="WORDS", help="Claims whose content has these words.")
    ] = None,
    patterns_dir: PatternsDir = None,
) -> None:
    """Write the database out: every article, or the claims a query selects (and their articles).

    Example: attrib db export --format csv --speaker "فؤاد حسين" -o hussein.csv
    """
    _check_stance(stance)
    if search is not None:
        _check_words(search, "'--search'")
    aliases = _aliases(patterns_dir)
    filters = Filters(speaker=speaker, source=source, stance=stance, since=since, until=until, search=search)
    with _store(db) as store, _batch_output(output, append=False) as stream:
        _export(store, aliases, filters, output_format, stream)


def _export(store: ClaimStore, aliases: Aliases, filters: Filters, output_format: ExportFormat,
            stream: BinaryIO) -> None:
    """Stream the selected articles out, in the order they were first added."""
    results = store.results(claim_query(speaker_index(store, aliases), aliases, filters))
    if output_format is ExportFormat.csv:
        write_csv(results, stream)
    elif output_format is ExportFormat.jsonl:
        for result in results:
            stream.write(_json(result.model_dump(mode="json")) + b"\n")
    else:
        # As exports.to_jsonld, one node at a time: the graph of a whole database is not built in memory.
        stream.write(b'{"@context": ' + _json(JSONLD_CONTEXT) + b', "@graph": [')
        separator = b"\n"
        for result in results:
            for node in [article_node(result.article)] + [claim_node(c, result.article) for c in result.claims]:
                stream.write(separator + _json(node))
                separator = b",\n"
        stream.write(b"\n]}\n")


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
