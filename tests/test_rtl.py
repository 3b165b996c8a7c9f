"""The --bidi modes, in process: the choice of `auto`, the reordering, the isolates, the widths.

tests/test_terminal.py checks the same in a real terminal (tmux).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bidi.algorithm import get_display
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.models import ArticleClaims, ArticleInfo, Claim
from attrib.present.bidi import FSI, LRI, PDI, RLI, BidiMode, BidiText, choose_mode, isolate, visual
from attrib.present.terminal import article_records, article_report

ISOLATES = (FSI, LRI, RLI, PDI)
SHADDA, FATHA, DAMMA = "\u0651", "\u064e", "\u064f"


@pytest.mark.parametrize(
    ("environ", "is_terminal", "expected"),
    [
        ({"VTE_VERSION": "7600"}, False, BidiMode.off),  # piped: logical order, nothing added
        ({}, True, BidiMode.visual),  # an unknown terminal: most do not reorder
        ({"VTE_VERSION": "7600"}, True, BidiMode.terminal),  # GNOME Terminal and other VTE ones
        ({"VTE_VERSION": "5202"}, True, BidiMode.visual),  # VTE before 0.58 did not reorder
        ({"VTE_VERSION": "7600", "TMUX": "/tmp/tmux-0/default,1,0", "TERM_PROGRAM": "tmux"}, True,
         BidiMode.terminal),  # tmux inside GNOME Terminal: the outer terminal reorders
        ({"KONSOLE_VERSION": "230804"}, True, BidiMode.terminal),
        ({"MLTERM": "3.9.3"}, True, BidiMode.terminal),
        ({"TERM_PROGRAM": "Apple_Terminal"}, True, BidiMode.terminal),
        ({"TERM_PROGRAM": "mintty"}, True, BidiMode.terminal),
        ({"TERM_PROGRAM": "iTerm.app"}, True, BidiMode.visual),
        ({"TERM_PROGRAM": "vscode"}, True, BidiMode.visual),
        ({"WT_SESSION": "9f1c0a6e-0000-0000-0000-000000000000"}, True, BidiMode.visual),
        ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, True, BidiMode.visual),
    ],
)
def test_auto_chooses_from_the_environment(environ: dict[str, str], is_terminal: bool, expected: BidiMode) -> None:
    assert choose_mode(environ, is_terminal) is expected


@pytest.mark.parametrize(
    ("logical", "rtl", "screen"),
    [
        ("عبد اللطيف رشيد", True, "ديشر فيطللا دبع"),
        ("وكالة الأنباء (واع)", True, "(عاو) ءابنألا ةلاكو"),  # brackets mirrored
        ("قال: «نعم» ثم", True, "مث «معن» :لاق"),
        ("في 12 مايو", True, "ويام 12 يف"),  # numbers stay left to right
        ("via وكالة الأنباء", True, "ءابنألا ةلاكو via"),
        ("via وكالة الأنباء", False, "via ءابنألا ةلاكو"),
        ("موقع Axios الأمريكي", True, "يكيرمألا Axios عقوم"),
        ("neutral×2", False, "neutral×2"),
        # Harakat stay after their letter, where a terminal puts them on it.
        (f"م{DAMMA}ح{FATHA}م{SHADDA}د", True, f"دم{SHADDA}ح{FATHA}م{DAMMA}"),
    ],
)
def test_visual_order(logical: str, rtl: bool, screen: str) -> None:
    assert visual(logical, rtl) == screen


@pytest.mark.parametrize("line", ["عبد اللطيف رشيد", "وكالة (واع) في 12 مايو", "قال «Reuters» إن", "abc عربي def"])
@pytest.mark.parametrize("rtl", [True, False])
def test_visual_is_python_bidi_display_order(line: str, rtl: bool) -> None:
    assert visual(line, rtl) == get_display(line, base_dir="R" if rtl else "L")


@pytest.mark.parametrize(
    ("line", "rtl", "opening"),
    [
        ("عبد اللطيف رشيد", True, FSI),
        ("neutral", False, FSI),
        ("via وكالة الأنباء", True, RLI),  # a Latin word first would make FSI left to right
        ("12 مايو", True, FSI),  # digits are not strong: FSI finds the Arabic
        ("Reuters وكالة", False, FSI),
        ("وكالة Reuters", False, LRI),
    ],
)
def test_isolate(line: str, rtl: bool, opening: str) -> None:
    assert isolate(line, rtl) == (opening, PDI)


def _lines(renderable: object, width: int = 40) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


@pytest.mark.parametrize("mode", [BidiMode.visual, BidiMode.terminal])
def test_bidi_text_wraps_first_then_lays_out_each_line(mode: BidiMode) -> None:
    text = Text("في أحدث اللقاءات اجتمع رئيس النظام السوري مع الرئيس العراقي")
    plain = _lines(text, 24)
    shown = _lines(BidiText(text, mode), 24)
    assert len(shown) == len(plain) > 1
    for before, after in zip(plain, shown, strict=True):
        words = before.strip()
        assert cell_len(after) == 24  # right-aligned: the padding is on the left
        assert after.endswith(visual(words, True) if mode is BidiMode.visual else FSI + words + PDI)


def test_bidi_text_keeps_styles_with_their_letters() -> None:
    text = Text("عبد اللطيف ")
    text.append("رشيد", style="bold")
    console = Console(width=40, color_system="standard", force_terminal=True, record=True)
    console.print(BidiText(text, BidiMode.visual))
    assert console.export_text(styles=True).strip() == "\x1b[1mديشر\x1b[0m فيطللا دبع"


TEXT = "وقال الرئيس العراقي عبد اللطيف رشيد إن التعاون المشترك مستمر، بحسب وكالة الأنباء العراقية (واع)."


def _claim() -> Claim:
    def span(piece: str) -> dict[str, object]:
        start = TEXT.index(piece)
        return {"text": piece, "start": start, "end": start + len(piece)}

    return Claim.model_validate({
        "id": "a:0-4", "sentence": 0, "cue": {**span("وقال"), "lemma": "قال"},
        "speaker": {**span("الرئيس العراقي عبد اللطيف رشيد"), "name": "عبد اللطيف رشيد",
                    "role": "الرئيس العراقي", "kind": "person"},
        "source": span("وكالة الأنباء العراقية (واع)"),
        "content": span("التعاون المشترك مستمر"), "stance": "neutral", "type": "indirect",
    })


ARTICLE = ArticleClaims(article=ArticleInfo(id="a", title="تعاون عراقي", length=len(TEXT)), claims=[_claim()])


@pytest.mark.parametrize("layout", [article_report, article_records])
@pytest.mark.parametrize("width", [60, 80, 120])
def test_visual_only_moves_letters_within_their_cells(layout: object, width: int) -> None:
    """Every screen line keeps its width, and every column its place, between the modes."""
    logical = [_plain(line) for line in _lines(layout(ARTICLE, BidiMode.terminal), width)]  # type: ignore[operator]
    shown = _lines(layout(ARTICLE, BidiMode.visual), width)  # type: ignore[operator]
    assert len(shown) == len(logical) == len(_lines(layout(ARTICLE, BidiMode.off), width))  # type: ignore[operator]
    for before, line in zip(logical, shown, strict=True):
        assert cell_len(line) == cell_len(before) <= width
        assert sorted(line) == sorted(before)  # the same characters (brackets come in pairs)
        # Latin cells (numbers, stances, labels) are where they were.
        for word in ("neutral", "person", "speaker", "claims", "kind"):
            assert line.find(word) == before.find(word)


def _plain(line: str) -> str:
    return "".join(char for char in line if char not in ISOLATES)


def test_off_adds_nothing() -> None:
    output = "\n".join(_lines(article_report(ARTICLE, BidiMode.off), 100))
    assert not any(mark in output for mark in ISOLATES)
    assert "عبد اللطيف رشيد" in output


# --- through the command line ------------------------------------------------------

runner = CliRunner()
NAME = "عبد اللطيف رشيد"


@pytest.fixture
def article_txt(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(TEXT + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("arguments", "environ", "written"),
    [
        ([], {}, NAME),  # auto, and the output is not a terminal: off
        (["--bidi", "visual"], {}, NAME[::-1]),
        (["--bidi", "terminal"], {}, FSI + NAME + PDI),
        ([], {"ATTRIB_BIDI": "visual"}, NAME[::-1]),
        (["--records", "--bidi", "visual"], {}, NAME[::-1]),
        (["--records", "--bidi", "terminal"], {}, NAME),  # records need no isolates
    ],
)
def test_report_bidi_options(article_txt: Path, arguments: list[str], environ: dict[str, str], written: str) -> None:
    clean: dict[str, str | None] = {"ATTRIB_BIDI": None}  # not the developer's own setting
    result = runner.invoke(app, ["report", str(article_txt), "--width", "100", *arguments], env={**clean, **environ})
    assert result.exit_code == 0, result.output
    assert written in result.stdout
    if written == NAME:
        assert not any(mark in result.stdout for mark in ISOLATES)
    assert ("claim 1 · " in result.stdout) is ("--records" in arguments)


def test_report_bidi_rejects_an_unknown_mode(article_txt: Path) -> None:
    result = runner.invoke(app, ["report", str(article_txt), "--bidi", "rtl"])
    assert result.exit_code == 2
