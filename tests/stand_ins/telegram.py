"""The loopback Telegram Bot API stand-in used by the tests.

It lives in the installed package (`bot/standin/telegram.py`) because the offline demo
(`cchc-bot demo`) runs the real bot against it too; this module is its name on the tests' side.
"""

from bot.standin.telegram import Call, StandInCounters, TelegramStandIn, load_spec, parse_html

__all__ = ["Call", "StandInCounters", "TelegramStandIn", "load_spec", "parse_html"]
