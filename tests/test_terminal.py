"""The report as a person sees it: run in a real terminal (tmux), screen captured, read back.

tmux keeps what a program writes cell by cell and does no bidi reordering, like
xterm or Windows Terminal; so the `visual` screen is read as such a terminal
shows it. For terminals that reorder (VTE, Konsole, mlterm), the captured
screen of `terminal` mode is passed line by line through the Unicode
Bidirectional Algorithm, as those terminals do (python-bidi's Rust
implementation, which knows isolates), and must then show what `visual` shows.

What is checked: the Arabic words read in order (right to left, line after
line), each in its own column, and the columns and rules stay in place.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from bidi import get_display as terminal_reorders

from attrib.extract.pipeline import extract
from attrib.models import Article, Claim
from attrib.present.bidi import FSI, LRI, PDI, RLI
from attrib.present.terminal import one_line, shorten

TMUX = shutil.which("tmux")
ATTRIB = Path(sys.executable).with_name("attrib")
pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="needs tmux (apt-get install tmux)"),
    pytest.mark.skipif(not ATTRIB.exists(), reason=f"needs the attrib command beside {sys.executable}"),
]

WIDTH, HEIGHT = 100, 50
ISOLATES = (FSI, LRI, RLI, PDI)
MIRRORED = str.maketrans("()«»[]", ")(»«][")
TITLE = "تعاون سوري عراقي"
TEXT = (
    "وقال الرئيس العراقي عبد اللطيف رشيد إن التعاون المشترك مع سوريا مستمر في مكافحة الإرهاب وضبط الحدود. "
    "ونفى المتحدث باسم وزارة الداخلية ما تردد عن انسحاب القوات من البادية. "
    "وحذر المحلل السياسي مصطفى النعيمي من تصاعد هجمات التنظيم في المنطقة الشرقية، بحسب وكالة الأنباء العراقية.\n"
)
CLAIMS = extract(Article(id="a", text=TEXT, title=TITLE)).claims


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("article") / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "title": TITLE, "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_in_tmux(tmp_path: Path, arguments: list[str], environ: dict[str, str] | None = None) -> list[str]:
    """Run `attrib ARGUMENTS` in a fresh tmux server of WIDTH columns; the screen and scrollback once it exits."""
    config = tmp_path / "tmux.conf"
    config.write_text("set -g remain-on-exit on\nset -g history-limit 5000\n", encoding="utf-8")
    # A server of its own, named rather than given a socket path (those are limited to 108 bytes).
    tmux = [str(TMUX), "-u", "-L", f"attrib-test-{uuid.uuid4().hex}", "-f", str(config)]
    # A clean environment: no VTE_VERSION or ATTRIB_BIDI of the developer's own terminal.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", **(environ or {}),
    }
    command = shlex.join([str(ATTRIB), "report", *arguments])
    subprocess.run([*tmux, "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), command],
                   env=env, check=True, timeout=30)
    socket = _tmux(tmux, env, "display-message", "-p", "#{socket_path}").strip()
    try:
        deadline = time.monotonic() + 30
        while _tmux(tmux, env, "display-message", "-p", "#{pane_dead}").strip() != "1":
            assert time.monotonic() < deadline, "attrib did not finish in tmux"
            time.sleep(0.1)
        screen = _tmux(tmux, env, "capture-pane", "-p", "-S", "-", "-E", "-")
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True, timeout=30)
        Path(socket).unlink(missing_ok=True)
    lines = screen.splitlines()
    while lines and not lines[-1].strip() or lines and lines[-1].startswith("Pane is dead"):
        lines.pop()
    return lines


def _tmux(tmux: list[str], env: dict[str, str], *arguments: str) -> str:
    return subprocess.run([*tmux, *arguments], env=env, check=True, capture_output=True,
                          text=True, encoding="utf-8", timeout=30).stdout


@pytest.fixture(scope="module")
def screens(article: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The screens of the report in each mode, tables and records."""
    runs = {
        "visual": ["--bidi", "visual"],
        "terminal": ["--bidi", "terminal"],
        "off": ["--bidi", "off"],
        "records visual": ["--records", "--bidi", "visual"],
        "records off": ["--records", "--bidi", "off"],
    }
    return {
        name: run_in_tmux(tmp_path_factory.mktemp("tmux"), [str(article), *arguments])
        for name, arguments in runs.items()
    }


# --- reading a screen ------------------------------------------------------------------


def cells(line: str) -> list[str]:
    """The screen cells of a line: marks and invisible format characters go with the cell before."""
    found: list[str] = []
    for char in line:
        if found and (unicodedata.combining(char) or unicodedata.category(char) == "Cf"):
            found[-1] += char
        else:
            found.append(char)
    return found


def column(line: str, start: int, end: int | None = None) -> str:
    return "".join(cells(line)[start:end])


def plain(text: str) -> str:
    """Without the isolates (which take no cell)."""
    return "".join(char for char in text if char not in ISOLATES)


def read_rtl(screen: str) -> str:
    """What a reader gets from a line of Arabic on a screen that shows cells as written:
    from the right edge leftwards, Latin words and numbers each read left to right.
    A line with no Arabic letter is read left to right."""
    if not any("\u0600" <= char <= "\u06ff" for char in screen):
        return screen.strip()
    reversed_ = screen.strip()[::-1].translate(MIRRORED)
    words, latin = [], ""
    for char in reversed_ + " ":
        if char.isascii() and char.isalnum():
            latin += char
            continue
        if latin:
            words.append(latin[::-1])
            latin = ""
        words.append(char)
    return "".join(words).strip()


def bidi_terminal(lines: list[str]) -> list[str]:
    """The screen as a terminal that reorders shows it: each line is a left-to-right paragraph."""
    return [plain(terminal_reorders(line, base_dir="L")) for line in lines]


def claim_rows(lines: list[str]) -> tuple[dict[str, int], list[list[str]]]:
    """The claims table: where each column starts, and each claim's lines."""
    head = next(i for i, line in enumerate(lines) if "speaker · source" in line and "content" in line)
    header = lines[head]
    starts = {name: header.index(name) for name in ("#", "speaker · source", "cue", "stance", "content")}
    assert set(lines[head + 1]) == {"─"} and len(lines[head + 1]) == WIDTH  # the rule under the header
    rows: list[list[str]] = [[]]
    for line in lines[head + 2:]:
        if line.strip() == "speakers":
            break
        if line.strip():
            rows[-1].append(line)
        elif rows[-1]:
            rows.append([])
    return starts, [row for row in rows if row]


def cell_lines(row: list[str], starts: dict[str, int], name: str) -> list[str]:
    """The lines of one cell of a row, stripped, empty ones left out."""
    order = list(starts)
    end = starts[order[order.index(name) + 1]] if name != order[-1] else None
    return [text.strip() for line in row if (text := column(line, starts[name], end)).strip()]


def speaker_lines(claim: Claim) -> list[str]:
    lines = [claim.speaker.name] if claim.speaker else ["(no speaker)"]
    if claim.speaker and claim.speaker.role and claim.speaker.role not in claim.speaker.name:
        lines.append(claim.speaker.role)
    if claim.source and not (claim.speaker and claim.speaker.text == claim.source.text):
        lines.append(f"via {claim.source.text}")
    return lines


def reads(lines: list[str], expected: str) -> bool:
    """Whether the cell's lines, read right to left and top to bottom, give `expected`, its words in order."""
    return " ".join(read_rtl(line) for line in lines).split() == expected.split()


# --- the tests ---------------------------------------------------------------------------


def test_the_article_has_claims_of_several_shapes() -> None:
    assert len(CLAIMS) >= 3
    assert any(c.source for c in CLAIMS) and any(c.speaker and c.speaker.role for c in CLAIMS)


def test_visual_reads_in_order_on_a_terminal_that_does_not_reorder(screens: dict[str, list[str]]) -> None:
    starts, rows = claim_rows(screens["visual"])
    assert len(rows) == len(CLAIMS)
    for number, (row, claim) in enumerate(zip(rows, CLAIMS, strict=True), start=1):
        assert reads(cell_lines(row, starts, "content"), shorten(claim.content.text))
        assert reads(cell_lines(row, starts, "cue"), one_line(claim.cue.text))
        speaker = cell_lines(row, starts, "speaker · source")
        assert " ".join(map(read_rtl, speaker)).split() == " ".join(speaker_lines(claim)).split()
        # The columns line up: the number ends, and the stance starts, under their headers.
        first = cells(row[0])
        assert first[starts["#"]] == str(number)[-1]
        assert column(row[0], starts["stance"]).startswith(claim.stance)
        assert all(len(cells(line)) <= WIDTH for line in row)


def test_visual_screen_has_the_arabic_reversed_not_in_logical_order(screens: dict[str, list[str]]) -> None:
    screen = "\n".join(screens["visual"])
    name = "عبد اللطيف رشيد"
    assert name[::-1] in screen and name not in screen
    assert not any(mark in screen for mark in ISOLATES)


def test_terminal_mode_isolates_each_cell_line(screens: dict[str, list[str]]) -> None:
    starts, rows = claim_rows(screens["terminal"])
    assert len(rows) == len(CLAIMS)
    for row, claim in zip(rows, CLAIMS, strict=True):
        content = cell_lines(row, starts, "content")
        assert all(line[0] in (FSI, RLI, LRI) and line.endswith(PDI) for line in content)
        assert " ".join(plain(line) for line in content) == shorten(claim.content.text)
        assert cell_lines(row, starts, "cue") == [FSI + one_line(claim.cue.text) + PDI]
        assert column(row[0], starts["stance"]).startswith(claim.stance)


def test_terminal_mode_on_a_terminal_that_reorders_shows_what_visual_shows(
    screens: dict[str, list[str]],
) -> None:
    reordered = [line.rstrip().translate(MIRRORED) for line in bidi_terminal(screens["terminal"])]
    visual = [line.rstrip().translate(MIRRORED) for line in screens["visual"]]
    # (Compared without mirroring: the terminal's algorithm here does not mirror brackets.)
    assert reordered == visual


def test_without_isolates_a_terminal_that_reorders_swaps_the_cells(screens: dict[str, list[str]]) -> None:
    """The problem `terminal` mode solves: two Arabic cells on a line become one right-to-left run."""
    starts, rows = claim_rows(bidi_terminal(screens["off"]))
    scrambled = [
        row for row, claim in zip(rows, CLAIMS, strict=True)
        if not reads(cell_lines(row, starts, "cue"), one_line(claim.cue.text))
    ]
    assert scrambled


def test_records_read_in_order_in_visual_mode(screens: dict[str, list[str]]) -> None:
    _check_records(screens["records visual"])


def test_records_read_in_order_on_a_terminal_that_reorders_even_with_bidi_off(
    screens: dict[str, list[str]],
) -> None:
    _check_records(bidi_terminal(screens["records off"]))


def _check_records(lines: list[str]) -> None:
    fields = dict(_records(lines))
    for number, claim in enumerate(CLAIMS, start=1):
        record = fields[f"claim {number} · {claim.stance} · {claim.type}"]
        assert reads(record["cue"], one_line(claim.cue.text))
        assert reads(record["content"], one_line(claim.content.text))  # whole, not shortened
        if claim.speaker:
            assert reads(record["speaker"], claim.speaker.name)
        if claim.source:
            assert reads(record["source"], claim.source.text)


def _records(lines: list[str]) -> Iterator[tuple[str, dict[str, list[str]]]]:
    """Each record: its title line, and its values by label (a value's continuation lines included)."""
    title, values, label = "", {}, ""
    for line in lines:
        if not line.strip():
            continue
        if not line.startswith(" "):
            if title:
                yield title, values
            title, values = line.strip(), {}
            continue
        value_at = 0  # a value's continuation line
        if not line.startswith("   "):  # "  label value"
            label = line.split()[0]
            value_at = line.index(label) + len(label)
        values.setdefault(label, []).append(column(line, value_at).strip())
    if title:
        yield title, values


@pytest.mark.parametrize(
    ("environ", "isolated"),
    [({"VTE_VERSION": "7600"}, True), ({"WT_SESSION": "1"}, False)],
    ids=["GNOME Terminal", "Windows Terminal"],
)
def test_auto_follows_the_terminal(article: Path, tmp_path: Path, environ: dict[str, str], isolated: bool) -> None:
    screen = "\n".join(run_in_tmux(tmp_path, [str(article)], environ))
    name = "عبد اللطيف رشيد"
    assert (FSI + name + PDI in screen) is isolated
    assert (name[::-1] in screen) is not isolated
