"""The `db` commands that query the database: `speakers`, `claims`, `search`, `stories`.

Thin, as main.py: each parses its arguments, calls track/queries.py, and prints what it
returns (present/tracker_tables.py). Registered on `db_app` by db.py.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from attrib.cli.batch import PatternsDir
from attrib.cli.common import Bidi, Records, Width
from attrib.cli.db_options import (
    Database,
    FormatOption,
    Layout,
    Limit,
    QueryFormat,
    Since,
    Source,
    Speaker,
    StanceOption,
    Until,
    check_stance,
    check_words,
    open_store,
    pattern_aliases,
    show_rows,
)
from attrib.present import tracker_tables
from attrib.present.bidi import BidiMode
from attrib.track.db import DEFAULT_DB
from attrib.track.queries import Filters, select_claims, speaker_index, speaker_stats, stories


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
    aliases = pattern_aliases(patterns_dir)
    with open_store(db) as store:
        rows = speaker_stats(store, speaker_index(store, aliases))[:limit]
    show_rows(rows, output_format, Layout(width, bidi, records), tracker_tables.speaker_record,
          (tracker_tables.speakers_table, tracker_tables.speakers_records))


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
    check_stance(stance)
    filters = Filters(speaker=speaker, source=source, stance=stance, since=since, until=until)
    _print_claims(db, filters, output_format, limit, patterns_dir, Layout(width, bidi, records))


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
    query = check_words(" ".join(words), "WORDS")
    _print_claims(db, Filters(search=query), output_format, limit, patterns_dir, Layout(width, bidi, records))


def _print_claims(
    db: Path, filters: Filters, output_format: QueryFormat, limit: int | None,
    patterns_dir: Path | None, layout: Layout,
) -> None:
    aliases = pattern_aliases(patterns_dir)
    with open_store(db) as store:
        rows = list(islice(select_claims(store, aliases, filters), limit))
    show_rows(rows, output_format, layout, lambda row: tracker_tables.claim_record(*row),
          (tracker_tables.claims_table, tracker_tables.claims_records), "no claims found")


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
    aliases = pattern_aliases(patterns_dir)
    filters = Filters(speaker=speaker, source=source, since=since, until=until)
    with open_store(db) as store:
        found = stories(store, aliases, filters, within_days=within)[:limit]
    show_rows(found, output_format, Layout(width, bidi, records), tracker_tables.story_record,
          (tracker_tables.stories_view, tracker_tables.stories_records), "no stories found: no statement is carried by two articles")
