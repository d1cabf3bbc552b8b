"""The desk's contact shown to citizens: Saturday-morning reception is part of the opening hours."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.domain.models import Unit
from handlers.telegram.citizen import desk_contact


class Units:
    def __init__(self, *units: Unit) -> None:
        self._units = list(units)

    async def all(self) -> list[Unit]:
        return self._units


async def test_saturday_reception_is_shown_with_the_hours() -> None:
    opens = Unit(
        1,
        "ngoquyen",
        "Phường Ngô Quyền",
        desk_address="1 Lê Lợi",
        desk_hours="7h30–17h, thứ Hai–thứ Sáu",
        desk_hotline="0225 1022",
        saturday_reception=True,  # deadlines still skip Saturdays: saturday_deadlines is off
    )
    closed = Unit(2, "giavien", "Phường Gia Viên", desk_address="2 Lạch Tray", desk_hours="7h30")
    context: Any = SimpleNamespace(services=SimpleNamespace(units=Units(opens, closed)))
    text = (await desk_contact(context, "vi")).key  # a raw reply carries its text as the key
    first, second = text.split("\n\n")
    assert "Giờ tiếp nhận: 7h30–17h, thứ Hai–thứ Sáu; sáng thứ Bảy có tiếp nhận hồ sơ" in first
    assert "thứ Bảy" not in second
    english = (await desk_contact(context, "en")).key
    assert "dossiers also received on Saturday mornings" in english
