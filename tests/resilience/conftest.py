"""The fault tests drive the running bot the way the end-to-end tests do: the same fixture."""

from __future__ import annotations

from tests.e2e.conftest import bot

__all__ = ["bot"]
