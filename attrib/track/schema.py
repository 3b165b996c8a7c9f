"""The claim database's schema: its tables, search index and views, and the migrations from older schemas."""

from __future__ import annotations

SCHEMA_VERSION = 3  # 2: claims_fts holds content, speaker and source as search.index_form; 3: the views

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
