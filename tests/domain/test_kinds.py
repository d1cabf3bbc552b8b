"""The unit's kind in texts: phường, xã or đặc khu as the unit is stored or named, never a
hard-coded "phường"."""

from __future__ import annotations

import pytest

from bot.domain.kinds import bare_name, in_sentence, kind_text, unit_values
from bot.domain.messages import Text
from bot.domain.models import Unit
from bot.domain.texts import t
from bot.render.plain import render_plain


@pytest.mark.parametrize(
    ("unit", "key", "vi", "en"),
    [
        (Unit(1, "x", "Phường Ngô Quyền"), "unit_type.phuong", "phường", "ward"),
        (Unit(1, "x", "Xã Cẩm Giàng"), "unit_type.xa", "xã", "commune"),
        (Unit(1, "x", "Đặc khu Cát Hải"), "unit_type.dac_khu", "đặc khu", "special zone"),
        (Unit(1, "x", "Thị trấn Núi Đèo"), "unit_type.thi_tran", "thị trấn", "township"),
        (Unit(1, "x", "xã Cẩm Giang"), "unit_type.xa", "xã", "commune"),  # typed in lower case
        # The kind as stored (an official list gives it) wins over a name that does not say.
        (
            Unit(1, "x", "Cát Hải", unit_type="dac_khu"),
            "unit_type.dac_khu",
            "đặc khu",
            "special zone",
        ),
        (
            Unit(1, "x", "Thành phố Hải Phòng", kind="province"),
            "unit_type.thanh_pho",
            "thành phố",
            "city",
        ),
        (Unit(1, "x", "Cầu Tre"), "unit_type.none", "đơn vị", "unit"),  # nothing says which
        (None, "unit_type.none", "đơn vị", "unit"),
    ],
)
def test_the_kind_comes_from_the_unit(unit: Unit | None, key: str, vi: str, en: str) -> None:
    assert kind_text(unit).key == key
    assert (render_plain(kind_text(unit), "vi"), render_plain(kind_text(unit), "en")) == (vi, en)


def test_names_in_a_sentence() -> None:
    assert in_sentence("Xã Cẩm Giàng") == "xã Cẩm Giàng"
    assert in_sentence("Đặc khu Cát Hải") == "đặc khu Cát Hải"
    assert in_sentence("Thị trấn Núi Đèo") == "thị trấn Núi Đèo"
    assert bare_name("Phường Ngô Quyền") == "Ngô Quyền"
    assert bare_name("Cầu Tre") == "Cầu Tre"
    assert render_plain(unit_values(None)["unit"], "vi") == "đơn vị"  # type: ignore[arg-type]


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
    commune = Unit(1, "x", "Xã Cẩm Giàng")
    text = render_plain(
        Text(key, {"anonymous": "", "link": "", **values, **unit_values(commune)}), "vi"
    )
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
