"""Vietnamese texts of the file import (`cchc-bot import dossiers|tasks FILE`)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "import.column.code": "mã",
    "import.column.ward": "đơn vị",
    "import.column.procedure": "tên thủ tục",
    "import.column.field": "lĩnh vực",
    "import.column.received_at": "ngày tiếp nhận",
    "import.column.due_at": "ngày hẹn trả",
    "import.column.resolved_at": "ngày có kết quả",
    "import.column.channel": "hình thức nộp",
    "import.column.status": "trạng thái",
    "import.column.level": "mức độ dịch vụ công trực tuyến",
    "import.column.department": "đơn vị xử lý",
    "import.column.title": "tên nhiệm vụ",
    "import.column.year": "năm",
    "import.column.completed_at": "ngày hoàn thành",
    "import.line": "dòng {line}: {reason}",
    "import.bad.empty": "thiếu {column}",
    "import.bad.date": "{column} “{value}” không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)",
    "import.bad.ward_unknown": "không tìm thấy đơn vị “{value}”",
    "import.bad.ward_other": "đơn vị “{value}” không phải {ward} (đã chọn bằng --ward)",
    "import.bad.due_before_received": "ngày hẹn trả {due} trước ngày tiếp nhận {received}",
    "import.bad.resolved_before_received": (
        "ngày có kết quả {resolved} trước ngày tiếp nhận {received}"
    ),
    "import.bad.duplicate": "mã “{code}” trùng với dòng {first}",
    "import.bad.status": "trạng thái “{value}” không hợp lệ",
    "import.bad.channel": "hình thức nộp “{value}” không hợp lệ",
    "import.bad.year": "năm “{value}” không hợp lệ",
    "import.bad.control": "có ký tự điều khiển {char} (ví dụ ký tự NUL): tệp bị hỏng hoặc không phải văn bản",
    "import.field_too_long": (
        "Không nhập tệp {path}: dòng {line} có một ô dài quá 1 MB (tệp hỏng hoặc sai định dạng). "
        "Không có dòng nào được nhập."
    ),
    "import.bad_csv": (
        "Không nhập tệp {path}: dòng {line} không đọc được như CSV. Không có dòng nào được nhập."
    ),
    "import.shared_strings": (
        "Không nhập tệp {path}: bảng chữ của tệp XLSX giải nén ra quá lớn so với tệp "
        "(có thể là tệp độc hại). Hãy lưu lại bằng Excel hoặc xuất ra CSV."
    ),
    "import.db_busy": (
        "Không nhập được: cơ sở dữ liệu đang bận (một tiến trình khác đang ghi, có thể là bot "
        "hoặc một lần nhập khác). Không có dòng nào được nhập; hãy thử lại sau ít phút."
    ),
    "import.disk_full": (
        "Không nhập được: ổ đĩa chứa cơ sở dữ liệu đã đầy ({detail}). Không có dòng nào được "
        "nhập; hãy giải phóng chỗ trống rồi thử lại."
    ),
    "import.db_error": "Không nhập được: lỗi cơ sở dữ liệu ({detail}). Không có dòng nào được nhập.",
    "import.bad.level": (
        "mức độ “{value}” không hợp lệ (4 hoặc toàn trình, 3 hoặc một phần, 2 hoặc dịch vụ công)"
    ),
    "import.bad.ended_without_end": (
        "trạng thái “{value}” là hồ sơ đã kết thúc xử lý nhưng thiếu ngày kết thúc xử lý"
    ),
    "import.skipped": " Bỏ qua {count} dòng lỗi (liệt kê ở trên).",
    "import.map.bad_item": "Không hiểu «{item}»: mỗi mục ghi dạng Tên cột=tên trường.",
    "import.map.unknown_field": (
        "Không có trường «{item}». Các trường: code, ward, procedure, field, received_at, "
        "due_at, resolved_at, channel, status, level, department."
    ),
    "import.map.unknown_status": (
        "Trạng thái «{item}» không hợp lệ: ghi mã quốc gia 1–10 (ví dụ Đã trả=10) "
        "hoặc tên trạng thái."
    ),
    "import.map.not_in_file": "Tệp không có cột «{item}» mà --map nêu.",
    "import.map.unreadable": "Không đọc được tệp ánh xạ {path}.",
    "import.missing_column": "Tệp {path} thiếu cột bắt buộc: {column} ({names}).",
    "import.missing_ward": (
        "Tệp {path} không có cột đơn vị: thêm cột Đơn vị (ward) hoặc dùng --ward."
    ),
    "import.unreadable": (
        "Không đọc được tệp {path}: cần tệp CSV (UTF-8) hoặc XLSX có dòng tiêu đề."
    ),
    "import.not_found": "Không tìm thấy tệp {path}.",
    "import.unknown_ward": "Không tìm thấy đơn vị “{ward}”.",
    "import.unknown_kind": "Không rõ loại dữ liệu “{kind}”: dùng dossiers hoặc tasks.",
    "import.done.dossiers": (
        "Đã nhập {total} hồ sơ ({new} mới, {updated} cập nhật) cho {units} đơn vị."
    ),
    "import.done.tasks": (
        "Đã nhập {total} nhiệm vụ ({new} mới, {updated} cập nhật) cho {units} đơn vị."
    ),
    "import.failed": "Không nhập dòng nào: {count} dòng lỗi.",
}
