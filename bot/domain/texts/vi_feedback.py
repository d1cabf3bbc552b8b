"""Vietnamese texts of the citizen's feedback intake (phản ánh, kiến nghị)."""

from __future__ import annotations

_SUMMARY = (
    "<b>Kiểm tra lại phản ánh trước khi gửi</b>\n"
    "Đơn vị: {ward}\n"
    "Loại phản ánh: {category}\n"
    "Mã hồ sơ: {dossier_code}\n"
    "Nội dung: {description}\n"
    "Tệp đính kèm: {attachments}\n"
    "Vị trí: {location}\n"
    "Liên hệ: {contact}\n\n"
    "Bạn muốn gửi phản ánh này?"
)

TEXTS: dict[str, str] = {
    # --- steps -------------------------------------------------------------------------------
    "intake.ward": "Bạn muốn gửi phản ánh đến phường (xã) nào?",
    "intake.ward.none": (
        "Hiện chưa có phường (xã) nào nhận phản ánh qua bot. "
        "Bạn vui lòng liên hệ trực tiếp Bộ phận Một cửa."
    ),
    "intake.ward.option": "{name}",
    "intake.ward.generic": "phường",
    "intake.category": "Phản ánh của bạn về vấn đề gì?",
    "intake.category.late_dossier": "Hồ sơ trễ hạn",
    "intake.category.extra_documents": "Yêu cầu thêm giấy tờ",
    "intake.category.staff_conduct": "Thái độ cán bộ",
    "intake.category.fees": "Phí, lệ phí",
    "intake.category.online_service": "Dịch vụ công trực tuyến",
    "intake.category.unclear_procedure": "Thủ tục chưa rõ ràng",
    "intake.category.other": "Vấn đề khác",
    "intake.dossier_code": (
        "Bạn cho biết <b>mã hồ sơ</b> (in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả), "
        "hoặc chọn Bỏ qua nếu không có."
    ),
    "intake.description": (
        "Bạn mô tả nội dung phản ánh: việc gì, ở đâu, khi nào (từ {minimum} đến {maximum} ký tự)."
    ),
    "intake.description.edit": (
        "Bạn gửi nội dung phản ánh mới (từ {minimum} đến {maximum} ký tự), "
        "hoặc chọn Giữ nội dung cũ."
    ),
    "intake.attachments": (
        "Bạn có thể gửi ảnh hoặc tài liệu (PDF, JPG, PNG, DOC, DOCX, XLS, XLSX), "
        "tối đa {maximum} tệp, mỗi tệp không quá {max_mb} MB. "
        "Không có tệp thì chọn Bỏ qua."
    ),
    "intake.attachments.more": (
        "Đã nhận {count}/{maximum} tệp. Bạn có thể gửi thêm {remaining} tệp "
        "(mỗi tệp không quá {max_mb} MB), hoặc chọn Xong."
    ),
    "intake.location": (
        "Nếu phản ánh gắn với một địa điểm, bạn có thể gửi vị trí. Không cần thì chọn Bỏ qua."
    ),
    "intake.location.files_full": (
        "Đã nhận đủ {maximum} tệp. Nếu phản ánh gắn với một địa điểm, bạn có thể gửi vị trí. "
        "Không cần thì chọn Bỏ qua."
    ),
    "intake.contact": (
        "Để cán bộ liên hệ khi cần, bạn có thể chia sẻ số điện thoại của mình "
        "hoặc gõ số điện thoại. Bạn cũng có thể gửi ẩn danh; khi đó bạn theo dõi "
        "phản ánh bằng mã theo dõi."
    ),
    "intake.consent.2026-01": (
        "<b>Đồng ý xử lý dữ liệu cá nhân</b> (phiên bản 2026-01)\n\n"
        "Ủy ban nhân dân {ward} (bên kiểm soát dữ liệu) sẽ lưu số điện thoại và mã tài khoản "
        "Telegram/Zalo của bạn, chỉ để liên hệ và trả lời phản ánh này.\n"
        "Bạn có quyền xem dữ liệu của mình (/dulieucuatoi), yêu cầu xóa (/xoadulieu) "
        "và rút lại sự đồng ý bất cứ lúc nào, theo Luật Bảo vệ dữ liệu cá nhân "
        "số 91/2025/QH15.\n\n"
        "Nếu bạn không đồng ý, phản ánh vẫn được gửi nhưng ẩn danh, không kèm số điện thoại."
    ),
    "intake.confirm": _SUMMARY,
    "intake.confirm.without_phone": (
        "Bạn không đồng ý lưu số điện thoại, nên phản ánh sẽ được gửi <b>ẩn danh</b>.\n\n"
        + _SUMMARY
    ),
    "intake.done": "Phản ánh của bạn đã được gửi. Xin cảm ơn!",
    "intake.cancelled": "Đã hủy phản ánh. Bạn có thể bắt đầu lại bất cứ lúc nào.",
    # --- choice labels -----------------------------------------------------------------------
    "intake.choice.skip": "Bỏ qua",
    "intake.choice.done": "Xong",
    "intake.choice.keep": "Giữ nội dung cũ",
    "intake.choice.anonymous": "Gửi ẩn danh",
    "intake.choice.agree": "Tôi đồng ý",
    "intake.choice.disagree": "Không đồng ý",
    "intake.choice.agree.desk": "Người dân đồng ý",
    "intake.choice.disagree.desk": "Người dân không đồng ý",
    "intake.choice.send": "Gửi phản ánh",
    "intake.choice.edit": "Sửa nội dung",
    "intake.choice.cancel": "✖️ Hủy",
    "intake.choice.back": "⬅️ Quay lại",
    "intake.choice.resume": "Tiếp tục soạn phản ánh",
    "intake.choice.discard": "Bỏ bản nháp, về menu",
    "intake.restart": (
        "Bạn đang soạn dở một phản ánh (chưa gửi). Tiếp tục soạn, hay bỏ bản nháp và về menu?"
    ),
    "intake.edit.which": "Bạn muốn sửa mục nào?",
    "intake.edit.ward": "Đơn vị",
    "intake.edit.category": "Loại phản ánh",
    "intake.edit.dossier_code": "Mã hồ sơ",
    "intake.edit.description": "Nội dung",
    "intake.edit.attachments": "Tệp đính kèm (gửi lại)",
    "intake.edit.location": "Vị trí",
    "intake.edit.contact": "Liên hệ",
    "intake.dossier.found": "Đã tìm thấy hồ sơ {code} ({procedure}, {unit}).",
    "intake.dossier.unknown": (
        "Bot chưa tìm thấy hồ sơ {code} trong dữ liệu một cửa; phản ánh vẫn được gửi kèm mã này. "
        "Nếu gõ nhầm, bạn chọn Quay lại để sửa."
    ),
    "intake.error.no_letters": (
        "Nội dung cần có chữ: bạn mô tả bằng lời việc gì, ở đâu, khi nào (biểu tượng cảm xúc "
        "không đủ để cán bộ xử lý)."
    ),
    # --- at the desk: worded for the official filing for a citizen ---------------------------
    "intake.ward.desk": "Phản ánh của người dân gửi đến phường (xã) nào?",
    "intake.category.desk": "Người dân phản ánh về vấn đề gì?",
    "intake.dossier_code.desk": (
        "Mã hồ sơ của người dân (in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả), "
        "hoặc chọn Bỏ qua nếu không có."
    ),
    "intake.description.desk": (
        "Ghi nội dung người dân phản ánh: việc gì, ở đâu, khi nào (từ {minimum} đến {maximum} ký tự)."
    ),
    "intake.attachments.desk": (
        "Nếu người dân đưa giấy tờ, bạn có thể gửi ảnh chụp hoặc tệp (PDF, JPG, PNG, DOC, DOCX, "
        "XLS, XLSX), tối đa {maximum} tệp, mỗi tệp không quá {max_mb} MB. "
        "Không có tệp thì chọn Bỏ qua."
    ),
    "intake.location.desk": (
        "Nếu phản ánh gắn với một địa điểm, bạn có thể gửi vị trí của nơi đó, chọn trên bản đồ "
        "(không phải vị trí hiện tại của quầy), hoặc ghi địa chỉ vào nội dung. "
        "Không cần thì chọn Bỏ qua."
    ),
    "intake.contact.desk": (
        "Gõ số điện thoại <b>của người dân</b> để cán bộ báo kết quả (bot không nhắn được cho "
        "họ), hoặc chọn Gửi ẩn danh nếu họ không muốn để lại số."
    ),
    "intake.consent.2026-01.desk": (
        "<b>Đồng ý xử lý dữ liệu cá nhân</b> (phiên bản 2026-01)\n\n"
        "Hãy đọc cho người dân: Ủy ban nhân dân {ward} (bên kiểm soát dữ liệu) sẽ lưu số điện "
        "thoại của ông/bà, chỉ để liên hệ và trả lời phản ánh này; ông/bà có quyền yêu cầu xem, "
        "xóa và rút lại sự đồng ý bất cứ lúc nào, theo Luật Bảo vệ dữ liệu cá nhân số "
        "91/2025/QH15.\n\nNếu người dân không đồng ý, phản ánh vẫn được nhập nhưng ẩn danh."
    ),
    # --- summary values ----------------------------------------------------------------------
    "intake.summary.yes": "có",
    "intake.summary.no": "không",
    "intake.summary.anonymous": "ẩn danh",
    # --- why an input was refused --------------------------------------------------------------
    "intake.error.finished": "Phản ánh này đã kết thúc. Gõ /start để gửi phản ánh mới.",
    "intake.error.unsupported": (
        "Bot chưa nhận được loại tin nhắn này. Bạn vui lòng gửi chữ hoặc ảnh."
    ),
    "intake.error.choose": "Bạn vui lòng chọn một mục bên dưới (bấm nút hoặc gõ số thứ tự).",
    "intake.error.stale_choice": (
        "Nút này thuộc một câu hỏi trước, nên bot không dùng được. "
        "Bạn vui lòng trả lời câu hỏi dưới đây."
    ),
    "intake.error.dossier_code": (
        "Mã hồ sơ chỉ gồm chữ, số và các dấu . - / _ (từ 3 đến 40 ký tự). "
        "Bạn kiểm tra lại, hoặc chọn Bỏ qua."
    ),
    "intake.error.expected_text": "Bạn vui lòng gõ câu trả lời bằng chữ.",
    "intake.error.too_short": (
        "Nội dung còn ngắn ({length} ký tự). Bạn viết thêm ít nhất {missing} ký tự nữa "
        "(tối thiểu {minimum})."
    ),
    "intake.error.too_long": (
        "Nội dung quá dài ({length} ký tự). Bạn rút gọn còn tối đa {maximum} ký tự."
    ),
    "intake.error.file_type": ("Bot chỉ nhận ảnh và tệp PDF, JPG, PNG, DOC, DOCX, XLS, XLSX."),
    "intake.error.file_too_large": "Tệp quá lớn. Mỗi tệp không quá {max_mb} MB.",
    "intake.error.too_many_files": "Bot chỉ nhận tối đa {maximum} tệp cho một phản ánh.",
    "intake.error.expected_file": "Bạn vui lòng gửi ảnh hoặc tệp, hoặc chọn một mục bên dưới.",
    "intake.error.bad_location": "Vị trí không hợp lệ. Bạn gửi lại, hoặc chọn Bỏ qua.",
    "intake.error.expected_location": "Bạn vui lòng gửi vị trí, hoặc chọn Bỏ qua.",
    "intake.error.not_own_contact": (
        "Bot chỉ nhận số điện thoại của chính bạn. Bạn bấm nút chia sẻ số điện thoại, "
        "gõ số của mình, hoặc chọn gửi ẩn danh."
    ),
    "intake.error.bad_phone": (
        "Số điện thoại chưa đúng. Bạn gõ số gồm 10 chữ số bắt đầu bằng 0 "
        "(ví dụ 0912345678), hoặc chọn gửi ẩn danh."
    ),
    "intake.error.expected_contact": (
        "Bạn vui lòng chia sẻ hoặc gõ số điện thoại, hoặc chọn gửi ẩn danh."
    ),
}
