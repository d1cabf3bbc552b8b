"""Vietnamese texts about units: their kinds, lookups that need a choice, the list import."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- the legal kind of a unit, as a common noun inside a sentence ------------------------
    "unit_type.phuong": "phường",
    "unit_type.xa": "xã",
    "unit_type.dac_khu": "đặc khu",
    "unit_type.thi_tran": "thị trấn",
    "unit_type.tinh": "tỉnh",
    "unit_type.thanh_pho": "thành phố",
    "unit_type.quan": "quận",
    "unit_type.huyen": "huyện",
    "unit_type.thi_xa": "thị xã",
    "unit_type.none": "đơn vị",
    # --- a lookup that needs the user to choose ----------------------------------------------
    "ward.since": " từ {day}",
    "stats.ward_option": "{name}",
    "stats.ward_moved": (
        "{old} đã nhập vào {new}{since}. Số liệu từ ngày đó thuộc về {new}: "
        "bấm nút dưới đây để xem."
    ),
    "stats.ward_moved_many": (
        "{old} đã được sắp xếp vào {count} đơn vị{since}: {names}. Chọn đơn vị cần xem số liệu:"
    ),
    "stats.ward_ambiguous": (
        "Có {count} đơn vị khớp với «{query}»: {names}. Chọn đơn vị cần xem số liệu:"
    ),
    "stats.ward_split": (
        "«{query}» là tên cũ, nay thuộc {count} đơn vị: {names}. Chọn đơn vị cần xem số liệu:"
    ),
    "stats.pick_stale": "Lựa chọn này đã cũ. Gõ lại /stats kèm tên đơn vị và kỳ báo cáo.",
    "report.includes": "Gồm cả hồ sơ của đơn vị trước sắp xếp: {names}.",
    "intake.ward.which": "Bạn muốn gửi phản ánh đến đơn vị nào? Chọn một trong các đơn vị sau:",
    "intake.ward.ambiguous": "Có {count} đơn vị khớp với «{query}»: {names}.",
    "intake.ward.split": "«{query}» là tên cũ, nay thuộc {count} đơn vị: {names}.",
    "intake.ward.renamed": "«{query}» nay thuộc {new}; phản ánh sẽ được gửi đến {new}.",
    "intake.ward.moved": "{old} đã nhập vào {new}{since}; phản ánh sẽ được gửi đến {new}.",
    "intake.ward.moved_many": "{old} đã được sắp xếp vào {count} đơn vị{since}: {names}.",
    "sub.ambiguous": (
        "«{query}» khớp với {count} đơn vị: {options}. "
        "Gõ lại lệnh kèm mã rút gọn của đơn vị, ví dụ /theodoi {slug}"
    ),
    "sub.moved": (
        "{old} đã nhập vào đơn vị khác{since}: {options}. "
        "Gõ lại lệnh kèm mã rút gọn của đơn vị, ví dụ /theodoi {slug}"
    ),
    "sub.option": "{label} (/theodoi {slug})",
    "import.bad.ward_ambiguous": "đơn vị “{value}” chưa rõ: khớp với {names}",
    # --- `cchc-bot ward import FILE` -----------------------------------------------------------
    "ward_import.line": "dòng {line}: {reason}",
    "ward_import.bad.header": "thiếu cột {missing}; dòng tiêu đề phải là: {header}",
    "ward_import.bad.empty": "cột {column} để trống",
    "ward_import.bad.name": "tên có ký tự điều khiển hoặc dài quá {maximum} ký tự",
    "ward_import.bad.kind": "loại đơn vị «{value}» không rõ (dùng một trong: {kinds})",
    "ward_import.bad.code": "mã «{value}» ở cột {column} không hợp lệ (chỉ gồm tối đa 5 chữ số)",
    "ward_import.bad.date": (
        "ngày «{value}» ở cột {column} không hợp lệ (ghi yyyy-mm-dd hoặc dd/mm/yyyy)"
    ),
    "ward_import.bad.reversed": "ngày bắt đầu {start} sau ngày kết thúc {end}",
    "ward_import.bad.predecessors_need_start": (
        "có đơn vị tiền thân (cột predecessors) thì phải có ngày bắt đầu (cột valid_from)"
    ),
    "ward_import.bad.duplicate": "mã {code} trùng với dòng {first} trong cùng thời gian hiệu lực",
    "ward_import.bad.many_stored": "mã {code} khớp với nhiều đơn vị đã có ({slugs})",
    "ward_import.bad.same_stored": "dòng {first} đã cập nhật đơn vị {slug}",
    "ward_import.bad.parent_unknown": (
        "không có đơn vị cấp trên mã {code} trong thời gian hiệu lực của đơn vị này"
    ),
    "ward_import.bad.parent_many": "mã đơn vị cấp trên {code} khớp với nhiều đơn vị",
    "ward_import.bad.parent_level": "đơn vị cấp trên mã {code} ({name}) không ở cấp cao hơn",
    "ward_import.bad.predecessor_unknown": (
        "không có đơn vị tiền thân mã {code} đã kết thúc trước ngày {day}"
    ),
    "ward_import.done": (
        "Đã nhập danh sách đơn vị từ {path}: {new} đơn vị mới, {updated} cập nhật, "
        "{unchanged} không đổi."
    ),
    "ward_import.failed": (
        "Không nhập đơn vị nào từ {path}: {count} lỗi. Sửa tệp rồi nhập lại "
        "(tệp được nhập toàn bộ hoặc không nhập gì)."
    ),
    "ward_import.not_found": "Lỗi: không tìm thấy tệp {path}.",
    "ward_import.unreadable": "Lỗi: không đọc được tệp {path} (cần CSV hoặc XLSX, mã UTF-8).",
}
