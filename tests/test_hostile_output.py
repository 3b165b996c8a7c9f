"""Article text that attacks where it is shown (issue 11): terminal escapes, script break-outs,
bidi overrides, spreadsheet formulas. Every output keeps the text, harmless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app

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
