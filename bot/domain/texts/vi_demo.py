"""Vietnamese texts of the offline demo's terminal chat."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "demo.seeding": "Đang tạo dữ liệu mẫu…",
    "demo.resumed": "Tiếp tục bản thử trên dữ liệu đã có ({path}). Muốn làm lại từ đầu: {again} --fresh",
    "demo.banner": (
        "══ cchc-bot — bản thử ngoại tuyến ══\n"
        "Bot thật đang chạy với một máy chủ Bot API giả lập trên 127.0.0.1 (không cần mạng, không cần token).\n"
        "Khi bot đưa lựa chọn, gõ số thứ tự để chọn. Đổi người dùng bằng /as, thoát bằng /quit.\n"
        "\n"
        "Là NGƯỜI DÂN (bây giờ):\n"
        "  /start   /phananh (gửi phản ánh)   /tracuu MÃ   /hoso {dossier}   /dulieucuatoi\n"
        "Là CÁN BỘ MỘT CỬA — gõ /as officer ngoquyen trước:\n"
        "  /hopthu (hộp thư phản ánh)   /nhap (nhận phản ánh tại quầy)   /xinloi {late} (phiếu xin lỗi hồ sơ trễ hạn)\n"
        "  /stats ngoquyen   /stats ngo quyen tuan   /stats cautre 01/01/2022-15/09/2022 (số liệu bài báo gốc)\n"
        "  /stats cautre 2026 (Cầu Tre đã nhập vào Ngô Quyền)   /stats dong khe (chia cho hai phường)\n"
        "  /stats tháng này   /stats ngo quyen tuần trước   /baocao cautre 2022 (bảng báo cáo định kỳ, tệp XLSX)\n"
        "Là CÁN BỘ THEO DÕI của thành phố — /as supervisor haiphong:   /stats haiphong   /theodoi\n"
        "Là QUẢN TRỊ — /as admin.   Trở lại làm người dân — /as citizen."
    ),
    "demo.prompt": "Bạn ({who}) › ",
    "demo.who_citizen": "người dân",
    "demo.who_staff": "{role}, {unit}",
    "demo.who_admin": "quản trị",
    "demo.switched": "Bây giờ bạn là {who} — {name}.",
    "demo.switched_citizen": "Bây giờ bạn là người dân.",
    "demo.created": "Đã tạo một tài khoản cán bộ thử ({who}) và chuyển sang tài khoản đó.",
    "demo.roles": "Vai trò: citizen (người dân), officer (cán bộ một cửa), leader (lãnh đạo), supervisor (cán bộ theo dõi), admin (quản trị). Ví dụ: /as officer ngoquyen",
    "demo.no_unit": "Không có đơn vị «{slug}». Ví dụ: /as officer ngoquyen",
    "demo.bot": "Bot",
    "demo.bot_edited": "Bot (sửa tin trước)",
    "demo.for_other": "📨 Bot vừa gửi {count} tin cho {who}. Gõ /as {as_words} để xem và trả lời.",
    "demo.pending": "Tin bot đã gửi cho bạn trong lúc bạn vắng mặt:",
    "demo.pending_earlier": "Tin bot đã gửi cho bạn ở lần chạy trước mà bạn chưa xem hoặc chưa trả lời:",
    "demo.file_saved": "[tệp đính kèm] đã lưu ở: {path}",
    "demo.no_choice": "Không có lựa chọn số {number}. Hãy gõ một số trong danh sách ngay trên, hoặc nhập tin nhắn.",
    "demo.bye": "Tạm biệt! Dữ liệu của bản thử vẫn được giữ ở {path}; chạy lại {again} để tiếp tục.",
    "demo.unit_ceased": "{name} đã ngừng hoạt động từ {ended}: cán bộ thuộc đơn vị hiện nay, ví dụ /as officer ngoquyen (xem được cả số liệu cũ của Cầu Tre).",
}
