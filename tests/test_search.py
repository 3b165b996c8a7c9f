"""The claim database's Arabic search: clitics, diacritics, letter variants, phrases, OR, and hostile queries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.models import ArticleClaims, ArticleInfo, Claim, CueSpan, Span, SpeakerSpan
from attrib.track.db import ClaimStore
from attrib.track.schema import SCHEMA_VERSION

runner = CliRunner()

# (claim id, speaker, content): the generated database.
CLAIMS = [
    ("c1", "وزير الطاقة", "انقطاع الكهرباء سيستمر حتى الصيف"),
    ("c2", "الوزارة", "قطع الكهرباء عن المصانع ليلا"),
    ("c3", "المتحدث", "لا علاقة للوزارة بالكهرباء"),  # بال, لل
    ("c4", "النائب", "والكهرباءُ مقطوعةٌ منذ أيام"),  # وال and diacritics
    ("c5", "الوزير", "كهرباء المدينة عادت"),  # bare
    ("c6", "مصدر", "الكــهرباء عادت للمستشفى"),  # tatweel
    ("c7", "وزير الصحة", "المستشفيات تعمل بلا انقطاع"),  # a speaker with و as its own letter
    ("c8", "المحافظ", "الإسلامية والمدينة متفقتان"),  # إ, ة
    ("c9", "الحكومة", "قطع الطرق مستمر والكهرباء متوفرة"),  # قطع and الكهرباء, not together
    ("c10", "المحافظ", "فالوزير لم يتحدث"),  # فال
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.sqlite"
    with ClaimStore(path, create=True) as store:
        for n, (claim_id, speaker, content) in enumerate(CLAIMS):
            text = f"وقال {speaker} إن {content}."
            start = len(f"وقال {speaker} إن ")
            claim = Claim(
                id=claim_id, sentence=0, cue=CueSpan(text="وقال", start=0, end=4, lemma="قال"),
                speaker=SpeakerSpan(text=speaker, start=5, end=5 + len(speaker), name=speaker),
                source=None, content=Span(text=content, start=start, end=start + len(content)),
                stance="neutral", type="indirect",
            )
            article = ArticleInfo(id=f"a{n}", title=f"خبر {n}", date=f"2024-03-{n + 1:02d}", length=len(text),
                                  site="الجزيرة نت" if n % 2 else "العربية", text=text)
            store.add(ArticleClaims(article=article, claims=[claim]))
    return path


def search(db: Path, *words: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["db", "search", *words, "--db", str(db), "--format", "jsonl"])
    ids = [json.loads(line)["claim"]["id"] for line in result.stdout.splitlines()]
    return result.exit_code, ids, result.stderr


ELECTRICITY = {"c1", "c2", "c3", "c4", "c5", "c6", "c9"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["كهرباء"], ELECTRICITY),
        (["الكهرباء"], ELECTRICITY),
        (["بالكهرباء"], ELECTRICITY),
        (["والكهرباء"], ELECTRICITY),
        (["الكَهْرَباءِ"], ELECTRICITY),  # diacritics in the query
        (["الكـهرباء"], ELECTRICITY),  # tatweel in the query
        (['"قطع الكهرباء"'], {"c2"}),  # a phrase: c9 has both words, apart
        (["قطع", "الكهرباء"], {"c2", "c9"}),  # every word
        (['"الكهرباء قطع"'], set()),
        (["الوزير", "OR", "الوزارة"], {"c1", "c2", "c3", "c5", "c7", "c10"}),  # speakers too; فالوزير, للوزارة
        (["وزير"], {"c1", "c5", "c7", "c10"}),  # و of وزير is its own letter: still found with ال
        (["الاسلاميه"], {"c8"}),  # ا for إ, ه for ة
        (["مدينه"], {"c5", "c8"}),  # والمدينة
        (["الكهرباء", "NOT", "قطع"], {"c1", "c3", "c4", "c5", "c6"}),
        (["الكهرباء", "AND", "المستشفى"], {"c6"}),
        (["مستشفي*"], {"c6", "c7"}),  # a prefix, ى as ي
        (["الجزيرة", "عادت"], {"c6"}),  # the outlet is searched too (c5 is in العربية)
        (["or"], set()),  # an operator in lower case is a word
    ],
)
def test_search_finds_a_word_whatever_it_carries(db: Path, words: list[str], expected: set[str]) -> None:
    code, found, stderr = search(db, *words)
    assert (code, stderr) == (0, "")
    assert set(found) == expected and len(found) == len(expected)


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (['"قطع'], '"قطع: a quotation mark is not closed; a phrase is written "two words"'),
        (['"'], '": a quotation mark is not closed; a phrase is written "two words"'),
        (["*"], "*: a * ends a word, as in كهرب*"),
        (["كه*رباء"], "كه*رباء: a * ends a word, as in كهرب*"),
        (["AND"], "AND: AND needs a word on each side"),
        (["OR", "الوزير"], "OR الوزير: OR needs a word on each side"),
        (["الوزير", "NOT"], "الوزير NOT: NOT needs a word on each side"),
        (["الوزير", "OR", "AND", "الوزارة"], "الوزير OR AND الوزارة: AND needs a word on each side"),
        (["NEAR(الوزير", "الكهرباء)"], 'NEAR(الوزير الكهرباء): NEAR is not supported; search a "phrase" or words'),
        (["NEAR"], 'NEAR: NEAR is not supported; search a "phrase" or words'),
    ],
)
def test_a_query_fts5_would_reject_is_a_usage_error(db: Path, words: list[str], message: str) -> None:
    result = runner.invoke(app, ["db", "search", *words, "--db", str(db)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"Invalid value for WORDS: {message}" in " ".join(result.stderr.replace("│", " ").split())


def test_an_older_database_is_updated_in_place_when_opened(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    old.write_bytes(db.read_bytes())
    with sqlite3.connect(old) as connection:  # as schema 1 left it: content alone, folded words; no views
        connection.execute("DROP VIEW claims_view")
        connection.execute("DROP VIEW speakers_view")
        connection.execute("DROP TABLE claims_fts")
        connection.execute("CREATE VIRTUAL TABLE claims_fts USING fts5(content, tokenize = 'unicode61 remove_diacritics 0')")
        connection.execute("INSERT INTO claims_fts (rowid, content) SELECT n, content FROM claims")
        connection.execute("PRAGMA user_version = 1")
    connection.close()
    assert search(old, "بالكهرباء")[::2] == (0, "")
    assert set(search(old, "بالكهرباء")[1]) == ELECTRICITY
    with sqlite3.connect(old) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    connection.close()
    with ClaimStore(old) as store:
        assert store.check() == []


def test_a_database_of_a_newer_attrib_is_refused(db: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(db.read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 4")
    connection.close()
    for command in (["search", "كهرباء"], ["add", str(tmp_path / "none.jsonl")]):
        result = runner.invoke(app, ["db", *command, "--db", str(newer)])
        assert (result.exit_code, result.stderr) == (
            2, f"error: {newer}: made by a newer attrib (schema 4; this one reads up to 3); upgrade attrib to use it\n"
        )
