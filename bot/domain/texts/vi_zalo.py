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
    "zalo.choose_hint": "Trả lời bằng số thứ tự (ví dụ {example}) hoặc gõ đúng lựa chọn.",
    "zalo.send_location": "Gửi vị trí: bấm dấu ➕ trong khung chat rồi chọn «Vị trí».",
    "zalo.type_phone": "Trên Zalo, bạn hãy gõ số điện thoại, ví dụ 0912345678.",
    "zalo.desk_none": (
        "Bot chưa có địa chỉ, đường dây nóng của Bộ phận Một cửa phường bạn. Bạn có thể gửi "
        "phản ánh ngay tại đây (gõ «phản ánh») — phường sẽ trả lời qua bot; hoặc đến trực tiếp "
        "Bộ phận Một cửa tại trụ sở Ủy ban nhân dân phường, xã nơi bạn ở."
    ),
    "zalo.track_usage": "Gõ «tra cứu MÃ», ví dụ: tra cứu PA-4AMY-9FPA.",
    "zalo.dossier_usage": "Gõ «hồ sơ MÃ_HỒ_SƠ» (mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả).",
    "zalo.file_refused": "Bot không gửi được tệp {name} qua Zalo (Zalo chỉ nhận tệp PDF, DOC, DOCX đến 5 MB). Đề nghị thu hẹp kỳ báo cáo hoặc lấy tệp bằng lệnh cchc-bot report trên máy chủ.",
    "zalo.file_elsewhere": "({kind} này người dân gửi qua Telegram: Zalo không mở được tệp của kênh khác. Xem trên Telegram, hoặc đề nghị người dân gửi lại qua Zalo OA.)",
    "zalo.kind.photo": "Ảnh",
    "zalo.kind.document": "Tệp",
    # --- officials on the OA -------------------------------------------------------------------
    "invite.invalid": "Mã mời này không dùng được: mã sai, đã dùng hoặc đã hết hạn (mã dùng được một lần, trong 7 ngày). Đề nghị quản trị cấp mã mới.",
    "invite.welcome": "Đã xác nhận: từ nay bạn là {role}{unit} trên kênh này. Gõ «hướng dẫn» để xem các lệnh.",
    "alerts.usage": "Chọn nơi nhận thông báo: /thongbao zalo, /thongbao telegram hoặc /thongbao cả hai.",
    "alerts.set": "Từ nay thông báo (nhắc việc, cảnh báo hạn, bản tin) gửi tới: {where}.",
    "alerts.everywhere": "mọi kênh của bạn",
    "alerts.not_linked": "Bạn chưa liên kết kênh {channel}: thông báo vẫn gửi tới mọi kênh của bạn. Đề nghị quản trị cấp mã liên kết (cchc-bot staff invite --link).",
    "zalo.staff.held": "Tin cho cán bộ {name} (Zalo OA {oa}) đang chờ: cán bộ chưa nhắn cho OA trong 48 giờ qua và chưa có số điện thoại nhận tin mẫu ZBS. Tin sẽ được gửi ngay khi cán bộ nhắn cho OA. Nội dung: {text}",
    "zalo.staff.renew": "Mở hộp thư",
    "zalo.help.staff.head": "<b>Lệnh dành cho {role} (gõ như tin nhắn, có hoặc không có dấu /)</b>",
    "zalo.help.staff.inbox": (
        "hộp thư — phản ánh của phường: nhận xử lý, trả lời, đề nghị bổ sung, chuyển, từ chối, "
        "đóng (bấm nút hoặc gõ số thứ tự)"
    ),
    "zalo.help.staff.inbox_transfer": "hộp thư — phản ánh của các đơn vị trực thuộc, chuyển cho đúng đơn vị",
    "zalo.help.staff.apology": (
        "/xinloi MÃ_HỒ_SƠ — lập phiếu xin lỗi và hẹn lại ngày trả kết quả (nhận tệp PDF trên Zalo)"
    ),
    "zalo.help.staff.desk": "/nhap — nhập phản ánh cho người đến quầy hoặc gọi điện",
    "zalo.help.staff.stats": (
        "thống kê PHƯỜNG [KỲ] — số liệu hồ sơ một cửa, ví dụ: thống kê cautre 2022, "
        "thống kê cautre Q3/2022, thống kê cautre tuần; không ghi kỳ: từ 01/01 năm nay"
    ),
    "zalo.help.staff.report": "/baocao PHƯỜNG [KỲ] — bảng báo cáo định kỳ của Bộ phận Một cửa, gửi thành tệp PDF, ví dụ: /baocao cautre 2022",
    "zalo.help.staff.subscribe": (
        "/theodoi PHƯỜNG, /botheodoi PHƯỜNG — nhận hoặc thôi nhận bản tin chỉ số hằng tuần"
    ),
    "zalo.help.staff.alerts": "/thongbao zalo|telegram|cả hai — chọn kênh nhận thông báo (khi đã liên kết cả hai kênh)",
    "phone.usage": "Gõ /sodienthoai SỐ (ví dụ /sodienthoai 0912345678) để ghi số nhận tin mẫu ZBS của phường khi bạn chưa nhắn cho Zalo OA quá 48 giờ; /sodienthoai xóa để xóa số đã ghi.",
    "phone.current": "Số điện thoại nhận tin mẫu ZBS đang ghi: {phone}.",
    "phone.none": "Bạn chưa ghi số điện thoại nhận tin mẫu ZBS: khi bạn chưa nhắn cho OA quá 48 giờ, thông báo sẽ chờ đến khi bạn nhắn lại.",
    "phone.set": "Đã ghi số {phone}. Khi bạn chưa nhắn cho Zalo OA của phường quá 48 giờ, thông báo gửi tới số này bằng tin mẫu ZBS (phường trả phí mỗi tin). Gõ /sodienthoai xóa để xóa.",
    "phone.cleared": "Đã xóa số điện thoại. Khi bạn chưa nhắn cho OA quá 48 giờ, thông báo sẽ chờ đến khi bạn nhắn lại.",
    "phone.bad": "«{value}» không phải số điện thoại Việt Nam. Gõ ví dụ: /sodienthoai 0912345678.",
    "zalo.help.staff.phone": "/sodienthoai SỐ — ghi số điện thoại nhận tin mẫu ZBS khi bạn chưa nhắn cho OA quá 48 giờ (/sodienthoai xóa để xóa)",
    "zalo.help.staff.block": "/chan MÃ_PHẢN_ÁNH, /bochan MÃ_PHẢN_ÁNH — chặn hoặc bỏ chặn người đã gửi phản ánh đó",
    "zalo.help.staff.common": (
        "tra cứu MÃ, hồ sơ MÃ — tra cứu như người dân\nhủy — hủy việc đang làm dở\n"
        "hướng dẫn — xem lại các lệnh này"
    ),
    # --- command line -------------------------------------------------------------------------
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
    "cli.secret_key_missing": (
        "Chưa đặt SECRET_KEY: bot không lưu khóa bí mật Zalo khi chưa mã hóa được. "
        "Tạo khóa bằng `cchc-bot zalo keygen`, đặt vào SECRET_KEY (tệp .env) rồi chạy lại."
    ),
    "cli.secret_key_bad": "SECRET_KEY không dùng được ({detail}). Kiểm tra lại khóa trong tệp .env.",
}
