"""`attrib db serve`: Datasette on a claim database, read-only, with the Arabic search and article pages."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tracker_corpus import write_corpus
from typer.testing import CliRunner

from attrib.cli.main import app

pytest.importorskip("datasette", reason="attrib db serve needs the desk extra")
runner = CliRunner()
ATTRIB = str(Path(sys.executable).with_name("attrib"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("desk")
    db = root / "news.sqlite"
    result = runner.invoke(app, ["db", "add", str(write_corpus(root)), "--db", str(db), "-w", "1", "-q"])
    assert result.exit_code == 0, result.output
    port = free_port()
    process = subprocess.Popen([ATTRIB, "db", "serve", "--db", str(db), "--port", str(port)],
                               stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # until it answers (or has died)
            try:
                urllib.request.urlopen(base + "/-/versions.json")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait()


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
    assert speakers[0]["speaker"] == "فؤاد حسين" and speakers[0]["claims"] == 3  # names as written: حسين apart
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
    assert f'[data-spans~="c{claim["position"]}:content"]{{outline' in page
    assert get(f"{server}/-/article/nothing")[0] == 404


def test_writing_through_the_server_is_refused(server: str) -> None:
    sql = urllib.parse.urlencode({"sql": "DELETE FROM claims"})
    status, body = get(f"{server}/news.json?{sql}")
    assert status == 400 and "Statement must be a SELECT" in body
    assert len(rows(server, "claims_view")) == 11
