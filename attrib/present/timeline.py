"""Claims per outlet and stance over time: an SVG chart, and the desk's page around it.

Hand-written SVG, inline in a self-contained page (no script, no font or file
to fetch): x is the day, one row per outlet, one mark per claim coloured by its
stance, with a legend. The days run left to right, as their digits do; the
outlet names, in Arabic, are drawn right to left in a column on the right, where
an Arabic reader starts. Each mark links to its article's page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from attrib.models import STANCES
from attrib.present.html import CSP, page_text
from attrib.present.terminal import MIDDLE_DOT, format_stances, one_line, plural
from attrib.track.stories import Report

NO_OUTLET = "\u2014"  # —, the row of articles whose outlet is unknown
# One colour per stance, near the article page's badges (html.py) but each told apart.
STANCE_COLOURS = {
    "neutral": "#adb5bd", "assert": "#1864ab", "deny": "#c92a2a", "allege": "#862e9c",
    "opinion": "#1098ad", "hedge": "#74c0fc", "support": "#2b8a3e", "oppose": "#e8590c",
    "warn": "#e67700", "call": "#f59f00",
}
PLOT_WIDTH = 720  # pixels for the days
LABEL_WIDTH = 190  # the outlet column, on the right
ROW_HEIGHT = 40
LEGEND_HEIGHT = 34
AXIS_HEIGHT = 34
MARGIN = 12
RADIUS = 7
DAY_LABELS = 8  # at most this many days are labelled on the axis
Link = Callable[[Report], str]  # where a mark leads: its article's page


@dataclass(frozen=True)
class Timeline:
    """What one page draws: a title, a line of facts, the reports (dated or not) and links below."""

    title: str
    facts: list[str]
    reports: list[Report]
    statement: str | None = None  # a story's statement
    links: tuple[tuple[str, str, str], ...] = ()  # (note, text, href): the speaker's stories, or the story's speaker
    links_title: str = ""


def timeline_svg(reports: list[Report], link: Link) -> str:
    """The chart of the dated reports: one `circle.claim.stance-S` per report, in a row per outlet."""
    dated = sorted((r for r in reports if _day(r.day)), key=lambda r: (r.day or "", r.claim_id))
    if not dated:
        return '<p class="empty">No dated claim to draw.</p>'
    outlets = list(dict.fromkeys(r.outlet or NO_OUTLET for r in dated))  # in the order they first carried it
    first, last = _day(dated[0].day), _day(dated[-1].day)
    assert first is not None and last is not None
    days = (last - first).days + 1
    day_width = PLOT_WIDTH / days
    height = LEGEND_HEIGHT + len(outlets) * ROW_HEIGHT + AXIS_HEIGHT + 2 * MARGIN
    width = MARGIN + PLOT_WIDTH + LABEL_WIDTH + MARGIN
    top = MARGIN + LEGEND_HEIGHT

    def x_of(day: date) -> float:
        return MARGIN + ((day - first).days + 0.5) * day_width

    parts = [_legend(Counter(r.stance for r in dated))]
    for row, outlet in enumerate(outlets):  # the rows, each named on the right, right to left
        row_y = top + row * ROW_HEIGHT
        parts.append(f'<rect class="row" x="{MARGIN}" y="{row_y}" width="{PLOT_WIDTH}" height="{ROW_HEIGHT}"/>')
        parts.append(f'<text class="outlet" x="{width - MARGIN}" y="{row_y + ROW_HEIGHT / 2}" direction="rtl"'
                     f' text-anchor="start" dominant-baseline="central">{page_text(one_line(outlet))}</text>')
    step = max(1, -(-days // DAY_LABELS))
    for offset in range(0, days, step):  # the labelled days: a tick and the date under the rows
        day = first + timedelta(days=offset)
        tick = f"{x_of(day):.1f}"
        bottom = top + len(outlets) * ROW_HEIGHT
        parts.append(f'<line class="tick" x1="{tick}" x2="{tick}" y1="{top}" y2="{bottom + 4}"/>')
        parts.append(f'<text class="day" x="{tick}" y="{bottom + 18}" text-anchor="middle">{day.isoformat()}</text>')
    cells: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in dated:
        cells[(report.day or "", report.outlet or NO_OUTLET)].append(report)
    for (day_text, outlet), shared in cells.items():  # reports of one outlet on one day side by side
        spacing = min(2.2 * RADIUS, 0.8 * day_width / len(shared))
        centre = x_of(_day(day_text) or first)
        y = top + outlets.index(outlet) * ROW_HEIGHT + ROW_HEIGHT / 2
        for index, report in enumerate(shared):
            x = centre + (index - (len(shared) - 1) / 2) * spacing
            tip = f"{report.day} {MIDDLE_DOT} {one_line(outlet)} {MIDDLE_DOT} {one_line(report.cue)}" \
                  f" {MIDDLE_DOT} {report.stance}: {one_line(report.content)}"
            parts.append(
                f'<a href="{page_text(link(report))}"><circle class="claim stance-{report.stance}"'
                f' data-claim="{page_text(report.claim_id)}" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}">'
                f"<title>{page_text(tip)}</title></circle></a>"
            )
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" height="{height}"'
            f' viewBox="0 0 {width} {height}" role="img" aria-label="claims per outlet and stance over time">'
            + "".join(parts) + "</svg>")


def _legend(stances: Counter[str]) -> str:
    """The stances drawn, in the order of STANCES, each a mark and its name (with its count)."""
    items, x = [], MARGIN
    for stance in (s for s in STANCES if s in stances):
        label = f"{stance} {stances[stance]}"
        items.append(f'<circle class="key stance-{stance}" cx="{x + RADIUS}" cy="{MARGIN + RADIUS}" r="{RADIUS}"/>'
                     f'<text class="key" x="{x + 2 * RADIUS + 5}" y="{MARGIN + RADIUS}"'
                     f' dominant-baseline="central">{label}</text>')
        x += 2 * RADIUS + 5 + 8 * len(label) + 16
    return f'<g class="legend">{"".join(items)}</g>'


def _day(day: str | None) -> date | None:
    try:
        return date.fromisoformat(day) if day else None
    except ValueError:
        return None


STYLE = """
body { margin: 0; padding: 1.2rem 1.5rem 2rem; color: #212529; background: #f8f9fa;
  font: 16px/1.8 "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans", sans-serif; }
h1 { margin: 0; font-size: 1.5rem; } .facts, .empty { color: #868e96; font-size: .9rem; }
.statement { font-style: italic; margin: .3rem 0; }
.chart { direction: ltr; overflow-x: auto; margin: .8rem 0; }
svg.timeline { background: #fff; border: 1px solid #dee2e6; border-radius: 6px; font-family: inherit; }
svg .row { fill: none; stroke: #e9ecef; } svg .tick { stroke: #dee2e6; }
svg .outlet { font-size: 15px; fill: #212529; } svg text.day, svg text.key { font: 12px sans-serif; fill: #495057; }
svg circle.claim { stroke: #fff; stroke-width: 1.5; } svg a:hover circle.claim { stroke: #212529; }
table { border-collapse: collapse; background: #fff; font-size: .9rem; }
th, td { border: 1px solid #dee2e6; padding: .2rem .6rem; text-align: start; vertical-align: top; }
td.ltr { direction: ltr; text-align: end; white-space: nowrap; }
ul.links { padding-inline-start: 1.2rem; }
""" + "\n".join(f".stance-{stance} {{ fill: {colour}; }}" for stance, colour in STANCE_COLOURS.items())


def timeline_page(timeline: Timeline, link: Link) -> str:
    """The page: title, facts, the chart, the claims drawn as a table, and the links below it."""
    undated = sum(1 for r in timeline.reports if not _day(r.day))
    facts = timeline.facts + ([f"{plural(undated, 'claim')} without a date, not drawn"] if undated else [])
    rows = "".join(
        f'<tr><td class="ltr">{page_text(r.day or NO_OUTLET)}</td><td>{page_text(one_line(r.outlet or NO_OUTLET))}</td>'
        f'<td>{page_text(one_line(r.cue))}</td><td class="ltr">{r.stance}</td><td>{page_text(one_line(r.content))}</td>'
        f'<td class="ltr"><a href="{page_text(link(r))}">{page_text(r.article_id)}</a></td></tr>'
        for r in sorted(timeline.reports, key=lambda r: (r.day or "", r.outlet or "", r.claim_id))
    )
    links = "".join(f'<li><bdi dir="ltr">{page_text(note)}</bdi> <a href="{page_text(href)}">{page_text(one_line(text))}</a></li>'
                    for note, text, href in timeline.links)
    statement = f'<p class="statement">{page_text(one_line(timeline.statement))}</p>' if timeline.statement else ""
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{page_text(one_line(timeline.title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{page_text(one_line(timeline.title))}</h1>{statement}\n"
        f'<p class="facts" dir="ltr">{page_text(f" {MIDDLE_DOT} ".join(facts))}</p>\n'
        f'<div class="chart">{timeline_svg(timeline.reports, link)}</div>\n'
        "<table><tr><th>date</th><th>outlet</th><th>cue</th><th>stance</th><th>content</th><th>article</th></tr>"
        f"{rows}</table>\n"
        + (f'<h2>{page_text(timeline.links_title)}</h2><ul class="links">{links}</ul>\n' if links else "")
        + "</body>\n</html>\n"
    )


def stance_summary(reports: list[Report]) -> str:
    """`neutral×3, assert×1`, the stances of the reports."""
    return format_stances(Counter(r.stance for r in reports))
