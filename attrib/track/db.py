"""The claim database: every article and claim of a corpus in one SQLite file.

An article is known by its id: adding it again replaces its claims. Each
article is written in one transaction, so an interruption (Ctrl-C, a kill, a
power cut) leaves the database as it was before that article, never half
written. The database runs in WAL mode: a reader can query while a batch is
being added.

Claim content is also indexed, folded (fold.py), in an FTS5 table whose rowid
is the claim's, so a search ignores diacritics, tatweel and letter variants.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from attrib.errors import StoreError
from attrib.fold import fold
from attrib.models import ArticleClaims
from attrib.track.connection import open_read_only, open_writable, store_error
from attrib.track.rows import (
    CLAIM_SELECT,
    ClaimQuery,
    StoredClaim,
    claim_from_row,
    conditions,
    index_columns,
    info_from_row,
    iso_day,
    publisher,
)
from attrib.track.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION
from attrib.track.speakers import NameUse

DEFAULT_DB = "attrib.sqlite"


class ClaimStore:
    """An open claim database. Use as a context manager, or call close()."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        """Open `path` to add to it (`create`: made if missing), or else to read it, read-only."""
        self.path = path
        if not create and not path.is_file():
            raise StoreError(f"{path}: no such database (attrib db add creates it)")
        with self._errors():
            if create:
                self._db = open_writable(path)
            else:
                self._db = open_read_only(path)
            self._prepare(create)

    def close(self) -> None:
        """Close the connection; a transaction left open is rolled back."""
        self._db.close()

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite's errors as StoreErrors that name the database and say what to do."""
        try:
            yield
        except sqlite3.Error as err:
            raise store_error(self.path, err) from None

    def _prepare(self, create: bool) -> None:
        """Check the schema version; create the tables in a new (empty) database when adding."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return  # no lock taken: a reader never waits for a writer
        if not create:
            self._check_version(version)
            if version == 0:  # a read command never turns a file (a zero-byte one) into a database
                raise StoreError(f"{self.path}: an empty file, not a claim database (attrib db add fills it)")
            try:
                with ClaimStore(self.path, create=True):  # an older schema: updated in place, then read
                    pass
            except StoreError as error:
                raise type(error)(f"{error} (to update it from the schema of an earlier attrib)") from None
            self._db.close()
            self._db = open_read_only(self.path)
            return
        self._db.execute("BEGIN IMMEDIATE")  # two processes creating one database: the second waits
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                self._check_version(version)
                if version == 0:
                    for statement in SCHEMA:
                        self._db.execute(statement)
                else:
                    for step in range(version, SCHEMA_VERSION):
                        for statement in MIGRATIONS[step]:
                            self._db.execute(statement)
                    self._reindex()
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _check_version(self, version: int) -> None:
        """Refuse a database of a newer attrib, or a file that holds other tables."""
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer attrib (schema {version}; this one reads up to {SCHEMA_VERSION});"
                " upgrade attrib to use it"
            )
        if version == 0 and self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: not a claim database (it holds other tables)")

    def _reindex(self) -> None:
        """Fill the search index again from the claims, after a migration changed its form."""
        self._db.execute("DELETE FROM claims_fts")
        rows = self._db.execute(
            "SELECT c.n, c.content, c.speaker, c.source, a.outlet FROM claims AS c"
            " JOIN articles AS a ON a.id = c.article_id"
        ).fetchall()
        self._db.executemany(
            "INSERT INTO claims_fts (rowid, content, speaker, source) VALUES (?, ?, ?, ?)",
            [(n, *index_columns(content, speaker, source, outlet)) for n, content, speaker, source, outlet in rows],
        )

    # --- writing ---------------------------------------------------------------

    def add(self, result: ArticleClaims) -> None:
        """Store an article and its claims, replacing what was stored under its id: all or nothing."""
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._remove_claims(result.article.id)
                self._upsert_article(result)
                self._insert_claims(result)
                self._db.execute("COMMIT")
            except BaseException:  # Ctrl-C included: the article is rolled back, then the interruption goes on
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _remove_claims(self, article_id: str) -> None:
        self._db.execute(
            "DELETE FROM claims_fts WHERE rowid IN (SELECT n FROM claims WHERE article_id = ?)", (article_id,)
        )
        self._db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))

    def _upsert_article(self, result: ArticleClaims) -> None:
        info = result.article
        outlet = publisher(info)
        row = {
            "id": info.id, "title": info.title, "url": info.url, "date": info.date, "day": iso_day(info.date),
            "site": info.site, "outlet": outlet, "outlet_key": fold(outlet) if outlet else None,
            "encoding": info.encoding, "length": info.length, "text": info.text, "claims": len(result.claims),
        }
        columns = ", ".join(row)
        updates = ", ".join(f"{column} = excluded.{column}" for column in row if column != "id")
        # An upsert, not INSERT OR REPLACE: the article keeps its place (rowid) in exports.
        self._db.execute(
            f"INSERT INTO articles ({columns}) VALUES ({', '.join(':' + c for c in row)})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}",
            row,
        )

    def _insert_claims(self, result: ArticleClaims) -> None:
        for position, claim in enumerate(result.claims):
            speaker, source = claim.speaker, claim.source
            who = (speaker.text, speaker.start, speaker.end, speaker.name, speaker.role, speaker.kind) \
                if speaker else (None,) * 6
            via = (source.text, source.start, source.end, fold(source.text)) if source else (None,) * 4
            cursor = self._db.execute(
                "INSERT INTO claims (id, article_id, position, sentence, cue, cue_start, cue_end, lemma,"
                " speaker, speaker_start, speaker_end, speaker_name, role, kind,"
                " source, source_start, source_end, source_key,"
                " content, content_start, content_end, stance, type)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    claim.id, result.article.id, position, claim.sentence,
                    claim.cue.text, claim.cue.start, claim.cue.end, claim.cue.lemma, *who, *via,
                    claim.content.text, claim.content.start, claim.content.end, claim.stance, claim.type,
                ),
            )
            self._db.execute(
                "INSERT INTO claims_fts (rowid, content, speaker, source) VALUES (?, ?, ?, ?)",
                (cursor.lastrowid, *index_columns(claim.content.text, speaker.text if speaker else None,
                                              source.text if source else None, publisher(result.article))),
            )

    # --- reading ---------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        """(articles, claims) in the database."""
        with self._errors():
            return self._counts()

    def _counts(self) -> tuple[int, int]:
        articles = self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
        claims = self._db.execute("SELECT count(*) FROM claims").fetchone()[0]
        return articles, claims

    def name_uses(self) -> list[NameUse]:
        """Every speaker name with each role and kind it comes with, and how many claims."""
        with self._errors():
            rows = self._db.execute(
                "SELECT speaker_name, role, kind, count(*) FROM claims WHERE speaker_name IS NOT NULL"
                " GROUP BY speaker_name, role, kind ORDER BY speaker_name, role, kind"
            ).fetchall()
        return [NameUse(name, role, kind, n) for name, role, kind, n in rows]

    def claims(self, query: ClaimQuery = ClaimQuery(), *, ranked: bool = False) -> Iterator[StoredClaim]:
        """The claims the query selects: newest first, or best match first when `ranked` (needs a search)."""
        where, params = conditions(query)
        order = "a.day IS NULL, a.day DESC, a.id, c.position"
        join = ""
        if ranked and query.search:
            join = "JOIN (SELECT rowid, rank FROM claims_fts WHERE claims_fts MATCH :search) AS f ON f.rowid = c.n"
            order = "f.rank, " + order
        sql = (
            f"SELECT {CLAIM_SELECT}, a.title, a.url, a.date, a.day, a.outlet"
            f" FROM claims AS c JOIN articles AS a ON a.id = c.article_id {join}"
            f" WHERE {where} ORDER BY {order}"
        )
        for row in self._read(sql, params):
            yield StoredClaim(claim_from_row(row), row["article_id"], row["title"], row["url"], row["date"],
                              row["day"], row["outlet"], row["position"])

    def results(self, query: ClaimQuery = ClaimQuery()) -> Iterator[ArticleClaims]:
        """Articles with the claims the query selects, in the order they were first added.

        Every article when the query selects everything; else only those with a claim selected.
        """
        where, params = conditions(query)
        articles = self._read("SELECT * FROM articles ORDER BY rowid", {})
        claims = self._read(
            f"SELECT {CLAIM_SELECT}, a.rowid AS article_row FROM claims AS c"
            f" JOIN articles AS a ON a.id = c.article_id WHERE {where} ORDER BY a.rowid, c.position",
            params,
        )
        pending = next(claims, None)
        for article in articles:
            selected = []
            while pending is not None and pending["article_id"] == article["id"]:
                selected.append(claim_from_row(pending))
                pending = next(claims, None)
            if selected or query.everything:
                yield ArticleClaims(article=info_from_row(article), claims=selected)

    def check(self) -> list[str]:
        """Articles whose stored claims do not match their count, or lack their search entries: should be none."""
        with self._errors():
            rows = self._db.execute(
                "SELECT a.id, a.claims, count(c.n), count(f.rowid) FROM articles AS a"
                " LEFT JOIN claims AS c ON c.article_id = a.id LEFT JOIN claims_fts AS f ON f.rowid = c.n"
                " GROUP BY a.id HAVING a.claims != count(c.n) OR count(c.n) != count(f.rowid)"
            ).fetchall()
        return [f"{article}: {expected} claims expected, {found} stored, {indexed} indexed"
                for article, expected, found, indexed in rows]

    def _read(self, sql: str, params: dict[str, object]) -> Iterator[sqlite3.Row]:
        cursor = self._db.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            yield from cursor.execute(sql, params)
        except sqlite3.OperationalError as err:
            if "fts5" in str(err):
                raise StoreError(f"cannot search for that: {err}") from None
            raise store_error(self.path, err) from None
        except sqlite3.Error as err:
            raise store_error(self.path, err) from None

