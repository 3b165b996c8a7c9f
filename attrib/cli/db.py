"""The claim database's commands: `attrib db add`, `speakers`, `claims`, `search`, `stories`, `export`.

Thin, as main.py: each command parses its arguments, calls track/db.py or
track/queries.py, prints what they return (present/tracker_tables.py) and maps their errors to an
exit code. The commands that add and export are here, the queries in db_queries.py, what they
share in db_options.py. Registered on the main app by main.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from attrib.cli.batch import Encoding, Inputs, PatternsDir, Quiet, Reporter, Workers, run_reported
from attrib.cli.common import (
    CORPUS_CODES,
    DB_EXPORT_CODES,
    PATTERN_CODES,
    QUERY_CODES,
    USAGE,
    Output,
    check_pattern_set,
    exit_codes,
    fail,
    output_stream,
    refuse_input_as_output,
)
from attrib.cli.db_options import (
    Database,
    Since,
    Source,
    Speaker,
    StanceOption,
    Until,
    check_stance,
    check_words,
    open_store,
    pattern_aliases,
    store_exit_code,
)
from attrib.cli.db_queries import db_claims, db_search, db_speakers, db_stories
from attrib.desk.server import DEFAULT_PORT, DeskUnavailable, desk
from attrib.errors import StoreError
from attrib.lexicon.aliases import Aliases
from attrib.models import ArticleClaims
from attrib.present.terminal import plural, visible
from attrib.present.write import ExportFormat, write_results
from attrib.track import batch as batch_lib
from attrib.track.db import DEFAULT_DB, ClaimStore
from attrib.track.queries import Filters, claim_query, speaker_index

db_app = typer.Typer(
    help="Keep the claims of a corpus in one SQLite file, and follow speakers, outlets and stories.\n\n"
    "Example: attrib db add corpus.jsonl pages/ && attrib db stories",
    epilog=exit_codes(CORPUS_CODES),
    no_args_is_help=True,
)


class DbExportFormat(StrEnum):
    """The export formats of the database: those of `attrib export` that hold a corpus."""

    jsonl = "jsonl"
    csv = "csv"
    jsonld = "jsonld"
    claimreview = "claimreview"


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
    with open_store(db, create=True, after_error=kept) as store, Reporter(quiet, inputs, "db add", "added") as reporter:

        def add(done: Iterator[batch_lib.Extracted]) -> None:
            for extracted in done:
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


# The queries, registered here so that the commands keep their order in `attrib db --help`.
db_app.command("speakers", epilog=exit_codes(QUERY_CODES))(db_speakers)
db_app.command("claims", epilog=exit_codes(QUERY_CODES))(db_claims)
db_app.command("search", epilog=exit_codes(QUERY_CODES))(db_search)
db_app.command("stories", epilog=exit_codes(QUERY_CODES))(db_stories)


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
    check_stance(stance)
    if search is not None:
        check_words(search, "'--search'")
    refuse_input_as_output(output, [db])
    aliases = pattern_aliases(patterns_dir)
    filters = Filters(speaker=speaker, source=source, stance=stance, since=since, until=until, search=search)
    with open_store(db) as store, output_stream(output) as stream:
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
        fail(str(error), store_exit_code(error))
    if host != "127.0.0.1":
        typer.echo(f"listening on {host}: other computers can read {db}", err=True)
    typer.echo(f"serving {db} read-only at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    import uvicorn

    uvicorn.run(app.app(), host=host, port=port, log_level="warning")
