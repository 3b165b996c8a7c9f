"""A corpus as a stream of tasks: folders walked, corpora and exports read line by line.

`batch` and `db add` take any mix of `.txt` and `.html` files, folders of
them, JSONL corpora (also gzip-compressed), Parquet corpora, exports of attrib
(one `ArticleClaims` a line, or attrib's Parquet dataset) and standard input.
Nothing is read whole: a folder is walked one directory at a time, a JSONL
file one line at a time, and a text or HTML file is only named here (its id is
its file stem) and read later by the worker that extracts it. A cluster reads a
large file in partitions: `line_range_tasks` and `row_group_tasks`.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from attrib.dataset import done_partitions, is_dataset, read_dataset, read_manifest
from attrib.errors import InputError
from attrib.models import Article, ArticleClaims
from attrib.read.decode import file_stem, open_binary, os_message
from attrib.read.inputs import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    STDIN,
    is_export,
    json_values,
    jsonl_articles,
    read_inputs,
    read_lines,
    record_article,
)
from attrib.read.parquet import parquet_row_groups, read_parquet_articles

TEXT_SUFFIXES = (".txt",)
CORPUS_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES
# "Save page as... complete" puts a page's images, scripts and frames beside it
# in `<name>_files/`; those frames are .htm files but not articles.
PAGE_ASSETS_SUFFIX = "_files"

FileId = tuple[int, int]  # (device, inode): one file or directory, whatever the path to it


@dataclass(frozen=True, slots=True)
class Task:
    """One article to process: a file still to read, an article read, or an export line already extracted."""

    where: str
    path: str | None = None
    article: Article | None = None
    result: ArticleClaims | None = None

    @property
    def article_id(self) -> str:
        """The id the article will have in the output, known before it is read."""
        if self.result is not None:
            return self.result.article.id
        if self.article is not None:
            return self.article.id
        assert self.path is not None
        return file_stem(self.path)


def iter_tasks(paths: Sequence[str], exclude: Collection[FileId] = ()) -> Iterator[Task | InputError]:
    """The tasks of every input in order; an input that cannot be read is yielded as its InputError.

    Files in `exclude` (the output being written) are left out of the folders walked.
    """
    for path in paths:
        if path == STDIN:
            yield from _articles(read_inputs([STDIN]))
        elif os.path.isdir(path) and not is_dataset(path):
            for file in walk(path, exclude):
                yield from file_tasks(file)
        else:
            yield from file_tasks(path)


def count_tasks(paths: Sequence[str], exclude: Collection[FileId] = ()) -> int | None:
    """How many articles (and bad lines) `iter_tasks` will yield, for a progress bar; None for standard input.

    Reads JSONL files once more, line by line: a second or two for a gigabyte.
    """
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        files = walk(path, exclude) if os.path.isdir(path) and not is_dataset(path) else iter([path])
        for file in files:
            total += _count(file)
    return total


def _count(path: str) -> int:
    if path.lower().endswith(JSONL_SUFFIXES):
        return _count_lines(path)
    if path.lower().endswith(PARQUET_SUFFIXES):
        try:
            return max(1, sum(parquet_row_groups(path)))
        except InputError:
            return 1
    manifest = read_manifest(Path(path)) if os.path.isdir(path) else None
    if manifest is not None:
        return sum(part.get("articles", 0) for _, part in done_partitions(manifest))
    return 1


def walk(directory: str, exclude: Collection[FileId] = ()) -> Iterator[str]:
    """The articles and corpora under `directory`, in name order (as `find | sort`), hidden files and page assets skipped.

    One directory is listed at a time, so a folder of a million pages is not held in memory.
    Each directory is entered once, however many symlinks lead to it (a link to a parent
    would loop); files and folders in `exclude` are left out. A folder holding attrib's
    Parquet dataset is one input, not walked into.
    """
    yield from _walk(directory, exclude, set())


def _walk(directory: str, exclude: Collection[FileId], entered: set[FileId]) -> Iterator[str]:
    try:
        here = file_id(os.stat(directory))
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        yield directory  # read_inputs reports why it cannot be read
        return
    if here in entered:
        return
    entered.add(here)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if entry.name.endswith(PAGE_ASSETS_SUFFIX) or _excluded(entry, exclude):
                continue
            if is_dataset(entry.path):
                yield entry.path
            else:
                yield from _walk(entry.path, exclude, entered)
        elif entry.name.lower().endswith(CORPUS_SUFFIXES) and not _excluded(entry, exclude):
            yield entry.path


def file_id(info: os.stat_result) -> FileId:
    """The (device, inode) of a file's `os.stat`."""
    return info.st_dev, info.st_ino


def _excluded(entry: os.DirEntry[str], exclude: Collection[FileId]) -> bool:
    if not exclude:
        return False
    try:
        return file_id(entry.stat()) in exclude
    except OSError:
        return False  # a broken link: read_inputs reports it


def read_task(task: Task, encoding: str | None) -> Article | InputError:
    """The article of a file task (read now, in the worker), or of an article task."""
    if task.article is not None:
        return task.article
    assert task.path is not None
    [item] = list(read_inputs([task.path], encoding))
    return item


def _articles(items: Iterator[Article | InputError]) -> Iterator[Task | InputError]:
    for item in items:
        yield item if isinstance(item, InputError) else Task(where=item.origin or item.id, article=item)


def file_tasks(path: str) -> Iterator[Task | InputError]:
    """The tasks of one input file (or of attrib's Parquet dataset), in order."""
    lower = path.lower()
    if os.path.isdir(path) and is_dataset(path):  # first: a dataset is often named claims.parquet/
        for where, result in read_dataset(path):
            yield result if isinstance(result, InputError) else Task(where=where, result=result)
    elif lower.endswith(JSON_SUFFIXES):
        yield from _read_json(path)
    elif lower.endswith(PARQUET_SUFFIXES):
        yield from _articles(read_parquet_articles(path))
    elif not lower.endswith(JSONL_SUFFIXES):
        yield Task(where=path, path=path)
    elif _is_export(path):
        yield from _read_export(path)
    else:
        yield from _articles(read_inputs([path]))


def line_range_tasks(path: str, start: int, end: int, first_line: int) -> Iterator[Task | InputError]:
    """The tasks of the lines of an uncompressed JSONL file from byte `start` (a line start) to `end`.

    `first_line` is the number of the line at `start`, so ids and places are those of the whole file.
    """
    try:
        stream = open(path, "rb")
    except OSError as err:
        yield InputError(path, os_message(err))
        return
    with stream:
        stream.seek(start)
        lines = read_lines(_until(stream, end - start), path)
        if _is_export(path):
            yield from _export_tasks(lines, path, first_line)
        else:
            whole = start == 0 and end >= os.fstat(stream.fileno()).st_size
            yield from _articles(jsonl_articles(lines, path, file_stem(path), first_line, whole))


def row_group_tasks(path: str, row_groups: list[int], first_row: int) -> Iterator[Task | InputError]:
    """The tasks of some row groups of a Parquet corpus; `first_row` is the number of their first row."""
    yield from _articles(read_parquet_articles(path, row_groups, first_row))


def _until(stream: Iterator[bytes], size: int) -> Iterator[bytes]:
    """The lines of a stream that start within its next `size` bytes."""
    for line in stream:
        if size <= 0:
            return
        size -= len(line)
        yield line


def _is_export(path: str) -> bool:
    """Does the JSONL file hold attrib's export (`article` and `claims`) rather than articles (`text`)?"""
    try:
        with open_binary(path) as stream:
            for line in stream:
                if line.strip():
                    record = json.loads(line)
                    return is_export(record)
    except (OSError, ValueError, EOFError, zlib.error):
        pass  # read_inputs reports it, with its line
    return False


def _read_export(path: str) -> Iterator[Task | InputError]:
    """The results of an export, validated line by line."""
    try:
        stream = open_binary(path)
    except OSError as err:
        yield InputError(path, os_message(err))
        return
    with stream:
        yield from _export_tasks(read_lines(stream, path), path, 1)


def _export_tasks(lines: Iterable[bytes | InputError], path: str, first_line: int) -> Iterator[Task | InputError]:
    for lineno, line in enumerate(lines, start=first_line):
        if isinstance(line, InputError):
            yield line
            return
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            yield Task(where=where, result=ArticleClaims.model_validate_json(line))
        except ValidationError as err:
            yield InputError(where, f"not a line of attrib's export: {_first_problem(err)}")


def _read_json(path: str) -> Iterator[Task | InputError]:
    """A .json file: an export of attrib (`export --format json`: one object, or an array), or articles."""
    for item in json_values(path):
        if isinstance(item, InputError):
            yield item
            continue
        where, value, default_id = item
        if is_export(value):
            try:
                yield Task(where=where, result=ArticleClaims.model_validate(value))
            except ValidationError as err:
                yield InputError(where, f"not attrib's export: {_first_problem(err)}")
            continue
        try:
            article = record_article(value, where, default_id)
        except InputError as err:
            yield err
            continue
        yield Task(where=where, article=article)


def _first_problem(err: ValidationError) -> str:
    problem = err.errors()[0]
    location = ".".join(str(part) for part in problem["loc"])
    return f"{location}: {problem['msg']}" if location else problem["msg"]


def _count_lines(path: str) -> int:
    try:
        with open_binary(path) as stream:
            # An empty corpus still yields one item: its error.
            return max(1, sum(1 for line in stream if line.strip()))
    except (OSError, EOFError, zlib.error):
        return 1  # reported as one error
