"""The pure middle of the pipeline never reaches the network, a database, a subprocess or the
keyring, not even through another onfile module (checked on the source with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "daemon" / "onfile"
PURE = (
    "message htmltext language normalize rules detect extract addresses templates compose "
    "pipeline report"
).split()
FORBIDDEN = {"imapclient", "sqlite3", "socket", "subprocess", "keyring"}


def imports(module: str) -> set[str]:
    """Every module name `onfile.<module>` imports, anywhere in the file (relative ones resolved)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(["onfile", base] if base else ["onfile"])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def reach(module: str) -> dict[str, list[str]]:
    """Each module reachable from `onfile.<module>` through onfile imports, with the path to it."""
    paths = {f"onfile.{module}": [f"onfile.{module}"]}
    todo = [module]
    while todo:
        current = todo.pop()
        for name in sorted(imports(current)):
            if name in paths:
                continue
            inner = name.removeprefix("onfile.")
            if name.startswith("onfile.") and (PACKAGE / f"{inner}.py").is_file():
                todo.append(inner)
            elif name.startswith("onfile."):
                continue  # `from onfile.x import name`: the module itself is walked
            paths[name] = [*paths[f"onfile.{current}"], name]
    return paths


@pytest.mark.parametrize("module", PURE)
def test_pure_module_has_no_edge_imports(module: str) -> None:
    """No forbidden module is imported by the pure module or by any onfile module it imports."""
    bad = {
        name: " -> ".join(chain)
        for name, chain in reach(module).items()
        if name.split(".")[0] in FORBIDDEN
    }
    assert bad == {}


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [("state", "sqlite3"), ("service", "imapclient"), ("doctor", "socket")],
)
def test_walker_finds_edge_imports(module: str, forbidden: str) -> None:
    """The walk does see edge modules' imports, directly and through other onfile modules."""
    assert forbidden in {name.split(".")[0] for name in reach(module)}


def test_every_pure_module_exists() -> None:
    """The list of pure modules names real files (a rename must update this test)."""
    assert [m for m in PURE if not (PACKAGE / f"{m}.py").is_file()] == []
