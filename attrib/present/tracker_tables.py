"""The tracker's tables (speakers, claims, stories), their records and their JSON Lines forms.

As in terminal.py, article text enters rich only as `Text`, never as markup,
and every cell of it is laid out for the bidi mode given (bidi.py); the
records (`--records`) keep one value a line, after a Latin label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from attrib.present.bidi import BidiMode, isolate, visual
from attrib.present.terminal import (
    MIDDLE_DOT,
    format_stances,
    laid_out,
    one_line,
    plural,
    record_block,
    shorten,
    stance_text,
)
from attrib.track.queries import SpeakerStats
from attrib.track.rows import StoredClaim
from attrib.track.speakers import Speaker
from attrib.track.stories import Story

ARROW = "\u2192"  # →, between the first and last dates of a story
NO_VALUE = "\u2014"  # —, an unknown outlet or date
TOP = 3  # roles and outlets shown per speaker in the table (all of them in JSON)


def _table(bidi: BidiMode, **options: Any) -> Table:
    # With bidi, a blank first column, as in terminal.py: an isolate needs a cell before it.
    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=bidi is not BidiMode.off, header_style="bold",
                 **options)


def _top(counts: Counter[str], limit: int = TOP) -> str:
    """The most frequent values, with `+N` for the rest."""
    ordered = [one_line(value) for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    shown = "، ".join(ordered[:limit])
    return shown + (f" +{len(ordered) - limit}" if len(ordered) > limit else "")


# --- speakers ------------------------------------------------------------------

def speakers_table(rows: list[SpeakerStats], bidi: BidiMode = BidiMode.off) -> Table:
    """One row per speaker: name (kind and main roles underneath), claims, articles, stances (outlets underneath).

    Kind, roles and outlets share cells, so that on 80 columns no cell is too
    narrow for an Arabic name.
    """
    table = _table(bidi, expand=True, leading=1)
    table.add_column("speaker", overflow="fold", ratio=2, min_width=16)
    table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("stances · outlets", overflow="fold", ratio=3, min_width=20)
    for row in rows:
        who = Text(one_line(row.speaker.name))
        who.append("\n" + " · ".join(filter(None, [row.speaker.kind, _top(row.speaker.roles, 2)])), style="dim")
        what = Text(format_stances(row.stances))
        if row.outlets:
            what.append("\n" + _top(row.outlets), style="dim")
        table.add_row(laid_out(who, bidi), Text(str(row.claims)), Text(str(len(row.articles))), laid_out(what, bidi))
    return table


def speakers_records(rows: list[SpeakerStats], bidi: BidiMode = BidiMode.off) -> RenderableType:
    """Each speaker a block of `label value` lines: its name, the other names merged into it, roles,
    stances, and every outlet quoting it or credited, most claims first."""
    parts: list[RenderableType] = []
    for number, row in enumerate(rows, start=1):
        title = Text(f"speaker {number}", style="bold")
        facts = [plural(row.claims, "claim"), plural(len(row.articles), "article"), row.speaker.kind]
        title.append("".join(f" {MIDDLE_DOT} {fact}" for fact in facts if fact))
        name = one_line(row.speaker.name)
        fields = [("name", Text(name))]
        fields += [("also", Text(other)) for other in sorted({one_line(n) for n in row.speaker.names} - {name})]
        fields += [("role", Text(one_line(role))) for role in _ordered(row.speaker.roles)]
        fields.append(("stances", Text(format_stances(row.stances))))
        fields += [("outlet", Text(one_line(outlet))) for outlet in _ordered(row.outlets)]
        fields += [("source", Text(source)) for source in _ordered(row.sources)]
        parts += [*([Text("")] if parts else []), title, record_block(fields, bidi)]
    return Group(*parts)


def speaker_record(row: SpeakerStats) -> dict[str, Any]:
    """A speaker as one JSON line."""
    return {
        "speaker": one_line(row.speaker.name),
        "kind": row.speaker.kind,
        "roles": _ordered(row.speaker.roles),
        "names": sorted(one_line(name) for name in row.speaker.names),
        "claims": row.claims,
        "articles": len(row.articles),
        "stances": _ordered(row.stances),
        "outlets": _ordered(row.outlets),
        "sources": _ordered(row.sources),
    }


# --- claims --------------------------------------------------------------------

def claims_table(rows: Iterable[tuple[StoredClaim, Speaker | None]], bidi: BidiMode = BidiMode.off) -> Table:
    """One row per claim: date and outlet, speaker, cue, stance, content (its article's id and title underneath).

    The outlet shares the date's cell, and the article the content's, so that the content
    keeps a wide column on 80 columns.
    """
    table = _table(bidi, expand=True)
    table.add_column("date", overflow="fold", ratio=1, min_width=10)
    table.add_column("speaker", overflow="fold", ratio=1, min_width=12)
    table.add_column("cue", overflow="fold", min_width=5)
    table.add_column("stance", no_wrap=True)
    table.add_column("content", overflow="fold", ratio=3, min_width=20)
    for stored, speaker in rows:
        claim = stored.claim
        when = Text(stored.day or NO_VALUE)
        if stored.outlet:
            when.append("\n" + one_line(stored.outlet), style="dim")
        what = Text(shorten(claim.content.text))
        what.append("\n" + f" {MIDDLE_DOT} ".join(filter(None, [one_line(stored.article_id),
                                                               shorten(one_line(stored.title or ""), 40)])),
                    style="dim")
        table.add_row(
            laid_out(when, bidi), laid_out(Text(one_line(speaker.name) if speaker else NO_VALUE), bidi),
            laid_out(Text(one_line(claim.cue.text)), bidi), stance_text(claim.stance), laid_out(what, bidi),
        )
    return table


def claims_records(rows: Iterable[tuple[StoredClaim, Speaker | None]], bidi: BidiMode = BidiMode.off) -> RenderableType:
    """Each claim a block of `label value` lines, its content whole, its article's id and title last."""
    parts: list[RenderableType] = []
    for number, (stored, speaker) in enumerate(rows, start=1):
        claim = stored.claim
        title = Text(f"claim {number} {MIDDLE_DOT} ", style="bold")
        title.append_text(stance_text(claim.stance))
        title.append(f" {MIDDLE_DOT} {claim.type} {MIDDLE_DOT} {stored.day or NO_VALUE}")
        fields = [("speaker", Text(one_line(speaker.name) if speaker else NO_VALUE))]
        if claim.speaker and claim.speaker.role:
            fields.append(("role", Text(one_line(claim.speaker.role))))
        if claim.source:
            fields.append(("source", Text(one_line(claim.source.text))))
        fields += [
            ("outlet", Text(one_line(stored.outlet or NO_VALUE))),
            ("cue", Text(one_line(claim.cue.text))),
            ("content", Text(one_line(claim.content.text))),
            ("article", Text(one_line(stored.article_id))),
        ]
        if stored.title:
            fields.append(("title", Text(one_line(stored.title))))
        parts += [*([Text("")] if parts else []), title, record_block(fields, bidi)]
    return Group(*parts)


def claim_record(stored: StoredClaim, speaker: Speaker | None) -> dict[str, Any]:
    """A claim as one JSON line: its article, the claim as exported, and its speaker across the corpus."""
    return {
        "article": {"id": stored.article_id, "title": stored.title, "url": stored.url,
                    "date": stored.date, "outlet": stored.outlet},
        "claim": stored.claim.model_dump(mode="json"),
        "corpus_speaker": one_line(speaker.name) if speaker else None,
    }


# --- stories -------------------------------------------------------------------

def stories_view(stories: list[Story], bidi: BidiMode = BidiMode.off) -> RenderableType:
    """Each story: a header (speaker, outlets, dates, whether framings differ), the statement, and who carried it how."""
    parts: list[RenderableType] = []
    for number, story in enumerate(stories, start=1):
        if parts:
            parts.append(Text(""))
        parts += [
            _story_header(number, story, bidi),
            laid_out(Text(shorten(story.content, 160), style="italic"), bidi),
            _reports(story, bidi),
        ]
    return Group(*parts)


def stories_records(stories: list[Story], bidi: BidiMode = BidiMode.off) -> RenderableType:
    """Each story a block (speaker, statement), then each report a block (outlet, cue, credited outlet, content)."""
    parts: list[RenderableType] = []
    for number, story in enumerate(stories, start=1):
        title = Text(f"story {number}", style="bold")
        title.append_text(_story_facts(story))
        fields = [("speaker", Text(one_line(story.speaker.name))), ("statement", Text(one_line(story.content)))]
        parts += [*([Text("")] if parts else []), title, record_block(fields, bidi)]
        for index, report in enumerate(story.reports, start=1):
            heading = Text(f"report {number}.{index} {MIDDLE_DOT} ", style="bold")
            heading.append_text(stance_text(report.stance))
            heading.append(f" {MIDDLE_DOT} {report.day or NO_VALUE} {MIDDLE_DOT} {one_line(report.article_id)}")
            fields = [("outlet", Text(one_line(report.outlet or NO_VALUE))), ("cue", Text(one_line(report.cue)))]
            if report.source:
                fields.append(("via", Text(one_line(report.source))))
            fields.append(("content", Text(one_line(report.content))))
            parts += [Text(""), heading, record_block(fields, bidi)]
    return Group(*parts)


def _story_header(number: int, story: Story, bidi: BidiMode = BidiMode.off) -> Text:
    """`1 · فؤاد حسين · 3 outlets · 2024-03-01 → 2024-03-02 · framings differ`.

    A line of Latin words around one Arabic name: in `visual` mode only the name is
    reordered (the line as a whole would be right to left, its first letter being
    Arabic), in `terminal` mode only the name is isolated, so that the number after
    it stays on its side.
    """
    name = one_line(story.speaker.name)
    if bidi is BidiMode.visual:
        name = visual(name, rtl=True)
    elif bidi is BidiMode.terminal:
        opening, closing = isolate(name, rtl=True)
        name = opening + name + closing
    line = Text(f"{number} {MIDDLE_DOT} ")
    line.append(name, style="bold")
    return line.append_text(_story_facts(story))


def _story_facts(story: Story) -> Text:
    """` · 3 outlets · 2024-03-01 → 2024-03-02 · framings differ`: what a story's header says after its speaker."""
    first, last = story.days
    articles, outlets = len(story.reports), len(story.outlets)
    line = Text()
    if outlets == articles:
        line.append(f" {MIDDLE_DOT} {plural(outlets, 'outlet')}")
    else:
        line.append(f" {MIDDLE_DOT} {plural(articles, 'article')}, {plural(outlets, 'outlet')} known")
    if first:
        line.append(f" {MIDDLE_DOT} {first}" + (f" {ARROW} {last}" if last != first else ""))
    if story.divergent:
        line.append(f" {MIDDLE_DOT} ")
        line.append("framings differ", style="bold yellow")
    return line


def _reports(story: Story, bidi: BidiMode) -> Table:
    """Who carried it, when, and how: one row per article (the outlet each credits, when one does)."""
    credited = any(report.source for report in story.reports)
    table = _table(bidi)
    table.add_column("outlet", overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("cue", overflow="fold")
    table.add_column("stance", no_wrap=True)
    if credited:
        table.add_column("via", overflow="fold")
    table.add_column("article", overflow="fold")
    for report in story.reports:
        cells = [
            laid_out(Text(one_line(report.outlet or NO_VALUE)), bidi), Text(report.day or NO_VALUE),
            laid_out(Text(one_line(report.cue)), bidi), stance_text(report.stance),
        ]
        if credited:
            cells.append(laid_out(Text(one_line(report.source or NO_VALUE)), bidi))
        table.add_row(*cells, Text(report.article_id))
    return table


def story_record(story: Story) -> dict[str, Any]:
    """A story as one JSON line."""
    first, last = story.days
    return {
        "speaker": one_line(story.speaker.name),
        "kind": story.speaker.kind,
        "content": story.content,
        "articles": len(story.reports),
        "outlets": story.outlets,
        "first": first,
        "last": last,
        "divergent": story.divergent,
        "framings": story.framings,
        "reports": [
            {"outlet": r.outlet, "date": r.day, "article": r.article_id, "claim": r.claim_id,
             "cue": r.cue, "lemma": r.lemma, "stance": r.stance, "content": r.content, "source": r.source,
             "title": r.title, "url": r.url}
            for r in story.reports
        ],
    }


def _ordered(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
