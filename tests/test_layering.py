"""The architecture's rings, enforced: dependencies point one way, nothing imports in a cycle.

outer ring   bot.app, bot.cli, bot.demo   (the only ones that import storage AND handlers)
adapters     handlers.<channel>, storage, bot.render, bot.standin
core         bot.services -> bot.domain
kernel       bot.config, bot.clock, bot.ports
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage")
CHANNEL_AND_IO = ("telegram", "aiosqlite", "sqlite3", "httpx", "starlette", "uvicorn", "tornado")
OUTER = ("bot.app", "bot.cli", "bot.demo")

# ring -> prefixes of project modules it must not import (plus libraries, for the core)
RULES: dict[str, tuple[str, ...]] = {
    "bot.domain": (
        "bot.services",
        "bot.ports",
        "bot.config",
        "bot.clock",
        "bot.render",
        "bot.standin",
        "storage",
        "handlers",
        *OUTER,
        *CHANNEL_AND_IO,
    ),
    "bot.services": ("bot.render", "bot.standin", "storage", "handlers", *OUTER, *CHANNEL_AND_IO),
    "bot.render": ("bot.services", "bot.standin", "storage", "handlers", *OUTER),
    "handlers": ("storage", "bot.standin", *OUTER),
    "storage": ("handlers", "bot.services", "bot.render", "bot.standin", *OUTER),
    "bot.standin": ("bot.domain", "bot.services", "storage", "handlers", *OUTER),
    "bot.config": ("bot.services", "storage", "handlers", "bot.render", *OUTER),
    "bot.clock": ("bot.", "storage", "handlers"),
    "bot.ports": ("bot.services", "storage", "handlers", "bot.render", *OUTER),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


SOURCES = {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the tree (deferred imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from bot.domain import fmt` imports the module bot.domain.fmt
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in SOURCES
            )
    return found


def matches(module: str, prefix: str) -> bool:
    if prefix.endswith("."):
        return module.startswith(prefix)
    return module == prefix or module.startswith(prefix + ".")


def ring_of(module: str) -> str | None:
    for ring in sorted(RULES, key=len, reverse=True):
        if matches(module, ring):
            return ring
    return None


CASES = sorted((m, r) for m in SOURCES if (r := ring_of(m)) is not None)


@pytest.mark.parametrize(("module", "ring"), CASES, ids=[m for m, _ in CASES])
def test_each_ring_imports_only_inward(module: str, ring: str) -> None:
    bad = {
        imported
        for imported in imported_modules(SOURCES[module])
        for forbidden in RULES[ring]
        if matches(imported, forbidden)
    }
    assert not bad, f"{module} ({ring}) imports {sorted(bad)}"


def test_only_the_outer_ring_imports_both_storage_and_handlers() -> None:
    both = []
    for module, path in SOURCES.items():
        imported = imported_modules(path)
        if any(matches(m, "storage") for m in imported) and any(
            matches(m, "handlers") for m in imported
        ):
            both.append(module)
    assert all(any(matches(m, outer) for outer in OUTER) for m in both), both


def test_the_kernel_is_all_that_is_left_at_the_top_of_bot() -> None:
    top = sorted(p.name for p in (ROOT / "bot").glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "clock.py", "config.py", "ports.py"]


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = {
        m: sorted(
            i for i in imported_modules(p) if i in SOURCES and i != m and not m.startswith(i + ".")
        )
        for m, p in SOURCES.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert _cycles() == []


@pytest.mark.parametrize(
    "path", sorted((ROOT / "bot" / "domain").rglob("*.py")), ids=lambda p: p.name
)
def test_domain_reads_no_clock(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for needle in ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow("):
        assert needle not in source, f"{path.name} reads the clock ({needle})"


def test_the_rules_catch_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from telegram import Bot\n    from bot.domain import fmt\n")
    found = imported_modules(sample)
    assert {"telegram", "bot.domain.fmt"} <= found
    assert ring_of("bot.domain.fmt") == "bot.domain"
    assert any(matches(m, f) for m in found for f in RULES["bot.domain"])


# The core is channel-free: it passes raw values and each channel escapes them for its markup
# (Telegram HTML in handlers/telegram/render.py, plain text in bot/render/plain.py).
ESCAPERS = ("html", "markupsafe", "xml.sax.saxutils")
CORE = sorted(
    (m, p) for m, p in SOURCES.items() if matches(m, "bot.domain") or matches(m, "bot.services")
)


def escapes(path: Path) -> list[str]:
    """What in a file escapes markup: an escaping module imported, or any call of `escape`."""
    found = sorted(
        f"imports {m}" for m in imported_modules(path) if any(matches(m, e) for e in ESCAPERS)
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if "escape" in name:
                found.append(f"calls {name}() on line {node.lineno}")
    return found


@pytest.mark.parametrize(("module", "path"), CORE, ids=[m for m, _ in CORE])
def test_the_core_escapes_nothing(module: str, path: Path) -> None:
    assert escapes(path) == [], f"{module} escapes markup itself"


def test_the_escape_check_catches_one(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "import html\nfrom markupsafe import escape\n"
        "def f(name):\n    return html.escape(name) + escape(name)\n"
    )
    assert escapes(sample) == [
        "imports html",
        "imports markupsafe",
        "calls escape() on line 4",
        "calls escape() on line 4",
    ]
