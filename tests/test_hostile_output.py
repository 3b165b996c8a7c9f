"""Article text that attacks where it is shown (issue 11): terminal escapes, script break-outs,
bidi overrides, spreadsheet formulas. Every output keeps the text, harmless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.models import ArticleClaims
from attrib.present.exports import FORMULA_GUARD, csv_rows

runner = CliRunner()

RETITLE = "\x1b]0;pwned\x07"  # OSC 0: sets the window title
CLEAR = "\x1b[2J"  # CSI 2 J: clears the screen
C1_CSI = "\x9b2J"  # the same with the one-character C1 introducer
HOSTILE = (RETITLE, CLEAR, C1_CSI, "\x07", "\r")
TITLE = f"{RETITLE}عنوان{CLEAR}"
TEXT = f"وقال وزير الخارجية فؤاد حسين إن {CLEAR}الحكومة{C1_CSI} ستعمل على دعم القطاع{RETITLE} الخاص.\n"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "VTE_VERSION"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "esc.jsonl"
    record = {"id": f"e{CLEAR}", "title": TITLE, "text": TEXT, "site": f"موقع{RETITLE}"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _harmless(output: str) -> None:
    for sequence in HOSTILE:
        assert sequence not in output
    assert "\\x1b]0;pwned" in output or "]0;pwned" in output  # the text is still there, made visible


# --- item 8: terminal escapes ---------------------------------------------------


@pytest.mark.parametrize("records", [[], ["--records"]])
@pytest.mark.parametrize("bidi", ["off", "terminal", "visual", "auto"])
def test_the_report_prints_no_control_character_of_the_text(corpus: Path, bidi: str, records: list[str]) -> None:
    result = runner.invoke(app, ["report", str(corpus), "--bidi", bidi, *records])
    assert result.exit_code == 0, result.output
    _harmless(result.stdout)
    assert "\\x1b]0;pwned" in result.stdout or bidi == "visual"  # visual reordering drops controls


def test_the_report_in_a_vte_terminal_prints_no_control_character_of_the_text(corpus: Path) -> None:
    """auto mode in GNOME Terminal (VTE) is `terminal`: rich's own colours, no escape of the article."""
    env = {"FORCE_COLOR": "1", "VTE_VERSION": "7600", "COLUMNS": "100"}
    result = runner.invoke(app, ["report", str(corpus)], env=env)
    assert result.exit_code == 0, result.output
    assert "\x1b[" in result.stdout  # rich's styles: a terminal indeed
    _harmless(result.stdout)


@pytest.mark.parametrize("command", [["claims"], ["search", "القطاع"], ["stories"], ["speakers"]])
def test_the_database_tables_print_no_control_character_of_the_text(
    corpus: Path, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "news.sqlite"
    assert runner.invoke(app, ["db", "add", str(corpus), "--db", str(db), "-q", "-w", "1"]).exit_code == 0
    result = runner.invoke(app, ["db", *command, "--db", str(db)])
    assert result.exit_code == 0, result.output
    for sequence in HOSTILE:
        assert sequence not in result.stdout
    if command[0] in ("claims", "search"):
        assert "\\x9b2J" in result.stdout


def test_an_error_message_prints_no_control_character(tmp_path: Path) -> None:
    missing = tmp_path / f"a{CLEAR}b.txt"
    result = runner.invoke(app, ["export", str(missing), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}/a\\x1b[2Jb.txt: no such file\n"


# --- item 9: JSON-LD inside <script> ---------------------------------------------------

SCRIPT_TEXT = "وقال الوزير إن <b>&amp; الحكومة</b> مستقرة </script><script>alert(1)</script><!-- .\n"


@pytest.fixture
def script_article(tmp_path: Path) -> Path:
    path = tmp_path / "script.txt"
    path.write_text(SCRIPT_TEXT, encoding="utf-8")
    return path


def _contents(graph: list[dict[str, object]]) -> list[str]:
    texts = []
    for node in graph:
        claim = node.get("itemReviewed", node)
        assert isinstance(claim, dict)
        if claim.get("@type") == "Claim":
            texts.append(claim["text"])
    return texts


@pytest.mark.parametrize("output_format", ["jsonld", "claimreview"])
def test_json_ld_cannot_end_its_script_block(script_article: Path, output_format: str) -> None:
    result = runner.invoke(app, ["export", str(script_article), "--format", output_format])
    assert result.exit_code == 0, result.output
    for character in "<>&":
        assert character not in result.stdout
    assert "\\u003c/script\\u003e" in result.stdout
    contents = _contents(json.loads(result.stdout)["@graph"])
    assert contents and all(text in SCRIPT_TEXT for text in contents)
    assert any("</script><script>" in text for text in contents)


def test_json_ld_of_the_database_cannot_end_its_script_block(script_article: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    assert runner.invoke(app, ["db", "add", str(script_article), "--db", str(db), "-q", "-w", "1"]).exit_code == 0
    result = runner.invoke(app, ["db", "export", "--format", "jsonld", "--db", str(db)])
    assert result.exit_code == 0, result.output
    for character in "<>&":
        assert character not in result.stdout
    assert any("</script><script>" in text for text in _contents(json.loads(result.stdout)["@graph"]))


# --- item 10: bidi overrides in the HTML view --------------------------------------------

RLO, PDF = "\u202e", "\u202c"
OVERRIDDEN = f"وقال الوزير إن الحكومة {RLO}مستقرة{PDF} وإن الوضع هادئ.\nوقال المتحدث إن {RLO}الاجتماع سيعقد غدا.\n"


def test_the_html_view_shows_bidi_overrides_and_isolates_each_claim(tmp_path: Path) -> None:
    article = tmp_path / "rlo.txt"
    article.write_text(OVERRIDDEN, encoding="utf-8")
    result = runner.invoke(app, ["report", str(article), "--html", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    for control in ("\u202a", "\u202b", PDF, "\u202d", RLO, "\u2066", "\u2067", "\u2068"):
        assert control not in page.replace('"\\u2068"', "")
    assert page.count("[U+202E]") >= 2 + 1  # both in the text, and in the list of claims
    assert "[U+202C]" in page
    assert '<div class="said"><bdi class="cue">وقال</bdi> <bdi>الحكومة [U+202E]مستقرة[U+202C]' in page


# --- item 11: spreadsheet formulas --------------------------------------------------------


@pytest.mark.parametrize("content", [" =1+2", "\t=1+2", "\n=1+2", "\uff1d1+2", "  \n@SUM(A1)", "\u3000+1", "\uff0d1"])
def test_a_formula_after_white_space_or_in_fullwidth_is_guarded(content: str) -> None:
    text = f"قال الوزير {content}"
    start = text.index(content)
    result = ArticleClaims.model_validate({
        "article": {"id": "f", "title": content, "length": len(text)},
        "claims": [{
            "id": "f:0-3", "sentence": 0, "cue": {"text": "قال", "start": 0, "end": 3, "lemma": "قال"},
            "speaker": None, "source": None, "content": {"text": content, "start": start, "end": len(text)},
            "stance": "neutral", "type": "direct",
        }],
    })
    [row] = list(csv_rows([result]))
    assert row[2] == FORMULA_GUARD + content  # the title
    assert row[16] == FORMULA_GUARD + content  # the content
