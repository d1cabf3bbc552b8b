"""What `cchc-bot run` imports before it polls: the heavy libraries for files and charts wait
for their first file (openpyxl brings numpy: half a second of every start); the holidays'
names for the first deadline counted, Fernet for the first Zalo secret."""

from __future__ import annotations

import subprocess
import sys

import pytest

START = (
    "bot.cli",
    "bot.app.run",
    "bot.app.wiring",
    "bot.app.jobs",
    "handlers.telegram.app",
    "handlers.telegram.jobs",
    "handlers.telegram.updates",
)
HEAVY = ("openpyxl", "numpy", "matplotlib", "docx", "fpdf", "holidays", "cryptography.fernet")


@pytest.mark.parametrize("module", HEAVY)
def test_the_start_does_not_import(module: str) -> None:
    code = f"import sys, {', '.join(START)}; print({module!r} in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
