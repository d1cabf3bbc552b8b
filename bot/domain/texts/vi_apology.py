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
    "apology.button.cancel": "✖️ Hủy",
    "apology.button.notify": "Báo cho người dân",
    "apology.pdf": "Bản PDF của phiếu, để in.",
    "apology.issued": (
        "Đã lập phiếu xin lỗi số <b>{number}</b> cho hồ sơ {code}; "
        "ngày hẹn trả mới: <b>{new_due}</b>. In, ký và gửi người dân."
    ),
    # NĐ 61/2018: at the latest one working day before the due date (NĐ 118/2025's rule [U]).
    "apology.issued.late": (
        "⚠️ Phiếu lập sau hạn (chậm nhất ngày {last_day}, một ngày làm việc trước ngày hẹn trả): "
        "đã ghi nhận là phiếu lập muộn."
    ),
    "apology.issued.citizens": (
        "Có {count} người dân đã phản ánh qua bot về hồ sơ này. "
        "Chọn «Báo cho người dân» để gửi thông báo xin lỗi và ngày hẹn mới."
    ),
    "apology.notified": "Đã xếp {count} tin nhắn báo cho người dân về hồ sơ {code}.",
    "apology.cancelled": "Đã hủy việc lập phiếu xin lỗi.",
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
        "📨 Về hồ sơ <b>{code}</b> ({procedure}) Ông/Bà đã nêu trong phản ánh {case}: "
        "{agency} chưa trả kết quả đúng hẹn ({due}) và xin lỗi Ông/Bà vì sự chậm trễ này.\n"
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
    "apology.letter.to": "Kính gửi: {recipient}",
    "apology.letter.recipient_default": "Ông/Bà có hồ sơ số {code}",
    "apology.letter.recipient_named": "Ông/Bà {name}",
    "apology.letter.address": "Địa chỉ: {value}",
    "apology.letter.phone": "Số điện thoại: {value}",
    "apology.letter.desk_default": "Trung tâm Phục vụ hành chính công {unit}",
    "apology.letter.closing": "Trân trọng./.",
    "apology.letter.cc_title": "Nơi nhận:",
    "apology.letter.cc": "- Như trên;\n- {desk};\n- Lưu: VT.",
    "apology.letter.signer_title": "CHỦ TỊCH",
    "apology.letter.file_name": "phieu-xin-loi-{code}.docx",
    "apology.letter.pdf_name": "phieu-xin-loi-{code}.pdf",
    # --- default templates -------------------------------------------------------------------
    # The body's placeholders: {received} {code} {procedure} {due} {reason} {new_due} {agency}.
    # Wording after a province's 2026 implementation of the apology rule (Đồng Nai).
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
    # NĐ 61/2018 as the seed article cites it (superseded by NĐ 118/2025 from 01/07/2025). The
    # clause of Điều 19 is [U] (sources say khoản 3, the seed article khoản 9): only the article
    # is cited. Each preset is one sentence that ends by naming the issuing body.
    "apology.tpl.nd61.title": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "apology.tpl.nd61.legal_basis": (
        "Thực hiện quy định tại Điều 19 Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 "
        "của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
        "thủ tục hành chính, {agency} thông báo như sau:"
    ),
    # NĐ 118/2025 + TT 03/2025: the circular's citation is verified [P]; no
    # article is cited because the decree's text was not read [U]. The title follows the
    # specifications that call form 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải
    # quyết" [R]; the annex of TT 03/2025 itself is [U].
    "apology.tpl.nd118.title": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    "apology.tpl.nd118.legal_basis": (
        "Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực "
        "hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và "
        "Cổng Dịch vụ công quốc gia và Thông tư số 03/2025/TT-VPCP ngày 15 tháng 9 năm 2025 "
        "của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn thi hành một số nội dung của "
        "Nghị định số 118/2025/NĐ-CP, {agency} thông báo như sau:"
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
    "cli.apology_export_none": "{ward} chưa lập phiếu xin lỗi nào.",
    "cli.apology_export_letter": "Phiếu số {number} ({year}), hồ sơ {code}, lập ngày {issued}{late}:",
    "cli.apology_export_late": " — lập muộn (sau hạn chậm nhất một ngày làm việc trước ngày hẹn trả)",
    "cli.apology_export_no_pdf": "(không có bản PDF: phiếu lập trước khi bot lưu bản PDF)",
    "cli.apology_export_done": "Đã ghi {files} tệp của {letters} phiếu.",
    "cli.apology_export_failed": "Lỗi: không ghi được vào {path}: {error}",
}
