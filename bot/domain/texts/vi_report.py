"""Vietnamese texts of the one-stop report: /stats, /baocao and the XLSX file."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- asking --------------------------------------------------------------------------------
    "stats.usage": (
        "Cú pháp: <code>/{command} [PHƯỜNG] [KỲ]</code>\n"
        "Ví dụ: <code>/{command} cautre</code> hoặc <code>/{command} cautre III/2022</code>"
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
    "stats.unknown_ward_hint": (
        " Gõ /{command} kèm tên phường (có thể thêm kỳ), ví dụ <code>/{command} {example}</code>"
        " hoặc <code>/{command} {example} tháng 9/2022</code>."
    ),
    "stats.bad_period": (
        "Kỳ báo cáo «{query}» không hợp lệ{reason}. Các cách ghi đúng: "
        "<code>2022</code>, <code>tháng 9/2022</code> hoặc <code>09/2022</code>, "
        "<code>III/2022</code> hoặc <code>Q3/2022</code>, <code>tuần</code>, "
        "<code>tháng này</code>, <code>tháng trước</code>, <code>quý này</code>, "
        "<code>năm nay</code>, <code>hôm nay</code>, <code>01/01/2022-15/09/2022</code>."
    ),
    "stats.choose": (
        "Bạn xem được số liệu của nhiều đơn vị; hãy ghi tên đơn vị, ví dụ "
        "<code>/{command} {example}</code>.\nCác đơn vị: {units}"
    ),
    "stats.choose_unit": "{name} (<code>{slug}</code>)",
    "stats.choose_more": " … và {count} đơn vị khác",
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
    "period.day": "ngày {day}",
    "period.ytd": "từ {start} đến nay ({end})",
    # --- the report in chat ----------------------------------------------------------------------
    "report.title": "📊 <b>{unit}</b> — kết quả giải quyết hồ sơ TTHC",
    "report.period": "Kỳ báo cáo: {period}",
    "report.as_of": "Số liệu tính đến {as_of}.",
    "report.as_of_end": "Số liệu tính đến hết ngày {day}.",
    "report.area_members": "Gồm số liệu của {count} đơn vị trực thuộc.",
    "report.received": (
        "• Tiếp nhận: <b>{received}</b> hồ sơ (kỳ trước chuyển sang: {carried}; mới: {new})"
    ),
    "report.resolved": "• Đã giải quyết: <b>{resolved}</b>",
    "report.resolved_early": "    – trước hạn: {value}",
    "report.resolved_on_day": "    – đúng hạn: {value}",
    "report.resolved_late": "    – trễ hạn: {value}",
    "report.pending": "• Đang giải quyết: <b>{pending}</b>",
    "report.pending_in_time": "    – trong hạn: {value}",
    "report.pending_overdue": "    – quá hạn: {value}",
    "report.paused": (
        "• Tạm dừng: <b>{paused}</b> (chờ bổ sung hồ sơ: {supplement}; "
        "chờ thực hiện nghĩa vụ tài chính: {financial})"
    ),
    "report.cancelled": (
        "• Kết thúc không có kết quả: <b>{cancelled}</b> (công dân rút hồ sơ: {withdrawn}; "
        "dừng xử lý: {stopped})"
    ),
    "report.refused": "• Từ chối tiếp nhận: {refused} (không tính vào số tiếp nhận)",
    "report.overdue_total": "• Tổng số hồ sơ quá hạn: <b>{value}</b>",
    "report.online": "• Nộp trực tuyến: <b>{value}</b> ({share})",
    "report.tasks": "• Nhiệm vụ CCHC năm {year}: <b>{done}/{total}</b> hoàn thành ({share})",
    "report.tasks_none": "• Nhiệm vụ CCHC năm {year}: chưa có nhiệm vụ nào được giao",
    "report.not_applicable": "—",
    "report.empty": "Không có hồ sơ nào được tiếp nhận trong kỳ này.",
    "report.indicators": "<b>Chỉ số QĐ 766/QĐ-TTg</b>",
    "report.assumed": (
        "({count} hồ sơ chờ công dân bổ sung hoặc thực hiện nghĩa vụ tài chính, "
        "không có thời điểm yêu cầu, được tính là trong hạn.)"
    ),
    "report.compare": "So với kỳ trước ({period}): {changes}.",
    "report.compare_rate": "{id} {change}",
    "report.compare_received": "tiếp nhận mới {change}",
    "change.up": "↑ {value} điểm phần trăm",
    "change.down": "↓ {value} điểm phần trăm",
    "change.same": "không đổi",
    "change.count_up": "↑ {value}",
    "change.count_down": "↓ {value}",
    "report.fields": "<b>Theo lĩnh vực</b> (tiếp nhận · đã giải quyết · trễ hạn · chỉ số 2.1)",
    "report.field_line": "• {name}: {received} · {resolved} · {late} · {on_time}",
    "report.field_none": "(chưa ghi lĩnh vực)",
    "report.fields_more": "… và {count} lĩnh vực khác (đầy đủ trong tệp /baocao).",
    "report.ranking_on_time": "<b>Xếp hạng theo chỉ số 2.1</b> ({count} đơn vị có hồ sơ)",
    "report.ranking_online": "<b>Xếp hạng theo tỷ lệ nộp trực tuyến (3.3)</b>",
    "report.ranking_item": "{rank}. {name} — {value}",
    "report.ranking_gap": "…",
    "report.ranking_none": "Chưa đơn vị nào có hồ sơ trong kỳ.",
    # A report, or why there is none: its content (bot.domain.report.reply_for).
    "report.ready": "{body}",
    "report.body": "{body}",
    "report.button_xlsx": "📥 Tải bảng báo cáo (XLSX)",
    "report.button_pdf": "📥 Tải bảng báo cáo (PDF)",
    "report.file_caption": "📊 {unit} — bảng báo cáo kết quả giải quyết TTHC, {period}",
    "ind.line": "• {id} {name}: <b>{value}</b>{detail}{threshold}",
    "ind.detail": " ({numerator}/{denominator})",
    "ind.threshold": " — đạt điểm tối đa từ {threshold}",
    "ind.channels": "    – trực tiếp: {direct}; bưu chính công ích: {postal}",
    "ind.levels": (
        "    – trực tuyến toàn trình: {full} ({full_share}); một phần: {partial} ({partial_share})"
    ),
    "ind.on_time": "Hồ sơ xử lý trước hạn, đúng hạn",
    "ind.online": "Hồ sơ nộp trực tuyến",
    "ind.policy": "Phản ánh về quy định, chính sách, TTHC",
    "ind.conduct": "Phản ánh về hành vi cán bộ, công chức",
    "ind.feedback_progress": "Tiến độ xử lý phản ánh, kiến nghị",
    "ind.feedback_satisfaction": "Hài lòng trong xử lý phản ánh, kiến nghị",
    "ind.satisfaction": "Hài lòng trong tiếp nhận, giải quyết TTHC",
    "cli.report_written": "Đã ghi {path}: {caption}.",
    "cli.report_write_failed": "Lỗi: không ghi được tệp {path} ({error}).",
    # --- the XLSX file ---------------------------------------------------------------------------
    "xlsx.sheet_table": "Báo cáo",
    "xlsx.sheet_units": "Theo đơn vị",
    "xlsx.sheet_procedures": "2.2 Theo TTHC",
    "xlsx.nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "xlsx.motto": "Độc lập - Tự do - Hạnh phúc",
    "xlsx.title": "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "xlsx.unit": "Đơn vị: {unit}",
    "xlsx.period": "Kỳ báo cáo: {period}",
    "xlsx.as_of": "{as_of}",
    "xlsx.col.no": "STT",
    "xlsx.col.field": "Lĩnh vực",
    "xlsx.col.unit": "Đơn vị",
    "xlsx.col.received": "Tiếp nhận",
    "xlsx.col.received_total": "Tổng số",
    "xlsx.col.carried": "Kỳ trước chuyển sang",
    "xlsx.col.new": "Mới tiếp nhận",
    "xlsx.col.resolved": "Đã giải quyết",
    "xlsx.col.total": "Tổng số",
    "xlsx.col.early": "Trước hạn",
    "xlsx.col.on_day": "Đúng hạn",
    "xlsx.col.late": "Quá hạn",
    "xlsx.col.pending": "Đang giải quyết",
    "xlsx.col.in_time": "Trong hạn",
    "xlsx.col.overdue": "Quá hạn",
    "xlsx.col.paused": "Tạm dừng",
    "xlsx.col.supplement": "Bổ sung hồ sơ",
    "xlsx.col.financial": "Nghĩa vụ tài chính",
    "xlsx.col.cancelled": "Hủy, dừng",
    "xlsx.col.refused": "Từ chối tiếp nhận",
    "xlsx.col.withdrawn": "Công dân rút",
    "xlsx.col.stopped": "Dừng xử lý",
    "xlsx.col.on_time_rate": "Tỷ lệ sớm và đúng hạn",
    "xlsx.total": "TỔNG CỘNG",
    "xlsx.indicators": "CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ (QĐ 766/QĐ-TTg)",
    "xlsx.col.id": "Mã",
    "xlsx.col.indicator": "Chỉ số",
    "xlsx.col.numerator": "Tử số",
    "xlsx.col.denominator": "Mẫu số",
    "xlsx.col.value": "Tỷ lệ",
    "xlsx.col.threshold": "Đạt điểm tối đa từ",
    "xlsx.col.previous": "Kỳ trước",
    "xlsx.ind.direct": "Hồ sơ nộp trực tiếp",
    "xlsx.ind.postal": "Hồ sơ nộp qua bưu chính công ích",
    "xlsx.ind.online_full": "Hồ sơ trực tuyến toàn trình",
    "xlsx.ind.online_partial": "Hồ sơ trực tuyến một phần",
    "xlsx.summary": "TỔNG HỢP",
    "xlsx.sum.received": "Số hồ sơ tiếp nhận",
    "xlsx.sum.resolved": "Số hồ sơ đã giải quyết",
    "xlsx.sum.late": "Số hồ sơ giải quyết trễ hạn",
    "xlsx.sum.online": "Số hồ sơ nộp trực tuyến",
    "xlsx.sum.tasks": "Nhiệm vụ CCHC năm {year} đã hoàn thành",
    "xlsx.assumed": (
        "Ghi chú: {count} hồ sơ chờ công dân bổ sung hoặc thực hiện nghĩa vụ tài chính, "
        "không có thời điểm yêu cầu, được tính là trong hạn."
    ),
    "xlsx.col.procedure": "Thủ tục hành chính",
    "xlsx.col.completed": "Số hồ sơ đã giải quyết",
    "xlsx.col.days_total": "Tổng thời gian (ngày làm việc)",
    "xlsx.col.days_average": "Thời gian trung bình (ngày làm việc)",
    "xlsx.procedure_none": "(chưa ghi thủ tục)",
    "xlsx.procedures_note": (
        "Chỉ số 2.2: hồ sơ đã giải quyết (trạng thái 9, 10) tiếp nhận trong kỳ; thời gian tính "
        "bằng ngày làm việc từ ngày tiếp nhận đến ngày kết thúc xử lý."
    ),
}
