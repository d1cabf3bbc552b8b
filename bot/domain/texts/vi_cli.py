"""Vietnamese texts of the command line (operators are ward staff too)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cli.no_database": "Lỗi: không có cơ sở dữ liệu ở {path}. Chỉ ra tệp bằng --db PATH (hoặc biến DATABASE_PATH); bản thử dùng data/demo.sqlite3.",
    "cli.database_created": "Đã tạo cơ sở dữ liệu mới: {path}",
    "cli.stats_unknown_ward": "Lỗi: không có đơn vị «{query}» trong cơ sở dữ liệu {path}.{suggest} Xem danh sách: {prog} ward list",
    "cli.stats_suggest": " Có phải: {names}?",
    "cli.stats_bad_period": "Lỗi: kỳ báo cáo «{query}» không hợp lệ{reason}. Ví dụ: {prog} {command} cautre 2022, … 09/2022, … Q3/2022, … tuan, … 01/01/2022-15/09/2022",
    "cli.stats_ward_moved": "{old} đã nhập vào {new}{since}. Số liệu từ ngày đó thuộc về {new}; xem bằng lệnh:",
    "cli.stats_ward_moved_many": "{old} đã được sắp xếp vào {count} đơn vị{since}: {names}. Xem số liệu của đơn vị nào thì gõ lệnh tương ứng:",
    "cli.stats_ward_ambiguous": "Có {count} đơn vị khớp với «{query}»: {names}. Xem số liệu của đơn vị nào thì gõ lệnh tương ứng:",
    "cli.stats_ward_split": "«{query}» là tên cũ, nay thuộc {count} đơn vị: {names}. Xem số liệu của đơn vị nào thì gõ lệnh tương ứng:",
    "cli.stats_pick": "  {label}: {line}",
    "cli.stats_choose": "Lỗi: hãy ghi tên đơn vị, ví dụ: {line}\nCác đơn vị: {units}",
    "cli.stats_no_ward": "Lỗi: hãy ghi tên đơn vị và kỳ báo cáo, ví dụ: {line}",
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
    "cli.staff_bad_zalo_id": "Lỗi: id Zalo chỉ gồm chữ không dấu, số, '-' và '_', không phải «{value}».",
    "cli.staff_zalo_needs_oa": "Lỗi: cán bộ Zalo cần --ward hoặc --oa (OA mà cán bộ nhắn tới).",
    "cli.staff_ward_has_no_oa": "Lỗi: {ward} chưa có Zalo OA. Thêm bằng: cchc-bot zalo add {slug} …, hoặc chỉ ra OA khác bằng --oa.",
    "cli.staff_oa_unknown": "Lỗi: không có Zalo OA «{oa}» (một đơn vị có OA, hoặc một oa_id). Xem: cchc-bot zalo list",
    "cli.staff_bad_phone": "Lỗi: «{value}» không phải số điện thoại Việt Nam (ví dụ 0912345678).",
    "cli.staff_invited": "Mã mời {role}{unit}: {code} (dùng một lần, đến {until}). Người được mời gửi mã này trong khung chat Zalo OA của phường hoặc cho bot Telegram.",
    "cli.staff_invite_needs_role": "Lỗi: cần --role (hoặc --link ID để thêm kênh cho một cán bộ đã có).",
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
        "tệp này chứa token và khóa bí mật. Hãy chạy: chmod 600 {path}"
    ),
    "cli.running": "Bot đang chạy (long polling). Nhấn Ctrl+C để dừng.",
    "cli.stopped": "Bot đã dừng.",
    "cli.file_missing": "Lỗi: không tìm thấy tệp {path}.",
    "cli.backup_done": "Đã sao lưu vào {path} ({size} byte, lược đồ phiên bản {version}).",
    "cli.restore_done": "Đã khôi phục {path} từ bản sao lưu (lược đồ phiên bản {version}). Khởi động lại bot để dùng.",
    "cli.restore_kept": "Tệp cũ được giữ lại ở {path}.",
    "cli.backup_exists": "Lỗi: tệp {path} đã có; sao lưu không ghi đè tệp nào. Chọn một tên khác.",
    "cli.restore_in_use": "Lỗi: cơ sở dữ liệu {path} đang được mở (bot đang chạy?). Dừng bot rồi khôi phục lại.",
    "cli.backup_invalid.missing": "Lỗi: không có tệp {path}.",
    "cli.backup_invalid.not_sqlite": "Lỗi: {path} không phải là tệp cơ sở dữ liệu SQLite.",
    "cli.backup_invalid.corrupt": "Lỗi: tệp {path} bị hỏng, không đọc được ({detail}).",
    "cli.backup_invalid.not_cchc": "Lỗi: {path} không phải cơ sở dữ liệu của cchc-bot.",
    "cli.backup_invalid.is_target": "Lỗi: {path} chính là cơ sở dữ liệu đang dùng; hãy chỉ ra một bản sao lưu.",
    "cli.schema_too_new": "Lỗi: cơ sở dữ liệu do một phiên bản cchc-bot mới hơn tạo (lược đồ {found}, bản này chỉ biết đến {supported}). Hãy cài phiên bản mới hơn; không có gì bị thay đổi.",
    "cli.os_error": "Lỗi: không ghi/đọc được {path}: {reason}.",
    "cli.backup_failed": "Lỗi: sao lưu hoặc khôi phục không thành công: {reason}. Không có gì bị thay đổi.",
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
    "cli.aggregates_rebuilt": "Đã tính lại số liệu tổng hợp theo ngày từ {dossiers} hồ sơ của {units} đơn vị: {rows} dòng theo ngày, giờ địa phương {zone}, trong {seconds} giây.",
    "cli.aggregates_ok": "Số liệu tổng hợp khớp với {dossiers} hồ sơ ({units} đơn vị, {rows} dòng theo ngày, giờ địa phương {zone}).",
    "cli.aggregates_differ": "Lỗi: số liệu tổng hợp lệch với các hồ sơ ở {differing} dòng. Tính lại bằng: cchc-bot aggregates rebuild",
    "cli.aggregates_other_zone": "Lỗi: số liệu tổng hợp tính theo giờ {zone}, khác múi giờ {tz}: báo cáo đang đếm thẳng từ các hồ sơ (chậm hơn). Tính lại bằng: cchc-bot aggregates rebuild",
}
