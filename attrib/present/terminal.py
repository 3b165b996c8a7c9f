"""The human-readable report: per-article claims, speakers and sources as rich tables.

The summaries (who spoke, with which stances, through which outlets) are plain
functions over `ArticleClaims`, so they can be checked without rich; the table
builders only lay them out. Every piece of article text enters rich as a `Text`
object, never as a markup string: a `[1]` or `[bold]` in an article must print
as written.

Two layouts: tables (`article_report`), and records (`article_records`), one
field a line, where no line holds Arabic followed by anything else, so that it
reads right in any terminal. Both take a bidi mode (bidi.py) that every cell
holding article text is laid out with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import regex
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from attrib.errors import printable
from attrib.models import STANCES, ArticleClaims, Claim
from attrib.present.bidi import BidiMode, BidiText
from attrib.scoring import Scores

ELLIPSIS = "\u2026"  # …
TIMES = "\u00d7"  # ×, as in "neutral×3"
MIDDLE_DOT = "\u00b7"  # ·, between the parts of an article's header
CONTENT_LIMIT = 80  # characters of content shown per claim before it is shortened
NO_SPEAKER = "(no speaker)"  # a claim whose text names nobody (قيل إن ...)
NO_CLAIMS = "no attributed claims found"
# rich lays a table row out in about a millisecond, several times what the
# extraction of the claim cost: an article of 50 MB has some 180,000 claims.
# The report shows the first rows of each part (rows nobody reads in a
# terminal) and says how many it left out; `attrib export` has them all.
REPORT_ROWS = 1000  # claims, speakers or sources shown per article
# C0 controls but tab and line feed, DEL, and C1 controls: an ESC (or a C1 CSI, U+009B)
# in an article would drive the terminal (retitle the window, clear the screen).
CONTROLS = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

STANCE_STYLES = {
    "assert": "bold",
    "deny": "red",
    "allege": "magenta",
    "opinion": "cyan",
    "hedge": "cyan",
    "support": "green",
    "oppose": "red",
    "warn": "yellow",
    "call": "yellow",
}


@dataclass
class SpeakerSummary:
    """One speaker of an article: canonical name, kind, roles, and the stances taken."""

    name: str | None
    kind: str | None = None
    roles: list[str] = field(default_factory=list)
    stances: Counter[str] = field(default_factory=Counter)

    @property
    def claims(self) -> int:
        """How many claims the speaker made."""
        return sum(self.stances.values())


@dataclass
class SourceSummary:
    """One outlet credited in an article, and how many claims came through it."""

    name: str
    claims: int


def summarize_speakers(result: ArticleClaims) -> list[SpeakerSummary]:
    """Group the claims by canonical speaker name, most claims first.

    Claims with no speaker are grouped under the name `None`. Ties keep the
    order in which the speakers first appear in the article.
    """
    speakers: dict[str | None, SpeakerSummary] = {}
    kinds: dict[str | None, Counter[str]] = {}
    for claim in result.claims:
        name = claim.speaker.name if claim.speaker else None
        summary = speakers.setdefault(name, SpeakerSummary(name=name))
        summary.stances[claim.stance] += 1
        if claim.speaker is None:
            continue
        if claim.speaker.kind is not None:
            kinds.setdefault(name, Counter())[claim.speaker.kind] += 1
        role = claim.speaker.role
        if role and role not in summary.roles:
            summary.roles.append(role)
    for name, counts in kinds.items():
        # Mentions of one entity can be tagged differently: the most frequent
        # kind wins, the one seen first on a tie.
        speakers[name].kind = counts.most_common(1)[0][0]
    return sorted(speakers.values(), key=lambda summary: -summary.claims)


def summarize_sources(result: ArticleClaims) -> list[SourceSummary]:
    """Count the claims credited to each outlet, most first, ties in order of appearance."""
    counts = Counter(claim.source.text for claim in result.claims if claim.source)
    return [SourceSummary(name, n) for name, n in counts.most_common()]


def format_stances(stances: Counter[str]) -> str:
    """`neutral×3, assert×1`: most frequent first, ties in the order of `STANCES`."""
    ordered = sorted(stances.items(), key=lambda item: (-item[1], STANCES.index(item[0])))
    return ", ".join(f"{stance}{TIMES}{n}" for stance, n in ordered)


def shorten(text: str, limit: int = CONTENT_LIMIT) -> str:
    """Collapse white space and cut at a word boundary so the result fits `limit` characters."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut <= 0:
        cut = limit - 1
    return text[:cut].rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    """`text` with every run of white space (line breaks included) made one space."""
    return " ".join(text.split())


def visible(text: str) -> str:
    """`text` with each control character (`CONTROLS`), and each byte of a file name that is not
    UTF-8 (`errors.printable`), written out as `\\xNN`: safe to print to a terminal."""
    return CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", printable(text))


class TerminalConsole(Console):
    """A rich console that prints every control character of the text it is given visibly (`visible`).

    Only text is changed, never rich's own control segments (a progress bar moving the cursor).
    Every command that prints article text to a terminal prints it through one of these.
    """

    def render(self, renderable: Any, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and CONTROLS.search(segment.text):
                yield Segment(visible(segment.text), segment.style)
            else:
                yield segment


def plural(n: int, noun: str) -> str:
    """`1 claim`, `3 claims`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def header(result: ArticleClaims, bidi: BidiMode = BidiMode.off) -> RenderableType:
    """The line that opens an article's report: id, title and number of claims."""
    line = Text(result.article.id, style="bold")
    line.append(f" {MIDDLE_DOT} {plural(len(result.claims), 'claim')}")
    if result.article.title:
        line.append(f" {MIDDLE_DOT} {one_line(result.article.title)}")
    # Only reordered, never isolated: a title at the end of a left-to-right line is
    # one right-to-left run, which a terminal that reorders shows right as it is.
    return laid_out(line, bidi) if bidi is BidiMode.visual else line


def laid_out(text: Text, bidi: BidiMode) -> RenderableType:
    """`text` as it goes into a table: as it is, or reordered or isolated for the terminal."""
    if bidi in (BidiMode.visual, BidiMode.terminal):
        return BidiText(text, bidi)
    return text


def _named(name: str | None, roles: list[str]) -> Text:
    """A name with its roles, dimmed, on the lines underneath; a role the name holds is not repeated."""
    if name is None:
        return Text(NO_SPEAKER, style="dim")
    cell = Text(one_line(name))
    for role in roles:
        if role not in name:
            cell.append("\n")
            cell.append(one_line(role), style="dim")
    return cell


def stance_text(stance: str) -> Text:
    """A stance, in its style."""
    return Text(stance, style=STANCE_STYLES.get(stance, ""))


def _table(title: str, bidi: BidiMode = BidiMode.off, **options: Any) -> Table:
    return Table(
        title=title,
        **options,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        # With bidi, a blank first column: terminals drop an invisible character
        # (an isolate) that has no cell before it to go with.
        pad_edge=bidi is not BidiMode.off,
        header_style="bold",
    )


def claims_table(result: ArticleClaims, bidi: BidiMode = BidiMode.off) -> Table:
    """One row per claim: #, who (name, role, and the outlet credited), cue, stance, content.

    The outlet shares the speaker's cell ("via …") so that no column is too
    narrow to hold an Arabic word on an 80-column terminal.
    """
    # Expanded, so the ratios apply and the content gets the widest column.
    table = _table("claims", expand=True, leading=1)
    table.add_column("#", justify="right", no_wrap=True)
    # Names wrap at spaces (fold inside a word only if one is wider than the column).
    table.add_column("speaker · source", overflow="fold", ratio=2, min_width=16)
    table.add_column("cue", overflow="fold", min_width=6)
    table.add_column("stance", no_wrap=True)
    table.add_column("content", overflow="fold", ratio=3, min_width=20)
    for number, claim in enumerate(result.claims[:REPORT_ROWS], start=1):
        table.add_row(
            Text(str(number)),
            laid_out(_speaker_cell(claim), bidi),
            laid_out(Text(one_line(claim.cue.text)), bidi),
            stance_text(claim.stance),
            laid_out(Text(shorten(claim.content.text)), bidi),
        )
    return table


def _speaker_cell(claim: Claim) -> Text:
    role = claim.speaker.role if claim.speaker else None
    cell = _named(claim.speaker.name if claim.speaker else None, [role] if role else [])
    if claim.source is not None and not (claim.speaker and claim.speaker.text == claim.source.text):
        cell.append("\nvia ", style="dim")
        cell.append(one_line(claim.source.text), style="italic")
    return cell


def speakers_table(speakers: list[SpeakerSummary], bidi: BidiMode = BidiMode.off) -> Table:
    """One row per speaker: canonical name (roles underneath), kind, claims, stances."""
    table = _table("speakers", bidi)
    table.add_column("speaker", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("stances", overflow="fold")
    for speaker in speakers[:REPORT_ROWS]:
        table.add_row(
            laid_out(_named(speaker.name, speaker.roles), bidi),
            Text(speaker.kind or ""),
            Text(str(speaker.claims)),
            Text(format_stances(speaker.stances)),
        )
    return table


def sources_table(sources: list[SourceSummary], bidi: BidiMode = BidiMode.off) -> Table:
    """One row per credited outlet and the number of claims it carried."""
    table = _table("sources", bidi)
    table.add_column("source", overflow="fold")
    table.add_column("claims", justify="right", no_wrap=True)
    for source in sources[:REPORT_ROWS]:
        table.add_row(laid_out(Text(one_line(source.name)), bidi), Text(str(source.claims)))
    return table


def article_report(result: ArticleClaims, bidi: BidiMode = BidiMode.off) -> RenderableType:
    """The whole report for one article: header, then claims, speakers and sources."""
    if not result.claims:
        return Group(header(result, bidi), Text(NO_CLAIMS, style="dim"))
    speakers = summarize_speakers(result)
    parts: list[RenderableType] = [
        header(result, bidi),
        Text(""),
        claims_table(result, bidi),
        *_left_out(len(result.claims), "claim"),
        Text(""),
        speakers_table(speakers, bidi),
        *_left_out(len(speakers), "speaker"),
    ]
    sources = summarize_sources(result)
    if sources:
        parts += [Text(""), sources_table(sources, bidi), *_left_out(len(sources), "source")]
    return Group(*parts)


def left_out(count: int, noun: str) -> str | None:
    """The line saying how many rows past REPORT_ROWS the report left out, if any."""
    if count <= REPORT_ROWS:
        return None
    return f"{ELLIPSIS} {plural(count - REPORT_ROWS, 'more ' + noun)} not shown: attrib export lists them all"


def _left_out(count: int, noun: str) -> list[RenderableType]:
    line = left_out(count, noun)
    return [] if line is None else [Text(line, style="dim")]


def article_records(result: ArticleClaims, bidi: BidiMode = BidiMode.off) -> RenderableType:
    """The report as records: each claim, speaker and source a block of `label value` lines.

    A line holds a Latin label then one value, or only the continuation of a
    value: Arabic is never followed on its line by a number or another cell,
    which is what a terminal's own reordering scrambles; so `terminal` mode
    needs no isolates here. Content is given whole.
    """
    parts: list[RenderableType] = [header(result, bidi)]
    if not result.claims:
        return Group(*parts, Text(NO_CLAIMS, style="dim"))
    for number, claim in enumerate(result.claims[:REPORT_ROWS], start=1):
        title = Text(f"claim {number} {MIDDLE_DOT} ", style="bold")
        title.append_text(stance_text(claim.stance))
        title.append(f" {MIDDLE_DOT} {claim.type}")
        fields: list[tuple[str, Text]] = []
        if claim.speaker is None:
            fields.append(("speaker", Text(NO_SPEAKER, style="dim")))
        else:
            fields.append(("speaker", Text(one_line(claim.speaker.name))))
            if claim.speaker.role and claim.speaker.role not in claim.speaker.name:
                fields.append(("role", Text(one_line(claim.speaker.role))))
            if claim.speaker.kind:
                fields.append(("kind", Text(claim.speaker.kind)))
        if claim.source is not None:
            fields.append(("source", Text(one_line(claim.source.text))))
        fields.append(("cue", Text(one_line(claim.cue.text))))
        fields.append(("content", Text(one_line(claim.content.text))))
        parts += [Text(""), title, record_block(fields, bidi)]
    parts += _left_out(len(result.claims), "claim")
    speakers = summarize_speakers(result)
    for number, speaker in enumerate(speakers[:REPORT_ROWS], start=1):
        title = Text(f"speaker {number}", style="bold")
        title.append(f" {MIDDLE_DOT} {plural(speaker.claims, 'claim')}")
        if speaker.kind:
            title.append(f" {MIDDLE_DOT} {speaker.kind}")
        title.append(f" {MIDDLE_DOT} {format_stances(speaker.stances)}")
        fields = [("name", Text(one_line(speaker.name)) if speaker.name else Text(NO_SPEAKER, style="dim"))]
        fields += [("role", Text(one_line(role))) for role in speaker.roles if role not in (speaker.name or "")]
        parts += [Text(""), title, record_block(fields, bidi)]
    parts += _left_out(len(speakers), "speaker")
    sources = summarize_sources(result)
    for number, source in enumerate(sources[:REPORT_ROWS], start=1):
        title = Text(f"source {number}", style="bold")
        title.append(f" {MIDDLE_DOT} {plural(source.claims, 'claim')}")
        parts += [Text(""), title, record_block([("name", Text(one_line(source.name)))], bidi)]
    parts += _left_out(len(sources), "source")
    return Group(*parts)


def record_block(fields: list[tuple[str, Text]], bidi: BidiMode) -> Table:
    """Indented `label value` lines; a long value wraps under itself.

    Values are reordered in `visual` mode, but never isolated: a line of a record
    needs no isolate, and some terminals draw isolates as boxes.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, min_width=2 + max(len(label) for label, _ in fields))
    grid.add_column(overflow="fold", ratio=1)
    for label, value in fields:
        grid.add_row(Text(f"  {label}"), laid_out(value, bidi) if bidi is BidiMode.visual else value)
    return grid


def format_scores(scores: Scores) -> list[str]:
    """One line a metric, in field order, as the reference scorer (eval/score.py) prints them."""
    return [
        f"{name:12} {value:.3f}" if isinstance(value, float) else f"{name:12} {value}"
        for name, value in scores.model_dump().items()
    ]
