"""Typed PTB context: handlers reach the services through `context.services`."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.services.container import Services


class BotData:
    """The application-wide data PTB keeps: only our services."""

    def __init__(self) -> None:
        self.services: Services | None = None


class Context(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with a typed handle on the services."""

    @property
    def services(self) -> Services:
        """The services the composition root installed."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not installed on the application")
        return services


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)

BotApplication = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]
