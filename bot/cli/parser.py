"""argparse in Vietnamese: its own messages (usage, errors, the help option) for `cchc-bot`.

argparse words its messages through gettext (`argparse._` and `argparse.ngettext`), with no
catalogue for Vietnamese. `ViArgumentParser` swaps in the translations below while it builds
itself and while it parses, and puts argparse's own back afterwards, so no other parser in the
process (a test runner's, say) is affected.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

# argparse's message templates (Python 3.11-3.13) and their Vietnamese wording.
MESSAGES: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "unrecognized arguments: %s": "đối số không nhận ra: %s",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn mơ hồ: %(option)s có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng được cùng đối số %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)"
    ),
}
PLURALS: dict[str, str] = {
    "expected %s argument": "cần %s giá trị",
    "conflicting option string: %s": "tùy chọn trùng nhau: %s",
}


def translate(message: str) -> str:
    """argparse's `_`: the Vietnamese wording of a message, else the message."""
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    """argparse's `ngettext`: Vietnamese has one form for every count."""
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse speaks Vietnamese inside this block."""
    saved: tuple[Callable[[str], str], Callable[[str, str, int], str]] = (
        argparse._,  # type: ignore[attr-defined]
        argparse.ngettext,  # type: ignore[attr-defined]
    )
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class ViArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts are Vietnamese (its subparsers are of this class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with vietnamese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        """Subcommands named in words: "lệnh" for the command, "thao tác" for an action."""
        if kwargs.get("dest") == "action":
            kwargs.setdefault("title", "thao tác")
            kwargs.setdefault("metavar", "THAO_TÁC")
        return super().add_subparsers(**kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        # argparse words "unrecognized arguments" here, outside parse_known_args.
        with vietnamese():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with vietnamese():
            return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        with vietnamese():
            return super().format_help()

    def format_usage(self) -> str:
        with vietnamese():
            return super().format_usage()

    def error(self, message: str) -> NoReturn:
        with vietnamese():
            super().error(message)
