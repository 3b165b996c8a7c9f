"""`attrib db`: the tracker end to end on a corpus, merges, search, stories, exports, and all-or-nothing writes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regex
from rich.cells import cell_len
from tracker_corpus import write_corpus
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.models import ArticleClaims
from attrib.track.db import ClaimStore
from attrib.track.rows import iso_day
from attrib.track.search import fts_query

runner = CliRunner()
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
GOLD = [EVAL / f"{name}.jsonl" for name in ("seed", "dev", "dev_real")]
ATTRIB = str(Path(sys.executable).with_name("attrib"))


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch output of the generated corpus (tracker_corpus.py)."""
    root = tmp_path_factory.mktemp("tracker")
    output = root / "claims.jsonl"
    result = runner.invoke(app, ["batch", str(write_corpus(root)), "-o", str(output), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture
def db(claims_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "news.sqlite"
    result = runner.invoke(app, ["db", "add", str(claims_file), "--db", str(path), "-w", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"5 articles added, 11 claims\n{path}: 5 articles, 11 claims\n"
    return path


def lines(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def query(db: Path, *arguments: str) -> list[dict[str, Any]]:
    return lines(runner.invoke(app, ["db", *arguments, "--db", str(db), "--format", "jsonl"]))


def cues(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(article, cue) of each claim record, in order."""
    return [(r["article"]["id"], r["claim"]["cue"]["text"]) for r in records]


# --- adding --------------------------------------------------------------------


def test_adding_articles_or_their_export_stores_the_same(db: Path, claims_file: Path, tmp_path: Path) -> None:
    corpus = claims_file.parent / "corpus"
    direct = tmp_path / "direct.sqlite"
    result = runner.invoke(app, ["db", "add", str(corpus), "--db", str(direct), "-w", "2", "-q"])
    assert result.exit_code == 0 and result.stderr == ""
    exports = [runner.invoke(app, ["db", "export", "--db", str(path), "--format", "jsonl"]).stdout
               for path in (db, direct)]
    assert exports[0] == exports[1] == claims_file.read_text(encoding="utf-8")


def test_adding_again_replaces_and_never_duplicates(db: Path, claims_file: Path, tmp_path: Path) -> None:
    again = runner.invoke(app, ["db", "add", str(claims_file), "--db", str(db), "-q"])
    assert again.exit_code == 0
    with ClaimStore(db) as store:
        assert store.counts() == (5, 11)
    # A new version of one article (one claim left) replaces the old one, in place.
    results = [ArticleClaims.model_validate_json(line) for line in claims_file.read_text(encoding="utf-8").splitlines()]
    results[1].claims = results[1].claims[:1]
    edited = tmp_path / "edited.jsonl"
    edited.write_text(results[1].model_dump_json() + "\n", encoding="utf-8")
    assert runner.invoke(app, ["db", "add", str(edited), "--db", str(db), "-q"]).exit_code == 0
    with ClaimStore(db) as store:
        assert store.counts() == (5, 9)
        assert list(store.results()) == results
        assert store.check() == []
    assert query(db, "search", "حصيله") == query(db, "search", "حصيلة")
    assert [r["article"]["id"] for r in query(db, "search", "حصيلة")] == ["arabiya-0301"]


def test_the_database_is_in_wal_mode_and_readable_while_an_article_is_written(db: Path) -> None:
    writer = sqlite3.connect(db, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM claims WHERE article_id = 'jazeera-0301'")  # an article being replaced
    try:
        records = query(db, "claims")  # not blocked, and the article as it was
        assert len(records) == 11
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_an_interrupted_add_leaves_the_article_in_flight_as_it_was(
    db: Path, claims_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {r.article.id: r for r in _stored(db)}
    # A second version of every article: every claim now "deny".
    second = [ArticleClaims.model_validate_json(line) for line in claims_file.read_text(encoding="utf-8").splitlines()]
    for result in second:
        for claim in result.claims:
            claim.stance = "deny"
    path = tmp_path / "second.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in second), encoding="utf-8")

    original = ClaimStore._insert_claims
    calls = []

    def interrupted(self: ClaimStore, result: ArticleClaims) -> None:
        calls.append(result.article.id)
        if len(calls) == 3:  # the third article: one claim written, then Ctrl-C
            original(self, result.model_copy(update={"claims": result.claims[:1]}))
            raise KeyboardInterrupt
        original(self, result)

    monkeypatch.setattr(ClaimStore, "_insert_claims", interrupted)
    result = runner.invoke(app, ["db", "add", str(path), "--db", str(db), "-w", "1"])
    assert result.exit_code == 130
    assert result.stderr == (
        "2 articles added, 6 claims\n"
        "error: interrupted; the articles before it are stored, add the rest again\n"
    )
    after = {r.article.id: r for r in _stored(db)}
    in_flight = calls[2]
    assert after[in_flight] == before[in_flight]
    assert [after[r.article.id] == r for r in second] == [True, True, False, False, False]
    with ClaimStore(db) as store:
        assert store.check() == []


def _stored(db: Path) -> list[ArticleClaims]:
    with ClaimStore(db) as store:
        return list(store.results())


def test_a_killed_add_leaves_every_article_whole(tmp_path: Path) -> None:
    """Version A of 1000 articles is stored; `db add` of version B is killed: each article is A or B, never half."""
    path = tmp_path / "news.sqlite"
    with ClaimStore(path, create=True) as store:
        for i in range(1000):
            store.add(_version_a(i))
    corpus = tmp_path / "b.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(1000):
            text = (f"أكد وزير الخارجية العراقي فؤاد حسين أن الجولة B رقم {i} ستعقد في بغداد.\n"
                    f"وقال المتحدث باسم الحكومة إن الاجتماع B سيعقد في العاصمة يوم {i % 28 + 1}.\n")
            out.write(json.dumps({"id": f"n{i:04d}", "title": "B", "text": text}, ensure_ascii=False) + "\n")
    process = subprocess.Popen([ATTRIB, "db", "add", str(corpus), "--db", str(path), "-w", "1", "-q"],
                               start_new_session=True)
    try:
        _wait_for_version_b(path, 20, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    versions = {}
    for result in _stored(path):
        markers = {m for c in result.claims for m in regex.findall(r"\b[AB]\b", c.content.text)}
        assert markers == {result.article.title}, result.article.id
        assert len(result.claims) == 2
        versions[result.article.id] = result.article.title
    assert len(versions) == 1000 and 20 <= list(versions.values()).count("B") < 1000
    with ClaimStore(path) as store:
        assert store.check() == []


def _version_a(i: int) -> ArticleClaims:
    text = f"قال الوزير إن الاجتماع A رقم {i} سيعقد. وأكد المتحدث أن الجولة A ستعقد."
    def span(piece: str) -> dict[str, Any]:
        start = text.index(piece)
        return {"text": piece, "start": start, "end": start + len(piece)}
    claims = [
        {"id": f"n{i:04d}:{span(cue)['start']}-{span(cue)['end']}", "sentence": n,
         "cue": {**span(cue), "lemma": lemma}, "speaker": {**span(who), "name": who, "kind": "person"},
         "source": None, "content": span(content), "stance": "neutral", "type": "indirect"}
        for n, (cue, lemma, who, content) in enumerate([
            ("قال", "قال", "الوزير", f"الاجتماع A رقم {i} سيعقد"), ("وأكد", "أكد", "المتحدث", "الجولة A ستعقد"),
        ])
    ]
    return ArticleClaims.model_validate(
        {"article": {"id": f"n{i:04d}", "title": "A", "length": len(text)}, "claims": claims}
    )


def _wait_for_version_b(path: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    reader = sqlite3.connect(path)
    try:
        while time.monotonic() < deadline:
            assert process.poll() is None, "db add ended before it could be killed"
            if reader.execute("SELECT count(*) FROM articles WHERE title = 'B'").fetchone()[0] >= count:
                return
            time.sleep(0.005)
    finally:
        reader.close()
    raise AssertionError("db add did not start")


# --- speakers ----------------------------------------------------------------------


def test_speakers_are_merged_across_articles(db: Path) -> None:
    speakers = query(db, "speakers")
    assert speakers[:3] == [
        {
            "speaker": "فؤاد حسين", "kind": "person", "roles": {"وزير الخارجية العراقي": 3},
            "names": ["حسين", "فؤاد حسين"],  # a short name with his role
            "claims": 5, "articles": 4, "stances": {"neutral": 3, "allege": 1, "assert": 1},
            "outlets": {"سكاي نيوز عربية": 2, "reuters.com": 1, "الجزيرة نت": 1, "العربية": 1}, "sources": {},
        },
        {
            "speaker": "تنظيم الدولة الإسلامية", "kind": "organization", "roles": {},
            "names": ["تنظيم الدولة الإسلامية", "تنظيم داعش"],  # an alias (patterns/aliases.toml)
            "claims": 2, "articles": 2, "stances": {"allege": 1, "neutral": 1},
            "outlets": {"الجزيرة نت": 1, "العربية": 1}, "sources": {},
        },
        {
            "speaker": "وزارة الصحة العراقية", "kind": "organization", "roles": {}, "names": ["وزارة الصحة العراقية"],
            "claims": 2, "articles": 2, "stances": {"neutral": 2},
            "outlets": {"الجزيرة نت": 1, "العربية": 1}, "sources": {},
        },
    ]
    assert [(s["speaker"], s["claims"]) for s in speakers[3:]] == [("ستيفان دوجاريك", 1), ("محمود المشهداني", 1)]


def test_speakers_table(db: Path) -> None:
    result = runner.invoke(app, ["db", "speakers", "--db", str(db), "--width", "100"])
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["speaker", "claims", "articles", "stances", "·", "outlets"]
    assert rows[2].split() == ["فؤاد", "حسين", "5", "4", "neutral×3,", "assert×1,", "allege×1"]
    assert rows[3].split()[:5] == ["person", "·", "وزير", "الخارجية", "العراقي"]
    assert rows[3].split()[5:] == ["سكاي", "نيوز", "عربية،", "reuters.com،", "الجزيرة", "نت", "+1"]
    assert all(cell_len(row) <= 100 for row in rows)


# --- claims ------------------------------------------------------------------------

# Newest first; on one day by article id, then in the order of the article.
HUSSEIN = [("reuters-0303", "وذكر"), ("sky-0302", "وقال"), ("sky-0302", "وأوضح"),
           ("arabiya-0301", "زعم"), ("jazeera-0301", "أكد")]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], [HUSSEIN[0], ("reuters-0303", "وحذر"), *HUSSEIN[1:3], ("arabiya-0301", "زعم"), ("arabiya-0301", "وادعى"),
              ("arabiya-0301", "وأعلنت"), ("jazeera-0301", "أكد"), ("jazeera-0301", "وقال"),
              ("jazeera-0301", "وقالت"), ("trap", "وقال")]),
        (["--speaker", "فؤاد حسين"], HUSSEIN),
        (["--speaker", "حسين"], HUSSEIN),  # the short name finds the merged speaker
        (["--speaker", "فؤاد حُسين"], HUSSEIN),  # diacritics ignored
        (["--speaker", "داعش"], [("arabiya-0301", "وادعى"), ("jazeera-0301", "وقال")]),  # the alias
        (["--speaker", "الصحة"], [("arabiya-0301", "وأعلنت"), ("jazeera-0301", "وقالت")]),  # part of a name
        (["--speaker", "نتنياهو"], []),
        (["--source", "العربيه"], [("arabiya-0301", "زعم"), ("arabiya-0301", "وادعى"), ("arabiya-0301", "وأعلنت")]),
        (["--source", "reuters"], [("reuters-0303", "وذكر"), ("reuters-0303", "وحذر")]),
        (["--stance", "allege"], [("arabiya-0301", "زعم"), ("arabiya-0301", "وادعى")]),
        (["--since", "2024-03-02"], [HUSSEIN[0], ("reuters-0303", "وحذر"), *HUSSEIN[1:3]]),
        (["--until", "2024-03-01", "--speaker", "فؤاد حسين"], HUSSEIN[3:]),
        (["--since", "2024-03-02", "--until", "2024-03-02"], HUSSEIN[1:3]),
        (["--speaker", "فؤاد حسين", "--stance", "neutral", "--source", "سكاي"], HUSSEIN[1:3]),
    ],
)
def test_claims_are_selected_and_newest_first(db: Path, filters: list[str], expected: list[tuple[str, str]]) -> None:
    assert cues(query(db, "claims", *filters)) == expected


def test_a_claim_record_carries_the_claim_and_its_corpus_speaker(db: Path, claims_file: Path) -> None:
    [record] = query(db, "claims", "--speaker", "حسين", "--source", "سكاي", "--limit", "1")
    sky = next(json.loads(line) for line in claims_file.read_text(encoding="utf-8").splitlines()
               if json.loads(line)["article"]["id"] == "sky-0302")
    assert record == {
        "article": {"id": "sky-0302", "title": "حسين: لا هجمات من أراضينا", "url": None, "date": "2024-03-02",
                    "outlet": "سكاي نيوز عربية"},
        "claim": sky["claims"][0],
        "corpus_speaker": "فؤاد حسين",
    }
    assert record["claim"]["speaker"]["name"] == "حسين"


def test_claims_table_fits_80_columns(db: Path) -> None:
    result = runner.invoke(app, ["db", "claims", "--db", str(db), "--width", "80", "--speaker", "داعش"])
    assert result.exit_code == 0
    assert all(cell_len(row) <= 80 for row in result.stdout.splitlines())
    assert "تنظيم" in result.stdout and "وادعى" in result.stdout and "العربية" in result.stdout


@pytest.mark.parametrize("command", [["claims", "--speaker", "داعش"], ["search", "الموصل"]])
def test_claims_tables_show_each_claims_article(db: Path, command: list[str]) -> None:
    result = runner.invoke(app, ["db", *command, "--db", str(db), "--width", "160"])
    assert result.exit_code == 0, result.output
    assert "arabiya-0301 · بغداد والهجمات على دول الجوار" in result.stdout
    assert "jazeera-0301 · " in result.stdout


def test_no_claims_found_is_said_on_stderr(db: Path) -> None:
    result = runner.invoke(app, ["db", "claims", "--db", str(db), "--speaker", "نتنياهو"])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "no claims found\n")


# --- search --------------------------------------------------------------------------

S1_REPORTS = {("jazeera-0301", "أكد"), ("arabiya-0301", "زعم"), ("sky-0302", "وقال"), ("trap", "وقال")}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["منطلقا"], S1_REPORTS),  # written منطلقاً in three of them, منطلقا in one
        (["مُنطلقاً"], S1_REPORTS),
        (["الجـــوار"], S1_REPORTS),  # tatweel
        (["حصيله"], {("jazeera-0301", "وقالت"), ("arabiya-0301", "وأعلنت")}),  # ه for ة
        (["اراضيها", "بغداد"], S1_REPORTS),  # every word, anywhere; أ as ا
        (['"دول الجوار"'], S1_REPORTS),  # a phrase
        (['"الجوار دول"'], set()),
        (["جدول*"], {("sky-0302", "وأوضح"), ("reuters-0303", "وذكر")}),  # a prefix
        (["الموصل", "الاسلاميه"], {("arabiya-0301", "وادعى")}),  # the speaker is searched too
        (["الموصل", "الاسلاميه", "الجزيرة"], set()),  # and the outlet: this one is العربية
        (["or", "near"], set()),  # FTS5 operators in lower case are words (upper case: tests/test_search.py)
    ],
)
def test_search_ignores_diacritics_tatweel_and_letter_variants(
    db: Path, words: list[str], expected: set[tuple[str, str]]
) -> None:
    found = cues(query(db, "search", *words))
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_search_ranks_the_closest_wording_first(db: Path) -> None:
    found = cues(query(db, "search", "لأي", "هجمات"))
    assert found == [("sky-0302", "وقال")]
    assert fts_query('بغداد "دول الجوار" جدول* ،') == (
        '(("بغداد" OR "غداد") AND ("دول الجوار" OR "دول جوار") AND ("جدول"*))'
    )


@pytest.mark.parametrize("arguments", [["search", "،"], ["search", "ـــ", "«»"], ["export", "-f", "jsonl", "--search", "ـ"]])
def test_search_needs_a_word(db: Path, arguments: list[str]) -> None:
    result = runner.invoke(app, ["db", *arguments, "--db", str(db)])
    assert result.exit_code == 2
    assert "give at least one word to search for" in result.stderr
    assert result.stdout == ""


# --- stories -------------------------------------------------------------------------


def test_stories_group_one_statement_across_outlets_with_each_framing(db: Path) -> None:
    stories = query(db, "stories")
    assert [(s["speaker"], s["outlets"], s["first"], s["last"], s["divergent"], s["framings"]) for s in stories] == [
        ("فؤاد حسين", ["الجزيرة نت", "العربية", "سكاي نيوز عربية"], "2024-03-01", "2024-03-02", True,
         {"الجزيرة نت": ["assert"], "العربية": ["allege"], "سكاي نيوز عربية": ["neutral"]}),
        ("تنظيم الدولة الإسلامية", ["الجزيرة نت", "العربية"], "2024-03-01", "2024-03-01", True,
         {"الجزيرة نت": ["neutral"], "العربية": ["allege"]}),
        ("فؤاد حسين", ["سكاي نيوز عربية", "reuters.com"], "2024-03-02", "2024-03-03", False,
         {"سكاي نيوز عربية": ["neutral"], "reuters.com": ["neutral"]}),
        ("وزارة الصحة العراقية", ["الجزيرة نت", "العربية"], "2024-03-01", "2024-03-01", False,
         {"الجزيرة نت": ["neutral"], "العربية": ["neutral"]}),
    ]
    first = stories[0]
    assert [(r["article"], r["cue"], r["lemma"]) for r in first["reports"]] == [
        ("jazeera-0301", "أكد", "أكد"), ("arabiya-0301", "زعم", "زعم"), ("sky-0302", "وقال", "قال"),
    ]
    # The words of the trap (another speaker) are in no story.
    assert all(r["article"] != "trap" for s in stories for r in s["reports"])


def test_stories_within_a_window_and_of_one_speaker(db: Path) -> None:
    assert [len(s["reports"]) for s in query(db, "stories", "--within", "0")] == [2, 2, 2]
    assert [s["outlets"] for s in query(db, "stories", "--speaker", "داعش")] == [["الجزيرة نت", "العربية"]]


def test_stories_view(db: Path) -> None:
    result = runner.invoke(app, ["db", "stories", "--db", str(db), "--width", "80", "--limit", "1"])
    assert result.exit_code == 0
    lines_ = result.stdout.splitlines()
    assert lines_[0] == "1 · فؤاد حسين · 3 outlets · 2024-03-01 → 2024-03-02 · framings differ"
    assert lines_[1] == "بغداد لن تسمح باستخدام أراضيها منطلقاً للهجمات على دول الجوار"
    assert [row.split()[-3:] for row in lines_[4:]] == [
        ["أكد", "assert", "jazeera-0301"], ["زعم", "allege", "arabiya-0301"], ["وقال", "neutral", "sky-0302"],
    ]


# --- export --------------------------------------------------------------------------


def test_export_formats(db: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "claims.csv"
    assert runner.invoke(app, ["db", "export", "--db", str(db), "-f", "csv", "-o", str(csv_path)]).exit_code == 0
    rows = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("claim_id,article_id,article_title,")
    assert len(rows) == 1 + 11

    jsonld = json.loads(runner.invoke(app, ["db", "export", "--db", str(db), "-f", "jsonld"]).stdout)
    types = [node["@type"] for node in jsonld["@graph"]]
    assert (types.count("NewsArticle"), types.count("Claim")) == (5, 11)
    assert "@vocab" in jsonld["@context"]

    reviews = runner.invoke(app, ["db", "export", "--db", str(db), "-f", "claimreview", "--speaker", "داعش"])
    assert reviews.exit_code == 0, reviews.output
    stubs = json.loads(reviews.stdout)["@graph"]
    assert {node["@type"] for node in stubs} == {"ClaimReview"} and len(stubs) == 2
    assert all("الموصل" in node["claimReviewed"] for node in stubs)


def test_export_of_a_query(db: Path) -> None:
    selected = lines(runner.invoke(app, ["db", "export", "--db", str(db), "-f", "jsonl", "--speaker", "داعش"]))
    assert [(r["article"]["id"], [c["cue"]["text"] for c in r["claims"]]) for r in selected] == [
        ("arabiya-0301", ["وادعى"]), ("jazeera-0301", ["وقال"]),  # in the order they were added
    ]
    searched = lines(runner.invoke(app, ["db", "export", "--db", str(db), "-f", "jsonl", "--search", "حصيله"]))
    assert [r["article"]["id"] for r in searched] == ["arabiya-0301", "jazeera-0301"]


# --- the shared gold articles and their variants -----------------------------------------

# Cues swapped for others of the same length, so the variant's offsets are the gold article's.
SWAPS = {"أكد": "زعم", "أكدت": "زعمت", "وأكد": "وزعم", "وأكدت": "وزعمت", "أوضح": "ادعى", "وأوضح": "وادعى"}


def test_gold_articles_and_reworded_variants_end_to_end(tmp_path: Path) -> None:
    if not all(path.is_file() for path in GOLD):
        pytest.skip(f"{EVAL} is absent: the shared gold articles are needed")
    variants = tmp_path / "variants.jsonl"
    with variants.open("w", encoding="utf-8") as out:
        for record in _gold_records():
            text = regex.sub(r"\p{L}+", lambda m: SWAPS.get(m.group(), m.group()), record["text"])
            if text != record["text"]:
                out.write(json.dumps({"id": f"{record['id']}-v", "site": "وكالة الاختبار", "text": text},
                                     ensure_ascii=False) + "\n")
    claims = tmp_path / "claims.jsonl"
    batch = runner.invoke(app, ["batch", *map(str, GOLD), str(variants), "-o", str(claims), "-q", "-w", "2"])
    assert batch.exit_code == 0, batch.output
    results = {r.article.id: r for r in map(ArticleClaims.model_validate_json, claims.read_text().splitlines())}
    path = tmp_path / "gold.sqlite"
    assert runner.invoke(app, ["db", "add", str(claims), "--db", str(path), "-q"]).exit_code == 0

    with ClaimStore(path) as store:
        assert store.counts() == (len(results), sum(len(r.claims) for r in results.values()))
        assert [r.article.id for r in store.results()] == list(results)
    exported = runner.invoke(app, ["db", "export", "--db", str(path), "-f", "jsonl"]).stdout
    assert exported == claims.read_text(encoding="utf-8")

    stories = query(path, "stories")
    # Every story is a gold article and its variant, never two gold articles.
    assert stories and all(
        sorted(r["article"] for r in s["reports"])[::-1] == [s["reports"][0]["article"].removesuffix("-v") + "-v",
                                                            s["reports"][0]["article"].removesuffix("-v")]
        for s in stories
    )
    # Framed differently: exactly the claims whose cue was swapped (same offsets, another stance).
    swapped = set()
    for article_id, result in results.items():
        variant = results.get(f"{article_id}-v")
        if variant is None:
            continue
        by_cue = {(c.cue.start, c.cue.end): c for c in variant.claims}
        for claim in result.claims:
            twin = by_cue.get((claim.cue.start, claim.cue.end))
            if twin and twin.stance != claim.stance and claim.speaker and twin.speaker:
                swapped.add(frozenset({claim.id, twin.id}))
    divergent = {frozenset(r["claim"] for r in s["reports"]) for s in stories if s["divergent"]}
    assert swapped and divergent == swapped
    for story in stories:
        if story["divergent"]:
            assert story["framings"]["وكالة الاختبار"] == ["allege"]  # زعم, ادعى
    # The view names the outlet an article credits ("via"), for the stories that have one.
    view = runner.invoke(app, ["db", "stories", "--db", str(path), "--width", "120"]).stdout
    credited = [s for s in stories if any(r["source"] for r in s["reports"])]
    assert credited and view.split().count("via") == len(credited)


def _gold_records() -> Iterator[dict[str, Any]]:
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


# --- errors and helpers ---------------------------------------------------------------------


def test_database_errors_are_usage_errors(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    result = runner.invoke(app, ["db", "speakers", "--db", str(missing)])
    assert (result.exit_code, result.stderr) == (2, f"error: {missing}: no such database (attrib db add creates it)\n")
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(app, ["db", "claims", "--db", str(garbage)])
    assert (result.exit_code, result.stderr) == (2, f"error: {garbage}: not a claim database: file is not a database\n")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = runner.invoke(app, ["db", "stories", "--db", str(other)])
    assert (result.exit_code, result.stderr) == (2, f"error: {other}: not a claim database (it holds other tables)\n")


@pytest.mark.parametrize(
    "arguments",
    [
        ["db", "claims", "--since", "March"],
        ["db", "claims", "--until", "2024-13-01"],
        ["db", "claims", "--stance", "asert"],
        ["db", "export", "--format", "xml"],
        ["db", "stories", "--within", "-1"],
        ["batch", "x.jsonl", "--workers", "0"],
    ],
)
def test_bad_options_exit_2(arguments: list[str], db: Path) -> None:
    result = runner.invoke(app, [*arguments, "--db", str(db)] if arguments[0] == "db" else arguments)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_failed_inputs_of_db_add_are_reported_and_the_rest_stored(tmp_path: Path, claims_file: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    good = claims_file.read_text(encoding="utf-8").splitlines()[0]
    broken.write_text(f'{good}\n{{"article": {{"id": "x"}}, "claims": []}}\n', encoding="utf-8")
    path = tmp_path / "news.sqlite"
    result = runner.invoke(app, ["db", "add", str(broken), "--db", str(path), "-w", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {broken}:2: not a line of attrib's export: article.length: Field required"
    )
    with ClaimStore(path) as store:
        assert store.counts()[0] == 1


@pytest.mark.parametrize(
    ("date", "day"),
    [("2024-03-01", "2024-03-01"), ("2024-3-1T10:00:00+03:00", "2024-03-01"), ("٢٠٢٤/٠٣/٠١", "2024-03-01"),
     ("1 March 2024", None), ("2024-13-01", None), (None, None)],
)
def test_article_dates_for_sorting(date: str | None, day: str | None) -> None:
    assert iso_day(date) == day
