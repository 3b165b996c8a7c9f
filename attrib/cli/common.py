"""What every command line module shares: exit codes, options, output, pattern problems.

A module of its own because main.py registers the tracker's commands
(batch.py, db.py), which could then not import from main.py.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO, NoReturn

import typer
from rich.markup import escape

from attrib.lexicon.patterns import check_patterns
from attrib.present.bidi import BidiMode
from attrib.present.terminal import plural, visible
from attrib.read.corpus import FileId, file_id

DONE = 0
INPUT_FAILED = 1
USAGE = 2  # typer raises it itself for a bad option; here for an unusable file
BAD_PATTERNS = 3
STOPPED = 4
DB_LOCKED = 5
DB_DAMAGED = 6
INTERRUPTED = 130  # 128 + SIGINT, as shells report it

# The one table of exit codes: every command's help lists the codes it can
# return from here, and the README's table is checked against it.
EXIT_CODES: dict[int, str] = {
    DONE: "every input was read and processed",
    INPUT_FAILED: "some inputs failed (each on stderr); the others were still processed;"
    " or the output could not be written (a full disk): one line, a partial file removed"
    " (a batch keeps its complete lines for --resume)",
    USAGE: "usage error: bad option or value, unusable database or output file or folder"
    " (missing, empty, not a claim database, read-only for db add),"
    " an output that is the same file as an input, a Dask scheduler that cannot be reached,"
    " or --engine dask without attrib[cluster]",
    BAD_PATTERNS: "invalid pattern or aliases files, every problem listed on stderr",
    STOPPED: "stopped early, a worker process died (on a Dask cluster: one partition's workers,"
    " again and again); what was done is kept",
    DB_LOCKED: "the claim database stayed locked by another writer for 10 s; what was done is kept, try again",
    DB_DAMAGED: "the claim database is damaged (corrupted pages, broken constraints); restore a copy",
    INTERRUPTED: "interrupted (Ctrl-C); what was done is kept",
}
ARTICLE_CODES = (DONE, INPUT_FAILED, USAGE, BAD_PATTERNS)  # report, export, eval
PATTERN_CODES = (DONE, USAGE, BAD_PATTERNS)  # patterns check
QUERY_CODES = (DONE, USAGE, BAD_PATTERNS, DB_LOCKED, DB_DAMAGED)  # the db commands that only read
DB_EXPORT_CODES = (*ARTICLE_CODES, DB_LOCKED, DB_DAMAGED)  # db export (1: a failed write)
CORPUS_CODES = tuple(EXIT_CODES)  # batch and db add: every code


def exit_codes(codes: tuple[int, ...]) -> str:
    """A help epilog listing `codes` with their meaning from `EXIT_CODES` (brackets escaped:
    rich would read attrib[cluster] as markup and drop it)."""
    return "Exit codes:\n" + "\n".join(f"  {code:<3}  {escape(EXIT_CODES[code])}" for code in codes)


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
Bidi = Annotated[
    BidiMode,
    typer.Option(
        "--bidi", envvar="ATTRIB_BIDI",
        help="Arabic for the terminal: visual (reordered here, for terminals that do not),"
        " terminal (cells isolated, for terminals that reorder: GNOME/VTE, Konsole, mlterm),"
        " off (logical order), auto (off when piped, else chosen from the environment).",
    ),
]
Records = Annotated[
    bool, typer.Option("--records", help="One field a line instead of tables: readable in any terminal.")
]


def fail(message: str, code: int) -> NoReturn:
    """`error: message` on stderr, then exit with `code`."""
    typer.echo(f"error: {visible(message)}", err=True)
    raise typer.Exit(code)


def list_problems(problems: list[str], directory: Path | None) -> str:
    """Every problem on stderr, as `file:line: message`; returns the summary that ends the list."""
    for problem in problems:
        typer.echo(visible(problem), err=True)
    where = directory if directory is not None else "the bundled pattern set"
    return f"{plural(len(problems), 'problem')} in {where}"


def exit_bad_patterns(problems: list[str], directory: Path | None) -> NoReturn:
    """List every problem, then a summary line; exit 3."""
    fail(list_problems(problems, directory), BAD_PATTERNS)


def check_pattern_set(directory: Path | None) -> None:
    """Check the patterns and aliases: every problem of both, then exit 3; return if there is none."""
    problems = check_patterns(directory)
    if problems:
        exit_bad_patterns(problems, directory)


def refuse_input_as_output(output: Path | None, inputs: Sequence[str | Path], option: str = "-o") -> None:
    """Exit 2 if the output file is one of the inputs (the same file by device and inode,
    through any symlink or hard link): opening it for writing would destroy that input."""
    if output is None or str(output) == "-":
        return
    try:
        written = os.stat(output)
    except OSError:
        return  # not there yet (or not reachable): it cannot be an input
    for path in inputs:
        if str(path) == "-":
            continue
        try:
            read = os.stat(path)
        except OSError:
            continue  # reported when it is read
        if os.path.samestat(written, read):
            fail(f"{option} {output}: the same file as the input {path}; it would be destroyed", USAGE)


@contextmanager
def output_stream(
    path: Path | None, *, append: bool = False, option: str = "-o", keep_partial: str | None = None
) -> Iterator[BinaryIO]:
    """Standard output, or the file given with `option` (-o, --html), as bytes (JSON is always UTF-8).

    A write that fails (a full disk) ends the command with one line and exit 1. A partial
    file is removed, unless `keep_partial` says why it is worth keeping (a batch's complete lines).
    """
    to_stdout = path is None or str(path) == "-"
    if to_stdout:
        stream = typer.get_binary_stream("stdout")
    else:
        assert path is not None
        try:
            stream = path.open("ab" if append else "wb")
        except OSError as error:
            raise typer.BadParameter(
                f"cannot write {path}: {error.strerror or error}", param_hint=f"'{option}'"
            ) from None
    try:
        yield stream
        stream.flush()
        if not to_stdout:
            stream.close()
    # Inputs report their own read errors (as InputError): an OSError here is the output's.
    except OSError as error:
        fail(_unwritten(stream, path if not to_stdout else None, error, keep_partial), INPUT_FAILED)
    finally:
        if not to_stdout:
            _close_quietly(stream)


def _unwritten(stream: BinaryIO, path: Path | None, error: OSError, keep_partial: str | None) -> str:
    """The message for an output that could not be written, its partial file removed unless kept."""
    message = f"{path if path is not None else '<stdout>'}: cannot write: {error.strerror or error}"
    if path is None:
        return message + "; the output is incomplete"
    regular = _is_regular(stream)
    _close_quietly(stream)
    if not regular:
        return message  # a device or a pipe: nothing to remove
    if keep_partial is not None:
        return f"{message}; {keep_partial}"
    try:
        path.unlink()
    except OSError:
        return message + "; the output is incomplete"
    return message + "; the partial output was removed"


def _is_regular(stream: BinaryIO) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):
        return False


def _close_quietly(stream: BinaryIO) -> None:
    """Close a file whose last writes failed: closing flushes again, and fails again."""
    try:
        stream.close()
    except OSError:
        pass


def file_ids(stream: BinaryIO) -> frozenset[FileId]:
    """The (device, inode) of the file a stream writes, if it is one: the folders walked leave it out."""
    try:
        return frozenset({file_id(os.fstat(stream.fileno()))})
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError and a ValueError
        return frozenset()

