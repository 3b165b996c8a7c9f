"""The root command and the commands on articles: report, export, eval, schema, patterns."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from attrib import __version__
from attrib.cli.batch import batch
from attrib.cli.common import (
    ARTICLE_CODES,
    CORPUS_CODES,
    INPUT_FAILED,
    PATTERN_CODES,
    Bidi,
    Output,
    Records,
    Width,
    check_pattern_set,
    encoding_option,
    exit_bad_patterns,
    exit_codes,
    output_stream,
    patterns_option,
    refuse_input_as_output,
)
from attrib.cli.db import db_app
from attrib.errors import AttribError, GoldError, InputError, PatternError
from attrib.extract.pipeline import extract, with_origin
from attrib.gold import read_gold
from attrib.lexicon.patterns import Patterns, freeze_loaded_patterns, load_patterns
from attrib.models import Article, ArticleClaims
from attrib.present.bidi import BidiMode, resolve_mode
from attrib.present.html import article_file_names, html_page, index_page
from attrib.present.terminal import (
    TerminalConsole,
    article_records,
    article_report,
    format_scores,
    visible,
)
from attrib.present.write import ExportFormat, write_results
from attrib.read.inputs import read_inputs, record_article
from attrib.scoring import score

app = typer.Typer(
    epilog=exit_codes(CORPUS_CODES),
    no_args_is_help=True,
    add_completion=False,
    # A bug is reported as a plain traceback, not a rich one that dumps every
    # local variable (whole articles) to the terminal.
    pretty_exceptions_enable=False,
)
patterns_app = typer.Typer(
    help="Work with pattern sets (reporting cues, frames, outlets).\n\n"
    "Example: attrib patterns check my-patterns/",
    epilog=exit_codes(PATTERN_CODES),
    no_args_is_help=True,
)
app.add_typer(patterns_app, name="patterns")


Files = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE",
        help="Articles: .txt files (id = file name), .jsonl corpora (one article a line),"
        " or - for standard input.",
        show_default=False,
    ),
]
PatternsDir = Annotated[Path | None, patterns_option("Use the pattern set in DIR instead of the bundled one.")]
Encoding = Annotated[
    str | None, encoding_option("Encoding of the input files (default: detected), e.g. cp1256.")
]


class _Failures:
    """Counts the inputs that failed, reporting each as one line on stderr."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, error: AttribError) -> None:
        typer.echo(f"error: {visible(str(error))}", err=True)
        self.count += 1

    def exit(self) -> NoReturn:
        raise typer.Exit(INPUT_FAILED if self.count else 0)


def _load_patterns(directory: Path | None) -> Patterns:
    """The pattern set, or exit 3 with every problem listed."""
    try:
        patterns = load_patterns(directory)
    except PatternError as error:
        exit_bad_patterns(error.problems, directory)
    freeze_loaded_patterns()
    return patterns


def _extract_all(
    paths: Sequence[str], encoding: str | None, patterns: Patterns, failures: _Failures
) -> Iterator[ArticleClaims]:
    """Read the inputs and extract each article; a failed input is reported and skipped."""
    for _, result in _extract_with_articles(paths, encoding, patterns, failures):
        yield result


def _extract_with_articles(
    paths: Sequence[str], encoding: str | None, patterns: Patterns, failures: _Failures
) -> Iterator[tuple[Article, ArticleClaims]]:
    """`_extract_all`, each result with the article it was extracted from (for views of the text)."""
    for item in read_inputs(paths, encoding):
        if isinstance(item, InputError):
            failures.report(item)
            continue
        yield item, with_origin(extract(item, patterns), item)  # a web page's site, encoding and text


def _version(value: bool) -> None:
    if value:
        typer.echo(f"attrib {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Who said what, per which source: attributed claims in Arabic news.

    Example: attrib report article.txt
    """


def _write_html_folder(folder: Path, pairs: list[tuple[str | None, ArticleClaims]]) -> None:
    """index.html in `folder`, and one annotated page per article, named after its id."""
    names = article_file_names(result for _, result in pairs)
    for name, pair in zip(names, pairs, strict=True):
        with output_stream(folder / name, option="--html") as stream:
            stream.write(html_page([pair]).encode("utf-8"))
    with output_stream(folder / "index.html", option="--html") as stream:
        stream.write(index_page(list(zip(names, (result for _, result in pairs), strict=True))).encode("utf-8"))


@app.command(epilog=exit_codes(ARTICLE_CODES))
def report(
    files: Files,
    patterns_dir: PatternsDir = None,
    encoding: Encoding = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text, even on a terminal.")] = False,
    width: Width = None,
    bidi: Bidi = BidiMode.auto,
    records: Records = False,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", metavar="FILE|DIR",
            help="Write the annotated articles as one self-contained HTML page to FILE (- for stdout)"
            " instead of printing the report; to a folder DIR (existing): index.html, linking to one"
            " page per article, with the speakers and outlets across them.",
        ),
    ] = None,
) -> None:
    """Print, for each article, its claims, its speakers and the outlets credited.

    Plain text when the output is not a terminal.

    Example: attrib report article.txt corpus.jsonl --width 100 --bidi visual
    """
    refuse_input_as_output(html, files, "--html")
    patterns = _load_patterns(patterns_dir)
    failures = _Failures()
    if html is not None:
        pairs = _extract_with_articles(files, encoding, patterns, failures)
        if html.is_dir():
            _write_html_folder(html, [(article.text, result) for article, result in pairs])
        else:
            page = html_page((article.text, result) for article, result in pairs)
            with output_stream(html, option="--html") as stream:
                stream.write(page.encode("utf-8"))
        failures.exit()
    console = TerminalConsole(
        color_system=None if no_color else "auto", width=width, highlight=False, emoji=False
    )
    mode = resolve_mode(bidi, console, os.environ)
    layout = article_records if records else article_report
    for index, result in enumerate(_extract_all(files, encoding, patterns, failures)):
        if index:
            console.print()
        console.print(layout(result, mode))
    failures.exit()


@app.command(epilog=exit_codes(ARTICLE_CODES))
def export(
    files: Files,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f",
            help="jsonl: one article a line. json: one object, or an array for several."
            " jsonld: schema.org NewsArticle and Claim nodes. claimreview: draft ClaimReview stubs."
            " csv: one claim a row, UTF-8 with a byte order mark.",
        ),
    ],
    output: Output = None,
    patterns_dir: PatternsDir = None,
    encoding: Encoding = None,
) -> None:
    """Write the claims of each article as JSON, JSON-LD or CSV, with character offsets into its text.

    Example: attrib export corpus.jsonl --format jsonl -o claims.jsonl
    """
    refuse_input_as_output(output, files)
    patterns = _load_patterns(patterns_dir)
    failures = _Failures()
    results = _extract_all(files, encoding, patterns, failures)
    with output_stream(output) as stream:
        write_results(results, output_format, stream)
    failures.exit()


@app.command("eval", epilog=exit_codes(ARTICLE_CODES))
def evaluate(
    gold_file: Annotated[
        Path, typer.Argument(metavar="GOLD", help="Annotated articles, one a line (ANNOTATION.md section 4).")
    ],
    errors: Annotated[
        bool, typer.Option("--errors", help="First list the missed, spurious and wrong claims.")
    ] = False,
    patterns_dir: PatternsDir = None,
) -> None:
    """Extract the articles of a gold file and score the claims against its annotations.

    Prints one metric a line, as eval/score.py does.

    Example: attrib eval eval/dev.jsonl --errors
    """
    patterns = _load_patterns(patterns_dir)
    failures = _Failures()
    try:
        gold, problems = read_gold(gold_file)
    except GoldError as error:
        failures.report(error)
        failures.exit()
    for problem in problems:  # each bad line reported; the others still scored
        failures.report(problem)
    predictions = {}
    for lineno, article in gold:
        try:
            # As a corpus line: a gold line is one, with its annotations beside.
            item = record_article(article, f"{gold_file}:{lineno}", article["id"])
        except InputError as error:
            failures.report(error)
            continue
        result = extract(item, patterns)
        predictions[result.article.id] = [claim.model_dump() for claim in result.claims]
    scores, error_lines = score([article for _, article in gold], predictions)
    lines = (error_lines if errors else []) + format_scores(scores)
    typer.echo(visible("\n".join(lines)))  # the errors quote claims
    failures.exit()


@app.command()
def schema() -> None:
    """Print the JSON Schema of an exported article (one line of `export --format jsonl`).

    Example: attrib schema > article-claims.schema.json
    """
    typer.echo(json.dumps(ArticleClaims.model_json_schema(), ensure_ascii=False, indent=2))


@patterns_app.command("check", epilog=exit_codes(PATTERN_CODES))
def patterns_check(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR", help="The pattern set to check (default: the bundled one).",
            exists=True, file_okay=False, show_default=False,
        ),
    ] = None,
) -> None:
    """Validate a pattern set: list every problem as file:line: message, or print ok.

    Example: attrib patterns check my-patterns/
    """
    check_pattern_set(directory)
    typer.echo(f"ok: {directory if directory is not None else 'bundled pattern set'}")


# The corpus tracker (issue 3): batch extraction and the claim database.
app.command(epilog=exit_codes(CORPUS_CODES))(batch)
app.add_typer(db_app, name="db")
