"""The annotated article: one self-contained HTML page showing where each claim is.

The article is shown right to left, as written, with every claim's cue,
speaker, source and content marked in their own colours; beside it, the list
of claims with stance badges (hovering one highlights its spans), and the
speakers and sources tables.

Spans nest and overlap (a claim's content holds another claim's cue and
speaker), so the text is cut at every span boundary and each piece is marked
with every span covering it: `data-spans="c2:content c3:cue"`, the claim
number then the role, and `data-at`, its offset in the text.

Everything is inline (style, script, no font or image to fetch), and the
Content-Security-Policy forbids loading anything: the page works offline and
cannot call out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from html import escape
from urllib.parse import urlsplit

import regex

from attrib.models import ArticleClaims, Claim, Span
from attrib.present.terminal import (
    NO_SPEAKER,
    format_stances,
    one_line,
    plural,
    shorten,
    summarize_sources,
    summarize_speakers,
)
from attrib.track.rows import publisher

ROLES = ("content", "source", "speaker", "cue")  # outermost first: the order classes are listed in
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
LIST_CONTENT_LIMIT = 160  # characters of content shown in the side list
BIDI_CONTROLS = regex.compile("[\u202a-\u202e\u2066-\u2069]")  # LRE RLE PDF LRO RLO, LRI RLI FSI PDI

STYLE = """
:root { --cue: #e8590c; --cue-bg: #ffd8a8; --speaker: #1864ab; --source: #2b8a3e;
  --content-bg: #fff3bf; --ink: #212529; --muted: #868e96; --line: #dee2e6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f8f9fa;
  font: 17px/1.9 "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans", sans-serif; }
article.doc { padding: 1.2rem 1.5rem 2rem; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 .2rem; font-size: 1.5rem; line-height: 1.5; }
.meta, .legend { color: var(--muted); font-size: .85rem; }
.legend span { margin-inline-end: .8rem; }
.layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(17rem, 1fr); gap: 1.5rem;
  margin-top: 1rem; align-items: start; }
.text { white-space: pre-wrap; background: #fff; padding: 1rem 1.3rem; border: 1px solid var(--line);
  border-radius: 6px; }
.content { background: var(--content-bg); }
.source { color: var(--source); border-bottom: 2px dashed var(--source); }
.speaker { color: var(--speaker); text-decoration: underline 2px; text-underline-offset: .35em; }
.cue { color: var(--cue); background: var(--cue-bg); font-weight: bold; border-radius: 3px; }
.focus .text [data-spans]:not(.hl) { opacity: .35; }
.text .hl { outline: 2px solid currentColor; outline-offset: 1px; opacity: 1; }
.text .hl.content { background: #ffe066; }
aside { position: sticky; top: .5rem; max-height: calc(100vh - 1rem); overflow: auto; }
aside h2, section h2 { font-size: 1rem; margin: .2rem 0 .4rem; }
ol.claims { list-style: none; margin: 0; padding: 0; }
li.claim { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4rem .7rem;
  margin-bottom: .5rem; font-size: .9rem; line-height: 1.7; cursor: pointer; }
li.claim.hl, li.claim:focus { border-color: var(--cue); box-shadow: 0 0 0 2px var(--cue-bg); outline: none; }
li.claim .who { color: var(--speaker); font-weight: bold; }
li.claim .via { color: var(--source); }
li.claim .said { color: var(--muted); }
.num { color: var(--muted); font-size: .8rem; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font: bold .75rem/1.6 sans-serif;
  color: #fff; background: #868e96; direction: ltr; }
.badge.assert { background: #343a40; } .badge.deny, .badge.oppose { background: #c92a2a; }
.badge.allege { background: #862e9c; } .badge.opinion, .badge.hedge { background: #1098ad; }
.badge.support { background: #2b8a3e; } .badge.warn, .badge.call { background: #e67700; }
.type { color: var(--muted); font-size: .75rem; direction: ltr; display: inline-block; }
.tables { display: flex; flex-wrap: wrap; gap: 1.5rem; margin-top: 1.2rem; }
table { border-collapse: collapse; background: #fff; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .2rem .6rem; text-align: start; vertical-align: top; }
td.n { text-align: end; }
.role { color: var(--muted); font-size: .85em; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } aside { position: static; max-height: none; } }
"""

# Hovering (or focusing) a claim in the list, or a piece of the text, highlights
# that claim's spans and dims the rest; clicking a claim scrolls to its cue.
SCRIPT = """
for (const doc of document.querySelectorAll("article.doc")) {
  const show = (claim, on) => {
    doc.classList.toggle("focus", on);
    for (const item of doc.querySelectorAll(`li.claim[data-claim="${claim}"]`)) item.classList.toggle("hl", on);
    for (const role of ["content", "source", "speaker", "cue"])
      for (const piece of doc.querySelectorAll(`[data-spans~="${claim}:${role}"]`)) piece.classList.toggle("hl", on);
  };
  for (const item of doc.querySelectorAll("li.claim")) {
    const claim = item.dataset.claim;
    for (const [event, on] of [["mouseenter", true], ["focus", true], ["mouseleave", false], ["blur", false]])
      item.addEventListener(event, () => show(claim, on));
    item.addEventListener("click", () => {
      const cue = doc.querySelector(`[data-spans~="${claim}:cue"]`);
      if (cue) cue.scrollIntoView({block: "center", behavior: "smooth"});
    });
  }
  for (const piece of doc.querySelectorAll(".text [data-spans]")) {
    const tokens = piece.dataset.spans.split(" ");
    // The innermost claim: the one whose cue this is, else the last listed.
    const claim = (tokens.find(t => t.endsWith(":cue")) || tokens[tokens.length - 1]).split(":")[0];
    piece.addEventListener("mouseenter", () => show(claim, true));
    piece.addEventListener("mouseleave", () => show(claim, false));
  }
}
"""


def html_page(articles: Iterable[tuple[str | None, ArticleClaims]]) -> str:
    """The page for one or more articles, each given as its text (None if unknown) and its claims."""
    sections = []
    titles = []
    for number, (text, result) in enumerate(articles):
        sections.append(article_section(text, result, number))
        titles.append(result.article.title or result.article.id)
    title = titles[0] if len(titles) == 1 else f"attrib: {plural(len(titles), 'article')}"
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="attrib">\n'
        f"<title>{page_text(one_line(title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


NO_TEXT = ("The article's text is not stored (an export keeps only the text it extracted from a web page);"
           " its claims are listed beside.")


def article_section(text: str | None, result: ArticleClaims, number: int = 0) -> str:
    """One article: header and legend, the marked text (or a note if it is unknown), the claims list, the tables."""
    info = result.article
    # Each item isolated, left to right: "10 claims" must not read "claims 10".
    meta = [f'<bdi dir="ltr">{page_text(item)}</bdi>' for item in (info.id, plural(len(result.claims), "claim"))]
    if info.date:
        meta.append(f'<bdi dir="ltr">{page_text(info.date)}</bdi>')
    if info.url and urlsplit(info.url).scheme in ("http", "https"):  # never a javascript: link
        meta.append(f'<a dir="ltr" href="{_text(info.url)}" rel="noopener noreferrer">{page_text(info.url)}</a>')
    elif info.url:
        meta.append(f'<bdi dir="ltr">{page_text(info.url)}</bdi>')
    legend = "".join(f'<span class="{role}">{role}</span>' for role in reversed(ROLES))
    claims = "\n".join(_claim_item(claim, index) for index, claim in enumerate(result.claims))
    shown = (f'<div class="text">{marked_text(text, result.claims)}</div>' if text is not None
             else f'<p class="no-text" dir="ltr">{NO_TEXT}</p>')
    return (
        f'<article class="doc" id="article-{number}" data-article="{_text(info.id)}">\n'
        f"<header><h1><bdi>{page_text(one_line(info.title or info.id))}</bdi></h1>\n"
        f'<div class="meta">{" · ".join(meta)}</div>\n<div class="legend">{legend}</div></header>\n'
        f'<div class="layout">\n{shown}\n'
        f'<aside><h2>Claims</h2>\n<ol class="claims">\n{claims}\n</ol></aside>\n</div>\n'
        f'<div class="tables">{_speakers_table(result)}{_sources_table(result)}</div>\n'
        "</article>"
    )


def marked_text(text: str, claims: list[Claim]) -> str:
    """The article text, escaped, cut at every span boundary, each piece marked with the spans covering it.

    One sweep over the boundaries, keeping the spans open at each: the work
    grows with the pieces and the spans, not with their product.
    """
    spans: list[tuple[int, int, str, str]] = []  # start, end, claim key, role
    for index, claim in enumerate(claims):
        for role, span in _spans(claim):
            if span.end > span.start:
                spans.append((span.start, span.end, _key(index), role))
    opening: dict[int, list[int]] = defaultdict(list)  # offset -> spans starting there
    closing: dict[int, list[int]] = defaultdict(list)
    for number, (start, end, _, _) in enumerate(spans):
        opening[start].append(number)
        closing[end].append(number)
    cuts = sorted({0, len(text), *opening, *closing})
    open_spans: set[int] = set()
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        open_spans.difference_update(closing.get(start, ()))
        open_spans.update(opening.get(start, ()))
        piece = page_text(text[start:end])
        if not open_spans:
            pieces.append(piece)
            continue
        covering = [spans[number][2:] for number in sorted(open_spans)]  # in the order the claims list them
        roles = [role for role in ROLES if any(r == role for _, r in covering)]
        tokens = " ".join(f"{key}:{role}" for key, role in covering)
        pieces.append(
            f'<span class="{" ".join(roles)}" data-spans="{tokens}" data-at="{start}">{piece}</span>'
        )
    return "".join(pieces)


def _spans(claim: Claim) -> list[tuple[str, Span]]:
    pairs: list[tuple[str, Span | None]] = [
        ("content", claim.content), ("source", claim.source), ("speaker", claim.speaker), ("cue", claim.cue),
    ]
    return [(role, span) for role, span in pairs if span is not None]


def _key(index: int) -> str:
    return f"c{index + 1}"


def _claim_item(claim: Claim, index: int) -> str:
    # Each piece of article text isolated (<bdi>): whatever its letters, it cannot reorder its neighbours.
    who = '<span class="role">(no speaker)</span>'
    if claim.speaker is not None:
        who = f"<bdi>{page_text(one_line(claim.speaker.name))}</bdi>"
        if claim.speaker.role and claim.speaker.role not in claim.speaker.name:
            who += f' <bdi class="role">{page_text(one_line(claim.speaker.role))}</bdi>'
    via = ""
    if claim.source is not None and not (claim.speaker and claim.speaker.text == claim.source.text):
        via = f'<div class="via"><span class="num">via</span> <bdi>{page_text(one_line(claim.source.text))}</bdi></div>'
    return (
        f'<li class="claim" data-claim="{_key(index)}" tabindex="0">'
        f'<span class="num">{index + 1}</span> <span class="badge {claim.stance}">{claim.stance}</span> '
        f'<span class="type">{claim.type}</span>'
        f'<div class="who">{who}</div>{via}'
        f'<div class="said"><bdi class="cue">{page_text(one_line(claim.cue.text))}</bdi> '
        f"<bdi>{page_text(shorten(claim.content.text, LIST_CONTENT_LIMIT))}</bdi></div></li>"
    )


def _speakers_table(result: ArticleClaims) -> str:
    rows = []
    for speaker in summarize_speakers(result):
        name = page_text(one_line(speaker.name)) if speaker.name else '<span class="role">(no speaker)</span>'
        roles = "".join(
            f'<br><span class="role">{page_text(one_line(role))}</span>'
            for role in speaker.roles if role not in (speaker.name or "")
        )
        rows.append(
            f"<tr><td>{name}{roles}</td><td>{speaker.kind or ''}</td><td class=\"n\">{speaker.claims}</td>"
            f'<td dir="ltr">{format_stances(speaker.stances)}</td></tr>'
        )
    return (
        '<section><h2>Speakers</h2><table class="speakers"><tr><th>speaker</th><th>kind</th>'
        f"<th>claims</th><th>stances</th></tr>{''.join(rows)}</table></section>"
    )


def _sources_table(result: ArticleClaims) -> str:
    sources = summarize_sources(result)
    if not sources:
        return ""
    rows = "".join(
        f'<tr><td>{page_text(one_line(source.name))}</td><td class="n">{source.claims}</td></tr>'
        for source in sources
    )
    return f'<section><h2>Sources</h2><table class="sources"><tr><th>source</th><th>claims</th></tr>{rows}</table></section>'


def page_text(value: str) -> str:
    """Article text for the page: escaped (`_text`), and each bidi embedding, override or isolate
    shown as its code point (`[U+202E]`): left in, it would reorder the text after it, past its claim."""
    return _text(BIDI_CONTROLS.sub(lambda found: f"[U+{ord(found.group()):04X}]", value))


def _text(value: str) -> str:
    """Text for an element's content or a quoted attribute: `<`, `>`, `&` and quotes escaped."""
    return escape(value, quote=True)


# --- several articles: an index page and one page per article --------------------

def article_file_names(results: Iterable[ArticleClaims]) -> list[str]:
    """A file name per article, from its id: letters (Arabic too), digits, `.`, `-` kept, the rest `_`; unique."""
    names: list[str] = []
    taken: set[str] = {"index"}
    for result in results:
        stem = regex.sub(r"[^\w.-]", "_", result.article.id).strip(".") or "article"
        name, number = stem, 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}"
        taken.add(name.casefold())
        names.append(name + ".html")
    return names


def index_page(pages: list[tuple[str, ArticleClaims]]) -> str:
    """The index of several articles, each given as its page's file name and its claims:
    a link to each page, and the speakers and outlets across them."""
    speakers: dict[str, tuple[Counter[str], set[str]]] = defaultdict(lambda: (Counter(), set()))
    outlets: dict[str, set[str]] = defaultdict(set)
    rows = []
    for name, result in pages:
        info = result.article
        outlet = publisher(info)
        if outlet:
            outlets[one_line(outlet)].add(info.id)
        for claim in result.claims:
            who = one_line(claim.speaker.name or claim.speaker.text) if claim.speaker else NO_SPEAKER
            speakers[who][0][claim.stance] += 1
            speakers[who][1].add(info.id)
        rows.append(
            f'<tr><td><a href="{_text(name)}"><bdi>{page_text(one_line(info.title or info.id))}</bdi></a></td>'
            f'<td dir="ltr">{page_text(info.id)}</td><td>{page_text(one_line(outlet or ""))}</td>'
            f'<td dir="ltr">{page_text(info.date or "")}</td><td class="n">{len(result.claims)}</td></tr>'
        )
    ranked = sorted(speakers.items(), key=lambda item: (-sum(item[1][0].values()), item[0]))
    speaker_rows = "".join(
        f'<tr><td><bdi>{page_text(who)}</bdi></td><td class="n">{sum(stances.values())}</td>'
        f'<td class="n">{len(articles)}</td><td dir="ltr">{_text(format_stances(stances))}</td></tr>'
        for who, (stances, articles) in ranked
    )
    outlet_rows = "".join(
        f'<tr><td><bdi>{page_text(outlet)}</bdi></td><td class="n">{len(ids)}</td></tr>'
        for outlet, ids in sorted(outlets.items(), key=lambda item: (-len(item[1]), item[0]))
    )
    title = f"attrib: {plural(len(pages), 'article')}"
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="attrib">\n<title>{title}</title>\n<style>{STYLE}</style>\n'
        '</head>\n<body>\n<main class="index">\n'
        f'<h1 dir="ltr">{title}</h1>\n'
        '<h2>Articles</h2>\n<table class="articles"><tr><th>title</th><th>id</th><th>outlet</th><th>date</th>'
        f'<th>claims</th></tr>{"".join(rows)}</table>\n'
        '<h2>Speakers</h2>\n<table class="speakers"><tr><th>speaker</th><th>claims</th><th>articles</th>'
        f'<th>stances</th></tr>{speaker_rows}</table>\n'
        '<h2>Outlets</h2>\n<table class="outlets"><tr><th>outlet</th><th>articles</th></tr>'
        f"{outlet_rows}</table>\n</main>\n</body>\n</html>\n"
    )
