"""The aliases of speakers (patterns/aliases.toml): several names, one speaker across a corpus.

Read and validated by the loader of every pattern file (schemas.read_files: pydantic
models with `extra="forbid"`, every problem with its file and line); the checks
across entries (a name given to two speakers, an alias listed twice) are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from attrib.errors import PatternError
from attrib.fold import name_key
from attrib.lexicon.schemas import (
    ALIASES_FILE,
    AliasEntry,
    ParsedFile,
    bundled_directory,
    read_files,
    valid_entries,
)

__all__ = ["ALIASES_FILE", "Aliases", "check_aliases", "compile_aliases", "load_aliases"]

TABLE = "speaker"


@dataclass(frozen=True)
class Aliases:
    """Name keys (fold.name_key) to the name of the speaker they stand for."""

    names: dict[str, str] = field(default_factory=dict)

    def resolve(self, key: str) -> str | None:
        """The speaker's name for a folded name key, if the key is a known name or alias."""
        return self.names.get(key)


def check_aliases(directory: Path | None = None) -> list[str]:
    """Every problem of a pattern set's aliases.toml, as `file:line: message`; empty when it is sound."""
    try:
        load_aliases(directory)
    except PatternError as error:
        return error.problems
    return []


def load_aliases(directory: Path | None = None) -> Aliases:
    """The aliases of a pattern set (none if its directory has no aliases.toml); raises PatternError."""
    return _load((bundled_directory() if directory is None else Path(directory)).resolve())


@lru_cache(maxsize=8)
def _load(directory: Path) -> Aliases:
    problems: list[str] = []
    parsed = read_files(directory, problems, (ALIASES_FILE,), required=False)
    aliases = compile_aliases(parsed.get(ALIASES_FILE), f"{directory.name}/{ALIASES_FILE}", problems)
    if problems:
        raise PatternError(problems)
    return aliases


def compile_aliases(parsed: ParsedFile | None, where: str, problems: list[str]) -> Aliases:
    """The name keys of the entries that validate; a key with no letters, an alias that is its
    own name, listed twice or given to two speakers is added to `problems`."""
    names: dict[str, str] = {}
    owner_line: dict[str, int] = {}
    for line, entry in valid_entries(parsed, TABLE, AliasEntry) if parsed is not None else ():
        name = name_key(entry.name)
        label = f'[{TABLE} "{entry.name}"]'
        for position, alias in enumerate([entry.name, *entry.aliases]):
            key = name_key(alias)
            if not key:
                problems.append(f"{where}:{line}: {label} {alias!r} has no letters")
            elif position and key == name:
                problems.append(f"{where}:{line}: {label} alias {alias!r} is the name itself")
            elif key in names and names[key] != entry.name:
                problems.append(
                    f"{where}:{line}: {label} {alias!r} already stands for "
                    f'"{names[key]}" (line {owner_line[key]})'
                )
            elif key in names:
                problems.append(f"{where}:{line}: {label} alias {alias!r} is listed twice")
            else:
                names[key] = entry.name
                owner_line[key] = line
    return Aliases(names)
