"""The aliases of speakers (patterns/aliases.toml): several names, one speaker across a corpus.

Validated like every pattern file: pydantic models with `extra="forbid"`, and
every problem collected, with its file and line, before one PatternError.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from attrib.errors import PatternError
from attrib.fold import name_key
from attrib.lexicon.patterns import bundled_directory

ALIASES_FILE = "aliases.toml"
TABLE = "speaker"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AliasEntry(_Strict):
    """One speaker: the name shown, and the other names it goes by."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)


class AliasesFile(_Strict):
    """The whole file: a list of `[[speaker]]` tables."""

    speaker: list[AliasEntry] = []


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
    path = directory / ALIASES_FILE
    where = f"{directory.name}/{ALIASES_FILE}"
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Aliases()
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternError([f"{where}:1: cannot read: {exc}"]) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_in_message(str(exc))
        raise PatternError([f"{where}:{line}: not valid TOML: {exc}"]) from None
    headers = [n for n, text in enumerate(raw.splitlines(), 1) if text.strip() == f"[[{TABLE}]]"]
    try:
        parsed = AliasesFile.model_validate(data)
    except ValidationError as exc:
        raise PatternError([_problem(where, raw, headers, data, err) for err in exc.errors()]) from None

    problems: list[str] = []
    names: dict[str, str] = {}
    owner_line: dict[str, int] = {}
    for index, entry in enumerate(parsed.speaker):
        line = headers[index] if index < len(headers) else 1
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
    if problems:
        raise PatternError(problems)
    return Aliases(names)


def _problem(where: str, raw: str, headers: list[int], data: dict[str, Any], err: Any) -> str:
    """`aliases.toml:12: [speaker "داعش" -> aliases] ...` for one validation error."""
    loc = err["loc"]
    line, label = 1, ".".join(str(part) for part in loc)
    if len(loc) >= 2 and loc[0] == TABLE and isinstance(loc[1], int):
        index = loc[1]
        line = headers[index] if index < len(headers) else 1
        entries = data.get(TABLE, [])
        entry = entries[index] if index < len(entries) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        label = f'{TABLE} "{name}"' if isinstance(name, str) and name else f"{TABLE} #{index + 1}"
        if len(loc) > 2:
            label += f" -> {loc[2]}"
    return f"{where}:{line}: [{label}] {_message(err)}"


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "missing field"
    return f"{err['msg']} (got {err['input']!r})"


def _line_in_message(message: str) -> int:
    marker = "line "
    at = message.rfind(marker)
    digits = "".join(ch for ch in message[at + len(marker):][:8] if ch.isdigit()) if at >= 0 else ""
    return int(digits) if digits else 1
