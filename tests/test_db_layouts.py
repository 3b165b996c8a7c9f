"""The `db` queries on a console: `--bidi` lays their Arabic out as `report` does, `--records` prints one block a row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from desk_server import corpus_database
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.present.bidi import FSI, LRI, PDI, RLI, visual

runner = CliRunner()
NAME = "فؤاد حسين"  # the first speaker of the corpus, in every query below
RULE = "\u2500" * 10  # the rule under a table's header
QUERIES = {
    "speakers": ["speakers"],
    "claims": ["claims", "--speaker", "حسين"],
    "search": ["search", "الجوار"],
    "stories": ["stories"],
}
# The line that opens each row's block in --records.
BLOCKS = {"speakers": "speaker ", "claims": "claim ", "search": "claim ", "stories": "story "}


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "ATTRIB_BIDI"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_database(tmp_path_factory.mktemp("layouts"))


def shown(db: Path, query: str, *options: str) -> str:
    result = runner.invoke(app, ["db", *QUERIES[query], "--db", str(db), "--width", "100", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(db: Path, query: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in shown(db, query, "--format", "jsonl").splitlines()]


@pytest.mark.parametrize("query", QUERIES)
def test_bidi_visual_reorders_the_arabic_and_off_leaves_it(db: Path, query: str) -> None:
    off, auto = shown(db, query, "--bidi", "off"), shown(db, query)  # auto is off when not a terminal
    reordered = shown(db, query, "--bidi", "visual")
    assert off == auto
    assert NAME in off and visual(NAME, rtl=True) not in off
    assert visual(NAME, rtl=True) in reordered and NAME not in reordered
    assert FSI not in off + reordered


@pytest.mark.parametrize("query", QUERIES)
def test_bidi_terminal_isolates_the_arabic_in_logical_order(db: Path, query: str) -> None:
    isolated = shown(db, query, "--bidi", "terminal")
    assert f"{FSI}{NAME}" in isolated
    assert sum(isolated.count(opening) for opening in (FSI, LRI, RLI)) == isolated.count(PDI)
    assert isolated.replace(FSI, "").replace(PDI, "") != shown(db, query, "--bidi", "off")  # a blank edge column


def test_bidi_comes_from_the_environment_too(db: Path) -> None:
    result = runner.invoke(app, ["db", "speakers", "--db", str(db)], env={"ATTRIB_BIDI": "visual"})
    assert visual(NAME, rtl=True) in result.stdout


@pytest.mark.parametrize("query", QUERIES)
def test_records_print_one_block_a_row_with_no_table(db: Path, query: str) -> None:
    table, records = shown(db, query), shown(db, query, "--records")
    assert RULE in table and RULE not in records
    blocks = [line for line in records.splitlines() if line.startswith(BLOCKS[query])]
    assert len(blocks) == len(rows(db, query)) > 0
    assert [line.split(" \u00b7 ")[0] for line in blocks] == [f"{BLOCKS[query]}{n}" for n in range(1, len(blocks) + 1)]


def test_claim_records_give_each_field_whole_on_its_line(db: Path) -> None:
    records = shown(db, "claims", "--records", "--width", "200").splitlines()
    claims = rows(db, "claims")
    for field in ("speaker", "outlet", "cue", "content", "article"):
        assert len([line for line in records if line.startswith(f"  {field} ")]) == len(claims)
    contents = [line.split(None, 1)[1].strip() for line in records if line.startswith("  content ")]
    assert contents == [c["claim"]["content"]["text"] for c in claims]  # type: ignore[index]
    narrow = shown(db, "claims", "--records", "--width", "50").splitlines()
    assert len(narrow) > len(records)  # wrapped under itself, never cut


def test_speaker_records_list_the_names_merged_and_every_outlet(db: Path) -> None:
    first = shown(db, "speakers", "--records").split("\n\n")[0].splitlines()
    assert first[0] == "speaker 1 \u00b7 5 claims \u00b7 4 articles \u00b7 person"
    fields = [line.split(None, 1) for line in first[1:]]
    assert ["name", NAME] in [[label, value.strip()] for label, value in fields]
    assert ["also", "حسين"] in [[label, value.strip()] for label, value in fields]
    assert sorted(value.strip() for label, value in fields if label == "outlet") == sorted(
        rows(db, "speakers")[0]["outlets"])  # type: ignore[arg-type]


def test_story_records_give_each_report_its_stance(db: Path) -> None:
    records = shown(db, "stories", "--records").splitlines()
    story = rows(db, "stories")[0]
    headings = [line for line in records if line.startswith("report 1.")]
    assert [line.split(" \u00b7 ")[1] for line in headings] == [r["stance"] for r in story["reports"]]  # type: ignore[index]


def test_records_in_visual_mode_reorder_each_value(db: Path) -> None:
    records = shown(db, "claims", "--records", "--bidi", "visual").splitlines()
    speakers = [line.split(None, 1)[1].strip() for line in records if line.startswith("  speaker ")]
    assert speakers and set(speakers) == {visual(NAME, rtl=True)}
