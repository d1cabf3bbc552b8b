"""The apology rules as tables: who may issue, which dossiers, which dates; the letter's fields."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.domain import apology
from bot.domain.apology import LetterFacts, Preset, Refusal, Template
from bot.domain.calendar import WorkCalendar
from bot.domain.models import Dossier, DossierStatus, Role, StaffMember, SubmissionChannel

CAL = WorkCalendar()
TODAY = date(2026, 11, 27)  # a Friday
DUE = date(2026, 11, 27)

DOSSIER = Dossier(
    code="NQ-2026-006521",
    unit_id=3,
    received_at=datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
    due_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
    channel=SubmissionChannel.DIRECT,
    status=DossierStatus.PROCESSING,
    procedure="Đăng ký khai tử",
)


@pytest.mark.parametrize(
    ("new_due", "expected"),
    [
        (date(2026, 11, 26), Refusal.DATE_NOT_AFTER_TODAY),  # past
        (date(2026, 11, 27), Refusal.DATE_NOT_AFTER_TODAY),  # today
        (date(2026, 11, 28), Refusal.DATE_NOT_WORKING_DAY),  # Saturday
        (date(2026, 11, 29), Refusal.DATE_NOT_WORKING_DAY),  # Sunday
        (date(2026, 11, 30), None),  # the next working day (Monday)
        (date(2026, 12, 1), None),
        (date(2026, 9, 2), Refusal.DATE_NOT_AFTER_TODAY),  # Quốc khánh, and past
        (date(2027, 11, 29), Refusal.DATE_TOO_FAR),
    ],
)
def test_new_date(new_due: date, expected: Refusal | None) -> None:
    assert apology.check_new_due(new_due, TODAY, DUE, CAL) is expected


@pytest.mark.parametrize(
    ("today", "due", "new_due", "expected"),
    [
        # Holidays: 01/01/2027 (Tết Dương lịch, a Friday) is no working day.
        (date(2026, 12, 30), date(2026, 12, 30), date(2027, 1, 1), Refusal.DATE_NOT_WORKING_DAY),
        (date(2026, 12, 30), date(2026, 12, 30), date(2027, 1, 4), None),
        # Tết Nguyên đán 2027 (06/02–10/02 or so): its first day is off.
        (date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 8), Refusal.DATE_NOT_WORKING_DAY),
        # 24/11 is a day off from 2026 (Ngày Văn hóa Việt Nam).
        (date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 24), Refusal.DATE_NOT_WORKING_DAY),
        # Not yet due: the new date must come after the old one.
        (date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 26), Refusal.DATE_NOT_AFTER_DUE),
        (date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 27), Refusal.DATE_NOT_AFTER_DUE),
        (date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 30), None),
    ],
)
def test_new_date_around_holidays_and_the_old_due_date(
    today: date, due: date, new_due: date, expected: Refusal | None
) -> None:
    assert apology.check_new_due(new_due, today, due, CAL) is expected


def test_date_choices_are_the_next_working_days() -> None:
    assert apology.date_choices(TODAY, DUE, CAL) == [
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 2),
    ]
    # Not yet due: the choices start after the old due date.
    assert apology.date_choices(date(2026, 11, 25), DUE, CAL)[0] == date(2026, 11, 30)
    for d in apology.date_choices(date(2026, 12, 30), date(2026, 12, 30), CAL):
        assert apology.check_new_due(d, date(2026, 12, 30), date(2026, 12, 30), CAL) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/11/2026", date(2026, 11, 30)),
        ("1/12/2026", date(2026, 12, 1)),
        ("01-12-2026", date(2026, 12, 1)),
        (" 01.12.2026 ", date(2026, 12, 1)),
        ("31/11/2026", None),
        ("2026-12-01", None),
        ("mai", None),
        ("", None),
    ],
)
def test_parse_day(text: str, expected: date | None) -> None:
    assert apology.parse_day(text) == expected


@pytest.mark.parametrize(
    ("dossier", "expected"),
    [
        (DOSSIER, None),
        (None, Refusal.NOT_FOUND),
        (replace(DOSSIER, apology_issued_at=datetime(2026, 11, 26, tzinfo=UTC)), Refusal.ALREADY),
        (replace(DOSSIER, resolved_at=datetime(2026, 11, 26, tzinfo=UTC)), Refusal.RESOLVED),
        (replace(DOSSIER, status=DossierStatus.RETURNED), Refusal.RESOLVED),
        (replace(DOSSIER, status=DossierStatus.WITHDRAWN), Refusal.RESOLVED),
        (replace(DOSSIER, status=DossierStatus.SUPPLEMENT), None),
    ],
)
def test_which_dossiers_can_get_an_apology(dossier: Dossier | None, expected: Refusal) -> None:
    assert apology.check_dossier(dossier) is expected


@pytest.mark.parametrize(
    ("staff", "expected"),
    [
        (None, Refusal.NOT_STAFF),
        (StaffMember("1", Role.OFFICER, 3), None),
        (StaffMember("1", Role.LEADER, 3), None),
        (StaffMember("1", Role.ADMIN, None), None),
        (StaffMember("1", Role.OFFICER, 4), Refusal.FORBIDDEN),
        (StaffMember("1", Role.SUPERVISOR, 1), Refusal.FORBIDDEN),
    ],
)
def test_who_may_issue(staff: StaffMember | None, expected: Refusal | None) -> None:
    assert apology.may_issue(staff, 3) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngắn", Refusal.REASON_SHORT),
        ("  chờ  .  ", Refusal.REASON_SHORT),
        ("Hồ sơ cần xác minh thêm", None),
        ("x" * 1000, None),
        ("x" * 1001, Refusal.REASON_LONG),
    ],
)
def test_reason_length(text: str, expected: Refusal | None) -> None:
    assert apology.check_reason(text) is expected


FACTS = LetterFacts(
    unit_name="Phường Ngô Quyền",
    place="Ngô Quyền",
    sequence=7,
    issued_on=date(2026, 11, 27),
    code="NQ-2026-006521",
    procedure="Đăng ký khai tử",
    received=date(2026, 11, 23),
    due=date(2026, 11, 27),
    reason="Hồ sơ cần xác minh thêm.",
    new_due=date(2026, 11, 30),
)


def test_the_letter_has_every_field_of_the_form() -> None:
    letter = apology.compose(FACTS, apology.preset_template())
    assert letter.agency_lines == ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGÔ QUYỀN")
    assert letter.number == "Số: 07/PXL"
    assert letter.nation == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert letter.motto == "Độc lập - Tự do - Hạnh phúc"
    assert letter.place_date == "Ngô Quyền, ngày 27 tháng 11 năm 2026"
    assert letter.title == "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    assert letter.to == "Kính gửi: Ông/Bà có hồ sơ số NQ-2026-006521"  # no applicant known
    assert letter.to_details == ""
    # One sentence: the decree, the circular with its date and issuer, then the main clause.
    assert letter.legal_basis == (
        "Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực "
        "hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và "
        "Cổng Dịch vụ công quốc gia và Thông tư số 03/2025/TT-VPCP ngày 15 tháng 9 năm 2025 "
        "của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn thi hành một số nội dung của "
        "Nghị định số 118/2025/NĐ-CP, Ủy ban nhân dân phường Ngô Quyền thông báo như sau:"
    )
    body = "\n".join(letter.paragraphs)
    for text in (
        "Ngày 23/11/2026, Ủy ban nhân dân phường Ngô Quyền tiếp nhận hồ sơ Đăng ký khai tử",
        "mã hồ sơ: NQ-2026-006521",
        "ngày hẹn trả kết quả: 27/11/2026",
        "Lý do: Hồ sơ cần xác minh thêm.",  # one full stop, not two
        "trân trọng gửi lời xin lỗi",
        "Thời gian hẹn trả kết quả lại: ngày 30/11/2026.",
    ):
        assert text in body, text
    assert "{" not in body
    assert letter.closing == "Trân trọng./."
    assert letter.cc_title == "Nơi nhận:"
    assert letter.cc_lines == (
        "- Như trên;",
        "- Trung tâm Phục vụ hành chính công phường Ngô Quyền;",
        "- Lưu: VT.",
    )
    assert letter.signer_title == "CHỦ TỊCH"
    assert letter.file_name == "phieu-xin-loi-NQ-2026-006521.docx"
    assert letter.pdf_name == "phieu-xin-loi-NQ-2026-006521.pdf"


def test_the_applicant_the_desk_and_the_nd61_preset() -> None:
    facts = replace(
        FACTS,
        recipient_name="Nguyễn Văn An",
        recipient_address="12 Lạch Tray, phường Ngô Quyền",
        recipient_phone="0912 345 678",
        desk="Bộ phận Một cửa phường Ngô Quyền",
    )
    letter = apology.compose(facts, apology.preset_template(Preset.ND61))
    assert letter.to == "Kính gửi: Ông/Bà Nguyễn Văn An"
    assert letter.to_details == (
        "Địa chỉ: 12 Lạch Tray, phường Ngô Quyền; Số điện thoại: 0912 345 678"
    )
    assert letter.title == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert letter.legal_basis.startswith("Thực hiện quy định tại Điều 19 Nghị định số 61/2018")
    assert letter.legal_basis.endswith("Ủy ban nhân dân phường Ngô Quyền thông báo như sau:")
    assert letter.cc_lines[1] == "- Bộ phận Một cửa phường Ngô Quyền;"
    only_phone = apology.compose(replace(FACTS, recipient_phone="0225 3 1022"), Template("x", ""))
    assert only_phone.to_details == "Số điện thoại: 0225 3 1022"


@pytest.mark.parametrize(("sequence", "number"), [(1, "01/PXL"), (9, "09/PXL"), (10, "10/PXL")])
def test_numbers_below_ten_take_a_leading_zero(sequence: int, number: str) -> None:
    assert apology.letter_number(sequence) == number


BAD = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\ufeff\ufffe\ud800"


def test_control_characters_never_reach_the_letter() -> None:
    facts = replace(
        FACTS,
        code=f"NQ-2026{BAD}-006521",
        procedure=f"Đăng ký{BAD}khai tử",
        reason=f"Hồ sơ\x0bcần\x00xác minh{BAD}thêm",
        recipient_name="\ufeffNguyễn\x00Văn\x0cAn",
        recipient_address=f"12\x1bLạch Tray{BAD}",
        recipient_phone="\x000912\x0b345",
        unit_name=f"Phường Ngô{BAD}Quyền",
        place=f"Ngô{BAD}Quyền",
    )
    template = Template(
        body=f"{{agency}}{BAD} xin lỗi về {{code}}.\r\n\r\n{{reason}}.\x0c",
        legal_basis=f"Căn cứ\x00{BAD};",
        signer_title=f"KT. CHỦ TỊCH\n\x0bPHÓ CHỦ TỊCH{BAD}",
        signer_name="Trần\x00Thị Bình",
        title=f"PHIẾU{BAD}XIN LỖI",
    )
    letter = apology.compose(facts, template)
    texts = [
        *letter.agency_lines,
        letter.number,
        letter.place_date,
        letter.title,
        letter.to,
        letter.to_details,
        letter.legal_basis,
        *letter.paragraphs,
        *letter.cc_lines,
        letter.signer_title,
        letter.signer_name,
        letter.file_name,
    ]
    for text in texts:
        assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in text.replace("\n", "")), (
            text
        )
        assert "\ufeff" not in text and "\ufffe" not in text
    assert letter.to == "Kính gửi: Ông/Bà Nguyễn Văn An"
    assert letter.to_details == "Địa chỉ: 12 Lạch Tray; Số điện thoại: 0912 345"
    assert letter.paragraphs == (
        "Ủy ban nhân dân phường Ngô Quyền xin lỗi về NQ-2026 -006521.",
        "Hồ sơ cần xác minh thêm.",
    )
    assert letter.signer_title == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"  # a line break is kept
    assert letter.place_date.startswith("Ngô Quyền, ngày")
    assert letter.title == "PHIẾU XIN LỖI"


@pytest.mark.parametrize(
    ("issued", "due", "late"),
    [
        (date(2026, 11, 26), date(2026, 11, 27), False),  # on D−1, the last legal day
        (date(2026, 11, 25), date(2026, 11, 27), False),
        (date(2026, 11, 27), date(2026, 11, 27), True),  # on D
        (date(2026, 11, 27), date(2026, 11, 30), False),  # Friday for a Monday due date
        (date(2026, 11, 28), date(2026, 11, 30), True),  # … but not the Saturday after it
        (date(2026, 1, 10), date(2026, 1, 12), False),  # the worked Saturday 10/01/2026
        (date(2026, 2, 13), date(2026, 2, 23), False),  # Friday before Tết for after it
        (date(2026, 2, 16), date(2026, 2, 23), True),
    ],
)
def test_a_letter_after_the_last_legal_day_is_late(issued: date, due: date, late: bool) -> None:
    assert apology.issued_late(issued, due, CAL) is late


def test_legal_dates_pad_days_and_the_first_two_months() -> None:
    assert apology.legal_date(date(2026, 2, 5)) == ("05", "02", "2026")
    assert apology.legal_date(date(2026, 11, 27)) == ("27", "11", "2026")
    assert apology.legal_date(date(2026, 3, 9)) == ("09", "3", "2026")


def test_a_ward_template_with_its_own_signer() -> None:
    template = Template(
        body="{agency} xin lỗi về hồ sơ {code}.\n\nHẹn lại ngày {new_due}.",
        legal_basis="",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Trần Thị Bình",
    )
    letter = apology.compose(FACTS, template)
    assert letter.paragraphs == (
        "Ủy ban nhân dân phường Ngô Quyền xin lỗi về hồ sơ NQ-2026-006521.",
        "Hẹn lại ngày 30/11/2026.",
    )
    assert letter.signer_name == "Trần Thị Bình"


@pytest.mark.parametrize(
    ("body", "unknown"),
    [
        ("{code} {due} {new_due} {reason} {received} {procedure} {agency}", set()),
        ("{code} {name}", {"name"}),
        ("{code.__class__}", {"code.__class__"}),
        ("{0}", {"0"}),
    ],
)
def test_template_placeholders(body: str, unknown: set[str]) -> None:
    assert apology.unknown_fields(Template(body=body, legal_basis="")) == unknown


@pytest.mark.parametrize("body", ["{code", "{due:>99}", "{code!r}"])
def test_malformed_templates_are_refused(body: str) -> None:
    with pytest.raises(ValueError):
        apology.unknown_fields(Template(body=body, legal_basis=""))


def test_the_place_is_the_issuing_unit() -> None:
    assert apology.place_of("Phường Ngô Quyền") == "Ngô Quyền"
    assert apology.place_of("Xã Cẩm Giàng") == "Cẩm Giàng"
    assert apology.place_of("Đặc khu Cát Hải") == "Cát Hải"
    assert apology.place_of("Ngô Quyền") == "Ngô Quyền"
