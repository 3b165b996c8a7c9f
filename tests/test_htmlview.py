"""The annotated article page: built and parsed here, then rendered by a real browser.

Headless Chromium loads the page from a file, runs its scripts, and dumps the
DOM; a small script added to a copy of the page records what only a browser
knows: the computed direction, where words land on screen, what hovering does,
whether anything was fetched. Another run takes a screenshot.
"""

from __future__ import annotations

import json
import re
import struct
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import browser, chromium
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.extract.pipeline import extract
from attrib.models import Article, ArticleClaims, ArticleInfo, Claim
from attrib.present.html import CSP, article_file_names, html_page, marked_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d86e76bf4fb47010.txt"
ROLES = ("cue", "speaker", "source", "content")

# Markup and entities in the article must show as text, never act as markup.
HOSTILE_TEXT = (
    'وقال المتحدث باسم الوزارة إن "<script>alert(1)</script> & <b>الوضع</b> هادئ" في المنطقة. '
    "وأكد الوزير أن الاتفاق &amp; الهدنة مستمران.\n"
)

runner = CliRunner()


def _articles() -> list[tuple[str, ArticleClaims]]:
    seed = SEED.read_text(encoding="utf-8")
    return [
        (seed, extract(Article(id=SEED.stem, text=seed, title="تعاون سوري عراقي", url="https://example.com/a"))),
        (HOSTILE_TEXT, extract(Article(id="hostile <id>", text=HOSTILE_TEXT, title='عنوان "<i>"'))),
    ]


ARTICLES = _articles()


class Pieces(HTMLParser):
    """The marked pieces of each article's text, as (data-at, data-spans tokens, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[list[tuple[int, list[str], str]]] = []
        self.texts: list[str] = []
        self.html_attributes: dict[str, str | None] = {}
        self._in_text = 0  # depth inside <div class="text">
        self._piece: tuple[int, list[str]] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_attributes = attributes
        if self._in_text:
            self.tags.append(tag)
            self._in_text += 1
            if tag == "span" and attributes.get("data-spans"):
                self._piece = (int(attributes["data-at"] or -1), (attributes["data-spans"] or "").split())
        elif tag == "div" and attributes.get("class") == "text":
            self._in_text = 1
            self.articles.append([])
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in_text:
            self._in_text -= 1
            self._piece = None if tag == "span" else self._piece

    def handle_data(self, data: str) -> None:
        if not self._in_text:
            return
        if self._piece is not None:
            self.articles[-1].append((*self._piece, data))
        self.texts[-1] += data


def parse(page: str) -> Pieces:
    pieces = Pieces()
    pieces.feed(page)
    pieces.close()
    return pieces


def assert_every_span_is_marked(pieces: list[tuple[int, list[str], str]], text: str, claims: list[Claim]) -> None:
    """Each claim's cue, speaker, source and content is exactly the run of pieces that carry its token."""
    for number, claim in enumerate(claims, start=1):
        for role in ROLES:
            span = getattr(claim, role)
            marked = [(at, piece) for at, tokens, piece in pieces if f"c{number}:{role}" in tokens]
            if span is None:
                assert marked == []
                continue
            assert marked, (claim.id, role)
            assert marked[0][0] == span.start
            position = span.start
            for at, piece in marked:  # contiguous, in order
                assert at == position
                assert text[at:at + len(piece)] == piece
                position += len(piece)
            assert position == span.end, (claim.id, role)


def test_the_articles_have_nested_claims() -> None:
    seed_claims = ARTICLES[0][1].claims
    assert any(
        outer.content.start <= inner.cue.start < outer.content.end
        for outer in seed_claims for inner in seed_claims if inner is not outer
    )
    assert len(ARTICLES[1][1].claims) >= 1


def test_the_text_is_whole_and_every_span_is_marked() -> None:
    pieces = parse(html_page(ARTICLES))
    assert len(pieces.articles) == len(ARTICLES)
    for marked, shown, (text, result) in zip(pieces.articles, pieces.texts, ARTICLES, strict=True):
        assert shown == text  # every character, in logical order, once
        assert_every_span_is_marked(marked, text, result.claims)


def test_article_text_is_escaped() -> None:
    page = html_page(ARTICLES)
    pieces = parse(page)
    assert pieces.tags == ["span"] * len(pieces.tags)  # no <script> or <b> from the article
    assert "<script>alert(1)</script>" not in page
    assert "alert(1)&lt;/script&gt; &amp; &lt;b&gt;الوضع&lt;/b&gt;" in page
    assert "&amp;amp; الهدنة" in page
    assert "hostile &lt;id&gt;" in page


def test_page_is_right_to_left_arabic_and_self_contained() -> None:
    page = html_page(ARTICLES[:1])
    pieces = parse(page)
    assert pieces.html_attributes == {"lang": "ar", "dir": "rtl"}
    assert f'content="{CSP}"' in page
    for outside in ("src=", "<link", "@import", "url("):
        assert outside not in page


def test_a_javascript_url_is_not_a_link() -> None:
    text, result = ARTICLES[1]
    result = result.model_copy(update={"article": result.article.model_copy(update={"url": "javascript:alert(1)"})})
    assert 'href="javascript' not in html_page([(text, result)])


def test_nested_spans_give_each_piece_every_covering_span() -> None:
    text = "abcdefgh"
    claims = [
        Claim.model_validate({
            "id": f"x:{n}", "sentence": 0, "cue": {"text": text[c0:c1], "start": c0, "end": c1, "lemma": "x"},
            "speaker": None, "source": None,
            "content": {"text": text[s0:s1], "start": s0, "end": s1}, "stance": "neutral", "type": "indirect",
        })
        for n, (c0, c1, s0, s1) in enumerate([(0, 1, 1, 8), (3, 4, 4, 6)])
    ]
    assert marked_text(text, claims) == (
        '<span class="cue" data-spans="c1:cue" data-at="0">a</span>'
        '<span class="content" data-spans="c1:content" data-at="1">bc</span>'
        '<span class="content cue" data-spans="c1:content c2:cue" data-at="3">d</span>'
        '<span class="content" data-spans="c1:content c2:content" data-at="4">ef</span>'
        '<span class="content" data-spans="c1:content" data-at="6">gh</span>'
    )


def test_report_html_writes_the_page(tmp_path: Path) -> None:
    article = tmp_path / f"{SEED.stem}.txt"
    article.write_bytes(SEED.read_bytes())
    output = tmp_path / "out.html"
    result = runner.invoke(app, ["report", str(article), "--html", str(output)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    pieces = parse(output.read_text(encoding="utf-8"))
    text = SEED.read_text(encoding="utf-8")
    assert pieces.texts == [text]
    assert_every_span_is_marked(pieces.articles[0], text, extract(Article(id=SEED.stem, text=text)).claims)


# --- in a real browser ------------------------------------------------------------------


# Run in the page after its own script: what the browser computed, as JSON in <pre id="probe">.
PROBE = """
<script>
const probe = {articles: []};
probe.direction = getComputedStyle(document.querySelector(".text")).direction;
probe.fetched = performance.getEntriesByType("resource").map(entry => entry.name);
for (const doc of document.querySelectorAll("article.doc")) {
  const result = {};
  // Where the cue and the speaker of each claim land: a cue said before its speaker
  // on the same line must be to its right.
  result.placed = [];
  for (const item of doc.querySelectorAll("li.claim")) {
    const claim = item.dataset.claim;
    const cue = doc.querySelector(`[data-spans~="${claim}:cue"]`);
    const speaker = doc.querySelector(`[data-spans~="${claim}:speaker"]`);
    if (cue && speaker) {
      const a = cue.getClientRects()[0], b = speaker.getClientRects()[0];
      result.placed.push({claim, cueAt: +cue.dataset.at, speakerAt: +speaker.dataset.at,
                          sameLine: Math.abs(a.top - b.top) < 2, cueRight: a.right, speakerRight: b.right});
    }
  }
  // Hovering a claim in the list highlights exactly its pieces, and leaving undoes it.
  result.hover = [];
  for (const item of doc.querySelectorAll("li.claim")) {
    const claim = item.dataset.claim;
    item.dispatchEvent(new MouseEvent("mouseenter"));
    const lit = [...doc.querySelectorAll(".text .hl")];
    const own = [...doc.querySelectorAll(".text [data-spans]")].filter(
      piece => piece.dataset.spans.split(" ").some(token => token.startsWith(claim + ":")));
    result.hover.push({claim, lit: lit.length, own: own.length,
                       same: lit.length === own.length && own.every(piece => piece.classList.contains("hl")),
                       itemLit: item.classList.contains("hl")});
    item.dispatchEvent(new MouseEvent("mouseleave"));
  }
  result.litAfter = doc.querySelectorAll(".hl").length;
  probe.articles.push(result);
}
const out = document.createElement("pre");
out.id = "probe";
out.textContent = JSON.stringify(probe);
document.body.append(out);
</script>
"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_text(html_page(ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser_dom(page_file: Path) -> tuple[str, dict[str, Any]]:
    """The DOM after the page's scripts ran, and what the probe found."""
    probed = page_file.with_name("probed.html")
    probed.write_text(page_file.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    run = chromium("--virtual-time-budget=3000", "--dump-dom", probed.as_uri())
    assert "<html" in run.stdout, run.stderr[-2000:]
    start = run.stdout.index('<pre id="probe">') + len('<pre id="probe">')
    probe = run.stdout[start:run.stdout.index("</pre>", start)]
    return run.stdout, json.loads(probe.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


@browser
def test_in_the_browser_every_claim_is_marked(browser_dom: tuple[str, dict[str, Any]]) -> None:
    dom, _ = browser_dom
    pieces = parse(dom)
    assert pieces.html_attributes == {"lang": "ar", "dir": "rtl"}
    assert len(pieces.articles) == len(ARTICLES)
    for marked, shown, (text, result) in zip(pieces.articles, pieces.texts, ARTICLES, strict=True):
        assert shown == text
        assert_every_span_is_marked(marked, text, result.claims)
    assert pieces.tags == ["span"] * len(pieces.tags)  # the article's <script> and <b> stayed text


@browser
def test_in_the_browser_the_text_runs_right_to_left(browser_dom: tuple[str, dict[str, Any]]) -> None:
    _, probe = browser_dom
    assert probe["direction"] == "rtl"
    placed = [p for article in probe["articles"] for p in article["placed"] if p["sameLine"]]
    before = [p for p in placed if p["cueAt"] < p["speakerAt"]]
    after = [p for p in placed if p["cueAt"] > p["speakerAt"]]
    assert before and after
    assert all(p["cueRight"] > p["speakerRight"] for p in before)  # earlier in the text, further right
    assert all(p["cueRight"] < p["speakerRight"] for p in after)


@browser
def test_in_the_browser_hovering_a_claim_highlights_its_spans(browser_dom: tuple[str, dict[str, Any]]) -> None:
    _, probe = browser_dom
    for article, (_, result) in zip(probe["articles"], ARTICLES, strict=True):
        assert len(article["hover"]) == len(result.claims)
        for hover in article["hover"]:
            assert hover["same"] and hover["own"] > 0 and hover["itemLit"], hover
        assert article["litAfter"] == 0


@browser
def test_in_the_browser_nothing_is_fetched(browser_dom: tuple[str, dict[str, Any]]) -> None:
    _, probe = browser_dom
    assert probe["fetched"] == []


@browser
def test_screenshot(page_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    run = chromium(f"--screenshot={shot}", "--window-size=1200,800", page_file.as_uri())
    assert shot.exists(), run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 800)
    assert len(data) > 50_000  # a page of text and colours, not a blank one


def test_several_articles_to_a_folder_get_an_index(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from tracker_corpus import write_corpus

    corpus = write_corpus(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    inputs = [corpus / "wires.jsonl", corpus / "pages" / "arabiya-0301.html", corpus / "trap.txt"]
    result = runner.invoke(app, ["report", *map(str, inputs), "--html", str(site)])
    assert result.exit_code == 0, result.output
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    assert links == ["sky-0302.html", "reuters-0303.html", "arabiya-0301.html", "trap.html"]
    assert sorted(path.name for path in site.iterdir()) == sorted([*links, "index.html"])
    arabiya = (site / "arabiya-0301.html").read_text(encoding="utf-8")
    assert arabiya.count('<article class="doc"') == 1 and 'data-article="arabiya-0301"' in arabiya
    speakers = re.search(r'<table class="speakers">(.*?)</table>', index, flags=re.S)
    assert speakers and re.findall(r'<tr><td><bdi>([^<]+)</bdi></td><td class="n">(\d+)</td><td class="n">(\d+)</td>',
                                   speakers.group(1))[:2] == [("حسين", "2", "1"), ("فؤاد حسين", "2", "2")]  # as written
    outlets = re.search(r'<table class="outlets">(.*?)</table>', index, flags=re.S)
    assert outlets and re.findall(r"<bdi>([^<]+)</bdi>", outlets.group(1)) == [
        "reuters.com", "العربية", "سكاي نيوز عربية"]


def test_article_file_names_are_safe_and_unique() -> None:
    results = [ArticleClaims(article=ArticleInfo(id=name, length=0), claims=[]) for name in ("a/b", "a_b", "index", "..", "بغداد")]
    assert article_file_names(results) == ["a_b.html", "a_b-2.html", "index-2.html", "article.html", "بغداد.html"]
