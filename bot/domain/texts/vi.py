"""Vietnamese texts (the bot's first language). HTML parse mode: values are escaped by callers."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # The kinds of commune-level unit (bot.domain.kinds).
    "unit.kind.ward": "phường",
    "unit.kind.commune": "xã",
    "unit.kind.special_zone": "đặc khu",
    "unit.kind.township": "thị trấn",
    "unit.kind.unit": "đơn vị",
    # --- general -----------------------------------------------------------------------------
    "start.citizen": (
        "Xin chào! Đây là trợ lý cải cách hành chính của phường.\n\n"
        "Bạn có thể gửi phản ánh, kiến nghị về thủ tục hành chính, theo dõi phản ánh đã gửi "
        "và tra cứu tiến độ hồ sơ một cửa.\n\nGõ /help để xem các lệnh."
    ),
    "start.staff": (
        "Xin chào {name}! Bạn đang dùng bot với vai trò <b>{role}</b>{unit}.\n\n"
        "Gõ /help để xem các lệnh dành cho cán bộ."
    ),
    "help.citizen": (
        "<b>Các lệnh</b>\n"
        "/phananh — gửi phản ánh, kiến nghị về thủ tục hành chính (có thể ẩn danh)\n"
        "/tracuu MÃ — theo dõi phản ánh đã gửi\n"
        "/hoso MÃ — tra cứu tiến độ hồ sơ một cửa (mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả)\n"
        "/dulieucuatoi — xem dữ liệu bot lưu về bạn\n"
        "/xoadulieu — xóa dữ liệu cá nhân của bạn\n"
        "/huy — hủy việc đang làm dở\n"
        "/start — trở về menu"
    ),
    "help.staff": (
        "<b>Lệnh dành cho cán bộ</b>\n"
        "/hopthu — hộp thư phản ánh của phường (bí danh /inbox)\n"
        "/xinloi MÃ_HỒ_SƠ — lập phiếu xin lỗi và hẹn lại ngày trả kết quả (hồ sơ sắp/đã trễ hạn)\n"
        "/theodoi PHƯỜNG, /botheodoi PHƯỜNG — nhận hoặc thôi nhận bản tin chỉ số hằng tuần\n"
        "/nhap — nhập phản ánh cho người đến quầy hoặc gọi điện\n"
        "/stats PHƯỜNG [KỲ] — số liệu giải quyết hồ sơ một cửa (bí danh /thongke)\n"
        "   Ví dụ: <code>/stats cautre</code>, <code>/stats cautre 2022</code>, "
        "<code>/stats cautre Q3/2022</code>, <code>/stats cautre 09/2022</code>, "
        "<code>/stats cautre tuan</code>, <code>/stats cautre 01/01/2022-15/09/2022</code>\n"
        "   Không ghi kỳ: từ 01/01 năm nay đến hôm nay.\n"
        "/tracuu MÃ, /hoso MÃ — tra cứu như người dân\n"
        "/chan ID, /bochan ID — chặn hoặc bỏ chặn người dùng gửi phản ánh\n"
        "/huy — hủy việc đang làm dở\n"
        "/help — hướng dẫn"
    ),
    "role.officer": "cán bộ một cửa",
    "role.leader": "lãnh đạo",
    "role.supervisor": "cán bộ theo dõi",
    "role.admin": "quản trị",
    "role.unit": " của {unit}",
    "cmd.start": "Bắt đầu",
    "cmd.help": "Hướng dẫn sử dụng",
    "cmd.stats": "Số liệu hồ sơ một cửa của phường",
    "cmd.thongke": "Thống kê hồ sơ (như /stats)",
    "cmd.phananh": "Gửi phản ánh, kiến nghị",
    "cmd.tracuu": "Theo dõi phản ánh theo mã",
    "cmd.hoso": "Tra cứu tiến độ hồ sơ một cửa",
    "cmd.dulieucuatoi": "Xem dữ liệu bot lưu về tôi",
    "cmd.xoadulieu": "Xóa dữ liệu cá nhân của tôi",
    "cmd.huy": "Hủy việc đang làm dở",
    "cmd.hopthu": "Hộp thư phản ánh của phường",
    "cmd.nhap": "Nhập phản ánh cho người đến quầy/gọi điện",
    "cmd.chan": "Chặn người dùng gửi phản ánh",
    "cmd.bochan": "Bỏ chặn người dùng",
    "outbox.dead": "⚠️ Bot không gửi được tin {key} tới {recipient}: {reason}",
    "unknown_command": "Xin lỗi, bot chưa hiểu lệnh {command}. Gõ /help để xem các lệnh.",
    "unknown_text": "Bot chưa hiểu tin nhắn này. Gõ /help để xem các lệnh.",
    "error.busy": "Hệ thống đang bận, vui lòng thử lại sau ít phút.",
    "error.internal": (
        "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Quản trị viên đã được báo; "
        "vui lòng thử lại sau ít phút."
    ),
    "error.admin_alert": "⚠️ Lỗi khi xử lý cập nhật {update}:\n<pre>{error}</pre>",
    # --- statistics --------------------------------------------------------------------------
    "stats.usage": (
        "Cú pháp: <code>/stats PHƯỜNG [KỲ]</code>\n"
        "Ví dụ: <code>/stats cautre</code> hoặc <code>/stats cautre Q3/2022</code>"
    ),
    "stats.forbidden": (
        "Xin lỗi, bạn không có quyền xem số liệu của {unit}. "
        "Số liệu chỉ dành cho cán bộ của {kind} và đơn vị theo dõi."
    ),
    "stats.forbidden_citizen": (
        "Xin lỗi, số liệu một cửa chỉ dành cho cán bộ phường. "
        "Nếu bạn là cán bộ, hãy nhờ quản trị viên cấp quyền."
    ),
    "stats.unknown_ward": "Không tìm thấy phường «{query}».",
    "stats.suggest": " Có phải bạn muốn tìm: {names}?",
    "stats.unknown_ward_hint": " Gõ /stats kèm tên phường, ví dụ <code>/stats cautre</code>.",
    "stats.bad_period": (
        "Kỳ báo cáo «{query}» không hợp lệ{reason}. Các cách ghi đúng: "
        "<code>2022</code>, <code>09/2022</code> hoặc <code>2022-09</code>, <code>Q3/2022</code>, "
        "<code>tuan</code> (tuần này), <code>01/01/2022-15/09/2022</code>."
    ),
    "period.reason.future": ": kỳ bắt đầu sau ngày hôm nay",
    "period.reason.reversed": ": ngày bắt đầu sau ngày kết thúc",
    "period.reason.bad_date": ": ngày không có thật",
    "period.reason.bad_month": ": tháng phải từ 1 đến 12",
    "period.reason.bad_quarter": ": quý phải từ 1 đến 4",
    "period.reason.bad_year": ": năm không hợp lệ",
    "period.year": "năm {year}",
    "period.month": "tháng {month:02d}/{year}",
    "period.quarter": "quý {roman}/{year}",
    "period.week": "tuần {week}/{year} ({start} – {end})",
    "period.range": "từ {start} đến {end}",
    "period.ytd": "từ {start} đến nay ({end})",
    "report.title": "📊 <b>{unit}</b> — kết quả giải quyết hồ sơ TTHC",
    "report.period": "Kỳ báo cáo: {period}",
    "report.as_of": "Số liệu tính đến {as_of}.",
    "report.as_of_end": "Số liệu tính đến hết ngày {day}.",
    "report.received": "• Tiếp nhận: <b>{received}</b> hồ sơ",
    "report.resolved": "• Đã giải quyết: <b>{resolved}</b>",
    "report.resolved_on_time": "    – trước hạn, đúng hạn: {value}",
    "report.resolved_late": "    – trễ hạn: {value}",
    "report.pending": "• Đang giải quyết: <b>{pending}</b>",
    "report.pending_in_time": "    – trong hạn: {value}",
    "report.pending_overdue": "    – quá hạn: {value}",
    "report.overdue_total": "• Tổng số hồ sơ quá hạn: <b>{value}</b>",
    "report.online": "• Nộp trực tuyến: <b>{value}</b> ({share})",
    "report.on_time_rate": "• Tỷ lệ giải quyết đúng hạn (chỉ số 2.1, QĐ 766): <b>{value}</b>",
    "report.tasks": "• Nhiệm vụ CCHC năm {year}: <b>{done}/{total}</b> hoàn thành ({share})",
    "report.tasks_none": "• Nhiệm vụ CCHC năm {year}: chưa có nhiệm vụ nào được giao",
    "report.not_applicable": "—",
    "report.empty": "Không có hồ sơ nào được tiếp nhận trong kỳ này.",
    "job.apology-reminders": "nhắc xin lỗi hồ sơ sắp trễ, đã trễ hạn",
    "job.feedback-deadlines": "cảnh báo hạn trả lời phản ánh",
    "job.weekly-digest": "bản tin chỉ số hằng tuần",
    "dossier.status.registered": "mới đăng ký (chưa tiếp nhận)",
    "dossier.status.accepted": "đã tiếp nhận",
    "dossier.status.rejected": "không được tiếp nhận",
    "dossier.status.processing": "đang xử lý",
    "dossier.status.supplement": "chờ người nộp bổ sung giấy tờ",
    "dossier.status.financial": "chờ người nộp thực hiện nghĩa vụ tài chính",
    "dossier.status.withdrawn": "người nộp đã rút hồ sơ",
    "dossier.status.stopped": "đã dừng xử lý",
    "dossier.status.done": "đã xử lý xong",
    "dossier.status.returned": "đã trả kết quả",
    "dossier.channel.direct": "nộp trực tiếp",
    "dossier.channel.online": "nộp trực tuyến",
    "dossier.channel.postal": "nộp qua bưu chính",
}
