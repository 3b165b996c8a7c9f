"""The desk in a real browser: `attrib db serve` on the test corpus, driven by headless Chromium.

The claims table with a facet and a filter, the search box with an Arabic word
written with a clitic the stored text does not have, a claim followed to
its article's page, and a speaker and a story drawn over time: each page's DOM,
as the browser built it, and a screenshot.

`python tests/test_desk_browser.py --update` writes the screenshots shown in
docs/tracker.md to docs/img/; the tests write theirs to a temporary folder.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, browser, dump_dom, screenshot

pytest.importorskip("datasette", reason="attrib db serve needs the desk extra")
from desk_server import corpus_database, serving  # noqa: E402 - needs datasette

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "img"
FACETED = "/news/claims_view?" + urllib.parse.urlencode({"_facet": "outlet", "stance": "neutral"})
SEARCHED_WORD = "بالجوار"  # stored as الجوار: the box must read the word without its clitic
SEARCHED = "/news/claims_view?" + urllib.parse.urlencode({"_search": SEARCHED_WORD})


def cells(dom: str, column: str) -> list[str]:
    """The text of the table's cells of `column`, top to bottom."""
    found = re.findall(rf'<td class="col-{column}\b[^"]*"[^>]*>(.*?)</td>', dom, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found]


def article_links(dom: str) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'<a class="article" href="([^"]+)"', dom)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(corpus_database(tmp_path_factory.mktemp("desk-browser"))) as base:
        yield base


@browser
def test_the_claims_table_with_a_facet_and_a_filter(server: str, tmp_path: Path) -> None:
    dom = dump_dom(server + FACETED)
    stances = cells(dom, "stance")
    assert stances and set(stances) == {"neutral"}
    assert re.search(r'<div class="facet-info facet-news-claims_view-outlet"', dom)
    assert "سكاي نيوز عربية" in dom and 'dir="rtl"' in dom
    assert len(screenshot(server + FACETED, tmp_path / "claims.png")) > 20_000


@browser
def test_the_search_box_finds_a_word_with_another_clitic(server: str, tmp_path: Path) -> None:
    dom = dump_dom(server + SEARCHED)
    assert f'value="{SEARCHED_WORD}"' in dom  # the word stays in the search box
    contents = cells(dom, "content")
    assert len(contents) == 4 and all("الجوار" in content for content in contents)
    assert SEARCHED_WORD not in " ".join(contents)
    assert len(screenshot(server + SEARCHED, tmp_path / "search.png")) > 20_000


@browser
def test_a_claim_followed_to_its_article(server: str, tmp_path: Path) -> None:
    dom = dump_dom(server + SEARCHED)
    links = article_links(dom)
    assert [link.split("?")[0] for link in links] == [
        "/-/article/sky-0302", "/-/article/arabiya-0301", "/-/article/jazeera-0301", "/-/article/trap"]
    for link, content in zip(links, cells(dom, "content"), strict=True):
        article = dump_dom(server + link)
        assert '<html lang="ar" dir="rtl">' in article
        position = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["claim"][0]
        assert f'[data-spans~="c{position}:content"],li.claim[data-claim="c{position}"]{{outline' in article
        if "arabiya" in link or "jazeera" in link:  # saved pages: their text is stored, the claim marked in it
            text = re.search(r'<div class="text">(.*?)</div>', article, flags=re.S)
            assert text and content in html.unescape(re.sub(r"<[^>]+>", "", text.group(1)))
        else:  # JSONL and text inputs: stored without their text, the claims listed
            assert '<p class="no-text"' in article and 'class="text"' not in article
    assert len(screenshot(server + links[1], tmp_path / "article.png")) > 20_000


def chart_marks(dom: str) -> list[str]:
    """The stance of each mark of the chart, as the browser built the page."""
    return re.findall(r'<circle class="claim stance-(\w+)"', dom)


@browser
def test_a_speaker_and_a_story_over_time(server: str, tmp_path: Path) -> None:
    speakers = dump_dom(server + "/news/speakers_view")
    link = html.unescape(re.findall(r'<a class="speaker" dir="rtl" href="([^"]+)"', speakers)[0])
    assert urllib.parse.unquote(link) == "/-/speaker/فؤاد حسين"  # the speaker of most claims, as stored
    chart = dump_dom(server + link)
    assert sorted(chart_marks(chart)) == ["allege", "assert", "neutral", "neutral", "neutral"]  # حسين merged in
    assert re.search(r'<text class="outlet"[^>]*direction="rtl"[^>]*>سكاي نيوز عربية</text>', chart)
    assert len(screenshot(server + link, tmp_path / "speaker.png")) > 20_000
    story = html.unescape(re.findall(r'href="(/-/story/[^"]+)"', chart)[0])
    told = dump_dom(server + story)
    assert chart_marks(told) == ["allege", "assert", "neutral"]  # العربية, الجزيرة نت, then سكاي نيوز عربية
    assert len(screenshot(server + story, tmp_path / "story.png", (1280, 700))) > 20_000


def update() -> None:
    """Write the screenshots of docs/tracker.md to docs/img/."""
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as root, serving(corpus_database(Path(root))) as base:
        link = article_links(dump_dom(base + SEARCHED))[1]  # a saved page
        for name, path in (("desk-claims", FACETED), ("desk-search", SEARCHED), ("desk-article", link)):
            data = screenshot(base + path, IMAGES / f"{name}.png")
            print(f"docs/img/{name}.png: {len(data):,} bytes")
        speaker = html.unescape(re.findall(r'<a class="speaker" dir="rtl" href="([^"]+)"',
                                           dump_dom(base + "/news/speakers_view"))[0])
        story = html.unescape(re.findall(r'href="(/-/story/[^"]+)"', dump_dom(base + speaker))[0])
        for name, path, size in (("desk-speaker", speaker, (1280, 760)), ("desk-story", story, (1280, 660))):
            data = screenshot(base + path, IMAGES / f"{name}.png", size)
            print(f"docs/img/{name}.png: {len(data):,} bytes")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"] or CHROMIUM is None:
        sys.exit("usage: python tests/test_desk_browser.py --update   (needs Chromium)")
    update()
