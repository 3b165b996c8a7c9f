"""Reading inputs: text files, JSONL corpora and standard input, as Article objects.

Errors are yielded, not raised, so one bad file or line is reported and the rest
still read. The text is kept exactly as decoded (only a byte order mark is
dropped): every offset downstream points into it.
"""

from __future__ import annotations

import itertools
import json
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from attrib.errors import InputError
from attrib.models import Article
from attrib.read.decode import UTF8_BOM, decode_text, file_stem, open_binary, os_message
from attrib.read.parquet import read_parquet_articles
from attrib.read.webpage import read_page_file

STDIN = "-"
STDIN_WHERE = "<stdin>"
STDIN_STEM = "stdin"
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")  # .gz: gzip-compressed
PARQUET_SUFFIXES = (".parquet",)
JSON_SUFFIXES = (".json",)
HTML_SUFFIXES = (".html", ".htm")
EXPORT_KEYS = {"article", "claims"}
JSON_WHITESPACE = " \t\n\r"
NOT_AN_ARTICLE = "an export of attrib (article and claims), not an article: give it to attrib batch or attrib db add"

def read_inputs(paths: Sequence[str], encoding: str | None = None) -> Iterator[Article | InputError]:
    """Articles from each path in turn; a failure is yielded as an InputError (not raised) so the caller reports it and goes on.

    `-` is standard input (a JSONL corpus if it starts with `{`, else one text);
    `*.jsonl` and `*.ndjson` are corpora, always UTF-8, read line by line (also
    gzip-compressed, `*.jsonl.gz`); `*.parquet` holds a corpus in columns (parquet.py);
    `*.json` is one article object or an array of them (`json_values`);
    `*.html` and `*.htm` are saved web pages (webpage.py); any other path is
    one text article named by the file stem. A corpus line without an `id`
    (or with an empty one) gets `"{stem}:{line}"`.
    """
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(encoding)
        elif path.lower().endswith(JSONL_SUFFIXES):
            yield from _read_jsonl_file(path)
        elif path.lower().endswith(JSON_SUFFIXES):
            yield from _read_json_file(path)
        elif path.lower().endswith(PARQUET_SUFFIXES):
            yield from read_parquet_articles(path)
        elif path.lower().endswith(HTML_SUFFIXES):
            yield read_page_file(path, encoding)
        else:
            yield _read_text_file(path, encoding)


def _read_text_file(path: str, encoding: str | None) -> Article | InputError:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return InputError(path, os_message(err))
    return _text_article(data, path, file_stem(path), encoding)


def _text_article(data: bytes, where: str, article_id: str, encoding: str | None) -> Article | InputError:
    try:
        text = decode_text(data, where, encoding)
    except InputError as err:
        return err
    if not text.strip():
        return InputError(where, "empty file")
    return Article(id=article_id, text=text, origin=where)


def _read_stdin(encoding: str | None) -> Iterator[Article | InputError]:
    """Standard input as bytes: peek at the first non-blank line to tell JSONL from text."""
    stream = sys.stdin.buffer
    head: list[bytes] = []
    start = b""
    while not start:
        line = stream.readline()
        if not line:
            break
        head.append(line)
        start = (line.removeprefix(UTF8_BOM) if len(head) == 1 else line).lstrip()
    if start.startswith(b"{"):
        yield from jsonl_articles(itertools.chain(head, stream), STDIN_WHERE, STDIN_STEM)
    else:
        yield _text_article(b"".join(head) + stream.read(), STDIN_WHERE, STDIN_STEM, encoding)


def _read_jsonl_file(path: str) -> Iterator[Article | InputError]:
    try:
        stream = open_binary(path)
    except OSError as err:
        yield InputError(path, os_message(err))
        return
    with stream:
        yield from jsonl_articles(read_lines(stream, path), path, file_stem(path))


def read_lines(stream: Iterable[bytes], where: str) -> Iterator[bytes | InputError]:
    """The lines of a stream; a read that fails midway (a damaged gzip file) ends them with its InputError."""
    try:
        yield from stream
    except OSError as err:  # gzip's BadGzipFile is one
        yield InputError(where, os_message(err))
    except EOFError:
        yield InputError(where, "cannot read: the compressed file is cut off")
    except zlib.error as err:
        yield InputError(where, f"cannot read: damaged compressed data ({err})")


def jsonl_articles(
    lines: Iterable[bytes | InputError], where: str, stem: str, first_line: int = 1, whole: bool = True
) -> Iterator[Article | InputError]:
    """One article per non-blank line, streamed; binary lines so only `\\n` ends a record.

    `first_line` is the number of the first line given (a partition of a file starts
    further on); `whole` says that the lines are the whole file, so none is an empty file.
    """
    seen = False
    for lineno, line in enumerate(lines, start=first_line):
        if isinstance(line, InputError):
            yield line
            return
        if lineno == 1:
            line = line.removeprefix(UTF8_BOM)
        if not line.strip():
            continue
        seen = True
        try:
            yield _record_article(line, f"{where}:{lineno}", f"{stem}:{lineno}")
        except InputError as err:
            yield err
    if whole and not seen:
        yield InputError(where, "empty file")


def _read_json_file(path: str) -> Iterator[Article | InputError]:
    """The articles of a .json file; an export of attrib is an error here (it has no text to read)."""
    for item in json_values(path):
        if isinstance(item, InputError):
            yield item
            continue
        where, value, default_id = item
        try:
            if is_export(value):
                raise InputError(where, NOT_AN_ARTICLE)
            yield record_article(value, where, default_id)
        except InputError as err:
            yield err


def json_values(path: str) -> Iterator[tuple[str, object, str] | InputError]:
    """The value of a .json file, or each item of its top-level array, as (where, value, default id).

    `where` names the line the value starts on; the default id is the file stem for one
    value, `stem:line` for the items of an array. A file that cannot be read or is not
    JSON is yielded as one InputError, located as the JSONL reader locates it.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        yield InputError(path, os_message(err))
        return
    stem = file_stem(path)
    data = data.removeprefix(UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield InputError(path, f"not UTF-8: bad byte 0x{data[err.start]:02x} at offset {err.start}")
        return
    if not text.strip(JSON_WHITESPACE):
        yield InputError(path, "empty file")
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        yield InputError(f"{path}:{err.lineno}", f"not JSON: {err.msg.removesuffix(' at')} at column {err.colno}")
        return
    except RecursionError:
        yield InputError(path, "not JSON: nested too deeply")
        return
    start = len(text) - len(text.lstrip(JSON_WHITESPACE))
    if not isinstance(document, list):
        yield f"{path}:{_line_at(text, start)}", document, stem
        return
    # Each item again, for the line it starts on (the whole file parsed above: no error left).
    decoder = json.JSONDecoder()
    index = start + 1  # after "["
    for _ in document:
        while text[index] in JSON_WHITESPACE + ",":
            index += 1
        value, end = decoder.raw_decode(text, index)
        line = _line_at(text, index)
        yield f"{path}:{line}", value, f"{stem}:{line}"
        index = end


def is_export(value: object) -> bool:
    """Is a JSON value a result of attrib's export (`article` and `claims`) rather than an article (`text`)?"""
    return isinstance(value, dict) and EXPORT_KEYS <= value.keys() and "text" not in value


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _record_article(line: bytes, where: str, default_id: str) -> Article:
    """The article on one JSONL line; raises InputError naming the line."""
    try:
        # Without its line end, so that JSON reports columns of this line.
        record = json.loads(line.rstrip(b"\r\n").decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(
            where, f"not UTF-8: bad byte 0x{line[err.start]:02x} at column {err.start + 1}"
        ) from None
    except json.JSONDecodeError as err:
        # Some messages end in "at" ("Unterminated string starting at").
        raise InputError(where, f"not JSON: {err.msg.removesuffix(' at')} at column {err.colno}") from None
    except RecursionError:
        raise InputError(where, "not JSON: nested too deeply") from None
    return record_article(record, where, default_id)


def record_article(record: object, where: str, default_id: str) -> Article:
    """The article of a JSON record (`text`, optional `id`, `title`, `url`, `date`, `site`); raises InputError."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, not {_json_kind(record)}")
    if "text" not in record:
        raise InputError(where, "missing 'text'")

    raw_id = record.get("id")
    if isinstance(raw_id, int | float) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    elif raw_id is not None and not isinstance(raw_id, str):
        raise InputError(where, f"'id' must be a string or a number, not {_json_kind(raw_id)}")
    article_id = _unicode(raw_id, "id", where) if raw_id and raw_id.strip() else default_id

    text = record["text"]
    if not isinstance(text, str):
        raise InputError(where, f"'text' must be a string, not {_json_kind(text)}")
    return Article(
        id=article_id,
        text=_unicode(text, "text", where),
        title=_optional_string(record, "title", where),
        url=_optional_string(record, "url", where),
        date=_optional_string(record, "date", where),
        site=_optional_string(record, "site", where),
        origin=where,
    )


def _optional_string(record: dict[str, object], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(where, f"{key!r} must be a string or null, not {_json_kind(value)}")
    return _unicode(value, key, where)


def _unicode(value: str, key: str, where: str) -> str:
    """JSON lets `\\ud800` through; such a string cannot be written back as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(where, f"{key!r} has an unpaired surrogate") from None
    return value


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
