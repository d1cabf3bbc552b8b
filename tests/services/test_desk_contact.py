"""The desk's contact shown to citizens: Saturday-morning reception is part of the opening hours;
only the wards there are today, and only the ward whose own channel the citizen wrote to."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.clock import FrozenClock
from bot.domain.calendar import WorkCalendar
from bot.domain.chat import Who
from bot.domain.models import Unit
from bot.render.plain import render_plain
from bot.services.citizen import CitizenCases
from tests.conftest import NOW, TZ

OPENS = Unit(
    1,
    "ngoquyen",
    "Phường Ngô Quyền",
    desk_address="1 Lê Lợi",
    desk_hours="7h30–17h, thứ Hai–thứ Sáu",
    desk_hotline="0225 1022",
    saturday_reception=True,  # deadlines still skip Saturdays: saturday_deadlines is off
)
CLOSED = Unit(2, "giavien", "Phường Gia Viên", desk_address="2 Lạch Tray", desk_hours="7h30")
MERGED = Unit(3, "cautre", "Phường Cầu Tre", desk_hotline="0225 0000", valid_to=date(2025, 6, 30))


class Units:
    def __init__(self, *units: Unit) -> None:
        self._units = list(units)

    async def all(self) -> list[Unit]:
        return self._units


def service(*units: Unit) -> CitizenCases:
    unused: Any = None  # the desks need only the units and the day
    return CitizenCases(
        unused,
        unused,
        Units(*(units or (OPENS, CLOSED, MERGED))),
        unused,
        unused,
        FrozenClock(NOW),
        TZ,
        WorkCalendar(),
    )


async def test_saturday_reception_is_shown_with_the_hours() -> None:
    desks = service()
    reply = await desks.desk_contact(Who("telegram", "1", "1", "vi"))
    first, second = render_plain(reply.body, "vi").split("\n\n")
    assert "Giờ tiếp nhận: 7h30–17h, thứ Hai–thứ Sáu; sáng thứ Bảy có tiếp nhận hồ sơ" in first
    assert "thứ Bảy" not in second and "Cầu Tre" not in second  # merged in 2025
    english = render_plain((await desks.desk_contact(Who("telegram", "1", "1", "en"))).body, "en")
    assert "dossiers also received on Saturday mornings" in english


async def test_a_wards_own_channel_shows_its_own_desk() -> None:
    reply = await service().desk_contact(Who("zalo", "u", "u", "vi", unit_id=CLOSED.id))
    assert render_plain(reply.body, "vi").startswith("Phường Gia Viên\nĐịa chỉ: 2 Lạch Tray")


async def test_no_desk_contact_says_what_to_do_instead() -> None:
    bare = Unit(4, "lechan", "Phường Lê Chân")
    for who, says in (
        (Who("telegram", "1", "1", "vi"), "/phananh"),
        (Who("zalo", "u", "u", "vi", typed=True), "«phản ánh»"),
    ):
        reply = await service(bare, MERGED).desk_contact(who)
        text = render_plain(reply.body, "vi")
        assert "Chưa có thông tin" not in text
        assert says in text and "đến trực tiếp Bộ phận Một cửa" in text
        assert [c.key for c in reply.choices] == ["menu.feedback"]
