"""The layers import one way: ingest → extract → store → web, with the CLI and scheduler as shells.

Read from the source (an AST pass over every module of tracker/, imports inside
functions included), so a forbidden import fails here before it ships, whether or
not any test happens to run it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tracker"
NEUTRAL = ("tracker.records", "tracker.errors", "tracker.config")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every tracker module `path` imports, absolute or relative, at any depth of the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from tracker.store import queries`
    return {m for m in found if m == "tracker" or m.startswith("tracker.")}


GRAPH = {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts}


def _within(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def _known(module: str) -> bool:
    """Only real modules and packages count (`from tracker.store import queries` names both)."""
    return module in GRAPH or any(m.startswith(module + ".") for m in GRAPH)


def violations(source_layer: str, allowed: Callable[[str], bool]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _within(module, source_layer)
        for target in targets
        if _known(target) and not allowed(target)
    )


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("tracker.web", "tracker.ingest"),
        ("tracker.store", "tracker.web"),
        ("tracker.store", "tracker.ingest"),
        ("tracker.store", "tracker.extract"),
        ("tracker.store", "tracker.cli"),
        ("tracker.ingest", "tracker.web"),
        ("tracker.ingest", "tracker.cli"),
        ("tracker.web", "tracker.cli"),
    ],
)
def test_a_layer_never_imports_the_layers_above_or_beside_it(layer: str, forbidden: str) -> None:
    assert violations(layer, lambda target: not _within(target, forbidden)) == []


def test_the_extractor_imports_only_the_neutral_records_and_itself() -> None:
    allowed = ("tracker.records", "tracker.extract")
    assert violations("tracker.extract", lambda t: t == "tracker" or any(_within(t, a) for a in allowed)) == []


def test_neutral_modules_import_no_layer() -> None:
    for module in NEUTRAL:
        layers = [t for t in GRAPH[module] if _known(t) and not any(_within(t, n) for n in NEUTRAL)]
        assert layers == [], module


def test_the_checker_sees_real_imports() -> None:
    """Guards the guard: known edges are found, relative and function-level ones included."""
    assert "tracker.store.db" in GRAPH["tracker.store.articles"]
    assert "tracker.extract" in GRAPH["tracker.ingest.pipeline"]
    assert any(_within(t, "tracker.web") for t in GRAPH["tracker.cli.serve"])  # imported inside the command
