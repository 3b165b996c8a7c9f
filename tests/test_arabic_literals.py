"""Linguistic knowledge is data: Arabic words belong in patterns/, not in the code.

The Arabic string literals still in `attrib/**/*.py` (docstrings aside: they show
examples) are counted; the count may only go down as word lists move to patterns/.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARABIC = re.compile("[\u0600-\u06ff]")
# The Arabic string literals of the code today; lower it when a word list moves to patterns/.
CEILING = 270


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def arabic_literals() -> list[str]:
    """`file:line: literal` for every Arabic string literal of the package outside docstrings."""
    found = []
    for path in sorted((ROOT / "attrib").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                    and ARABIC.search(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    return found


def test_arabic_literals_in_the_code_do_not_grow() -> None:
    found = arabic_literals()
    assert len(found) <= CEILING, f"{len(found)} Arabic literals in attrib/ (at most {CEILING}); new words go in patterns/"


def test_the_count_finds_a_literal() -> None:
    """The counter itself: a literal outside a docstring counts, a docstring does not."""
    tree = ast.parse('"""قال: a docstring."""\nWORDS = ("قال", "أكد")\n')
    docs = _docstrings(tree)
    literals = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and id(n) not in docs and ARABIC.search(n.value)]
    assert len(literals) == 2
