"""Vietnamese texts of the apology letter (phiếu xin lỗi và hẹn lại ngày trả kết quả).

The letter itself is always written in Vietnamese; its fixed parts and the default templates
live here so that one file holds every sentence (the English table mirrors the keys).
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- the staff conversation -----------------------------------------------------------------
    "cmd.xinloi": "Lập phiếu xin lỗi, hẹn lại ngày trả kết quả",
    "apology.usage": "Cú pháp: <code>/xinloi MÃ_HỒ_SƠ</code>",
    "apology.ask_reason": (
        "<b>Phiếu xin lỗi cho hồ sơ {code}</b>\n"
        "Thủ tục: {procedure}\nNgày hẹn trả: {due}\n\n"
        "Chọn lý do chậm trả kết quả, hoặc gõ lý do khác (từ {minimum} đến {maximum} ký tự). "
        "Gõ /huy để dừng."
    ),
    "apology.reason.verify": "Hồ sơ cần xác minh thêm",
    "apology.reason.agencies": "Chờ ý kiến cơ quan liên quan",
    "apology.reason.software": "Hệ thống phần mềm gặp sự cố",
    "apology.ask_date": (
        "Ngày hẹn trả kết quả mới là ngày nào? Chọn một ngày làm việc dưới đây "
        "hoặc gõ ngày theo dạng dd/mm/yyyy (sau hôm nay, chỉ được hẹn lại một lần)."
    ),
    "apology.date_option": "{weekday} {day}",
    "apology.confirm": (
        "<b>Kiểm tra trước khi lập phiếu</b>\n"
        "Hồ sơ: {code}\nThủ tục: {procedure}\nNgày tiếp nhận: {received}\n"
        "Ngày hẹn trả cũ: {due}\nLý do: {reason}\nNgày hẹn trả mới: <b>{new_due}</b>\n\n"
        "Sau khi lập phiếu, hồ sơ không được hẹn lại lần nữa."
    ),
    "apology.button.confirm": "✅ Lập phiếu",
    "apology.button.cancel": "✖️ Huỷ",
    "apology.button.notify": "Báo cho người dân",
    "apology.issued": (
        "Đã lập phiếu xin lỗi số <b>{number}</b> cho hồ sơ {code}; "
        "ngày hẹn trả mới: <b>{new_due}</b>. In, ký và gửi người dân."
    ),
    "apology.issued.citizens": (
        "Có {count} người dân đã phản ánh qua bot về hồ sơ này. "
        "Chọn «Báo cho người dân» để gửi thông báo xin lỗi và ngày hẹn mới."
    ),
    "apology.notified": "Đã xếp {count} tin nhắn báo cho người dân về hồ sơ {code}.",
    "apology.cancelled": "Đã huỷ việc lập phiếu xin lỗi.",
    # --- refusals (reason codes of bot.domain.apology.Refusal) --------------------------------
    "apology.refused.not_staff": "Chức năng này chỉ dành cho cán bộ.",
    "apology.refused.forbidden": "Bạn không phụ trách đơn vị của hồ sơ {code}.",
    "apology.refused.not_found": "Không tìm thấy hồ sơ có mã {code}.",
    "apology.refused.resolved": "Hồ sơ {code} đã có kết quả hoặc đã kết thúc; không cần xin lỗi.",
    "apology.refused.already": (
        "Hồ sơ {code} đã có phiếu xin lỗi; ngày hẹn trả mới là {new_due}. "
        "Mỗi hồ sơ chỉ được hẹn lại một lần."
    ),
    "apology.refused.reason_short": "Lý do quá ngắn: cần ít nhất {minimum} ký tự.",
    "apology.refused.reason_long": "Lý do quá dài: tối đa {maximum} ký tự.",
    "apology.refused.date_format": "Không đọc được ngày «{text}». Gõ theo dạng dd/mm/yyyy, ví dụ {example}.",
    "apology.refused.date_not_after_today": "Ngày hẹn mới phải sau hôm nay ({today}).",
    "apology.refused.date_not_after_due": "Ngày hẹn mới phải sau ngày hẹn trả cũ ({due}).",
    "apology.refused.date_not_working_day": "Ngày {day} không phải ngày làm việc (cuối tuần hoặc ngày nghỉ lễ).",
    "apology.refused.date_too_far": "Ngày hẹn mới không được quá {days} ngày sau hôm nay.",
    "apology.refused.no_citizens": "Không có người dân nào phản ánh qua bot về hồ sơ {code}.",
    "apology.refused.no_letter": "Hồ sơ {code} chưa có phiếu xin lỗi.",
    # --- to the citizen -----------------------------------------------------------------------
    "apology.citizen.notice": (
        "📨 Về hồ sơ <b>{code}</b> ({procedure}) bạn đã nêu trong phản ánh {case}: "
        "{agency} chưa trả kết quả đúng hẹn ({due}) và xin lỗi bạn vì sự chậm trễ này.\n"
        "Lý do: {reason}\nNgày hẹn trả kết quả mới: <b>{new_due}</b>."
    ),
    # --- the letter's fixed parts ---------------------------------------------------------------
    "apology.letter.agency_kind": "ỦY BAN NHÂN DÂN",
    "apology.letter.agency_full": "Ủy ban nhân dân {unit}",
    "apology.letter.number": "Số: {number}",
    "apology.letter.number_suffix": "PXL",
    "apology.letter.nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "apology.letter.motto": "Độc lập - Tự do - Hạnh phúc",
    "apology.letter.place_date": "{place}, ngày {day} tháng {month} năm {year}",
    "apology.letter.title": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "apology.letter.to": "Kính gửi: {recipient}",
    "apology.letter.recipient_default": "Ông/Bà có hồ sơ số {code}",
    "apology.letter.recipient_named": "Ông/Bà {name}",
    "apology.letter.desk_default": "Trung tâm Phục vụ hành chính công {unit}",
    "apology.letter.closing": "Trân trọng./.",
    "apology.letter.cc_title": "Nơi nhận:",
    "apology.letter.cc": "- Như trên;\n- Bộ phận Một cửa;\n- Lưu: VT.",
    "apology.letter.signer_title": "CHỦ TỊCH",
    "apology.letter.file_name": "phieu-xin-loi-{code}.docx",
    # --- default templates -------------------------------------------------------------------
    # The body's placeholders: {received} {code} {procedure} {due} {reason} {new_due} {agency}.
    # Wording after the Đồng Nai 2026 implementation quoted in the domain brief (§1.1).
    "apology.tpl.body": (
        "Ngày {received}, {agency} tiếp nhận hồ sơ {procedure} của Ông/Bà, "
        "mã hồ sơ: {code}; ngày hẹn trả kết quả: {due}.\n\n"
        "Đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời hạn ghi trên "
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả.\n\n"
        "Lý do: {reason}.\n\n"
        "{agency} trân trọng gửi lời xin lỗi Ông/Bà vì sự chậm trễ này và rất mong nhận được "
        "sự thông cảm của Ông/Bà.\n\n"
        "Thời gian hẹn trả kết quả lại: ngày {new_due}."
    ),
    # NĐ 61/2018 as the seed article cites it; the clause number (khoản 3 Điều 19) is
    # unconfirmed [U] in the domain brief, and NĐ 118/2025 replaced the decree from 01/07/2025.
    "apology.tpl.nd61.legal_basis": (
        "Thực hiện quy định theo khoản 3 Điều 19 Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 "
        "của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
        "thủ tục hành chính;"
    ),
    # NĐ 118/2025 + TT 03/2025 (form 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải
    # quyết"): no article is cited because the primary texts were not read [U].
    "apology.tpl.nd118.legal_basis": (
        "Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện "
        "thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và "
        "Cổng Dịch vụ công quốc gia và Thông tư số 03/2025/TT-VPCP của Văn phòng Chính phủ;"
    ),
    # --- command line -------------------------------------------------------------------------
    "cli.apology_template_set": "Đã lưu mẫu phiếu xin lỗi cho {ward}.",
    "cli.apology_template_bad": "Mẫu không hợp lệ: {detail}",
    "cli.apology_template_unknown": "Trường không hỗ trợ: {fields}. Các trường được dùng: {allowed}.",
    "cli.apology_template_empty": "Nội dung mẫu trống.",
    "cli.apology_template_file": "Không đọc được tệp {path}: {error}",
    "cli.apology_show_source": "Mẫu đang dùng cho {ward}: {source}",
    "cli.apology_source_unit": "mẫu riêng của phường (cập nhật {at})",
    "cli.apology_source_default": "mẫu chung đã lưu (cập nhật {at})",
    "cli.apology_source_builtin": "mẫu mặc định ({preset})",
}
