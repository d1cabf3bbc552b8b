"""Vietnamese texts of the command line (operators are ward staff too)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cli.ward_added": "Đã thêm đơn vị {slug}: {name}{code}.",
    "cli.ward_exists": "Lỗi: đã có đơn vị với mã rút gọn «{slug}».",
    "cli.ward_unknown": "Lỗi: không có đơn vị «{slug}». Xem danh sách: cchc-bot ward list",
    "cli.ward_bad_slug": (
        "Lỗi: mã rút gọn «{slug}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu '-'."
    ),
    "cli.ward_desk_set": "{name}: địa chỉ {address}; giờ tiếp nhận {hours}; đường dây nóng {hotline}; tiếp nhận sáng thứ Bảy: {saturday}.",
    "cli.yes": "có",
    "cli.no": "không",
    "cli.ward_list_empty": 'Chưa có đơn vị nào. Thêm bằng: cchc-bot ward add SLUG "TÊN"',
    "cli.staff_added": "Đã cấp quyền {role} cho {user_id}{unit}.",
    "cli.staff_needs_ward": "Lỗi: vai trò {role} cần --ward (đơn vị mà cán bộ phụ trách).",
    "cli.staff_bad_id": "Lỗi: TELEGRAM_ID phải là một số nguyên, không phải «{value}».",
    "cli.staff_removed": "Đã thu hồi quyền của {user_id}.",
    "cli.staff_not_found": "Không có cán bộ nào với id {user_id}.",
    "cli.staff_list_empty": "Chưa có cán bộ nào.",
    "cli.no_token": (
        "Lỗi: chưa đặt BOT_TOKEN. Ghi token của bot vào biến môi trường hoặc tệp .env "
        "(xem .env.example), hoặc chạy bản thử ngoại tuyến: cchc-bot demo"
    ),
    "cli.token_rejected": (
        "Lỗi: Telegram từ chối BOT_TOKEN (token sai hoặc đã bị thu hồi). "
        "Lấy token mới từ @BotFather và ghi vào tệp .env."
    ),
    "cli.telegram_failed": "Lỗi: bot không khởi động được ({detail}).",
    "cli.env_readable": (
        "Cảnh báo: tệp {path} (quyền {mode}) có thể bị người dùng khác trên máy đọc; "
        "tệp này chứa token và khoá bí mật. Hãy chạy: chmod 600 {path}"
    ),
    "cli.running": "Bot đang chạy (long polling). Nhấn Ctrl+C để dừng.",
    "cli.stopped": "Bot đã dừng.",
    "cli.file_missing": "Lỗi: không tìm thấy tệp {path}.",
}
