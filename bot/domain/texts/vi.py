"""Vietnamese texts (the bot's first language), in the markup vocabulary <b>, <i>, <code>, <a href>;
values are filled in raw and escaped by each channel's renderer."""

from __future__ import annotations

# The lines of the staff's help, shared by the roles that have them.
_INBOX = "/hopthu — hộp thư phản ánh của phường (bí danh /inbox)\n"
_DESK = "/nhap — nhập phản ánh cho người dân đến quầy hoặc gọi điện\n"
_APOLOGY = (
    "/xinloi MÃ_HỒ_SƠ — lập phiếu xin lỗi và hẹn lại ngày trả kết quả (hồ sơ sắp/đã trễ hạn)\n"
)
_STATS = (
    "/stats [PHƯỜNG] [KỲ] — số liệu giải quyết hồ sơ một cửa (bí danh /thongke)\n"
    "   Ví dụ: <code>/stats cautre</code>, <code>/stats cautre 2022</code>, "
    "<code>/stats cautre III/2022</code>, <code>/stats cautre tháng 9/2022</code>, "
    "<code>/stats tháng này</code>, <code>/stats cautre 01/01/2022-15/09/2022</code>\n"
    "   Không ghi kỳ: từ 01/01 năm nay đến hôm nay. Không ghi phường: phường của bạn.\n"
    "/baocao [PHƯỜNG] [KỲ] — bảng báo cáo định kỳ của Bộ phận Một cửa (tệp XLSX)\n"
)
_DIGEST = (
    "/theodoi PHƯỜNG, /botheodoi PHƯỜNG — nhận hoặc thôi nhận bản tin chỉ số hằng tuần; "
    "/theodoi không kèm tên: các phường bạn đang theo dõi\n"
)
_BLOCK = (
    "/chan MÃ_PHẢN_ÁNH, /bochan MÃ_PHẢN_ÁNH — chặn hoặc bỏ chặn người đã gửi phản ánh đó "
    "(cũng nhận mã tài khoản)\n"
)
_SETTINGS = (
    "/thongbao zalo|telegram|cả hai — chọn kênh nhận thông báo (khi đã liên kết cả hai kênh); "
    "/sodienthoai SỐ — số nhận tin mẫu ZBS khi bạn chưa nhắn cho Zalo OA quá 48 giờ\n"
)
_COMMON = (
    "/tracuu MÃ, /hoso MÃ — tra cứu như người dân\n/huy — hủy việc đang làm dở\n/help — hướng dẫn"
)

TEXTS: dict[str, str] = {
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
    "help.officer": (
        "<b>Lệnh dành cho cán bộ một cửa</b>\n"
        + _INBOX
        + _DESK
        + _APOLOGY
        + _STATS
        + _BLOCK
        + _SETTINGS
        + _COMMON
    ),
    "help.leader": (
        "<b>Lệnh dành cho lãnh đạo</b>\n"
        + _INBOX
        + _STATS
        + _DIGEST
        + _APOLOGY
        + _DESK
        + _BLOCK
        + _SETTINGS
        + _COMMON
    ),
    "help.supervisor": (
        "<b>Lệnh dành cho cán bộ theo dõi</b>\n"
        "/hopthu — xem phản ánh của các phường bạn theo dõi và chuyển đơn vị khi cần "
        "(bí danh /inbox)\n" + _STATS + _DIGEST + _SETTINGS + _COMMON
    ),
    "help.admin": (
        "<b>Lệnh dành cho quản trị</b>\n"
        "/hopthu — hộp thư phản ánh của mọi phường (bí danh /inbox)\n"
        + _DESK
        + _APOLOGY
        + _STATS
        + _DIGEST
        + _BLOCK
        + "Thêm cán bộ, phường, nhập số liệu: dùng lệnh <code>cchc-bot</code> trên máy chủ.\n"
        + _SETTINGS
        + _COMMON
    ),
    "role.officer": "cán bộ một cửa",
    "role.leader": "lãnh đạo",
    "role.supervisor": "cán bộ theo dõi",
    "role.admin": "quản trị",
    "role.unit": " của {unit}",
    "cmd.start": "Bắt đầu",
    "cmd.help": "Hướng dẫn sử dụng",
    "cmd.stats": "Số liệu hồ sơ một cửa của phường",
    "cmd.baocao": "Bảng báo cáo định kỳ (tệp XLSX)",
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
    "cmd.thongbao": "Chọn nơi nhận cảnh báo: Telegram hay Zalo",
    "cmd.sodienthoai": "Ghi số điện thoại nhận tin mẫu Zalo (ZBS)",
    "outbox.dead": "⚠️ Bot không gửi được tin {key} tới {recipient}: {reason}",
    "unknown_command": "Xin lỗi, bot chưa hiểu lệnh {command}. Gõ /help để xem các lệnh.",
    "error.busy": "Hệ thống đang bận, vui lòng thử lại sau ít phút.",
    "chat.private_only": "Lệnh này chỉ dùng trong tin nhắn riêng với bot.",
    "error.internal": (
        "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Quản trị viên đã được báo; "
        "vui lòng thử lại sau ít phút."
    ),
    "error.admin_alert": "⚠️ Lỗi khi xử lý cập nhật {update}:\n<pre>{error}</pre>",
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
