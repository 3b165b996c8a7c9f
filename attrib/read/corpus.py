"""A corpus as a stream of tasks: folders walked, corpora and exports read line by line.

`batch` and `db add` take any mix of `.txt` and `.html` files, folders of
them, JSONL corpora, exports of attrib (one `ArticleClaims` a line) and
standard input. Nothing is read whole: a folder is walked one directory at a
time, a JSONL file one line at a time, and a text or HTML file is only named
here (its id is its file stem) and read later by the worker that extracts it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from attrib.errors import InputError
from attrib.models import Article, ArticleClaims
from attrib.read.decode import file_stem, os_message
from attrib.read.inputs import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    STDIN,
    is_export,
    json_values,
    read_inputs,
    record_article,
)

TEXT_SUFFIXES = (".txt",)
CORPUS_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
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
        elif os.path.isdir(path):
            for file in walk(path, exclude):
                yield from _file_tasks(file)
        else:
            yield from _file_tasks(path)


def count_tasks(paths: Sequence[str], exclude: Collection[FileId] = ()) -> int | None:
    """How many articles (and bad lines) `iter_tasks` will yield, for a progress bar; None for standard input.

    Reads JSONL files once more, line by line: a second or two for a gigabyte.
    """
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        files = walk(path, exclude) if os.path.isdir(path) else iter([path])
        for file in files:
            total += _count_lines(file) if file.lower().endswith(JSONL_SUFFIXES) else 1
    return total


def walk(directory: str, exclude: Collection[FileId] = ()) -> Iterator[str]:
    """The articles and corpora under `directory`, in name order (as `find | sort`), hidden files and page assets skipped.

    One directory is listed at a time, so a folder of a million pages is not held in memory.
    Each directory is entered once, however many symlinks lead to it (a link to a parent
    would loop); files in `exclude` are left out.
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
            if not entry.name.endswith(PAGE_ASSETS_SUFFIX):
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


def _file_tasks(path: str) -> Iterator[Task | InputError]:
    if path.lower().endswith(JSON_SUFFIXES):
        yield from _read_json(path)
    elif not path.lower().endswith(JSONL_SUFFIXES):
        yield Task(where=path, path=path)
    elif _is_export(path):
        yield from _read_export(path)
    else:
        yield from _articles(read_inputs([path]))


def _is_export(path: str) -> bool:
    """Does the JSONL file hold attrib's export (`article` and `claims`) rather than articles (`text`)?"""
    try:
        with open(path, "rb") as stream:
            for line in stream:
                if line.strip():
                    record = json.loads(line)
                    return is_export(record)
    except (OSError, ValueError):
        pass  # read_inputs reports it, with its line
    return False


def _read_export(path: str) -> Iterator[Task | InputError]:
    """The results of an export, validated line by line."""
    try:
        stream = open(path, "rb")
    except OSError as err:
        yield InputError(path, os_message(err))
        return
    with stream:
        for lineno, line in enumerate(stream, start=1):
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
        with open(path, "rb") as stream:
            # An empty corpus still yields one item: its error.
            return max(1, sum(1 for line in stream if line.strip()))
    except OSError:
        return 1  # reported as one error
