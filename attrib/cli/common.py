"""What every command line module shares: exit codes, options, output, pattern problems.

A module of its own because main.py registers the tracker's commands
(batch.py, db.py), which could then not import from main.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO, NoReturn

import typer

from attrib.lexicon.aliases import check_aliases
from attrib.lexicon.patterns import check_patterns
from attrib.present.terminal import plural

DONE = 0
INPUT_FAILED = 1
USAGE = 2  # typer raises it itself for a bad option; here for an unusable file
BAD_PATTERNS = 3
STOPPED = 4
INTERRUPTED = 130  # 128 + SIGINT, as shells report it

# The one table of exit codes: every command's help lists the codes it can
# return from here, and the README's table is checked against it.
EXIT_CODES: dict[int, str] = {
    DONE: "every input was read and processed",
    INPUT_FAILED: "some inputs failed (each on stderr); the others were still processed",
    USAGE: "usage error: bad option or value, unusable database or output file",
    BAD_PATTERNS: "invalid pattern or aliases files, every problem listed on stderr",
    STOPPED: "stopped early, a worker process died; what was done is kept",
    INTERRUPTED: "interrupted (Ctrl-C); what was done is kept",
}
ARTICLE_CODES = (DONE, INPUT_FAILED, USAGE, BAD_PATTERNS)  # report, export, eval
QUERY_CODES = (DONE, USAGE, BAD_PATTERNS)  # patterns check, and the db commands that only read
CORPUS_CODES = tuple(EXIT_CODES)  # batch and db add: every code


def exit_codes(codes: tuple[int, ...]) -> str:
    """A help epilog listing `codes` with their meaning from `EXIT_CODES`."""
    return "Exit codes:\n" + "\n".join(f"  {code:<3}  {EXIT_CODES[code]}" for code in codes)


def _check_encoding(value: str | None) -> str | None:
    """Reject an unknown codec as a usage error, before any input is read."""
    if value is not None:
        # Not b"": decoding empty bytes succeeds without looking the codec up.
        try:
            b" ".decode(value, "ignore")
        except LookupError:  # unknown, or not a text encoding (base64)
            raise typer.BadParameter(f"unknown encoding {value!r}") from None
    return value


def patterns_option(help: str) -> Any:
    """`--patterns DIR`, an existing folder; `help` says what the command uses of it."""
    return typer.Option("--patterns", metavar="DIR", help=help, exists=True, file_okay=False)


def encoding_option(help: str) -> Any:
    """`--encoding ENC`, checked to be a text encoding before any input is read."""
    return typer.Option("--encoding", metavar="ENC", help=help, callback=_check_encoding)


Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE instead of standard output."
    ),
]
Width = Annotated[
    int | None, typer.Option("--width", metavar="N", min=40, help="Lay out for N columns (default: the terminal).")
]


def fail(message: str, code: int) -> NoReturn:
    """`error: message` on stderr, then exit with `code`."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def list_problems(problems: list[str], directory: Path | None) -> str:
    """Every problem on stderr, as `file:line: message`; returns the summary that ends the list."""
    for problem in problems:
        typer.echo(problem, err=True)
    where = directory if directory is not None else "the bundled pattern set"
    return f"{plural(len(problems), 'problem')} in {where}"


def exit_bad_patterns(problems: list[str], directory: Path | None) -> NoReturn:
    """List every problem, then a summary line; exit 3."""
    fail(list_problems(problems, directory), BAD_PATTERNS)


def check_pattern_set(directory: Path | None) -> None:
    """Check the patterns and aliases: every problem of both, then exit 3; return if there is none."""
    problems = check_patterns(directory) + check_aliases(directory)
    if problems:
        exit_bad_patterns(problems, directory)


@contextmanager
def output_stream(path: Path | None, *, append: bool = False) -> Iterator[BinaryIO]:
    """Standard output, or the file given with -o, as bytes (JSON is always UTF-8)."""
    if path is None or str(path) == "-":
        stdout = typer.get_binary_stream("stdout")
        yield stdout
        stdout.flush()
        return
    try:
        stream = path.open("ab" if append else "wb")
    except OSError as error:
        raise typer.BadParameter(
            f"cannot write {path}: {error.strerror or error}", param_hint="'-o'"
        ) from None
    with stream:
        yield stream
