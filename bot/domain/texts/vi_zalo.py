"""Vietnamese texts of the Zalo channel (citizens on the OA, staff alerts, the `zalo` CLI)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- citizens on the OA ------------------------------------------------------------------
    "zalo.welcome": (
        "Xin chào! Đây là trợ lý cải cách hành chính của phường trên Zalo.\n"
        "Bạn có thể gửi phản ánh, kiến nghị về thủ tục hành chính, theo dõi phản ánh đã gửi "
        "và tra cứu tiến độ hồ sơ một cửa. Chọn một mục bên dưới hoặc gõ «hướng dẫn»."
    ),
    "zalo.help": (
        "<b>Các lệnh (gõ như tin nhắn)</b>\n"
        "phản ánh — gửi phản ánh, kiến nghị (có thể ẩn danh)\n"
        "tra cứu MÃ — theo dõi phản ánh đã gửi, ví dụ: tra cứu PA-4AMY-9FPA\n"
        "hồ sơ MÃ — tra cứu tiến độ hồ sơ một cửa (mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả)\n"
        "dữ liệu của tôi — xem dữ liệu bot lưu về bạn\n"
        "xóa dữ liệu — xóa dữ liệu cá nhân của bạn\n"
        "hủy — hủy việc đang làm dở\n"
        "menu — trở về menu\n"
        "Cũng có thể gõ kèm dấu /, ví dụ /phananh, /tracuu MÃ."
    ),
    "zalo.outside": (
        "Bot chưa hiểu tin nhắn này. Gõ «phản ánh» để gửi phản ánh, «tra cứu MÃ» để theo dõi "
        "phản ánh, hoặc «hướng dẫn» để xem các lệnh."
    ),
    "zalo.choose_hint": "Trả lời bằng số thứ tự (ví dụ 1) hoặc gõ đúng lựa chọn.",
    "zalo.send_location": "Gửi vị trí: bấm dấu ➕ trong khung chat rồi chọn «Vị trí».",
    "zalo.type_phone": "Trên Zalo, bạn hãy gõ số điện thoại, ví dụ 0912345678.",
    "zalo.track_usage": "Gõ «tra cứu MÃ», ví dụ: tra cứu PA-4AMY-9FPA.",
    "zalo.dossier_usage": "Gõ «hồ sơ MÃ_HỒ_SƠ» (mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả).",
    # --- staff (on Telegram) -----------------------------------------------------------------
    "zalo.staff.unreachable": (
        "⚠️ Không gửi được tin về phản ánh <b>{code}</b> tới người dân qua Zalo: người dân đã "
        "quá 7 ngày không nhắn cho Zalo OA của phường (hoặc phường chưa cho gửi tin có phí), "
        "và chưa có mẫu tin ZBS để gửi thay.\nLiên hệ người dân: {phone}\n"
        "Nội dung chưa gửi được:\n{text}"
    ),
    "case.staff.undelivered": (
        "⚠️ Không gửi được tin về phản ánh <b>{code}</b> tới người dân qua Telegram (người dân "
        "đã chặn bot hoặc lỗi kéo dài).\nLiên hệ người dân: {phone}\nNội dung chưa gửi được:\n{text}"
    ),
    "zalo.staff.failed": (
        "⚠️ Không gửi được tin về phản ánh <b>{code}</b> tới người dân qua Zalo (Zalo từ chối "
        "hoặc lỗi kéo dài).\nLiên hệ người dân: {phone}\nNội dung chưa gửi được:\n{text}"
    ),
    "zalo.staff.no_phone": "người dân gửi ẩn danh, không có số điện thoại",
    # --- command line -------------------------------------------------------------------------
    "cli.secret_key_missing": (
        "Chưa đặt SECRET_KEY: bot không lưu khóa bí mật Zalo khi chưa mã hóa được. "
        "Tạo khóa bằng `cchc-bot zalo keygen`, đặt vào SECRET_KEY (tệp .env) rồi chạy lại."
    ),
    "cli.secret_key_bad": "SECRET_KEY không dùng được ({detail}). Kiểm tra lại khóa trong tệp .env.",
    "cli.zalo_added": "Đã thêm Zalo OA {oa_id} (ứng dụng {app_id}) cho {ward}.",
    "cli.zalo_exists": "{ward} đã có Zalo OA, hoặc OA {oa_id} đã thuộc đơn vị khác.",
    "cli.zalo_missing": "Thiếu {name}: đặt biến môi trường {name} hoặc nhập khi được hỏi.",
    "cli.zalo_prompt": "{name}: ",
    "cli.zalo_list_empty": "Chưa có Zalo OA nào.",
    "cli.zalo_none": "{ward} chưa có Zalo OA (dùng: cchc-bot zalo add).",
    "cli.zalo_set": "{ward}: gửi tin có phí (48 giờ–7 ngày): {charged}; mẫu tin ZBS: {template}.",
    "cli.zalo_yes": "có",
    "cli.zalo_no": "không",
    "cli.zalo_token_expiry": "hết hạn {at}",
    "cli.webhook_missing": (
        "Lỗi: chế độ webhook cần WEBHOOK_URL (địa chỉ HTTPS công khai) và WEBHOOK_SECRET."
    ),
    "cli.zalo_token_unknown": "chưa rõ hạn",
}
