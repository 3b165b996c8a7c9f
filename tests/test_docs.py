"""Every example in README.md and docs/*.md is the output of its command, so it cannot drift.

In the markdown, three kinds of marked blocks (the HTML comments do not show):

- `<!-- example -->` before a fenced block of `$ attrib ...` lines, each
  followed by what the command prints (stdout and stderr, as a terminal shows
  them). The test runs each command and compares, ignoring spaces at line ends.
- `<!-- file: NAME -->` before a fenced block: its text is written to NAME,
  for the examples after it to read.
- `<!-- table: NAME -->` before a markdown table made from the code (`TABLES`).

The blocks of one page run in order in one fresh folder holding `seeds/` and
the tracker's demo corpus (`demo/corpus`, from tracker_corpus.py), so a page
can build a database and query it. To rewrite every block from the commands:

    .venv/bin/python tests/test_docs.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from tracker_corpus import write_corpus  # noqa: E402  (a sibling module, found through the path above)

from attrib.cli.common import EXIT_CODES  # noqa: E402
from attrib.cli.main import app  # noqa: E402
from attrib.present.exports import CSV_COLUMNS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

BLOCK = re.compile(
    r"<!-- (?P<kind>example|file|table)(?:: (?P<name>[^>]*?))? -->\n"
    r"(?P<body>```[^\n]*\n.*?\n```\n|(?:\|[^\n]*\n)+)",
    re.S,
)
PROMPT = "$ "


def _exit_codes() -> str:
    rows = [f"| {code} | {meaning} |" for code, meaning in EXIT_CODES.items()]
    return "| code | meaning |\n|---|---|\n" + "\n".join(rows) + "\n"


def _csv_columns() -> str:
    rows = [f"| `{name}` | {meaning} |" for name, meaning in CSV_COLUMNS]
    return "| column | meaning |\n|---|---|\n" + "\n".join(rows) + "\n"


TABLES: dict[str, Callable[[], str]] = {"exit-codes": _exit_codes, "csv-columns": _csv_columns}

runner = CliRunner()


@contextmanager
def _workspace() -> Iterator[Path]:
    """A fresh folder with `seeds/` and `demo/corpus`, as the current directory."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="attrib-docs-") as name:
        folder = Path(name)
        (folder / "seeds").symlink_to(ROOT / "seeds")
        write_corpus(folder / "demo")
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(before)


def _run(command: str) -> str:
    """What `attrib ...` prints, stdout and stderr as a terminal shows them, no colour."""
    words = shlex.split(command)
    assert words[0] == "attrib", f"an example runs attrib, not {command!r}"
    result = runner.invoke(app, words[1:], env={"ATTRIB_BIDI": None, "NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command}: {result.exception!r}") from result.exception
    return result.output


def _session(body: str) -> str:
    """The fenced block again, each `$ command` line followed by what it prints now."""
    parts = body.split("\n")  # the fence, the lines, the closing fence, ""
    fence, lines = parts[0], parts[1:-2]
    commands = [line[len(PROMPT):] for line in lines if line.startswith(PROMPT)]
    assert commands, "an example block starts with `$ attrib ...`"
    out = [fence]
    for command in commands:
        out.append(PROMPT + command)
        out += [line.rstrip() for line in _run(command).rstrip("\n").split("\n")]
    return "\n".join(out) + "\n```\n"


def _fresh(text: str) -> str:
    """`text` with every marked block made anew: outputs run, files written, tables built."""

    def renew(match: re.Match[str]) -> str:
        kind, name, body = match["kind"], match["name"], match["body"]
        if kind == "file":
            content = body.split("\n", 1)[1].rsplit("```", 1)[0]
            Path(name).parent.mkdir(parents=True, exist_ok=True)
            Path(name).write_text(content, encoding="utf-8")
            new = body
        elif kind == "table":
            new = TABLES[name]()
        else:
            new = _session(body)
        return match[0][: match.start("body") - match.start()] + new

    return BLOCK.sub(renew, text)


def _trimmed(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_examples_are_what_the_commands_print(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    with _workspace():
        fresh = _fresh(text)
    assert _trimmed(fresh) == _trimmed(text), (
        f"{page.relative_to(ROOT)}: an example is not what its command prints;"
        " run `.venv/bin/python tests/test_docs.py --update` and read the diff"
    )


def test_every_fenced_attrib_session_is_marked() -> None:
    """A block of `$ attrib` lines that is not marked would not be checked."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        marked = {match.start("body") for match in BLOCK.finditer(text)}
        for fence in re.finditer(r"^```[^\n]*\n\$ attrib", text, re.M):
            assert fence.start() in marked, f"{page.name}: unmarked example at {text[fence.start():fence.start() + 60]!r}"


def test_every_link_to_a_page_of_docs_leads_somewhere() -> None:
    for page in PAGES:
        for target in re.findall(r"\]\(((?:docs/)?[\w-]+\.(?:md|png))(?:#[\w-]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def main() -> None:
    """`--update`: rewrite every marked block of every page from the commands."""
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_docs.py --update")
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        with _workspace():
            fresh = _fresh(text)
        if fresh != text:
            page.write_text(fresh, encoding="utf-8")
            print(f"updated {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
