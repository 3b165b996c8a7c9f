"""The errors attrib raises; the CLI maps each to a message and an exit code."""

from __future__ import annotations


class AttribError(Exception):
    """Base of every error attrib raises on purpose."""


class InputError(AttribError):
    """An input (file, line, record) could not be read; names where."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


class PatternError(AttribError):
    """One or more pattern files are wrong; holds every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class GoldError(AttribError):
    """A gold (annotated) file breaks the format of ANNOTATION.md."""
