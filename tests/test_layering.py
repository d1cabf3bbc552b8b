"""DESIGN.md's layering rule: the core (domain, services) knows no channel and no storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_CORE = (
    "telegram",
    "aiosqlite",
    "sqlite3",
    "handlers",
    "storage",
    "httpx",
    "starlette",
    "uvicorn",
)
CORE = sorted((ROOT / "bot" / "domain").rglob("*.py")) + sorted(
    (ROOT / "bot" / "services").rglob("*.py")
)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the tree."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_no_channel_or_storage(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN_IN_CORE}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "bot" / "domain").rglob("*.py")), ids=lambda p: p.name
)
def test_domain_reads_no_clock(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for needle in ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow("):
        assert needle not in source, f"{path.name} reads the clock ({needle})"


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from telegram import Bot\n    return Bot\n")
    assert "telegram" in imported_modules(sample)


def test_storage_and_handlers_do_not_import_each_other() -> None:
    for folder, other in (("storage", "handlers"), ("handlers", "storage")):
        for path in (ROOT / folder).rglob("*.py"):
            bad = {m for m in imported_modules(path) if m.split(".")[0] == other}
            assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
