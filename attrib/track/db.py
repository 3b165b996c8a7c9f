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

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import regex

from attrib.errors import StoreDamaged, StoreError, StoreLocked
from attrib.fold import ARABIC_INDIC_DIGITS, fold
from attrib.models import ArticleClaims, ArticleInfo, Claim, CueSpan, Span, SpeakerSpan
from attrib.track.search import index_form
from attrib.track.speakers import NameUse

DEFAULT_DB = "attrib.sqlite"
SCHEMA_VERSION = 3  # 2: claims_fts holds content, speaker and source as search.index_form; 3: the views
BUSY_TIMEOUT_MS = 10_000  # a second writer waits this long for the first one's article

SCHEMA: tuple[str, ...] = (
    """\
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT,
        url TEXT,
        date TEXT,                -- as the input gave it
        day TEXT,                 -- the same as YYYY-MM-DD, for sorting and --since/--until
        site TEXT,
        outlet TEXT,              -- who published it: the site name, else the url's host
        outlet_key TEXT,          -- folded, for --source
        encoding TEXT,
        length INTEGER NOT NULL,
        text TEXT,                -- the text the offsets point into, when extracted from a web page
        claims INTEGER NOT NULL   -- how many claims it has
    )
    """,
    """\
    CREATE INDEX articles_day ON articles(day)
    """,
    """\
    CREATE TABLE claims (
        n INTEGER PRIMARY KEY,    -- also the rowid of the claim in claims_fts
        id TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id),
        position INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        cue TEXT NOT NULL, cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL, lemma TEXT NOT NULL,
        speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,
        speaker_name TEXT, role TEXT, kind TEXT,
        source TEXT, source_start INTEGER, source_end INTEGER, source_key TEXT,
        content TEXT NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
        stance TEXT NOT NULL,
        type TEXT NOT NULL,
        UNIQUE (article_id, position)
    )
    """,
    """\
    CREATE INDEX claims_speaker ON claims(speaker_name)
    """,
    """\
    CREATE VIRTUAL TABLE claims_fts USING fts5(content, speaker, source, tokenize = 'unicode61 remove_diacritics 0')
    """,
)
# Views a reader understands, in Datasette (attrib db serve) or any SQLite tool.
VIEWS = (
    """\
    CREATE VIEW claims_view AS
    SELECT c.n, a.day AS date, a.outlet, c.speaker_name AS speaker, c.role, c.cue, c.stance, c.type,
           c.content, c.source, a.title, a.site, c.article_id, c.position, c.id AS claim_id
    FROM claims AS c JOIN articles AS a ON a.id = c.article_id
    """,
    """\
    CREATE VIEW speakers_view AS
    SELECT c.speaker_name AS speaker, c.kind, count(*) AS claims, count(DISTINCT c.article_id) AS articles,
           sum(c.stance = 'assert') AS assert, sum(c.stance = 'neutral') AS neutral,
           sum(c.stance = 'allege') AS allege, sum(c.stance = 'deny') AS deny,
           count(DISTINCT a.outlet) AS outlets, min(a.day) AS first, max(a.day) AS last
    FROM claims AS c JOIN articles AS a ON a.id = c.article_id
    WHERE c.speaker_name IS NOT NULL GROUP BY c.speaker_name, c.kind
    """,
)
SCHEMA = SCHEMA + VIEWS
# From each schema to the next: run in one transaction when an older database is opened.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: ("DROP TABLE claims_fts", SCHEMA[4]),  # then filled again by _reindex
    2: VIEWS,
}

_ISO_DAY = regex.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


@dataclass(frozen=True)
class ClaimQuery:
    """Which claims to select; every condition given must hold."""

    speaker_names: frozenset[str] | None = None  # as stored: the names of the speakers asked for
    source: str | None = None  # credited or published by an outlet whose name contains this
    stance: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    search: str | None = None  # FTS5 query over folded content (fts_query)
    claim_id: str | None = None  # the claim of this id (article:cue offsets) alone

    @property
    def everything(self) -> bool:
        """Does the query select every claim?"""
        return self == ClaimQuery()


@dataclass(frozen=True)
class StoredClaim:
    """A claim as the database holds it, with what the tracker shows of its article."""

    claim: Claim
    article_id: str
    title: str | None
    url: str | None
    date: str | None
    day: str | None
    outlet: str | None
    position: int = 0  # the claim's place in its article (0 for the first)


class ClaimStore:
    """An open claim database. Use as a context manager, or call close()."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        """Open `path` to add to it (`create`: made if missing), or else to read it, read-only."""
        self.path = path
        if not create and not path.is_file():
            raise StoreError(f"{path}: no such database (attrib db add creates it)")
        with self._errors():
            if create:
                # Autocommit: transactions are opened and closed explicitly, one per article.
                self._db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: consistent after a crash
                self._db.execute("PRAGMA foreign_keys = ON")
                # A file that cannot be written is opened all the same, read-only: say so now,
                # with a write that is rolled back (and waits for another writer, as adding would).
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    version = self._db.execute("PRAGMA user_version").fetchone()[0]
                    self._db.execute(f"PRAGMA user_version = {int(version)}")
                finally:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
            else:
                self._db = _open_read_only(path)
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
            self._db = _open_read_only(self.path)
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
            [(n, *_indexed(content, speaker, source, outlet)) for n, content, speaker, source, outlet in rows],
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
                (cursor.lastrowid, *_indexed(claim.content.text, speaker.text if speaker else None,
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
        where, params = _conditions(query)
        order = "a.day IS NULL, a.day DESC, a.id, c.position"
        join = ""
        if ranked and query.search:
            join = "JOIN (SELECT rowid, rank FROM claims_fts WHERE claims_fts MATCH :search) AS f ON f.rowid = c.n"
            order = "f.rank, " + order
        sql = (
            f"SELECT {_CLAIM_COLUMNS}, a.title, a.url, a.date, a.day, a.outlet"
            f" FROM claims AS c JOIN articles AS a ON a.id = c.article_id {join}"
            f" WHERE {where} ORDER BY {order}"
        )
        for row in self._read(sql, params):
            yield StoredClaim(_claim(row), row["article_id"], row["title"], row["url"], row["date"],
                              row["day"], row["outlet"], row["position"])

    def results(self, query: ClaimQuery = ClaimQuery()) -> Iterator[ArticleClaims]:
        """Articles with the claims the query selects, in the order they were first added.

        Every article when the query selects everything; else only those with a claim selected.
        """
        where, params = _conditions(query)
        articles = self._read("SELECT * FROM articles ORDER BY rowid", {})
        claims = self._read(
            f"SELECT {_CLAIM_COLUMNS}, a.rowid AS article_row FROM claims AS c"
            f" JOIN articles AS a ON a.id = c.article_id WHERE {where} ORDER BY a.rowid, c.position",
            params,
        )
        pending = next(claims, None)
        for article in articles:
            selected = []
            while pending is not None and pending["article_id"] == article["id"]:
                selected.append(_claim(pending))
                pending = next(claims, None)
            if selected or query.everything:
                yield ArticleClaims(article=_info(article), claims=selected)

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


# SQLite's primary result codes (an extended code keeps its primary one in the low byte).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_CORRUPT = 5, 6, 8, 11
_SQLITE_CANTOPEN, _SQLITE_CONSTRAINT, _SQLITE_NOTADB = 14, 19, 26


def store_error(path: Path, err: sqlite3.Error) -> StoreError:
    """The StoreError for an SQLite error on the database at `path`: what happened, and what to do."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        seconds = f"{BUSY_TIMEOUT_MS / 1000:g}"
        return StoreLocked(
            f"{path}: locked: another process has been writing to it for {seconds} s; try again when it is done"
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_CONSTRAINT) or isinstance(err, sqlite3.IntegrityError):
        return StoreDamaged(
            f"{path}: the database is damaged ({err}); restore a copy, or build it again with attrib db add"
        )
    if code == _SQLITE_READONLY:
        return StoreError(f"{path}: cannot write to it: {_why_read_only(path)}")
    if code == _SQLITE_CANTOPEN:
        return StoreError(f"{path}: cannot open: {err}")
    return StoreError(f"{path}: not a claim database: {err}")


def _why_read_only(path: Path) -> str:
    """Why a database cannot be written: the file, or its folder (SQLite writes files beside it)."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    except OSError:
        pass
    if not os.access(path, os.W_OK):
        return "the file is read-only (or immutable)"
    return "its folder is read-only (or immutable)"


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that only reads: through the write-ahead log as usual, or, when the file and its
    folder cannot be written (a read-only file system), as an immutable file."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError as err:
        # A database in WAL mode needs its -shm file beside it, even to read; where it cannot be
        # made, nobody can be writing either, so reading the file as it stands is safe.
        if (getattr(err, "sqlite_errorcode", 0) & 0xFF) not in (_SQLITE_CANTOPEN, _SQLITE_READONLY):
            raise
        db.close()
        db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    return db


def _indexed(content: str, speaker: str | None, source: str | None, outlet: str | None) -> tuple[str, str, str]:
    """The search index's columns of a claim: its content, speaker, and the outlets it comes through."""
    return index_form(content), index_form(speaker or ""), index_form(" ".join(filter(None, (source, outlet))))


def publisher(info: ArticleInfo) -> str | None:
    """The outlet that published an article: its site name, else its url's host without www."""
    if info.site:
        return info.site
    if info.url:
        try:
            host = urlsplit(info.url).hostname
        except ValueError:
            return None
        if host:
            return host.removeprefix("www.")
    return None


def iso_day(date: str | None) -> str | None:
    """`2024-03-01` for a date that starts that way (2024-3-1, 2024/03/01T10:00, ٢٠٢٤-٠٣-٠١)."""
    if not date:
        return None
    found = _ISO_DAY.search(date.translate(ARABIC_INDIC_DIGITS))
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_CLAIM_COLUMNS = ", ".join(
    f"c.{column}" for column in (
        "id", "article_id", "position", "sentence", "cue", "cue_start", "cue_end", "lemma",
        "speaker", "speaker_start", "speaker_end", "speaker_name", "role", "kind",
        "source", "source_start", "source_end", "content", "content_start", "content_end", "stance", "type",
    )
)


def _conditions(query: ClaimQuery) -> tuple[str, dict[str, object]]:
    conditions = ["1"]
    params: dict[str, object] = {}
    if query.speaker_names is not None:
        conditions.append("c.speaker_name IN (SELECT value FROM json_each(:names))")
        params["names"] = json.dumps(sorted(query.speaker_names), ensure_ascii=False)
    if query.source:
        conditions.append("(instr(c.source_key, :source) OR instr(a.outlet_key, :source))")
        params["source"] = fold(query.source)
    if query.stance:
        conditions.append("c.stance = :stance")
        params["stance"] = query.stance
    if query.since:
        conditions.append("a.day >= :since")
        params["since"] = query.since
    if query.until:
        conditions.append("a.day <= :until")
        params["until"] = query.until
    if query.search:
        conditions.append("c.n IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :search)")
        params["search"] = query.search
    if query.claim_id is not None:
        conditions.append("c.id = :claim_id")
        params["claim_id"] = query.claim_id
    return " AND ".join(conditions), params


def _claim(row: sqlite3.Row) -> Claim:
    speaker = None
    if row["speaker"] is not None:
        speaker = SpeakerSpan(
            text=row["speaker"], start=row["speaker_start"], end=row["speaker_end"],
            name=row["speaker_name"], role=row["role"], kind=row["kind"],
        )
    source = None
    if row["source"] is not None:
        source = Span(text=row["source"], start=row["source_start"], end=row["source_end"])
    return Claim(
        id=row["id"],
        sentence=row["sentence"],
        cue=CueSpan(text=row["cue"], start=row["cue_start"], end=row["cue_end"], lemma=row["lemma"]),
        speaker=speaker,
        source=source,
        content=Span(text=row["content"], start=row["content_start"], end=row["content_end"]),
        stance=row["stance"],
        type=row["type"],
    )


def _info(row: sqlite3.Row) -> ArticleInfo:
    return ArticleInfo(
        id=row["id"], title=row["title"], url=row["url"], date=row["date"], length=row["length"],
        site=row["site"], encoding=row["encoding"], text=row["text"],
    )
