"""The errors attrib raises; the CLI maps each to a message and an exit code."""

from __future__ import annotations


def printable(name: str) -> str:
    """A file name as text that can be printed and written as UTF-8: the bytes of a name that
    are not UTF-8 (kept by Python as lone surrogates, `surrogateescape`) written as `\\xff`."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


class AttribError(Exception):
    """Base of every error attrib raises on purpose."""


class InputError(AttribError):
    """An input (file, line, record) could not be read; names where."""

    def __init__(self, where: str, message: str) -> None:
        where = printable(where)
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Rebuilt from where and message: batch workers send their errors back pickled."""
        return (InputError, (self.where, self.message))


class PatternError(AttribError):
    """One or more pattern files are wrong; holds every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def __reduce__(self) -> tuple[type[PatternError], tuple[list[str]]]:
        """Rebuilt from the problems: a batch worker sends it back pickled."""
        return (PatternError, (self.problems,))


class GoldError(AttribError):
    """A gold (annotated) file breaks the format of ANNOTATION.md."""


class BatchStopped(AttribError):
    """A batch stopped before the end (a worker process died); what was written is kept."""


class OutputError(AttribError):
    """An output file cannot be used (resumed, written); names where."""

    def __init__(self, where: str, message: str) -> None:
        where = printable(where)
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


class StoreError(AttribError):
    """The claim database cannot be opened or used."""



class StoreLocked(StoreError):
    """Another process held the claim database's write lock for longer than the wait."""


class StoreDamaged(StoreError):
    """The claim database file is corrupted: malformed pages, or broken constraints."""


class SearchError(AttribError):
    """A search query that cannot be searched (an unclosed quotation mark, a lone OR); says why."""
