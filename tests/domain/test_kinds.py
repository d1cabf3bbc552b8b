"""The unit's kind in texts: phường, xã or đặc khu from its name, never a hard-coded "phường"."""

from __future__ import annotations

import pytest

from bot.domain.kinds import bare_name, in_sentence, kind_code, kind_values, kind_word
from bot.domain.models import Unit
from bot.domain.texts import t


def unit(name: str, kind: str = "ward") -> Unit:
    return Unit(1, "x", name, kind=kind)


@pytest.mark.parametrize(
    ("name", "kind", "code", "vi", "en"),
    [
        ("Phường Ngô Quyền", "ward", "ward", "phường", "ward"),
        ("Xã Cẩm Giàng", "ward", "commune", "xã", "commune"),
        ("Đặc khu Cát Hải", "ward", "special_zone", "đặc khu", "special zone"),
        ("Thị trấn Núi Đèo", "ward", "township", "thị trấn", "township"),
        ("xã Cẩm Giang", "ward", "commune", "xã", "commune"),  # typed in lower case
        ("Cẩm Giang", "xã", "commune", "xã", "commune"),  # the kind from an official list
        ("Cầu Tre", "ward", "unit", "đơn vị", "unit"),  # nothing says which
    ],
)
def test_the_kind_comes_from_the_name(name: str, kind: str, code: str, vi: str, en: str) -> None:
    assert kind_code(unit(name, kind)) == code
    assert (kind_word(unit(name, kind), "vi"), kind_word(unit(name, kind), "en")) == (vi, en)


def test_names_in_a_sentence() -> None:
    assert in_sentence("Xã Cẩm Giàng") == "xã Cẩm Giàng"
    assert in_sentence("Đặc khu Cát Hải") == "đặc khu Cát Hải"
    assert bare_name("Phường Ngô Quyền") == "Ngô Quyền"
    assert kind_values(None, "vi") == {"kind": "đơn vị", "Kind": "Đơn vị"}


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        (
            "feedback.filed",
            {"code": "PA-1", "accept_due": "01/12/2026", "answer_due": "17/12/2026"},
            "Xã Cẩm Giàng sẽ tiếp nhận chậm nhất ngày 01/12/2026 và trả lời chậm nhất ngày "
            "17/12/2026.",
        ),
        (
            "case.citizen.accepted",
            {"code": "PA-1", "answer_due": "17/12/2026"},
            "đã được Xã Cẩm Giàng",
        ),
        (
            "case.citizen.answered",
            {"code": "PA-1", "answer": "…"},
            "Xã Cẩm Giàng đã trả lời phản ánh",
        ),
        (
            "reopen.done",
            {"code": "PA-1", "answer_due": "17/12/2026"},
            "Xã Cẩm Giàng sẽ trả lời chậm nhất",
        ),
        (
            "dossier.apology",
            {"at": "27/11/2026", "new_due": "30/11/2026"},
            "Xã Cẩm Giàng đã gửi phiếu",
        ),
        ("track.answer", {"answer": "…"}, "Trả lời của xã"),
        ("case.action.take", {}, "xã tiếp nhận"),
    ],
)
def test_citizen_texts_name_the_kind(key: str, values: dict[str, str], expected: str) -> None:
    commune = unit("Xã Cẩm Giàng")
    named = {"unit": commune.name, **kind_values(commune, "vi")}
    text = t("vi", key, anonymous="", link="", **values, **named)
    assert expected in text
    assert "hường" not in text  # no "phường"/"Phường" left for a commune


def test_the_apology_notice_to_the_citizen_says_ong_ba() -> None:
    text = t(
        "vi",
        "apology.citizen.notice",
        code="NQ-1",
        procedure="Đăng ký khai sinh",
        case="PA-1",
        agency="Ủy ban nhân dân phường Ngô Quyền",
        due="27/11/2026",
        reason="Hồ sơ cần xác minh thêm",
        new_due="30/11/2026",
    )
    assert "Ông/Bà đã nêu" in text and "xin lỗi Ông/Bà" in text and "bạn" not in text
