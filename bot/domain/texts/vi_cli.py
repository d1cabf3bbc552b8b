"""Vietnamese texts of the command line (operators are ward staff too)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cli.ward_added": "Đã thêm đơn vị {slug}: {name}{code}.",
    "cli.ward_exists": "Lỗi: đã có đơn vị với mã rút gọn «{slug}».",
    "cli.ward_unknown": "Lỗi: không có đơn vị «{slug}». Xem danh sách: cchc-bot ward list",
    "cli.ward_bad_slug": (
        "Lỗi: mã rút gọn «{slug}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu '-'."
    ),
    "cli.ward_desk_set": "{name}: địa chỉ {address}; giờ tiếp nhận {hours}; đường dây nóng {hotline}; tiếp nhận sáng thứ Bảy: {saturday}; tính thứ Bảy vào thời hạn: {deadlines}; nơi nhận trên phiếu xin lỗi: {desk}.",
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
    "cli.running": "Bot đang chạy (long polling). Nhấn Ctrl+C để dừng.",
    "cli.stopped": "Bot đã dừng.",
    "cli.file_missing": "Lỗi: không tìm thấy tệp {path}.",
    # --- cchc-bot calendar ------------------------------------------------------------------
    "calendar.header": (
        "Lịch làm việc năm {year}: ngày nghỉ rơi vào ngày thường và ngày cuối tuần phải đi làm\n"
        "(thư viện holidays {library}, bảng ngày hoán đổi của bot, "
        "EXTRA_WORKING_DAYS: {working} ngày, EXTRA_DAYS_OFF: {off} ngày)"
    ),
    "calendar.month": "Tháng {month}",
    "calendar.line": "  {day}  {weekday:<9} {state:<9} {reason}",
    "calendar.off": "nghỉ",
    "calendar.worked": "làm việc",
    "calendar.reason.holiday": "{name}",
    "calendar.reason.swap_off": "nghỉ hoán đổi, làm bù {other}{source}",
    "calendar.reason.swap_worked": "làm bù cho ngày nghỉ {other}{source}",
    "calendar.reason.extra_off": "ngày nghỉ thêm theo EXTRA_DAYS_OFF",
    "calendar.reason.extra_working": "ngày làm việc thêm theo EXTRA_WORKING_DAYS",
    "calendar.reason.cancelled": "đi làm theo EXTRA_WORKING_DAYS (thư viện ghi là ngày nghỉ: {name})",
    "calendar.no_name": "ngày nghỉ hoán đổi",
    "calendar.source": " ({source})",
    "calendar.none": "Không có ngày nào khác tuần làm việc thông thường.",
    "calendar.total": "Năm {year}: {off} ngày nghỉ rơi vào ngày thường, {worked} ngày cuối tuần đi làm.",
    "calendar.saturday_wards": "Đơn vị tính cả thứ Bảy vào thời hạn giải quyết (ward set --saturday-deadlines): {wards}.",
    "calendar.bad_year": "Lỗi: năm «{value}» không hợp lệ; gõ một năm từ {first} đến {last}, ví dụ: cchc-bot calendar 2027",
}
