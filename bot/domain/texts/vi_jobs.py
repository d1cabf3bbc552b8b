"""Vietnamese texts of the scheduled work: apology reminders, deadline alerts, the weekly digest."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- apology reminders ---------------------------------------------------------------------
    "remind.title": "🔔 <b>Phiếu xin lỗi, hẹn lại ngày trả kết quả</b> — {day}",
    "remind.apology_due": (
        "⏰ <b>Sắp đến hạn, chưa có phiếu xin lỗi ({count} hồ sơ)</b>\n"
        "Nếu không kịp trả kết quả, phiếu xin lỗi và hẹn lại ngày trả phải gửi người dân "
        "chậm nhất một ngày làm việc trước ngày hẹn trả:"
    ),
    "remind.apology_late": (
        "⚠️ <b>Đã quá hạn gửi phiếu xin lỗi, hồ sơ vẫn chưa có phiếu ({count} hồ sơ)</b>\n"
        "Đề nghị lãnh đạo chỉ đạo gửi ngay phiếu xin lỗi và hẹn lại ngày trả kết quả "
        "(từ {days} ngày làm việc sau ngày hẹn trả, đơn vị theo dõi cũng được báo):"
    ),
    "remind.new_date_missed": (
        "🚨 <b>Đã qua ngày hẹn trả mới mà hồ sơ chưa có kết quả ({count} hồ sơ)</b>\n"
        "Hồ sơ chỉ được hẹn lại một lần; đề nghị chỉ đạo giải quyết ngay:"
    ),
    "remind.ward": "{ward}: ",
    "remind.item.apology_due": "• {ward}<code>{code}</code> — {procedure} — hẹn trả {due}; gửi phiếu chậm nhất ngày {last_day}",
    "remind.item.due_today": "• {ward}<code>{code}</code> — {procedure} — hẹn trả hôm nay ({due})",
    "remind.item.apology_late": "• {ward}<code>{code}</code> — {procedure} — hẹn trả {due} (trễ {days} ngày làm việc)",
    "remind.item.new_date_missed": "• {ward}<code>{code}</code> — {procedure} — hẹn trả {due}, hẹn lại {new_due} (trễ {days} ngày làm việc so với ngày hẹn lại)",
    "remind.more": "… và {count} hồ sơ khác.",
    "remind.hint": "Bấm một mã hồ sơ để lập phiếu xin lỗi, hoặc gõ /xinloi MÃ_HỒ_SƠ.",
    "remind.button": "Lập phiếu xin lỗi {code}",
    # --- feedback deadline alerts ----------------------------------------------------------------
    "fbalert.accept": "tiếp nhận",
    "fbalert.answer": "trả lời",
    "fbalert.50": (
        "🕐 Phản ánh <code>{code}</code> ({ward}) đã qua một nửa thời hạn {deadline} (hạn {due})."
    ),
    "fbalert.80": (
        "⏳ Phản ánh <code>{code}</code> ({ward}) đã qua 80% thời hạn {deadline} (hạn {due})."
    ),
    "fbalert.100": (
        "⏰ Hôm nay là hạn {deadline} phản ánh <code>{code}</code> ({ward}) — hạn {due}."
    ),
    "fbalert.late": (
        "⚠️ Phản ánh <code>{code}</code> ({ward}) đã quá hạn {deadline} (hạn {due}). "
        "Đề nghị lãnh đạo chỉ đạo xử lý."
    ),
    "fbalert.hint": "Xem và xử lý trong /hopthu.",
    # --- weekly digest ---------------------------------------------------------------------------
    "digest.title": "📊 <b>Bản tin cải cách hành chính {week}</b>",
    "digest.ward": "<b>{name}</b>",
    "digest.area": "<b>{name}</b> — {wards} phường, xã",
    "digest.rank": "Xếp hạng: {rank}/{total} trong {area} (theo tỷ lệ đúng hạn)",
    "digest.dossiers": (
        "Hồ sơ: tiếp nhận mới {new}{new_change} (cùng {carried} hồ sơ kỳ trước chuyển sang); "
        "giải quyết {resolved}{resolved_change}; quá hạn {overdue}{overdue_change}"
    ),
    "digest.on_time": (
        "2.1 Xử lý trước hạn, đúng hạn: {value}{change} — {on_time}/{population} hồ sơ"
    ),
    "digest.online": "3.3 Nộp trực tuyến: {value}{change} — {online}/{received} hồ sơ",
    "digest.feedback": (
        "Phản ánh, kiến nghị: nhận {received}; xử lý đúng hạn {in_time}/{cases}; "
        "hài lòng bình quân {rating}/5 ({rated} lượt đánh giá)"
    ),
    "digest.progress": "5.2 Tiến độ xử lý phản ánh: {value}{change}",
    "digest.feedback_satisfaction": "5.3 Hài lòng trong xử lý phản ánh: {value}{change}",
    "digest.satisfaction": "5.4 Hài lòng trong tiếp nhận, giải quyết TTHC: {value}{change}",
    "digest.points": " ({arrow} {value} điểm phần trăm)",
    "digest.count_change": " ({arrow} {value})",
    "digest.same": " (=)",
    "digest.ranking": "<b>Xếp hạng theo tỷ lệ đúng hạn</b>",
    "digest.ranking_item": (
        "{rank}. {name} — đúng hạn {on_time}{change}; trực tuyến {online}; hài lòng {satisfaction}"
    ),
    "digest.ranking_more": "… ({count} đơn vị ở giữa bảng)",
    "digest.oldest": "<b>Hồ sơ quá hạn lâu nhất</b>",
    "digest.oldest_none": "Không có hồ sơ nào đang quá hạn. 👏",
    "digest.oldest_item": (
        "• <code>{code}</code>{ward} — {procedure} — hẹn trả {due} — trễ {days} ngày làm việc"
    ),
    "digest.oldest_ward": " ({ward})",
    "digest.chart_caption": "Biểu đồ chỉ số {name}, {week}",
    "chart.title_ward": "{name} — {week}",
    "chart.title_area": "{name} — tỷ lệ đúng hạn {week}",
    "chart.on_time": "Đúng hạn (2.1)",
    "chart.online": "Trực tuyến (3.3)",
    "chart.progress": "Tiến độ phản ánh (5.2)",
    "chart.satisfaction": "Hài lòng (5.4)",
    "chart.this_week": "Tuần này",
    "chart.last_week": "Tuần trước",
    "chart.percent": "Tỷ lệ (%)",
    # --- subscriptions ---------------------------------------------------------------------------
    "sub.usage": (
        "Cú pháp: /theodoi TÊN_PHƯỜNG để nhận bản tin chỉ số hằng tuần, "
        "/botheodoi TÊN_PHƯỜNG để thôi nhận. Ví dụ: /theodoi ngoquyen"
    ),
    "sub.citizen": (
        "Bản tin chỉ số hằng tuần dành cho cán bộ, công chức. "
        "Bạn có thể xem tiến độ hồ sơ của mình bằng /hoso MÃ_HỒ_SƠ."
    ),
    "sub.forbidden": "Bạn không có quyền theo dõi {unit}.",
    "sub.button.off": "Thôi nhận bản tin này",
    "sub.button.on": "Nhận lại bản tin này",
    "sub.unknown": "Không tìm thấy đơn vị «{query}».",
    "sub.suggest": " Có phải bạn muốn: {names}?",
    "sub.added": (
        "Đã đăng ký nhận bản tin chỉ số hằng tuần của {unit}. Bản tin gửi vào {weekday} lúc {time}."
    ),
    "sub.already": "Bạn đã đăng ký bản tin của {unit} từ trước.",
    "sub.removed": "Đã thôi gửi bản tin hằng tuần của {unit}.",
    "sub.not_subscribed": "Bạn chưa đăng ký bản tin của {unit}.",
    "sub.none": (
        "Bạn chưa theo dõi phường nào. Gõ /theodoi TÊN_PHƯỜNG để nhận bản tin chỉ số hằng tuần, "
        "ví dụ /theodoi ngoquyen."
    ),
    "sub.list": "<b>Bản tin bạn đang nhận</b> (gửi vào {weekday} lúc {time}):",
    "sub.list_item": "• {unit} (<code>{slug}</code>)",
    "sub.button.off_unit": "Thôi nhận: {unit}",
    "sub.button.on_unit": "Theo dõi {unit}",
    "sub.dissolved": (
        "{old} không còn là đơn vị hành chính (đã nhập vào {unit} năm 2025) nên không có bản tin "
        "riêng. Muốn theo dõi {unit}, bấm nút bên dưới hoặc gõ /theodoi {slug}."
    ),
    "weekday.0": "thứ Hai",
    "weekday.1": "thứ Ba",
    "weekday.2": "thứ Tư",
    "weekday.3": "thứ Năm",
    "weekday.4": "thứ Sáu",
    "weekday.5": "thứ Bảy",
    "weekday.6": "Chủ nhật",
    "cmd.theodoi": "Nhận bản tin chỉ số hằng tuần của một phường",
    "cmd.botheodoi": "Thôi nhận bản tin hằng tuần",
    # --- command line ----------------------------------------------------------------------------
    "cli.jobs_header": "Việc\tNội dung\tLịch chạy ({tz})\tLần chạy gần nhất",
    "cli.jobs_daily": "{time} mỗi ngày làm việc",
    "cli.jobs_weekly": "{weekday} {time} hằng tuần",
    "cli.jobs_never": "chưa chạy",
    "cli.jobs_last": "{occurrence} lúc {at}, {queued} tin",
    "cli.jobs_unknown": "Không có việc «{name}». Các việc: {names}.",
    "cli.jobs_bad_at": "Thời điểm «{value}» không đúng dạng YYYY-MM-DD HH:MM.",
    "cli.jobs_ran": "{job} {occurrence}: đã xếp {queued} tin vào hàng đợi gửi.",
    "cli.jobs_already": "{job} {occurrence}: đã chạy trước đó, không xếp thêm tin nào.",
    "cli.jobs_skipped": "{job}: {at} không phải ngày làm việc, bỏ qua.",
    "cli.jobs_dry": "{job} {occurrence}: {count} tin (chạy thử, không ghi gì).",
    "cli.jobs_message": "── đến {recipient} [{outbox_key}]",
    "cli.jobs_attachment": "[ảnh đính kèm: {name}, {size} byte]",
    "cli.jobs_delivered": "Đã gửi {sent} tin, thử lại sau {retried}, bỏ {dead}.",
}
