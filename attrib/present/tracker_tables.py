"""The tracker's tables (speakers, claims, stories) and their JSON Lines forms.

As in terminal.py, article text enters rich only as `Text`, never as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from attrib.present.terminal import (
    MIDDLE_DOT,
    STANCE_STYLES,
    format_stances,
    one_line,
    plural,
    shorten,
)
from attrib.track.db import StoredClaim
from attrib.track.queries import SpeakerStats
from attrib.track.speakers import Speaker
from attrib.track.stories import Story

ARROW = "\u2192"  # →, between the first and last dates of a story
NO_VALUE = "\u2014"  # —, an unknown outlet or date
TOP = 3  # roles and outlets shown per speaker in the table (all of them in JSON)


def _table(**options: Any) -> Table:
    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", **options)


def _top(counts: Counter[str], limit: int = TOP) -> str:
    """The most frequent values, with `+N` for the rest."""
    ordered = [one_line(value) for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    shown = "، ".join(ordered[:limit])
    return shown + (f" +{len(ordered) - limit}" if len(ordered) > limit else "")


# --- speakers ------------------------------------------------------------------

def speakers_table(rows: list[SpeakerStats]) -> Table:
    """One row per speaker: name (kind and main roles underneath), claims, articles, stances (outlets underneath).

    Kind, roles and outlets share cells, so that on 80 columns no cell is too
    narrow for an Arabic name.
    """
    table = _table(expand=True, leading=1)
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
        table.add_row(who, Text(str(row.claims)), Text(str(len(row.articles))), what)
    return table


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

def claims_table(rows: Iterable[tuple[StoredClaim, Speaker | None]]) -> Table:
    """One row per claim: date and outlet, speaker, cue, stance, content (its article's id and title underneath).

    The outlet shares the date's cell, and the article the content's, so that the content
    keeps a wide column on 80 columns.
    """
    table = _table(expand=True)
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
            when, Text(one_line(speaker.name) if speaker else NO_VALUE), Text(one_line(claim.cue.text)),
            Text(claim.stance, style=STANCE_STYLES.get(claim.stance, "")), what,
        )
    return table


def claim_record(stored: StoredClaim, speaker: Speaker | None) -> dict[str, Any]:
    """A claim as one JSON line: its article, the claim as exported, and its speaker across the corpus."""
    return {
        "article": {"id": stored.article_id, "title": stored.title, "url": stored.url,
                    "date": stored.date, "outlet": stored.outlet},
        "claim": stored.claim.model_dump(mode="json"),
        "corpus_speaker": one_line(speaker.name) if speaker else None,
    }


# --- stories -------------------------------------------------------------------

def stories_view(stories: list[Story]) -> RenderableType:
    """Each story: a header (speaker, outlets, dates, whether framings differ), the statement, and who carried it how."""
    parts: list[RenderableType] = []
    for number, story in enumerate(stories, start=1):
        if parts:
            parts.append(Text(""))
        parts += [_story_header(number, story), Text(shorten(story.content, 160), style="italic"), _reports(story)]
    return Group(*parts)


def _story_header(number: int, story: Story) -> Text:
    """`1 · فؤاد حسين · 3 outlets · 2024-03-01 → 2024-03-02 · framings differ`."""
    first, last = story.days
    articles, outlets = len(story.reports), len(story.outlets)
    line = Text(f"{number} {MIDDLE_DOT} ")
    line.append(one_line(story.speaker.name), style="bold")
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


def _reports(story: Story) -> Table:
    """Who carried it, when, and how: one row per article (the outlet each credits, when one does)."""
    credited = any(report.source for report in story.reports)
    table = _table()
    table.add_column("outlet", overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("cue", overflow="fold")
    table.add_column("stance", no_wrap=True)
    if credited:
        table.add_column("via", overflow="fold")
    table.add_column("article", overflow="fold")
    for report in story.reports:
        cells = [
            Text(one_line(report.outlet or NO_VALUE)), Text(report.day or NO_VALUE), Text(one_line(report.cue)),
            Text(report.stance, style=STANCE_STYLES.get(report.stance, "")),
        ]
        if credited:
            cells.append(Text(one_line(report.source or NO_VALUE)))
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
