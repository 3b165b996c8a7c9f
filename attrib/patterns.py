"""Placeholder while the real loader is written (replaced within the session)."""
from __future__ import annotations
from pathlib import Path


class Patterns:
    pass


def load_patterns(directory: Path | None = None) -> Patterns:
    return Patterns()


def check_patterns(directory: Path) -> list[str]:
    return []
