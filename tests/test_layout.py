"""The layout of the package (issue 9): modules a reader can take in, data flowing one way.

No module is over ~400 lines, no two modules import each other (directly or through
others), and no module imports another's underscore names.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "attrib"
MAX_LINES = 420  # "about 400": a module past this is split by what it is about


def modules() -> dict[str, Path]:
    return {".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): path
            for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of each `from attrib… import names` and `import attrib…` at any level."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("attrib"):
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names if a.name.startswith("attrib"))
    return found


def module_level_graph() -> dict[str, set[str]]:
    """Module → the attrib modules it imports at module level (not inside functions)."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("attrib"):
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                           for a in node.names]
                graph[name].update(t for t in targets if t in known and t != name)
    return graph


def test_no_module_is_too_long() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_circle() -> None:
    graph = module_level_graph()
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    circles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                circles.append(path[path.index(other):] + [other])
            elif other not in state:
                visit(other, path + [other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, f"import circles: {circles}"


def test_no_module_imports_another_modules_private_names() -> None:
    private = [f"{path.relative_to(PACKAGE.parent)}: {module}.{n}"
               for path in modules().values() for module, names in imports(path)
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert not private, private


def test_the_graph_sees_an_import() -> None:
    """The checks above read real imports: pipeline imports claims' builder."""
    assert "attrib.extract.claims" in module_level_graph()["attrib.extract.pipeline"]
