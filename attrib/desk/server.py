"""`attrib db serve`: Datasette on a claim database, read-only, with attrib's Arabic search.

Datasette (the `attrib[desk]` extra) opens the file read-only (`mode=ro`): no
page, query or plugin of the server can write to it. Its search box runs
`escape_fts(:search)`; this plugin's `escape_fts` turns the words into the
query of track/search.py instead, so the box finds Arabic words as
`attrib db search` does. Each claim links to its article's annotated page
(present/html.py), served at /-/article/ARTICLE_ID?claim=N.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from attrib.errors import SearchError
from attrib.fold import words
from attrib.lexicon.aliases import load_aliases
from attrib.models import STANCES
from attrib.present.html import html_page
from attrib.present.terminal import MIDDLE_DOT, plural, shorten
from attrib.present.timeline import Timeline, stance_summary, timeline_page
from attrib.present.tracker_tables import ARROW
from attrib.track.db import ClaimStore
from attrib.track.queries import speaker_timeline, story_of
from attrib.track.search import fts_query
from attrib.track.stories import Report, report_of

try:
    from datasette import hookimpl
    from datasette.app import Datasette
    from datasette.utils.asgi import Response
except ImportError:  # pragma: no cover - the desk extra is not installed
    Datasette = None

    def hookimpl(*args: Any, **kwargs: Any) -> Any:  # type: ignore[no-redef]
        return (lambda f: f) if not args else args[0]

DEFAULT_PORT = 8001
COLUMNS = {
    "n": "the claim's number in the database",
    "date": "the day the article was published",
    "outlet": "who published the article (its site name, else its url's host)",
    "speaker": "who made the claim: the name, as written",
    "role": "the speaker's title or role",
    "cue": "the reporting word that carries the claim (قال, أكد, زعم...)",
    "stance": "how the outlet framed it: " + ", ".join(STANCES),
    "type": "direct (quoted), indirect (reported), mixed, or according_to",
    "content": "what was said, as the article reports it",
    "source": "the outlet the article credits for it (وفقاً لـ...)",
    "title": "the article's title",
    "site": "the site name of the article, if it has one",
    "article_id": "the article; its annotated page is linked",
    "position": "the claim's place in its article (0 for the first)",
    "claim_id": "the claim's id in exports (article:cue offsets)",
}


# The column descriptions, in a compact grid rather than a screen-high list above the table;
# the Arabic cells right to left.
DESK_CSS = """
dl.column-descriptions{display:grid;grid-template-columns:repeat(3,max-content minmax(0,1fr));
  gap:.1em .6em;font-size:.8em;margin:.5em 0}
dl.column-descriptions dt,dl.column-descriptions dd{margin:0}
td span[dir=rtl]{display:block;text-align:right}
"""


class DeskUnavailable(Exception):
    """Datasette is not installed: `pip install 'attrib[desk]'`."""


def search_expression(text: str) -> str:
    """The FTS5 query of the search box: attrib's search, or its words alone if the syntax is wrong."""
    try:
        return fts_query(text) or '""'
    except SearchError:
        return fts_query(" ".join(words(text))) or '""'


def first_words(text: str | None, count: int) -> str:
    """The first `count` words of a text: how the canned queries find one statement in other reports."""
    return " ".join((text or "").split()[:count])


def metadata(name: str) -> dict[str, Any]:
    """Titles, column descriptions, facets, search and canned queries for the database `name`."""
    rtl = "the Arabic cells right to left"
    return {
        "title": "attrib: the claim database",
        "description": "Attributed claims of Arabic news: who said what, per which outlet, framed how. " + rtl,
        "databases": {name: {
            "tables": {
                "claims_view": {
                    "title": "Claims, with their article",
                    "description": "Every claim with its article's date, outlet and title; newest first.",
                    "columns": COLUMNS,
                    "facets": ["speaker", "outlet", "stance", "type", "site"],
                    "sort_desc": "date",
                    "fts_table": "claims_fts",
                    "fts_pk": "n",
                    "label_column": "content",
                },
                "speakers_view": {
                    "title": "Speakers, with their claim counts and stances",
                    "sort_desc": "claims",
                    "facets": ["kind"],
                    "columns": {"speaker": COLUMNS["speaker"], "claims": "claims made",
                                "articles": "articles quoting them", "outlets": "outlets quoting them"},
                },
                "claims": {"fts_table": "claims_fts", "fts_pk": "n", "sort_desc": "n",
                           "facets": ["stance", "type"]},
                "claims_fts": {"hidden": True},
            },
            "queries": {
                "speaker_over_time": {
                    "title": "A speaker's statements over time",
                    "sql": "SELECT date, outlet, cue, stance, content, article_id FROM claims_view"
                           " WHERE speaker LIKE '%' || :speaker || '%' ORDER BY date, outlet",
                },
                "story_across_outlets": {
                    "title": "One story across outlets: the claims whose content has these words",
                    "sql": "SELECT v.outlet, v.date, v.speaker, v.cue, v.stance, v.content, v.article_id"
                           " FROM claims_view AS v WHERE v.n IN (SELECT rowid FROM claims_fts"
                           " WHERE claims_fts MATCH escape_fts(:words)) ORDER BY v.date, v.outlet",
                },
                "framed_as_allege": {
                    "title": "Claims one outlet framed as allege, others as assert or neutral",
                    "sql": "SELECT a.speaker, a.outlet AS alleging, a.cue, b.outlet AS other, b.cue AS other_cue,"
                           " b.stance AS other_stance, a.content, a.article_id FROM claims_view AS a"
                           " JOIN claims_view AS b ON b.speaker = a.speaker AND b.outlet != a.outlet"
                           " AND b.stance IN ('assert', 'neutral')"
                           " AND b.n IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH"
                           " escape_fts(first_words(a.content, 4)))"
                           " WHERE a.stance = 'allege' ORDER BY a.date DESC",
                },
            },
        }},
    }


def article_page(db_path: Path, article_id: str, claim: int | None) -> str | None:
    """The annotated page of a stored article, the claim at `claim` (its position) outlined; None if unknown.

    An article stored without its text (a JSONL or text input: the export keeps only a page's
    extracted text) shows its claims and tables, the claim outlined in the list."""
    with ClaimStore(db_path) as store:
        for result in store.results():
            if result.article.id == article_id:
                page = html_page([(result.article.text, result)])
                if claim is not None:
                    outline = (f'.text [data-spans~="c{claim}:content"],li.claim[data-claim="c{claim}"]'
                               "{outline:3px solid #c0392b}")
                    page = page.replace("</style>", outline + "</style>", 1)
                return page
    return None


def speaker_link(name: str) -> str:
    """Where the server draws a speaker's claims per outlet and stance over time."""
    return f"/-/speaker/{quote(name, safe='')}"


def story_link(claim_id: str) -> str:
    """Where the server draws the story a claim is a report of."""
    return f"/-/story/{quote(claim_id, safe='')}"


def _report_link(report: Report) -> str:
    """A mark's article page, the claim outlined: its position is the claim id's place among the article's."""
    return article_link(report.article_id, report.position)


def speaker_page(db_path: Path, name: str) -> str | None:
    """The page of a speaker's claims over time (present/timeline.py), with links to its stories; None if unknown."""
    with ClaimStore(db_path) as store:
        found = speaker_timeline(store, load_aliases(), name)
    if found is None:
        return None
    reports = [report_of(stored) for stored in found.claims]
    days = sorted(r.day for r in reports if r.day)
    facts = [plural(len(reports), "claim"), plural(len({r.outlet for r in reports if r.outlet}), "outlet")]
    facts += [f"{days[0]} {ARROW} {days[-1]}"] if days else []
    facts.append(stance_summary(reports))
    stories = tuple(
        (" ".join(filter(None, [story.days[0], MIDDLE_DOT, plural(len(story.outlets), "outlet")])),
         shorten(story.content, 90), story_link(story.reports[0].claim_id))
        for story in found.stories
    )
    timeline = Timeline(found.speaker.name, facts, reports, links=stories, links_title="Stories")
    return timeline_page(timeline, _report_link)


def story_page(db_path: Path, claim_id: str) -> str | None:
    """The page of the story a claim is a report of, over time and outlets; None if there is none."""
    with ClaimStore(db_path) as store:
        story = story_of(store, load_aliases(), claim_id)
    if story is None:
        return None
    first, last = story.days
    facts = [plural(len(story.reports), "article"), plural(len(story.outlets), "outlet")]
    facts += [f"{first} {ARROW} {last}" if last != first else str(first)] if first else []
    facts.append(stance_summary(story.reports) + (" (framings differ)" if story.divergent else ""))
    timeline = Timeline(story.speaker.name, facts, story.reports, statement=story.content,
                        links=(("", story.speaker.name, speaker_link(story.speaker.name)),),
                        links_title="The speaker's claims over time")
    return timeline_page(timeline, _report_link)


def article_link(article_id: str, position: int | None = None) -> str:
    """Where the server shows an article's annotated page."""
    query = f"?claim={position}" if position is not None else ""
    return f"/-/article/{quote(article_id, safe='')}{query}"


READ_METHODS = frozenset({"GET", "HEAD"})
REFUSED = b"attrib db serve is read-only: only GET and HEAD requests are answered\n"


def read_only(app: Any) -> Any:
    """The ASGI app refusing every request that could write (POST, PUT, PATCH, DELETE...) with 405.

    Datasette would refuse them too, but some of its routes answer a POST with a 500
    (`/db/table` asserts it is a canned query); no request of the desk needs more than GET.
    """

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] not in READ_METHODS:
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD")]})
            await send({"type": "http.response.body", "body": REFUSED})
            return
        await app(scope, receive, send)

    return wrapped


class Plugin:
    """The Datasette hooks: the Arabic search, links from claims to their article, article pages."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.__name__ = "attrib.desk"  # Datasette lists plugins by module name

    @hookimpl(trylast=True)  # after Datasette's own escape_fts, which it replaces
    def prepare_connection(self, conn: sqlite3.Connection) -> None:
        conn.create_function("escape_fts", 1, search_expression, deterministic=True)
        conn.create_function("first_words", 2, first_words, deterministic=True)

    @hookimpl
    def render_cell(self, value: Any, column: str, table: str | None, row: Any) -> Any:
        if column == "article_id" and isinstance(value, str):
            from markupsafe import Markup, escape

            position = row["position"] if "position" in row.keys() else None
            return Markup(f'<a class="article" href="{escape(article_link(value, position))}">{escape(value)}</a>')
        if column == "speaker" and isinstance(value, str):
            from markupsafe import Markup, escape

            return Markup(f'<a class="speaker" dir="rtl" href="{escape(speaker_link(value))}">{escape(value)}</a>')
        if column == "claim_id" and isinstance(value, str):
            from markupsafe import Markup, escape

            return Markup(f'<a class="story" href="{escape(story_link(value))}">{escape(value)}</a>')
        if isinstance(value, str) and any("\u0600" <= ch <= "\u06ff" for ch in value):
            from markupsafe import Markup, escape

            return Markup(f'<span dir="rtl">{escape(value)}</span>')
        return None

    @hookimpl
    def asgi_wrapper(self) -> Any:
        return read_only

    @hookimpl
    def extra_css_urls(self) -> list[str]:
        return ["/-/desk.css"]

    @hookimpl
    def register_routes(self) -> list[tuple[str, Any]]:
        db_path = self.db_path

        async def article(request: Any) -> Any:
            claim = request.args.get("claim")
            page = article_page(db_path, request.url_vars["article_id"],
                                int(claim) if claim and claim.isdigit() else None)
            if page is None:
                return Response.text("no such article", status=404)
            return Response.html(page)

        async def speaker(request: Any) -> Any:
            page = speaker_page(db_path, unquote(request.url_vars["name"]))
            if page is None:
                return Response.text("no such speaker", status=404)
            return Response.html(page)

        async def story(request: Any) -> Any:
            page = story_page(db_path, unquote(request.url_vars["claim_id"]))
            if page is None:
                return Response.text("no such claim, or a claim without a speaker", status=404)
            return Response.html(page)

        async def stylesheet() -> Any:
            return Response(DESK_CSS, content_type="text/css; charset=utf-8")

        return [
            (r"^/-/article/(?P<article_id>[^/]+)$", article),
            (r"^/-/speaker/(?P<name>[^/]+)$", speaker),
            (r"^/-/story/(?P<claim_id>[^/]+)$", story),
            (r"^/-/desk\.css$", stylesheet),
        ]


def desk(db_path: Path) -> Any:
    """The Datasette instance serving the database at `db_path`, read-only, with attrib's plugin."""
    if Datasette is None:
        raise DeskUnavailable("attrib db serve needs Datasette: pip install 'attrib[desk]'")
    with ClaimStore(db_path):  # checked, and updated to this schema, before Datasette opens it
        pass
    name = db_path.stem
    ds = Datasette(files=[str(db_path)], metadata=metadata(name), settings={"default_page_size": 50})
    from datasette.plugins import pm

    plugin = Plugin(db_path)
    if not pm.is_registered(plugin):
        pm.register(plugin, name=f"attrib-desk-{id(plugin)}")
    return ds
