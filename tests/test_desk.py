"""`attrib db serve`: Datasette on a claim database, read-only, with the Arabic search and article pages."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app

pytest.importorskip("datasette", reason="attrib db serve needs the desk extra")
from desk_server import corpus_database, serving  # noqa: E402 - needs datasette


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_database(tmp_path_factory.mktemp("desk"))


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[str]:
    with serving(database) as base:
        yield base


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def rows(server: str, path: str, **params: str) -> list[dict[str, object]]:
    status, body = get(f"{server}/news/{path}.json?_shape=objects&" + urllib.parse.urlencode(params))
    assert status == 200, body
    return list(json.loads(body)["rows"])


def test_the_claims_view_has_articles_facets_and_newest_first(server: str) -> None:
    claims = rows(server, "claims_view")
    assert len(claims) == 11
    dates = [c["date"] for c in claims if c["date"]]
    assert dates == sorted(dates, reverse=True)
    assert {"title", "outlet", "speaker", "stance"} <= set(claims[0])
    status, page = get(f"{server}/news/claims_view")
    assert status == 200
    for facet in ("speaker", "outlet", "stance", "type", "site"):
        assert f'data-column="{facet}"' in page
    assert '<span dir="rtl">' in page and 'href="/-/article/' in page


def test_the_search_box_finds_arabic_words_whatever_they_carry(server: str) -> None:
    bare = {c["claim_id"] for c in rows(server, "claims_view", _search="جوار")}
    assert len(bare) == 4
    for word in ("الجوار", "بالجوار", "والجـوار"):
        assert {c["claim_id"] for c in rows(server, "claims_view", _search=word)} == bare
    assert {c["claim_id"] for c in rows(server, "claims_view", _search='"الجوار')} == bare  # read as words


def test_speakers_and_canned_queries(server: str) -> None:
    speakers = rows(server, "speakers_view")
    assert speakers[0]["speaker"] == "فؤاد حسين" and speakers[0]["claims"] == 3  # names as written: حسين apart (docs/tracker.md)
    over_time = rows(server, "speaker_over_time", speaker="حسين")
    assert len(over_time) == 5 and [r["date"] for r in over_time] == sorted(r["date"] for r in over_time)
    story = rows(server, "story_across_outlets", words="دول الجوار")
    assert len({r["outlet"] for r in story}) >= 3
    alleged = rows(server, "framed_as_allege")
    assert alleged and all(r["other_stance"] in ("assert", "neutral") for r in alleged)


def test_a_claim_links_to_its_article_page(server: str) -> None:
    claim = rows(server, "claims_view", _search="زعم OR الجوار", stance="allege")[0]
    status, page = get(f"{server}/-/article/{urllib.parse.quote(str(claim['article_id']))}?claim={claim['position']}")
    assert status == 200 and '<html lang="ar" dir="rtl">' in page
    assert f'[data-spans~="c{claim["position"]}:content"],li.claim' in page
    assert get(f"{server}/-/article/nothing")[0] == 404


def test_writing_through_the_server_is_refused(server: str) -> None:
    sql = urllib.parse.urlencode({"sql": "DELETE FROM claims"})
    status, body = get(f"{server}/news.json?{sql}")
    assert status == 400 and "Statement must be a SELECT" in body
    assert len(rows(server, "claims_view")) == 11


@pytest.mark.parametrize(("path", "body", "content_type"), [
    ("/news/claims/-/insert", b'{"row": {"content": "x"}}', "application/json"),  # Datasette's write API
    ("/news/claims", b"content=x", "application/x-www-form-urlencoded"),  # Datasette answered 500
    ("/news", b"sql=INSERT+INTO+claims%28content%29+VALUES+%281%29", "application/x-www-form-urlencoded"),
    ("/news/-/query", b"sql=DELETE+FROM+claims", "application/x-www-form-urlencoded"),
    ("/news/-/create", b'{"table": "t", "row": {"a": 1}}', "application/json"),
    ("/-/article/trap", b"x", "text/plain"),
])
def test_a_post_is_refused_cleanly(server: str, path: str, body: bytes, content_type: str) -> None:
    request = urllib.request.Request(server + path, data=body, headers={"Content-Type": content_type}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 405
    assert refused.value.headers["Allow"] == "GET, HEAD"
    assert refused.value.read() == b"attrib db serve is read-only: only GET and HEAD requests are answered\n"
    assert len(rows(server, "claims_view")) == 11


def marks(page: str) -> dict[str, str]:
    """The claim id and stance of each mark of the page's chart."""
    svg = re.search(r"<svg .*?</svg>", page, flags=re.S)
    assert svg, page
    found = re.findall(r'<circle class="claim stance-(\w+)" data-claim="([^"]+)"', svg.group())
    assert len(found) == svg.group().count('<circle class="claim ')
    return {claim: stance for stance, claim in found}


def speaker_path(name: str) -> str:
    return "/-/speaker/" + urllib.parse.quote(name, safe="")


@pytest.mark.parametrize(("asked", "names"), [
    ("حسين", {"فؤاد حسين", "حسين"}),  # a short name as stored: the speaker it is merged into
    ("فؤاد حسين", {"فؤاد حسين", "حسين"}),
    ("داعش", {"تنظيم الدولة الإسلامية", "تنظيم داعش"}),  # an alias of patterns/aliases.toml
])
def test_a_speaker_page_draws_one_mark_per_claim_in_its_stance(server: str, asked: str, names: set[str]) -> None:
    status, page = get(server + speaker_path(asked))
    assert status == 200 and '<html lang="ar" dir="rtl">' in page
    expected = {c["claim_id"]: c["stance"] for c in rows(server, "claims_view") if c["speaker"] in names}
    assert marks(page) == expected and len(set(expected.values())) > 1
    legend = re.search(r'<g class="legend">(.*?)</g>', page)
    assert legend and re.findall(r"stance-(\w+)", legend.group(1)) == [
        s for s in ("neutral", "assert", "deny", "allege") if s in expected.values()]
    assert 'direction="rtl"' in page and "الجزيرة نت</text>" in page  # the outlets, right to left


def test_a_speaker_page_lists_its_stories_and_a_story_page_draws_each_report(server: str, database: Path) -> None:
    status, page = get(server + speaker_path("فؤاد حسين"))
    story_links = re.findall(r'href="(/-/story/[^"]+)"', page)
    stories = [json.loads(line) for line in CliRunner().invoke(
        app, ["db", "stories", "--db", str(database), "--speaker", "فؤاد حسين", "--format", "jsonl"]).stdout.splitlines()]
    assert len(story_links) == len(stories) == 2
    for link, story in zip(story_links, stories, strict=True):
        status, page = get(server + link)
        assert status == 200
        assert marks(page) == {r["claim"]: r["stance"] for r in story["reports"]}
        assert story["content"] in page and speaker_path("فؤاد حسين") in page


def test_the_desk_links_speakers_and_claims_to_their_charts(server: str) -> None:
    speakers = get(f"{server}/news/speakers_view")[1]
    assert f'href="{speaker_path("حسين")}"' in speakers
    claims = get(f"{server}/news/claims_view")[1]
    claim = rows(server, "claims_view", stance="warn")[0]  # said in one article only: a story of one report
    assert f'href="/-/story/{urllib.parse.quote(str(claim["claim_id"]), safe="")}"' in claims
    status, page = get(f"{server}/-/story/{urllib.parse.quote(str(claim['claim_id']), safe='')}")
    assert status == 200 and marks(page) == {claim["claim_id"]: "warn"}
    assert get(server + speaker_path("nobody"))[0] == 404
    assert get(f"{server}/-/story/nothing%3A0-1")[0] == 404
