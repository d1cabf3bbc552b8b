"""Masking phone and ID numbers in free text, and leaving codes, dates and amounts alone."""

from __future__ import annotations

import pytest

from bot.domain.privacy import mask_personal, mask_phone, normalize_vn_phone


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Gọi tôi: 0912345678", "Gọi tôi: 09******78"),
        ("SĐT 0912 345 678.", "SĐT 09******78."),
        ("0912.345.678", "09******78"),
        ("0912-345-678, cảm ơn", "09******78, cảm ơn"),
        ("+84 912 345 678", "09******78"),
        ("+84912345678", "09******78"),
        ("84912345678", "09******78"),
        ("(0383456789)", "(03******89)"),
        ("CCCD 001234567890 cấp ngày 15/09/2022", "CCCD 0012******** cấp ngày 15/09/2022"),
        ("căn cước: 031 234 567 890", "căn cước: 0312********"),
        ("CMND số 123456789", "CMND số 123******"),
        ("cmnd: 123 456 789", "cmnd: 123******"),
        ("CMT 987654321 và ĐT 0987654321", "CMT 987****** và ĐT 09******21"),
        ("Số CMNĐ 123456789", "Số CMNĐ 123******"),
        ("CMTND/CCCD 123456789", "CMTND/CCCD 123******"),
        ("hai số 0912345678 và 0987654321", "hai số 09******78 và 09******21"),
    ],
)
def test_masks(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Hồ sơ CT-2022-00001 nộp ngày 15/09/2022",
        "Mã 000.00.30.H32-220915-0001",
        "Lệ phí 1.500.000 đồng, tổng 84.000.000.000 đồng",
        "Năm 2022 có 4.545 hồ sơ, 2.756 trực tuyến (60,64%)",
        "số 123456789 không có nhãn",  # 9 digits without CMND/CMT
        "091234567 (9 chữ số) và 09123456789 (11 chữ số)",
        "0012345678",  # 00… is not a Vietnamese mobile number
        "PA-4AMY-9FPA",
        "Tổng đài 1022",
        "",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert mask_personal(text) == text


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("0912345678", "09******78"),
        ("+84 912 345 678", "09******78"),
        ("84912345678", "09******78"),
        ("+14155550123", "+14*******23"),
        ("123", "***"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("0912345678", "0912345678"),
        (" 0912 345 678 ", "0912345678"),
        ("+84-912-345-678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+0912345678", None),
        ("0012345678", None),
        ("091234567", None),
        ("0912345678x", None),
        ("840912345678", None),
    ],
)
def test_normalize_vn_phone(text: str, normal: str | None) -> None:
    assert normalize_vn_phone(text) == normal
