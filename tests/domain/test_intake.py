"""The citizen's feedback intake: every step's accept/refuse table, whole paths, JSON round trip."""

from __future__ import annotations

import string
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.choices import EditField, Pick, PickCategory, PickWard, decode
from bot.domain.feedback import Attachment, Category
from bot.domain.intake import (
    ChoiceInput,
    ContactInput,
    DocumentInput,
    Draft,
    DraftError,
    Input,
    IntakeContext,
    LocationInput,
    PhotoInput,
    Prompt,
    Step,
    StepResult,
    TextInput,
    UnsupportedInput,
    advance,
    cancel,
    choice_label,
    prompt_for,
    start,
    summary_values,
)
from bot.domain.models import Unit
from bot.domain.texts import LANGUAGES, t
from bot.render.plain import render_plain

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
CAU_TRE = Unit(id=12, slug="cautre", name="Phường Cầu Tre", aliases=("Phường Đằng Giang",))
LE_CHAN = Unit(id=13, slug="lechan", name="Phường Lê Chân")
WARDS = (CAU_TRE, LE_CHAN)
DESCRIPTION = "Hồ sơ cấp giấy khai sinh của tôi đã quá hạn 5 ngày mà chưa có kết quả."
MB = 1024 * 1024


def ctx(
    lang: str = "vi",
    *,
    default: int | None = None,
    wards: tuple[Unit, ...] = WARDS,
    now: datetime = NOW,
) -> IntakeContext:
    return IntakeContext(wards=wards, default_unit_id=default, now=now, lang=lang)


def at(step: Step, **fields: object) -> Draft:
    """A draft at `step` with the earlier answers filled in."""
    base = Draft(
        step=step,
        started_at=NOW,
        updated_at=NOW,
        unit_id=12,
        category=Category.FEES,
        description=DESCRIPTION,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def run(draft: Draft, *inputs: Input, c: IntakeContext | None = None) -> StepResult:
    c = c or ctx()
    result = StepResult(draft, prompt_for(draft, c))
    for inp in inputs:
        result = advance(result.draft, inp, c)
        assert result.draft == Draft.from_json(result.draft.to_json())
    return result


NAV = ("back", "cancel")  # every step's "⬅️ Quay lại" and "✖️ Hủy" (tested on their own)


def data_of(prompt: Prompt) -> list[str]:
    """The step's own choices, without the navigation every step has."""
    return [c.button.encode() for c in prompt.choices if c.button.encode() not in NAV]


def press(data: str) -> ChoiceInput:
    """The intake input of a pressed button, read through the button protocol."""
    button = decode(data)
    assert isinstance(button, Pick | PickWard | PickCategory | EditField), data
    return ChoiceInput(button)


# --- start and the ward step ---------------------------------------------------------------------
def test_start_asks_for_the_ward_when_several_are_selectable() -> None:
    draft, prompt = start(ctx())
    assert draft.step == Step.WARD and draft.unit_id is None
    assert prompt.key == "intake.ward"
    assert data_of(prompt) == ["w:12", "w:13"]
    assert [choice_label(prompt, c, "vi") for c in prompt.choices[:-1]] == [
        "Phường Cầu Tre",
        "Phường Lê Chân",
    ]
    assert draft.started_at == draft.updated_at == NOW


@pytest.mark.parametrize(
    ("default", "wards"), [(13, WARDS), (None, (CAU_TRE,))], ids=["default", "only-one"]
)
def test_ward_step_is_skipped_when_the_ward_is_known(
    default: int | None, wards: tuple[Unit, ...]
) -> None:
    draft, prompt = start(ctx(default=default, wards=wards))
    assert draft.step == Step.CATEGORY
    assert draft.unit_id == (default or CAU_TRE.id)
    assert prompt.key == "intake.category"


@pytest.mark.parametrize(
    ("inp", "unit_id"),
    [
        (press("w:13"), 13),
        (TextInput("2"), 13),
        (TextInput(" 1 "), 12),
        (TextInput("phuong cau tre"), 12),
        (TextInput("PHƯỜNG LÊ CHÂN"), 13),
        (TextInput("cautre"), 12),
    ],
)
def test_ward_step_accepts(inp: Input, unit_id: int) -> None:
    result = run(start(ctx())[0], inp)
    assert result.draft.step == Step.CATEGORY
    assert result.draft.unit_id == unit_id
    assert result.prompt.error_key is None


def test_an_old_name_goes_to_todays_ward_and_says_so() -> None:
    result = run(start(ctx())[0], TextInput("Đằng Giang"))  # an alias: the name before 2025
    assert (result.draft.step, result.draft.unit_id) == (Step.CATEGORY, 12)
    assert result.prompt.error_key == "intake.ward.renamed"
    assert render_plain(result.prompt.body, "vi").startswith(
        "«Đằng Giang» nay thuộc Phường Cầu Tre; phản ánh sẽ được gửi đến Phường Cầu Tre."
    )


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        (press("w:99"), "intake.error.stale_choice"),
        (press("send"), "intake.error.stale_choice"),
        (TextInput("4"), "intake.error.choose"),  # two wards, then "✖️ Hủy"
        (TextInput("0"), "intake.error.choose"),
        (TextInput("Hà Nội"), "intake.error.choose"),
        (TextInput(""), "intake.error.choose"),
        (PhotoInput("f", 10), "intake.error.choose"),
        (UnsupportedInput("sticker"), "intake.error.unsupported"),
    ],
)
def test_ward_step_refuses(inp: Input, error: str) -> None:
    draft = start(ctx())[0]
    result = run(draft, inp)
    assert result.draft.step == Step.WARD
    assert result.prompt.error_key == error
    assert result.prompt.key == "intake.ward"
    assert not result.completed and not result.cancelled


def test_no_selectable_ward_says_so() -> None:
    draft, prompt = start(ctx(wards=()))
    assert draft.step == Step.WARD and prompt.key == "intake.ward.none" and not data_of(prompt)
    assert run(draft, TextInput("2"), c=ctx(wards=())).prompt.error_key == "intake.error.choose"


# Hải Phòng after 01/07/2025: two communes whose names differ by one accent, a merged ward and a
# split one.
MERGED = date(2025, 6, 30)
CITY = Unit(id=1, slug="haiphong", name="Thành phố Hải Phòng", kind="province")
CAM_GIANG = Unit(id=21, slug="camgiang", name="Xã Cẩm Giang", code="10888", parent_id=1)
CAM_GIANG_HUYEN = Unit(id=22, slug="camgiang2", name="Xã Cẩm Giàng", code="10903", parent_id=1)
NGO_QUYEN = Unit(id=23, slug="ngoquyen", name="Phường Ngô Quyền", parent_id=1)
GIA_VIEN = Unit(id=24, slug="giavien", name="Phường Gia Viên", parent_id=1)
OLD_CAU_TRE = Unit(
    id=25, slug="cautre", name="Phường Cầu Tre", parent_id=1, valid_to=MERGED, successor_ids=(23,)
)
OLD_DONG_KHE = Unit(
    id=26, slug="dongkhe", name="Phường Đông Khê", valid_to=MERGED, successor_ids=(23, 24)
)
TODAYS = (CAM_GIANG, CAM_GIANG_HUYEN, NGO_QUYEN, GIA_VIEN)


def hp_ctx() -> IntakeContext:
    return IntakeContext(
        wards=TODAYS,
        default_unit_id=None,
        now=NOW,
        lang="vi",
        all_units=(CITY, *TODAYS, OLD_CAU_TRE, OLD_DONG_KHE),
        today=date(2026, 11, 27),
    )


@pytest.mark.parametrize(
    ("text", "unit_id", "notice"),
    [
        ("Cẩm Giàng", 22, None),  # the exact name, although "Cẩm Giang" folds the same
        ("xã cẩm giang", 21, None),
        ("Ngô Quyền, Hải Phòng", 23, None),
        ("Cầu Tre", 23, "intake.ward.moved"),  # merged: today's ward, and the citizen is told
    ],
)
def test_a_typed_name_that_means_one_ward(text: str, unit_id: int, notice: str | None) -> None:
    result = run(start(hp_ctx())[0], TextInput(text), c=hp_ctx())
    assert (result.draft.step, result.draft.unit_id) == (Step.CATEGORY, unit_id)
    assert result.prompt.error_key == notice


def test_the_merged_ward_notice_names_both_wards() -> None:
    result = run(start(hp_ctx())[0], TextInput("cau tre"), c=hp_ctx())
    assert render_plain(result.prompt.body, "vi").startswith(
        "Phường Cầu Tre đã nhập vào Phường Ngô Quyền từ 01/07/2025; "
        "phản ánh sẽ được gửi đến Phường Ngô Quyền."
    )


@pytest.mark.parametrize(
    ("text", "error", "offered"),
    [
        ("cam giang", "intake.ward.ambiguous", ["w:21", "w:22"]),
        ("Đông Khê", "intake.ward.moved_many", ["w:24", "w:23"]),
    ],
)
def test_a_name_several_wards_answer_to_asks_which(
    text: str, error: str, offered: list[str]
) -> None:
    c = hp_ctx()
    result = run(start(c)[0], TextInput(text), c=c)
    assert result.draft.step == Step.WARD and result.draft.unit_id is None
    assert result.prompt.key == "intake.ward.which"
    assert result.prompt.error_key == error
    assert data_of(result.prompt) == offered  # only the candidates, numbered from 1
    # "2" is the second candidate, not the second ward of the full list.
    second = run(result.draft, TextInput("2"), c=c)
    assert (second.draft.step, second.draft.unit_id) == (Step.CATEGORY, int(offered[1][2:]))
    assert second.draft.ward_options == ()


def test_the_question_lists_the_candidates_with_their_codes() -> None:
    result = run(start(hp_ctx())[0], TextInput("cam giang"), c=hp_ctx())
    assert render_plain(result.prompt.body, "vi").startswith(
        "Có 2 đơn vị khớp với «cam giang»: Xã Cẩm Giang (10888), Xã Cẩm Giàng (10903).\n\n"
        "Bạn muốn gửi phản ánh đến đơn vị nào?"
    )


def test_while_asking_a_button_of_the_full_list_or_a_new_name_still_works() -> None:
    c = hp_ctx()
    asking = run(start(c)[0], TextInput("cam giang"), c=c).draft
    assert run(asking, press("w:24"), c=c).draft.unit_id == 24
    assert run(asking, TextInput("Ngô Quyền"), c=c).draft.unit_id == 23
    assert run(asking, press("w:26"), c=c).prompt.error_key == "intake.error.stale_choice"


def test_a_stored_draft_with_bad_ward_options_is_refused() -> None:
    data = at(Step.WARD, ward_options=(21, 22)).to_json()
    assert Draft.from_json(data).ward_options == (21, 22)
    with pytest.raises(DraftError):
        Draft.from_json(data | {"ward_options": ["21"]})


# --- category and dossier code --------------------------------------------------------------------
@pytest.mark.parametrize("category", list(Category))
def test_dossier_step_only_for_dossier_categories(category: Category) -> None:
    result = run(at(Step.CATEGORY), ChoiceInput(PickCategory(category)))
    assert result.draft.category == category
    expected = Step.DOSSIER_CODE if category.about_dossier else Step.DESCRIPTION
    assert result.draft.step == expected


def test_category_choices_in_order_with_text_labels() -> None:
    prompt = prompt_for(at(Step.CATEGORY), ctx())
    assert data_of(prompt) == [f"c:{c.value}" for c in Category]
    assert [c.key for c in prompt.choices] == [
        *(f"intake.category.{c.value}" for c in Category),
        "intake.choice.back",
        "intake.choice.cancel",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "category"),
    [
        ("vi", "1", Category.LATE_DOSSIER),
        ("vi", "7", Category.OTHER),
        ("vi", "ho so tre han", Category.LATE_DOSSIER),
        ("vi", "Phí, lệ phí", Category.FEES),
        ("en", "4", Category.FEES),
        ("en", "staff CONDUCT", Category.STAFF_CONDUCT),
    ],
)
def test_category_by_number_or_label(lang: str, text: str, category: Category) -> None:
    result = run(at(Step.CATEGORY), TextInput(text), c=ctx(lang))
    assert result.draft.category == category


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        (TextInput("10"), "intake.error.choose"),  # 7 categories, back, cancel
        (TextInput("Late dossier"), "intake.error.choose"),  # English label in Vietnamese
        (press("w:12"), "intake.error.stale_choice"),
        (LocationInput(20.8, 106.7), "intake.error.choose"),
    ],
)
def test_category_refuses(inp: Input, error: str) -> None:
    result = run(at(Step.CATEGORY), inp)
    assert (result.draft.step, result.prompt.error_key) == (Step.CATEGORY, error)


@pytest.mark.parametrize(
    ("inp", "code"),
    [
        (TextInput("CT-2022-00001"), "CT-2022-00001"),
        (TextInput("  000.00.30.H32-220915-0001 "), "000.00.30.H32-220915-0001"),
        (TextInput("a/b_c"), "A/B_C"),  # normalised: dossier codes are upper case
        (press("skip"), None),
        (TextInput("1"), None),
        (TextInput("bo qua"), None),
    ],
)
def test_dossier_code_accepts(inp: Input, code: str | None) -> None:
    draft = at(Step.DOSSIER_CODE, category=Category.LATE_DOSSIER, description=None)
    result = run(draft, inp)
    assert result.draft.step == Step.DESCRIPTION
    assert result.draft.dossier_code == code


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        (TextInput("ab"), "intake.error.dossier_code"),
        (TextInput("x" * 41), "intake.error.dossier_code"),
        (TextInput("mã hồ sơ"), "intake.error.dossier_code"),
        (TextInput("CT 2022"), "intake.error.dossier_code"),
        (PhotoInput("f", 1), "intake.error.expected_text"),
        (press("done"), "intake.error.stale_choice"),
    ],
)
def test_dossier_code_refuses(inp: Input, error: str) -> None:
    result = run(at(Step.DOSSIER_CODE, category=Category.LATE_DOSSIER), inp)
    assert (result.draft.step, result.prompt.error_key) == (Step.DOSSIER_CODE, error)


# --- description ----------------------------------------------------------------------------------
def test_description_is_stripped_and_nfc() -> None:
    typed = unicodedata.normalize("NFD", "  Thủ tục chậm, cán bộ hẹn mãi không trả kết quả.  ")
    assert typed != unicodedata.normalize("NFC", typed)
    result = run(at(Step.DESCRIPTION, description=None), TextInput(typed))
    assert result.draft.description == "Thủ tục chậm, cán bộ hẹn mãi không trả kết quả."
    assert unicodedata.is_normalized("NFC", result.draft.description)
    assert result.draft.step == Step.ATTACHMENTS


def test_description_length_counts_after_nfc_and_strip() -> None:
    # 19 letters decomposed into 38 code points is still too short.
    short = unicodedata.normalize("NFD", "ờ" * 19)
    result = run(at(Step.DESCRIPTION), TextInput(short + "   "))
    assert result.prompt.error_key == "intake.error.too_short"
    assert result.prompt.error_values == {"minimum": 20, "length": 19, "missing": 1}
    assert run(at(Step.DESCRIPTION), TextInput("ờ" * 20)).draft.step == Step.ATTACHMENTS
    assert run(at(Step.DESCRIPTION), TextInput("a" * 4000)).draft.step == Step.ATTACHMENTS


@pytest.mark.parametrize(
    ("inp", "error", "values"),
    [
        (TextInput(""), "intake.error.too_short", {"minimum": 20, "length": 0, "missing": 20}),
        (TextInput("Chậm"), "intake.error.too_short", {"minimum": 20, "length": 4, "missing": 16}),
        (TextInput("a" * 4001), "intake.error.too_long", {"maximum": 4000, "length": 4001}),
        (PhotoInput("f", 1), "intake.error.expected_text", {}),
        (ContactInput("0912345678", True), "intake.error.expected_text", {}),
        (press("keep"), "intake.error.stale_choice", {}),  # only offered when editing
        (UnsupportedInput("voice"), "intake.error.unsupported", {}),
    ],
)
def test_description_refuses(inp: Input, error: str, values: dict[str, object]) -> None:
    draft = at(Step.DESCRIPTION, description=None)
    result = run(draft, inp)
    assert result.draft.step == Step.DESCRIPTION and result.draft.description is None
    assert result.prompt.error_key == error
    assert dict(result.prompt.error_values) == values
    text = t("vi", error, **result.prompt.error_values)
    assert "{" not in text


# --- attachments ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "inp",
    [
        PhotoInput("p1", 3 * MB),
        PhotoInput("p1", 0),
        DocumentInput("d1", "don.pdf", "", 100),
        DocumentInput("d1", "SCAN.JPEG", "", 100),
        DocumentInput("d1", "bang-ke.xlsx", "application/octet-stream", 100),
        DocumentInput("d1", "to-trinh.doc", "", 100),
        DocumentInput("d1", "", "application/pdf", 100),
        DocumentInput("d1", "noname", "image/png", 20 * MB),
    ],
)
def test_attachments_accept(inp: PhotoInput | DocumentInput) -> None:
    result = run(at(Step.ATTACHMENTS), inp)
    assert result.draft.step == Step.ATTACHMENTS
    assert len(result.draft.attachments) == 1
    assert result.draft.attachments[0].file_id == inp.file_id
    assert result.prompt.key == "intake.attachments.more"
    assert data_of(result.prompt) == ["done"]
    assert result.prompt.values["count"] == 1 and result.prompt.values["remaining"] == 4


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        (DocumentInput("d", "virus.exe", "application/x-msdownload", 10), "intake.error.file_type"),
        (DocumentInput("d", "clip.mp4", "video/mp4", 10), "intake.error.file_type"),
        (DocumentInput("d", "", "", 10), "intake.error.file_type"),
        (
            DocumentInput("d", "big.pdf", "application/pdf", 20 * MB + 1),
            "intake.error.file_too_large",
        ),
        (PhotoInput("p", 21 * MB), "intake.error.file_too_large"),
        (TextInput("ảnh đây"), "intake.error.expected_file"),
        (LocationInput(1, 2), "intake.error.expected_file"),
        (press("agree"), "intake.error.stale_choice"),
        (UnsupportedInput("video"), "intake.error.unsupported"),
    ],
)
def test_attachments_refuse(inp: Input, error: str) -> None:
    result = run(at(Step.ATTACHMENTS), inp)
    assert result.draft.step == Step.ATTACHMENTS and result.draft.attachments == ()
    assert result.prompt.error_key == error
    assert data_of(result.prompt) == ["skip"]


@pytest.mark.parametrize("inp", [press("skip"), press("done"), TextInput("1")])
def test_attachments_move_on(inp: Input) -> None:
    result = run(at(Step.ATTACHMENTS), inp)
    assert result.draft.step == Step.LOCATION
    assert result.prompt.key == "intake.location" and result.prompt.request_location


def test_five_attachments_then_moves_on_and_refuses_more() -> None:
    photos = [PhotoInput(f"p{i}", 1000) for i in range(5)]
    result = run(at(Step.ATTACHMENTS), *photos[:4])
    assert result.draft.step == Step.ATTACHMENTS
    assert result.prompt.values["remaining"] == 1
    result = run(result.draft, photos[4])
    assert result.draft.step == Step.LOCATION
    assert result.prompt.key == "intake.location.files_full"
    assert [a.file_id for a in result.draft.attachments] == [f"p{i}" for i in range(5)]
    # The 6th and 7th photo of an album arrive after the step moved on.
    for extra in (PhotoInput("p5", 1), DocumentInput("d6", "a.pdf", "", 1)):
        refused = run(result.draft, extra)
        assert refused.prompt.error_key == "intake.error.too_many_files"
        assert refused.prompt.error_values == {"maximum": 5}
        assert len(refused.draft.attachments) == 5 and refused.draft.step == Step.LOCATION


def test_a_file_at_a_later_step_with_room_left_is_refused_as_that_step() -> None:
    result = run(at(Step.LOCATION), PhotoInput("p", 1))
    assert result.prompt.error_key == "intake.error.expected_location"


# --- location -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("inp", "coords"),
    [
        (LocationInput(20.86, 106.68), (20.86, 106.68)),
        (LocationInput(-90, 180), (-90.0, 180.0)),
        (press("skip"), (None, None)),
        (TextInput("Bỏ qua"), (None, None)),
        (TextInput("1"), (None, None)),
    ],
)
def test_location_accepts(inp: Input, coords: tuple[float | None, float | None]) -> None:
    result = run(at(Step.LOCATION), inp)
    assert result.draft.step == Step.CONTACT
    assert (result.draft.latitude, result.draft.longitude) == coords
    assert result.prompt.request_contact and data_of(result.prompt) == ["anon"]


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        (LocationInput(91, 0), "intake.error.bad_location"),
        (LocationInput(0, -181), "intake.error.bad_location"),
        (LocationInput(float("nan"), 0), "intake.error.bad_location"),
        (TextInput("số 5 Lê Lợi"), "intake.error.expected_location"),
        (press("done"), "intake.error.stale_choice"),
    ],
)
def test_location_refuses(inp: Input, error: str) -> None:
    result = run(at(Step.LOCATION), inp)
    assert (result.draft.step, result.prompt.error_key) == (Step.LOCATION, error)


# --- contact and consent --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("inp", "phone"),
    [
        (ContactInput("84912345678", own=True), "0912345678"),
        (ContactInput("+84 912 345 678", own=True), "0912345678"),
        (ContactInput("+14155550123", own=True), "+14155550123"),
        (TextInput("0912345678"), "0912345678"),
        (TextInput("0912.345.678"), "0912345678"),
        (TextInput("+84 912-345-678"), "0912345678"),
        (TextInput("84912345678"), "0912345678"),
    ],
)
def test_contact_with_phone_goes_to_consent(inp: Input, phone: str) -> None:
    result = run(at(Step.CONTACT), inp)
    assert result.draft.step == Step.CONSENT and result.draft.phone == phone
    assert result.draft.consent is None
    assert result.prompt.key == "intake.consent.2026-01"
    assert data_of(result.prompt) == ["agree", "disagree"]
    assert result.prompt.values == {"ward": "Phường Cầu Tre"}


@pytest.mark.parametrize("inp", [press("anon"), TextInput("1"), TextInput("gui an danh")])
def test_contact_anonymous_skips_consent(inp: Input) -> None:
    result = run(at(Step.CONTACT), inp)
    assert result.draft.step == Step.CONFIRM and result.draft.phone is None
    assert result.draft.consent is None and result.prompt.key == "intake.confirm"


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        (ContactInput("0912345678", own=False), "intake.error.not_own_contact"),
        (ContactInput("12", own=True), "intake.error.bad_phone"),
        (TextInput("091234567"), "intake.error.bad_phone"),
        (TextInput("09123456789"), "intake.error.bad_phone"),
        (TextInput("0012345678"), "intake.error.bad_phone"),
        (TextInput("+1 415 555 0123"), "intake.error.bad_phone"),
        (TextInput("số tôi là 0912345678"), "intake.error.bad_phone"),
        (LocationInput(1, 1), "intake.error.expected_contact"),
        (press("agree"), "intake.error.stale_choice"),
    ],
)
def test_contact_refuses(inp: Input, error: str) -> None:
    result = run(at(Step.CONTACT), inp)
    assert (result.draft.step, result.prompt.error_key) == (Step.CONTACT, error)
    assert result.draft.phone is None


def test_consent_must_be_explicit() -> None:
    draft = at(Step.CONSENT, phone="0912345678")
    for silent in (TextInput("ok"), TextInput(""), PhotoInput("p", 1), press("send")):
        result = run(draft, silent)
        assert result.draft.step == Step.CONSENT and result.draft.consent is None
        assert result.prompt.error_key in ("intake.error.choose", "intake.error.stale_choice")


def test_a_phone_not_consented_to_is_dropped_on_cancel_or_back() -> None:
    # Found by the property test below: cancelling at the consent step kept the number.
    result = cancel(at(Step.CONSENT, phone="0912345678"), ctx("vi"))
    assert result.cancelled and result.draft.phone is None
    back = run(at(Step.CONSENT, phone="0912345678"), press("back"))
    assert back.draft.step == Step.CONTACT and back.draft.phone is None
    agreed = replace(at(Step.CONFIRM, phone="0912345678"), consent=True)
    assert cancel(agreed, ctx("vi")).draft.phone == "0912345678"  # consented: the draft keeps it


@pytest.mark.parametrize(
    ("lang", "text", "agreed"),
    [
        ("vi", "1", True),
        ("vi", "toi dong y", True),
        ("vi", "Không đồng ý", False),
        ("en", "2", False),
        ("en", "i agree", True),
    ],
)
def test_consent_by_text(lang: str, text: str, agreed: bool) -> None:
    result = run(at(Step.CONSENT, phone="0912345678"), TextInput(text), c=ctx(lang))
    assert result.draft.consent is agreed


# --- confirm --------------------------------------------------------------------------------------
def test_summary_values() -> None:
    draft = at(
        Step.CONFIRM,
        category=Category.LATE_DOSSIER,
        dossier_code="CT-2022-00001",
        attachments=(Attachment("photo", "p"), Attachment("document", "d", "a.pdf")),
        latitude=20.8,
        longitude=106.7,
        phone="0912345678",
        consent=True,
    )
    assert summary_values(draft, ctx()) == {
        "ward": "Phường Cầu Tre",
        "category": "Hồ sơ trễ hạn",
        "dossier_code": "CT-2022-00001",
        "description": DESCRIPTION,
        "attachments": "2",
        "location": "có",
        "contact": "09******78",
    }
    bare = at(Step.CONFIRM, unit_id=None, category=None, description=None)
    assert summary_values(bare, ctx("en")) == {
        "ward": "—",
        "category": "—",
        "dossier_code": "—",
        "description": "—",
        "attachments": "0",
        "location": "no",
        "contact": "anonymous",
    }


def test_summary_shortens_a_long_description() -> None:
    values = summary_values(at(Step.CONFIRM, description="a" * 4000), ctx())
    description = str(values["description"])
    assert len(description) == 1000 and description.endswith("…")


def test_edit_description_goes_back_to_confirm() -> None:
    draft = at(
        Step.CONFIRM, attachments=(Attachment("photo", "p"),), phone="0912345678", consent=True
    )
    result = run(draft, press("edit"), press("ed:description"))
    assert result.draft.step == Step.DESCRIPTION and result.draft.returning_to_confirm
    assert result.prompt.key == "intake.description.edit" and data_of(result.prompt) == ["keep"]
    new_text = "Cán bộ yêu cầu nộp thêm bản sao sổ hộ khẩu dù đã bỏ."
    result = run(result.draft, TextInput(new_text))
    assert result.draft.step == Step.CONFIRM and not result.draft.returning_to_confirm
    assert result.draft.description == new_text
    assert result.draft.attachments == draft.attachments and result.draft.phone == "0912345678"
    assert result.prompt.values["description"] == new_text
    # "Keep the old text" also goes straight back.
    kept = run(draft, press("edit"), press("ed:description"), press("keep"))
    assert kept.draft.step == Step.CONFIRM and kept.draft.description == DESCRIPTION


def test_confirm_refuses_other_input() -> None:
    for inp, error in (
        (TextInput("5"), "intake.error.choose"),  # send, edit, cancel, back
        (press("skip"), "intake.error.stale_choice"),
        (PhotoInput("p", 1), "intake.error.choose"),
    ):
        result = run(at(Step.CONFIRM), inp)
        assert (result.draft.step, result.prompt.error_key) == (Step.CONFIRM, error)


def test_cancel_from_confirm_and_anywhere() -> None:
    result = run(at(Step.CONFIRM), press("cancel"))
    assert result.cancelled and not result.completed
    assert result.draft.step == Step.CANCELLED and result.prompt.key == "intake.cancelled"
    later = run(result.draft, press("send"))
    assert not later.completed and later.prompt.error_key == "intake.error.finished"
    anywhere = cancel(at(Step.ATTACHMENTS), ctx())
    assert anywhere.cancelled and anywhere.draft.step == Step.CANCELLED


# --- whole paths ----------------------------------------------------------------------------------
def test_happy_path_with_photo_location_own_contact_and_consent() -> None:
    c = ctx()
    draft, prompt = start(c)
    later = replace(c, now=NOW + timedelta(minutes=5))
    steps: list[tuple[Input, Step]] = [
        (press("w:12"), Step.CATEGORY),
        (press("c:late_dossier"), Step.DOSSIER_CODE),
        (TextInput("CT-2022-00001"), Step.DESCRIPTION),
        (TextInput(DESCRIPTION), Step.ATTACHMENTS),
        (PhotoInput("photo-1", 250_000), Step.ATTACHMENTS),
        (press("done"), Step.LOCATION),
        (LocationInput(20.8449, 106.6881), Step.CONTACT),
        (ContactInput("+84912345678", own=True), Step.CONSENT),
        (press("agree"), Step.CONFIRM),
    ]
    for inp, step in steps:
        result = advance(draft, inp, later)
        assert result.prompt.error_key is None, (inp, result.prompt)
        assert result.draft.step == step
        draft = result.draft
    assert result.prompt.key == "intake.confirm"
    assert data_of(result.prompt) == ["send", "edit"]
    assert result.prompt.values["contact"] == "09******78"
    final = advance(draft, press("send"), later)
    assert final.completed and not final.cancelled
    assert final.prompt.key == "intake.done"
    d = final.draft
    assert d.step == Step.DONE
    assert d.unit_id == 12 and d.category == Category.LATE_DOSSIER
    assert d.dossier_code == "CT-2022-00001" and d.description == DESCRIPTION
    assert d.attachments == (Attachment(kind="photo", file_id="photo-1", size=250_000),)
    assert (d.latitude, d.longitude) == (20.8449, 106.6881)
    assert d.phone == "0912345678"
    assert d.consent is True and d.consent_version == "2026-01"
    assert d.consent_at == later.now
    assert d.started_at == NOW and d.updated_at == later.now
    assert Draft.from_json(d.to_json()) == d


def test_anonymous_path_in_english_with_numbered_text() -> None:
    c = ctx("en", default=13)
    draft, _ = start(c)
    result = run(
        draft,
        TextInput("7"),  # Something else → no dossier code
        TextInput(DESCRIPTION),
        TextInput("skip"),
        TextInput("Skip"),
        TextInput("send anonymously"),
        TextInput("1"),
        c=c,
    )
    assert result.completed
    d = result.draft
    assert d.unit_id == 13 and d.category == Category.OTHER and d.dossier_code is None
    assert d.attachments == () and d.latitude is None and d.phone is None
    assert d.consent is None and d.consent_at is None


def test_disagree_drops_the_phone_and_says_so() -> None:
    result = run(at(Step.CONTACT), TextInput("0912 345 678"), press("disagree"))
    d = result.draft
    assert d.step == Step.CONFIRM and d.phone is None
    assert d.consent is False and d.consent_at is None
    assert result.prompt.key == "intake.confirm.without_phone"
    assert result.prompt.values["contact"] == "ẩn danh"
    assert prompt_for(d, ctx()).key == "intake.confirm.without_phone"  # after a restart too
    assert run(d, press("send")).completed


def test_old_category_button_after_moving_on_is_refused_politely() -> None:
    draft = run(at(Step.CATEGORY), press("c:fees")).draft
    result = run(draft, press("c:late_dossier"))
    assert result.prompt.error_key == "intake.error.stale_choice"
    assert result.draft.category == Category.FEES and result.draft.step == Step.DESCRIPTION


# --- JSON -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("step", list(Step))
def test_json_round_trip_at_every_step(step: Step) -> None:
    draft = at(
        step,
        dossier_code="CT-1",
        attachments=(Attachment("document", "d", "a.pdf", "application/pdf", 12),),
        latitude=1.5,
        longitude=-2.25,
        phone="0912345678",
        consent=True,
        consent_version="2026-01",
        consent_at=NOW,
        returning_to_confirm=step == Step.DESCRIPTION,
    )
    assert Draft.from_json(draft.to_json()) == draft


def test_from_json_tolerates_missing_keys_of_an_older_version() -> None:
    old = {"step": "description", "started_at": NOW.isoformat(), "unit_id": 12}
    draft = Draft.from_json(old)
    assert draft.step == Step.DESCRIPTION and draft.updated_at == NOW
    assert draft.attachments == () and draft.returning_to_confirm is False


@pytest.mark.parametrize(
    "garbage",
    [
        {},
        {"step": "nowhere", "started_at": NOW.isoformat()},
        {"step": "ward"},
        {"step": "ward", "started_at": "yesterday"},
        {"step": "ward", "started_at": "2026-01-01T00:00:00"},  # naive
        {"step": "ward", "started_at": NOW.isoformat(), "unit_id": "12"},
        {"step": "ward", "started_at": NOW.isoformat(), "unit_id": True},
        {"step": "ward", "started_at": NOW.isoformat(), "category": "weather"},
        {"step": "ward", "started_at": NOW.isoformat(), "attachments": "p1"},
        {"step": "ward", "started_at": NOW.isoformat(), "attachments": [{"kind": "video"}]},
        {"step": "ward", "started_at": NOW.isoformat(), "latitude": "north"},
        {"step": "ward", "started_at": NOW.isoformat(), "consent": "yes"},
        [1, 2],
    ],
)
def test_from_json_rejects_garbage(garbage: object) -> None:
    with pytest.raises(DraftError):
        Draft.from_json(garbage)  # type: ignore[arg-type]


# --- property: nothing raises, every prompt is renderable ----------------------------------------
BUTTONS = st.sampled_from(
    [
        PickWard(12),
        PickWard(13),
        PickWard(99),
        PickCategory(Category.LATE_DOSSIER),
        PickCategory(Category.FEES),
        PickCategory(Category.OTHER),
        *Pick,
    ]
)
TEXTS = (
    st.text(max_size=60)
    | st.sampled_from(
        [
            "1",
            "2",
            "3",
            "9",
            "0912345678",
            "+84 912 345 678",
            "bỏ qua",
            "Xong",
            "cautre",
            "CT-2022-00001",
            DESCRIPTION,
        ]
    )
    | st.builds(lambda n: "ả" * n, st.integers(0, 4100))
    | st.text(alphabet=string.printable, min_size=15, max_size=30)
)
SIZES = st.integers(-5, 25 * MB)
INPUTS: st.SearchStrategy[Input] = st.one_of(
    st.builds(TextInput, TEXTS),
    st.builds(ChoiceInput, BUTTONS),
    st.builds(PhotoInput, st.text(max_size=5), SIZES),
    st.builds(
        DocumentInput,
        st.text(max_size=5),
        st.sampled_from(["a.pdf", "b.exe", "", "c.DOCX", "noext", ".png", "x."]),
        st.sampled_from(["", "application/pdf", "video/mp4", "image/png; charset=x"]),
        SIZES,
    ),
    st.builds(
        LocationInput,
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(allow_nan=True, allow_infinity=True),
    ),
    st.builds(
        ContactInput,
        st.sampled_from(["0912345678", "+84912345678", "1", "", "abc"]) | st.text(max_size=20),
        st.booleans(),
    ),
    st.builds(UnsupportedInput, st.sampled_from(["sticker", "voice", "video", "poll"])),
)


def assert_renderable(prompt: Prompt, lang: str) -> None:
    vi, en = LANGUAGES["vi"], LANGUAGES["en"]
    assert prompt.key in vi and prompt.key in en
    t(lang, prompt.key, **prompt.values)
    if prompt.error_key is not None:
        assert prompt.error_key in vi and prompt.error_key in en
        t(lang, prompt.error_key, **prompt.error_values)
    for choice in prompt.choices:
        assert choice.key in vi and choice.key in en
        assert decode(choice.button.encode()) == choice.button
        assert choice_label(prompt, choice, lang)


# Good answers per step, so that random sequences also reach the later steps.
GOOD: dict[Step, list[Input]] = {
    Step.WARD: [press("w:12"), TextInput("2")],
    Step.CATEGORY: [press("c:late_dossier"), press("c:fees"), TextInput("7")],
    Step.DOSSIER_CODE: [TextInput("CT-2022-00001"), press("skip")],
    Step.DESCRIPTION: [TextInput(DESCRIPTION), press("keep")],
    Step.ATTACHMENTS: [
        PhotoInput("p", 10),
        DocumentInput("d", "a.pdf", "application/pdf", 10),
        press("done"),
        press("skip"),
    ],
    Step.LOCATION: [LocationInput(20.8, 106.7), press("skip")],
    Step.CONTACT: [
        ContactInput("+84912345678", True),
        TextInput("0912345678"),
        press("anon"),
    ],
    Step.CONSENT: [press("agree"), press("disagree")],
    Step.CONFIRM: [press("edit"), press("send"), press("cancel")],
    Step.EDIT: [press("ed:description"), press("ed:contact"), press("back")],
    Step.DONE: [press("send")],
    Step.CANCELLED: [press("send")],
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # (pick a good answer?, which good answer, a random input): about 60 % good answers
    inputs=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), INPUTS), max_size=30),
    lang=st.sampled_from(["vi", "en"]),
    default=st.sampled_from([None, 12]),
)
def test_any_input_sequence_never_raises(
    inputs: list[tuple[int, int, Input]], lang: str, default: int | None
) -> None:
    c = ctx(lang, default=default)
    draft, prompt = start(c)
    assert_renderable(prompt, lang)
    for pick_good, which, random_input in inputs:
        good = GOOD[draft.step]
        inp = good[which % len(good)] if pick_good < 3 else random_input
        result = advance(draft, inp, c)
        assert_renderable(result.prompt, lang)
        assert Draft.from_json(result.draft.to_json()) == result.draft
        assert prompt_for(result.draft, c).key == result.prompt.key
        assert len(result.draft.attachments) <= c.max_attachments
        if result.draft.phone is not None and result.draft.step != Step.CONSENT:
            assert result.draft.consent is True
        if result.completed:
            assert result.draft.step == Step.DONE and result.draft.description
        draft = result.draft


@pytest.mark.parametrize(
    ("step", "desk", "key", "here", "mine"),
    [
        (Step.LOCATION, False, "intake.location", True, False),
        (Step.LOCATION, True, "intake.location.desk", False, False),  # "here" is the desk
        (Step.CONTACT, False, "intake.contact", False, True),
        (Step.CONTACT, True, "intake.contact.desk", False, False),  # "mine" is the official's
    ],
)
def test_the_desk_is_offered_no_button_that_sends_the_officials_own_place_or_phone(
    step: Step, desk: bool, key: str, here: bool, mine: bool
) -> None:
    c = replace(ctx(), desk=desk)
    prompt = prompt_for(at(step), c)
    assert (prompt.key, prompt.request_location, prompt.request_contact) == (key, here, mine)


@pytest.mark.parametrize(
    ("desk", "labels"),
    [
        (False, ["Tôi đồng ý", "Không đồng ý"]),
        (True, ["Người dân đồng ý", "Người dân không đồng ý"]),  # the official presses it
    ],
)
def test_the_consent_is_worded_for_who_presses_it(desk: bool, labels: list[str]) -> None:
    c = replace(ctx(), desk=desk)
    prompt = prompt_for(at(Step.CONSENT, phone="0912345678"), c)
    shown = [choice_label(prompt, choice, "vi") for choice in prompt.choices]
    assert shown[:2] == labels
    # Typing the label shown picks it, as for any choice.
    result = run(at(Step.CONSENT, phone="0912345678"), TextInput(labels[0]), c=c)
    assert result.draft.consent is True
