"""The claim database's commands: `attrib db add`, `speakers`, `claims`, `search`, `stories`, `export`.

Thin, as main.py: each command parses its arguments, calls track/db.py or
track/queries.py, prints what they return (present/tracker_tables.py) and maps their errors to an
exit code. Registered on the main app by main.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TypeVar

import typer
from rich.console import RenderableType

from attrib.cli.batch import Encoding, Inputs, PatternsDir, Quiet, Reporter, Workers, run_reported
from attrib.cli.common import (
    CORPUS_CODES,
    DB_DAMAGED,
    DB_EXPORT_CODES,
    DB_LOCKED,
    PATTERN_CODES,
    QUERY_CODES,
    USAGE,
    Bidi,
    Output,
    Records,
    Width,
    check_pattern_set,
    exit_bad_patterns,
    exit_codes,
    fail,
    output_stream,
    refuse_input_as_output,
)
from attrib.desk.server import DEFAULT_PORT, DeskUnavailable, desk
from attrib.errors import PatternError, SearchError, StoreDamaged, StoreError, StoreLocked
from attrib.lexicon.aliases import Aliases, load_aliases
from attrib.models import STANCES, ArticleClaims, json_bytes
from attrib.present import tracker_tables as dbview
from attrib.present.bidi import BidiMode, resolve_mode
from attrib.present.terminal import TerminalConsole, plural, visible
from attrib.present.write import ExportFormat, write_results
from attrib.track import batch as batch_lib
from attrib.track.db import DEFAULT_DB, ClaimStore
from attrib.track.queries import (
    Filters,
    claim_query,
    select_claims,
    speaker_index,
    speaker_stats,
    stories,
)
from attrib.track.search import fts_query

db_app = typer.Typer(
    help="Keep the claims of a corpus in one SQLite file, and follow speakers, outlets and stories.\n\n"
    "Example: attrib db add corpus.jsonl pages/ && attrib db stories",
    epilog=exit_codes(CORPUS_CODES),
    no_args_is_help=True,
)

Row = TypeVar("Row")
View = Callable[[list[Row], BidiMode], RenderableType]


class QueryFormat(StrEnum):
    """How a query prints: a table for people, JSON Lines for programs."""

    table = "table"
    jsonl = "jsonl"


class DbExportFormat(StrEnum):
    """The export formats of the database: those of `attrib export` that hold a corpus."""

    jsonl = "jsonl"
    csv = "csv"
    jsonld = "jsonld"
    claimreview = "claimreview"


def _check_day(value: str | None) -> str | None:
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a date like 2024-03-01") from None
    return value


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


def _check_stance(value: str | None) -> None:
    if value is not None and value not in STANCES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(STANCES)}", param_hint="'--stance'")


def _check_words(text: str, param_hint: str) -> str:
    """A search must have a word once folded: punctuation or tatweel alone would select everything."""
    try:
        searched = fts_query(text)
    except SearchError as error:
        raise typer.BadParameter(str(error), param_hint=param_hint) from None
    if not searched:
        raise typer.BadParameter("give at least one word to search for", param_hint=param_hint)
    return text


def _aliases(directory: Path | None) -> Aliases:
    try:
        return load_aliases(directory)
    except PatternError as error:
        exit_bad_patterns(error.problems, directory)


def _store_code(error: StoreError) -> int:
    if isinstance(error, StoreLocked):
        return DB_LOCKED
    if isinstance(error, StoreDamaged):
        return DB_DAMAGED
    return USAGE


@contextmanager
def _store(path: Path, *, create: bool = False, after_error: str | None = None) -> Iterator[ClaimStore]:
    """The database open, to add to it (`create`) or to read it; its errors end the command
    with their exit code, and `after_error` (what is kept) once it was opened."""
    try:
        store = ClaimStore(path, create=create)
    except StoreError as error:
        fail(str(error), _store_code(error))
    with store:
        try:
            yield store
        except StoreError as error:
            fail(f"{error}; {after_error}" if after_error else str(error), _store_code(error))


@dataclass(frozen=True)
class Layout:
    """How a query prints on a console: `--width`, `--bidi` and `--records`."""

    width: int | None
    bidi: BidiMode
    records: bool


def _show(
    rows: list[Row],
    output_format: QueryFormat,
    layout: Layout,
    record: Callable[[Row], dict[str, Any]],
    views: tuple[View[Row], View[Row]],
    none_found: str | None = None,
) -> None:
    """JSON Lines, one record a row, or on a console the view (`views`: the table, the records);
    `none_found` on stderr instead of an empty view."""
    if output_format is QueryFormat.jsonl:
        stdout = typer.get_binary_stream("stdout")
        for row in rows:
            stdout.write(json_bytes(record(row)) + b"\n")
        stdout.flush()
    elif rows or none_found is None:
        console = TerminalConsole(width=layout.width, highlight=False, emoji=False, soft_wrap=False)
        table, records = views
        view = records if layout.records else table
        console.print(view(rows, resolve_mode(layout.bidi, console, os.environ)))
    else:
        typer.echo(none_found, err=True)


@db_app.command("add", epilog=exit_codes(CORPUS_CODES))
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
    check_pattern_set(patterns_dir)
    kept = "the articles before it are stored, add the rest again"
    with _store(db, create=True, after_error=kept) as store, Reporter(quiet, inputs, "db add", "added") as reporter:

        def add(extracted: batch_lib.Extracted) -> None:
            store.add(ArticleClaims.model_validate_json(extracted.line))

        stopped = run_reported(
            inputs, add, reporter, workers=workers, patterns_dir=patterns_dir, encoding=encoding,
            after_stop="the articles before it are stored, add the rest again",
        )
        articles, claims = store.counts()
    reporter.summary()
    if stopped is not None:
        fail(*stopped)
    if not quiet:
        typer.echo(visible(f"{db}: {plural(articles, 'article')}, {plural(claims, 'claim')}"), err=True)
    reporter.exit()


@db_app.command("speakers", epilog=exit_codes(QUERY_CODES))
def db_speakers(
    db: Database = Path(DEFAULT_DB),
    output_format: FormatOption = QueryFormat.table,
    limit: Limit = None,
    patterns_dir: PatternsDir = None,
    width: Width = None,
    bidi: Bidi = BidiMode.auto,
    records: Records = False,
) -> None:
    """The speakers of the corpus, one name each across articles: kind, roles, claims, articles, stances, outlets.

    Names are merged when they fold to the same letters, when a short name
    shares a role with a full one, and by patterns/aliases.toml.

    Example: attrib db speakers --limit 20
    """
    aliases = _aliases(patterns_dir)
    with _store(db) as store:
        rows = speaker_stats(store, speaker_index(store, aliases))[:limit]
    _show(rows, output_format, Layout(width, bidi, records), dbview.speaker_record,
          (dbview.speakers_table, dbview.speakers_records))


@db_app.command("claims", epilog=exit_codes(QUERY_CODES))
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
    bidi: Bidi = BidiMode.auto,
    records: Records = False,
) -> None:
    """The claims that match every filter given, newest first.

    Example: attrib db claims --speaker "داعش" --stance allege --since 2024-01-01
    """
    _check_stance(stance)
    filters = Filters(speaker=speaker, source=source, stance=stance, since=since, until=until)
    _print_claims(db, filters, output_format, limit, patterns_dir, Layout(width, bidi, records))


@db_app.command("search", epilog=exit_codes(QUERY_CODES))
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
    bidi: Bidi = BidiMode.auto,
    records: Records = False,
) -> None:
    """Full-text search of claim content, best match first; diacritics, tatweel and letter variants ignored.

    Example: attrib db search الاسلاميه "دول الجوار"
    """
    query = _check_words(" ".join(words), "WORDS")
    _print_claims(db, Filters(search=query), output_format, limit, patterns_dir, Layout(width, bidi, records))


def _print_claims(
    db: Path, filters: Filters, output_format: QueryFormat, limit: int | None,
    patterns_dir: Path | None, layout: Layout,
) -> None:
    aliases = _aliases(patterns_dir)
    with _store(db) as store:
        rows = list(islice(select_claims(store, aliases, filters), limit))
    _show(rows, output_format, layout, lambda row: dbview.claim_record(*row),
          (dbview.claims_table, dbview.claims_records), "no claims found")


@db_app.command("stories", epilog=exit_codes(QUERY_CODES))
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
    bidi: Bidi = BidiMode.auto,
    records: Records = False,
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
    _show(found, output_format, Layout(width, bidi, records), dbview.story_record,
          (dbview.stories_view, dbview.stories_records), "no stories found: no statement is carried by two articles")


@db_app.command("export", epilog=exit_codes(DB_EXPORT_CODES))
def db_export(
    output_format: Annotated[
        DbExportFormat,
        typer.Option("--format", "-f", help="jsonl: one article a line. csv: one claim a row. jsonld: schema.org"
                     " NewsArticle and Claim nodes. claimreview: draft ClaimReview stubs."
                     " The same shapes as `attrib export`."),
    ],
    db: Database = Path(DEFAULT_DB),
    output: Output = None,
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
    refuse_input_as_output(output, [db])
    aliases = _aliases(patterns_dir)
    filters = Filters(speaker=speaker, source=source, stance=stance, since=since, until=until, search=search)
    with _store(db) as store, output_stream(output) as stream:
        _export(store, aliases, filters, output_format, stream)


def _export(store: ClaimStore, aliases: Aliases, filters: Filters, output_format: DbExportFormat,
            stream: BinaryIO) -> None:
    """Stream the selected articles out, in the order they were first added; JSON-LD one node a line."""
    results = store.results(claim_query(speaker_index(store, aliases), aliases, filters))
    write_results(results, ExportFormat(output_format), stream, one_node_a_line=True)


@db_app.command("serve", epilog=exit_codes(PATTERN_CODES))
def db_serve(
    db: Database = Path(DEFAULT_DB),
    host: Annotated[
        str, typer.Option("--host", metavar="HOST", help="Listen on HOST (default: this computer only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", metavar="PORT", min=0, max=65535)] = DEFAULT_PORT,
) -> None:
    """Browse, filter and search the database in a browser, with Datasette (read-only).

    Needs the desk extra: pip install 'attrib\\[desk]'.

    Example: attrib db serve --db desk.sqlite   (then open http://127.0.0.1:8001)
    """
    try:
        app = desk(db)
    except DeskUnavailable as error:
        fail(str(error), USAGE)
    except StoreError as error:
        fail(str(error), _store_code(error))
    if host != "127.0.0.1":
        typer.echo(f"listening on {host}: other computers can read {db}", err=True)
    typer.echo(f"serving {db} read-only at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    import uvicorn

    uvicorn.run(app.app(), host=host, port=port, log_level="warning")
