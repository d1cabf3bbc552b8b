"""The apology rules as tables: who may issue, which dossiers, which dates; the letter's fields."""

from __future__ import annotations

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
    place="Hải Phòng",
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
    assert letter.number == "Số: 7/PXL"
    assert letter.nation == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert letter.motto == "Độc lập - Tự do - Hạnh phúc"
    assert letter.place_date == "Hải Phòng, ngày 27 tháng 11 năm 2026"
    assert letter.title == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert letter.to == "Kính gửi: Ông/Bà có hồ sơ số NQ-2026-006521"
    assert "Nghị định số 118/2025/NĐ-CP" in letter.legal_basis
    assert "Thông tư số 03/2025/TT-VPCP" in letter.legal_basis
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
    assert letter.signer_title == "CHỦ TỊCH"
    assert letter.file_name == "phieu-xin-loi-NQ-2026-006521.docx"


def test_a_named_recipient_and_the_nd61_preset() -> None:
    letter = apology.compose(
        replace(FACTS, recipient_name="Nguyễn Văn An"), apology.preset_template(Preset.ND61)
    )
    assert letter.to == "Kính gửi: Ông/Bà Nguyễn Văn An"
    assert "theo khoản 3 Điều 19 Nghị định số 61/2018/NĐ-CP" in letter.legal_basis


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


def test_place_of() -> None:
    assert apology.place_of("Thành phố Hải Phòng", "Phường Ngô Quyền") == "Hải Phòng"
    assert apology.place_of("Tỉnh Đồng Nai", "Phường X") == "Đồng Nai"
    assert apology.place_of(None, "Phường Ngô Quyền") == "Phường Ngô Quyền"
