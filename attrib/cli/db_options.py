"""What the `db` commands share: their options, opening the database, and printing a query's rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import RenderableType

from attrib.cli.common import DB_DAMAGED, DB_LOCKED, USAGE, exit_bad_patterns, fail
from attrib.errors import PatternError, SearchError, StoreDamaged, StoreError, StoreLocked
from attrib.lexicon.aliases import Aliases, load_aliases
from attrib.models import STANCES, json_bytes
from attrib.present.bidi import BidiMode, resolve_mode
from attrib.present.terminal import TerminalConsole
from attrib.track.db import ClaimStore
from attrib.track.search import fts_query

Row = TypeVar("Row")
View = Callable[[list[Row], BidiMode], RenderableType]


class QueryFormat(StrEnum):
    """How a query prints: a table for people, JSON Lines for programs."""

    table = "table"
    jsonl = "jsonl"


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


def check_stance(value: str | None) -> None:
    if value is not None and value not in STANCES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(STANCES)}", param_hint="'--stance'")


def check_words(text: str, param_hint: str) -> str:
    """A search must have a word once folded: punctuation or tatweel alone would select everything."""
    try:
        searched = fts_query(text)
    except SearchError as error:
        raise typer.BadParameter(str(error), param_hint=param_hint) from None
    if not searched:
        raise typer.BadParameter("give at least one word to search for", param_hint=param_hint)
    return text


def pattern_aliases(directory: Path | None) -> Aliases:
    try:
        return load_aliases(directory)
    except PatternError as error:
        exit_bad_patterns(error.problems, directory)


def store_exit_code(error: StoreError) -> int:
    if isinstance(error, StoreLocked):
        return DB_LOCKED
    if isinstance(error, StoreDamaged):
        return DB_DAMAGED
    return USAGE


@contextmanager
def open_store(path: Path, *, create: bool = False, after_error: str | None = None) -> Iterator[ClaimStore]:
    """The database open, to add to it (`create`) or to read it; its errors end the command
    with their exit code, and `after_error` (what is kept) once it was opened."""
    try:
        store = ClaimStore(path, create=create)
    except StoreError as error:
        fail(str(error), store_exit_code(error))
    with store:
        try:
            yield store
        except StoreError as error:
            fail(f"{error}; {after_error}" if after_error else str(error), store_exit_code(error))


@dataclass(frozen=True)
class Layout:
    """How a query prints on a console: `--width`, `--bidi` and `--records`."""

    width: int | None
    bidi: BidiMode
    records: bool


def show_rows(
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
