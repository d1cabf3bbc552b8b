"""Vietnamese texts for feedback cases: filing, tracking, updates, data rights, staff inbox."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "button.share_contact": "📱 Chia sẻ số điện thoại của tôi",
    "button.share_location": "📍 Gửi vị trí hiện tại",
    "button.received": "Đã nhận.",
    "button.old": "Nút này thuộc một tin nhắn cũ và không còn dùng được.",
    # --- citizen menu and desk ---------------------------------------------------------------
    "menu.intro": "Bạn cần gì? Chọn một mục bên dưới:",
    "menu.feedback": "✍️ Gửi phản ánh, kiến nghị",
    "menu.track": "🔎 Theo dõi phản ánh",
    "menu.dossier": "📁 Tra cứu hồ sơ",
    "menu.contact": "☎️ Liên hệ Bộ phận Một cửa",
    "track.none_yet": (
        "Bạn chưa gửi phản ánh nào từ tài khoản này. Nếu có mã theo dõi, gõ "
        "<code>/tracuu MÃ</code> hoặc chỉ cần gõ mã, ví dụ <code>PA-4AMY-9FPA</code>."
    ),
    "track.mine": "<b>Phản ánh bạn đã gửi</b> (mới nhất trước) — bấm một mã để xem chi tiết:",
    "track.mine_item": "• {code} — {category}, gửi {filed}: <i>{state}</i>",
    "track.mine_more": "… và {count} phản ánh cũ hơn (gõ /tracuu MÃ để xem).",
    "track.open_button": "🔎 {code}",
    "menu.dossier_prompt": "Gõ <code>/hoso MÃ_HỒ_SƠ</code> (mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả).",
    "desk.info": "<b>{unit}</b>\nĐịa chỉ: {address}\nGiờ tiếp nhận: {hours}{saturday}\nĐường dây nóng: {hotline}",
    "desk.saturday": "; sáng thứ Bảy có tiếp nhận hồ sơ",
    "desk.none": (
        "Bot chưa có địa chỉ, đường dây nóng của Bộ phận Một cửa phường bạn. Bạn có thể gửi "
        "phản ánh, kiến nghị ngay tại đây (bấm nút bên dưới hoặc gõ /phananh) — phường sẽ trả "
        "lời qua bot; hoặc đến trực tiếp Bộ phận Một cửa tại trụ sở Ủy ban nhân dân phường, "
        "xã nơi bạn ở."
    ),
    # --- filing -------------------------------------------------------------------------------
    "feedback.blocked": (
        "Xin lỗi, tài khoản của bạn tạm thời không gửi được phản ánh qua bot. "
        "Vui lòng liên hệ trực tiếp Bộ phận Một cửa."
    ),
    "feedback.limit": (
        "Hôm nay bạn đã gửi {limit} phản ánh, là mức tối đa trong một ngày. "
        "Vui lòng gửi tiếp vào ngày mai hoặc liên hệ trực tiếp Bộ phận Một cửa."
    ),
    "feedback.stale": (
        "Phiên gửi phản ánh trước đã quá hạn (quá 24 giờ không có trả lời) nên đã được hủy. "
        "Gõ /phananh để bắt đầu lại."
    ),
    "feedback.cancelled": "Đã hủy. Không có phản ánh nào được gửi. Gõ /phananh để bắt đầu lại.",
    "desk.cancelled": (
        "Đã hủy, không có phản ánh nào được nhập. Gõ /nhap để nhập lại cho người dân."
    ),
    "feedback.nothing_to_cancel": "Bạn không có việc gì đang dở để hủy.",
    "feedback.filed": (
        "✅ Đã nhận phản ánh của bạn.\n\nMã theo dõi: <b>{code}</b>\n"
        "{unit} sẽ tiếp nhận chậm nhất ngày {accept_due} và trả lời chậm nhất ngày {answer_due}. "
        "Bạn sẽ nhận thông báo ngay tại đây khi có tiến triển.\n"
        "Theo dõi bất cứ lúc nào: <code>/tracuu {code}</code>{anonymous}\n{link}"
    ),
    "feedback.already_filed": (
        "Phản ánh này đã được gửi rồi. Mã theo dõi của bạn: <b>{code}</b> "
        "(<code>/tracuu {code}</code>)."
    ),
    "feedback.filed_desk": (
        "✅ Đã nhập phản ánh cho người dân.\n\nMã theo dõi: <b>{code}</b> — hãy đưa mã này cho "
        "người dân để tra cứu (<code>/tracuu {code}</code>).\n"
        "Hạn tiếp nhận: {accept_due}; hạn trả lời: {answer_due}.{anonymous}{link}"
    ),
    "feedback.filed_anonymous": "\nPhản ánh được gửi ẩn danh: không lưu số điện thoại của bạn.",
    "feedback.outside": (
        "Bot chưa hiểu tin nhắn này. Để gửi phản ánh hãy gõ /phananh; "
        "để theo dõi phản ánh gõ /tracuu MÃ; xem các lệnh: /help."
    ),
    "feedback.edited": (
        "Bot không dùng tin nhắn đã sửa: nội dung bạn đã gửi được giữ nguyên. "
        "Nếu cần bổ sung, hãy gửi một tin nhắn mới."
    ),
    # --- tracking -----------------------------------------------------------------------------
    "track.usage": "Cú pháp: <code>/tracuu MÃ</code>, ví dụ <code>/tracuu PA-4AMY-9FPA</code>.",
    "track.bad_code": (
        "Mã «{code}» không đúng: có thể gõ nhầm một ký tự. Mã có dạng PA-XXXX-XXXX, "
        "hãy kiểm tra lại tin nhắn xác nhận."
    ),
    "track.not_found": "Không tìm thấy phản ánh nào có mã {code}.",
    "track.header": (
        "<b>Phản ánh {code}</b>\nĐơn vị: {unit}\nLoại: {category}\nTình trạng: <b>{state}</b>\n"
        "Ngày gửi: {filed} · Hạn trả lời: {answer_due}\n\n<b>Diễn biến</b>"
    ),
    "track.event": "• {at} — {action}",
    "track.answer": "\n<b>Trả lời của {kind}</b>\n{answer}",
    "track.rating": "\nĐánh giá của bạn: {stars}",
    "case.state.new": "chờ tiếp nhận",
    "case.state.accepted": "đang xử lý",
    "case.state.needs_info": "chờ bổ sung thông tin",
    "case.state.answered": "đã trả lời",
    "case.state.reopened": "mở lại, chờ tiếp nhận",
    "case.state.refused": "không tiếp nhận",
    "case.state.closed": "đã đóng",
    "case.action.file": "gửi phản ánh",
    "case.action.take": "{kind} tiếp nhận, đang xử lý",
    "case.action.ask_info": "{kind} đề nghị bổ sung thông tin",
    "case.action.provide_info": "người dân bổ sung thông tin",
    "case.action.answer": "{kind} trả lời",
    "case.action.transfer": "chuyển đơn vị có thẩm quyền",
    "case.action.refuse": "không tiếp nhận",
    "case.action.close": "đóng phản ánh",
    "case.action.rate": "người dân đánh giá",
    "case.action.reopen": "người dân mở lại",
    "case.action.erase": "xóa dữ liệu cá nhân theo yêu cầu",
    # --- dossier lookup -----------------------------------------------------------------------
    "lookup.wait": (
        "Bạn đã tra cứu nhiều lần trong một phút. Vui lòng đợi {seconds} giây rồi thử lại."
    ),
    "dossier.usage": "Cú pháp: <code>/hoso MÃ_HỒ_SƠ</code> (mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả).",
    "dossier.not_found": "Không tìm thấy hồ sơ có mã {code}. Hãy kiểm tra mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    "dossier.view": (
        "<b>Hồ sơ {code}</b>\nĐơn vị: {unit}\nNgày tiếp nhận: {received}\n"
        "Ngày hẹn trả: {due}\nTình trạng: {status}{apology}"
    ),
    "dossier.resolved_on_time": "đã có kết quả ngày {at} (đúng hạn)",
    "dossier.resolved_late": "đã có kết quả ngày {at} (trễ hạn)",
    "dossier.pending": "đang giải quyết, còn trong hạn",
    "dossier.pending_overdue": "đang giải quyết, <b>đã quá hạn</b>",
    "dossier.apology": "\n{unit} đã gửi phiếu xin lỗi ngày {at}; ngày hẹn trả mới: <b>{new_due}</b>.",
    # --- updates to the citizen ---------------------------------------------------------------
    "case.citizen.accepted": (
        "📌 Phản ánh <b>{code}</b> đã được {unit} tiếp nhận và đang xử lý. "
        "Hạn trả lời: chậm nhất ngày {answer_due}."
    ),
    "case.citizen.needs_info": (
        "❓ {unit} cần thêm thông tin cho phản ánh <b>{code}</b>:\n\n{question}\n\n"
        "Bạn chỉ cần gõ nội dung bổ sung ngay tại đây và gửi."
    ),
    "case.citizen.info_button": "✍️ Gõ trả lời ngay tại đây để bổ sung",
    "case.citizen.answered": (
        "💬 {unit} đã trả lời phản ánh <b>{code}</b>:\n\n{answer}\n\n"
        "Bạn có hài lòng với câu trả lời? Chọn số sao (5 = rất hài lòng)."
    ),
    "case.citizen.transferred": (
        "↪️ Phản ánh <b>{code}</b> đã được chuyển đến {unit} là đơn vị có thẩm quyền giải quyết."
    ),
    "case.citizen.refused": "Phản ánh <b>{code}</b> không được tiếp nhận. {reason}",
    "case.citizen.closed": "Phản ánh <b>{code}</b> đã được đóng. Cảm ơn bạn đã đóng góp ý kiến.",
    "refuse.national_portal": (
        "Nội dung là phản ánh, kiến nghị về quy định hành chính: vui lòng gửi trên Cổng Dịch vụ "
        "công quốc gia (dichvucong.gov.vn, mục Phản ánh kiến nghị)."
    ),
    "refuse.complaint": (
        "Nội dung là khiếu nại, tố cáo: vui lòng thực hiện theo thủ tục giải quyết khiếu nại, "
        "tố cáo (nộp đơn tại bộ phận tiếp công dân của Ủy ban nhân dân cấp xã)."
    ),
    "refuse.not_administrative": "Nội dung không thuộc thủ tục hành chính do chính quyền cấp xã giải quyết.",
    "refuse.duplicate": "Nội dung trùng với một phản ánh đã được tiếp nhận trước đó.",
    "refuse.unclear": "Nội dung chưa đủ rõ để xử lý; bạn có thể gửi phản ánh mới chi tiết hơn.",
    # --- rating, reopening, more information --------------------------------------------------
    "case.not_yours": "Không tìm thấy phản ánh này trong các phản ánh bạn đã gửi.",
    "case.changed": (
        "Phản ánh vừa được cập nhật bởi người khác nên thao tác này không còn áp dụng. "
        "Hãy xem lại tình trạng mới nhất."
    ),
    "rate.not_now": "Phản ánh {code} chưa có câu trả lời để đánh giá.",
    "rate.already": "Bạn đã đánh giá phản ánh {code}: {stars}. Cảm ơn bạn!",
    "rate.thanks": "Cảm ơn bạn đã đánh giá phản ánh {code}!",
    "rate.low": (
        "Cảm ơn bạn đã đánh giá. Bạn có thể cho biết lý do chưa hài lòng (không bắt buộc) — "
        "gõ vào đây. Nếu vấn đề chưa được giải quyết, bạn có thể mở lại phản ánh {code} "
        "trong vòng 7 ngày."
    ),
    "rate.reopen_button": "Mở lại phản ánh",
    "rate.skip_button": "Bỏ qua",
    "rate.reason_skipped": "Đã ghi nhận đánh giá của bạn.",
    "rate.reason_saved": "Đã ghi nhận lý do cho phản ánh {code}. Cảm ơn bạn!",
    "reopen.too_late": (
        "Phản ánh {code} không thể mở lại: chỉ mở lại được trong 7 ngày sau khi có câu trả lời. "
        "Bạn có thể gửi phản ánh mới bằng /phananh."
    ),
    "reopen.done": "Đã mở lại phản ánh {code}. {unit} sẽ trả lời chậm nhất ngày {answer_due}.",
    "info.prompt": "Hãy gõ nội dung bổ sung cho phản ánh {code}:",
    "info.too_short": "Nội dung bổ sung quá ngắn.",
    "info.not_needed": "Phản ánh {code} hiện không cần bổ sung thông tin.",
    "info.thanks": "Đã gửi thông tin bổ sung cho phản ánh {code}. Cảm ơn bạn!",
    # --- data rights --------------------------------------------------------------------------
    "data.header": "<b>Dữ liệu bot lưu về bạn</b>\nTài khoản {channel} của bạn, mã số {user_id}",
    "data.no_cases": "Bạn chưa gửi phản ánh nào.",
    "data.case": "• {code} (gửi {filed}, {state}) — {contact}",
    "data.phone": "số điện thoại {phone}, đồng ý lúc {consent} (phiên bản {version})",
    "data.anonymous": "ẩn danh, không lưu số điện thoại",
    "data.draft": "• Một phản ánh đang soạn dở (gõ /huy để xóa).",
    "data.footer": (
        "\nXóa dữ liệu cá nhân: /xoadulieu (phản ánh vẫn được giữ nhưng ẩn danh). "
        "Theo Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15."
    ),
    "erase.confirm": (
        "Bạn muốn xóa dữ liệu cá nhân của mình? Số điện thoại, sự đồng ý và liên kết giữa tài "
        "khoản này với các phản ánh sẽ bị xóa; số điện thoại, số giấy tờ trong nội dung sẽ bị che. "
        "Phản ánh vẫn được giữ (ẩn danh) và tra cứu được bằng mã, nhưng bạn sẽ không nhận "
        "thông báo về chúng nữa."
    ),
    "erase.yes": "Xóa dữ liệu của tôi",
    "erase.no": "Không xóa",
    "erase.done": "Đã xóa dữ liệu cá nhân của bạn; {count} phản ánh đã được ẩn danh.",
    "erase.kept": "Đã giữ nguyên, không xóa gì.",
    # --- staff inbox --------------------------------------------------------------------------
    "staff.only": "Lệnh này chỉ dành cho cán bộ xã, phường, đặc khu.",
    "inbox.empty": "🎉 Không có phản ánh nào đang chờ xử lý.",
    "inbox.header": "<b>Hộp thư phản ánh</b>: {count} phản ánh đang mở, hạn gần nhất trước.",
    "inbox.more": "… và {count} phản ánh khác.",
    "inbox.item": (
        "<b>{code}</b> · {unit} · {channel}\n{category} — <i>{state}</i>\n{deadline}\n"
        "{summary}\nLiên hệ: {contact}{extra}"
    ),
    "inbox.dossier": "\nMã hồ sơ: {code}",
    "inbox.location": "\nVị trí: {url}",
    "inbox.from": "\nChuyển từ {unit}",
    "inbox.asked": "\nĐã đề nghị bổ sung: {text}",
    "inbox.supplied": "\nNgười dân bổ sung: {text}",
    "inbox.deadline.accept": "⏳ Hạn tiếp nhận: {due} (còn {days} ngày làm việc)",
    "inbox.deadline.answer": "⏳ Hạn trả lời: {due} (còn {days} ngày làm việc)",
    "inbox.deadline.accept_late": "🔴 <b>Quá hạn tiếp nhận</b> {days} ngày làm việc ({due})",
    "inbox.deadline.answer_late": "🔴 <b>Quá hạn trả lời</b> {days} ngày làm việc ({due})",
    "inbox.channel.telegram": "Telegram",
    "inbox.channel.zalo": "Zalo",
    "inbox.channel.desk": "tại quầy/điện thoại",
    "case.contact_anonymous": "ẩn danh",
    "staff.button.take": "Nhận xử lý",
    "staff.button.answer": "Trả lời",
    "staff.button.ask_info": "Yêu cầu bổ sung",
    "staff.button.transfer": "Chuyển đơn vị",
    "staff.button.refuse": "Từ chối",
    "staff.button.files": "📎 Tệp đính kèm ({count})",
    "staff.file_link": '{caption}: <a href="{url}">mở tệp</a>',
    "staff.button.close": "Đóng",
    "staff.prompt.answer": "Gõ câu trả lời cho phản ánh {code} (sẽ gửi nguyên văn cho người dân). /huy để thôi.",
    "staff.prompt.ask_info": "Gõ nội dung cần người dân bổ sung cho phản ánh {code}. /huy để thôi.",
    "staff.prompt.transfer": "Chuyển phản ánh {code} đến đơn vị nào?",
    "staff.prompt.refuse": "Lý do không tiếp nhận phản ánh {code} (người dân sẽ nhận nguyên văn):",
    "staff.prompt.refuse_desk": (
        "Lý do không tiếp nhận phản ánh {code} (nhập tại quầy: bot không gửi cho người dân, hãy báo họ lý do này trực tiếp hoặc qua điện thoại):"
    ),
    "refuse.reason_line": "{n}. {reason}",
    "staff.confirm": (
        "<b>{action} — phản ánh {code}</b>\nNgười dân sẽ nhận được tin sau:\n\n{preview}\n\n"
        "Gửi đi? (gõ /huy để thôi)"
    ),
    "staff.confirm_nobody": (
        "<b>{action} — phản ánh {code}</b>\nPhản ánh này được nhập tại quầy nên bot không gửi "
        "tin cho người dân; hãy báo họ trực tiếp hoặc qua điện thoại. Xác nhận?"
    ),
    "staff.confirm_pending": "Hãy bấm nút xác nhận bên trên, hoặc gõ /huy để thôi.",
    "staff.button.confirm": "✅ Xác nhận: {action}",
    "staff.button.dont": "✖️ Thôi",
    "staff.answer_too_short": "Câu trả lời quá ngắn (cần ít nhất 10 ký tự).",
    "staff.case_unknown": "Không tìm thấy phản ánh này trong các đơn vị bạn phụ trách.",
    "staff.supervisor_read_only": "Cán bộ theo dõi chỉ xem và chuyển đơn vị, không xử lý phản ánh.",
    "staff.not_now": "Thao tác này không áp dụng cho phản ánh ở tình trạng hiện tại.",
    "staff.transfer_unknown": "Không chuyển được: đơn vị nhận không hợp lệ.",
    "staff.refuse_reason": "Cần chọn lý do từ chối.",
    "staff.done.take": "Bạn đã nhận xử lý phản ánh {code}. Người dân đã được báo.",
    "staff.done.answer": "Đã gửi câu trả lời cho phản ánh {code}; bot đang chuyển tới người dân.",
    "staff.done.ask_info": "Đã gửi yêu cầu bổ sung cho phản ánh {code}.",
    "staff.done.transfer": "Đã chuyển phản ánh {code}.",
    "staff.done.refuse": "Đã từ chối phản ánh {code} và báo người dân hướng xử lý đúng.",
    "staff.done.close": "Đã đóng phản ánh {code}.",
    "staff.done.refuse_desk": (
        "Đã từ chối phản ánh {code}. Phản ánh nhập tại quầy: bot không báo được người dân, "
        "hãy báo họ trực tiếp hoặc qua điện thoại."
    ),
    "staff.done.close_desk": (
        "Đã đóng phản ánh {code}. Phản ánh nhập tại quầy: bot không báo được người dân."
    ),
    "staff.delivered": "📬 Câu trả lời phản ánh {code} đã đến người dân lúc {at}.",
    "staff.blocked": "Đã chặn người dùng {user} gửi phản ánh.",
    "staff.unblocked": "Đã bỏ chặn người dùng {user}.",
    "staff.block_staff": "Không chặn được: đây là tài khoản của cán bộ.",
    "staff.block_not_yours": (
        "Không chặn được: người dùng {user} chưa gửi phản ánh nào đến đơn vị bạn phụ trách."
    ),
    "staff.block_usage": (
        "Cú pháp: <code>/chan MÃ_PHẢN_ÁNH</code> hoặc <code>/bochan MÃ_PHẢN_ÁNH</code>, ví dụ "
        "<code>/chan PA-4AMY-9FPA</code> (chặn người đã gửi phản ánh đó; cũng nhận mã tài khoản)."
    ),
    "staff.blocked_case": "Đã chặn người gửi phản ánh {code}: họ không gửi được phản ánh mới qua bot.",
    "staff.unblocked_case": "Đã bỏ chặn người gửi phản ánh {code}.",
    "staff.block_case_unknown": "Không tìm thấy phản ánh {code} trong các đơn vị bạn phụ trách.",
    "staff.block_no_account": (
        "Phản ánh {code} được nhập tại quầy hoặc người gửi đã xóa dữ liệu: không có tài khoản nào để chặn."
    ),
    "staff.cancelled": "Đã thôi, không gửi gì cho người dân.",
    "staff.transfer_option": "{name}",
    "staff.transfer_none": (
        "Không có phường nào khác đang hoạt động trong tỉnh, thành phố để chuyển phản ánh {code}."
    ),
    "staff.no_files": "Phản ánh {code} không có tệp đính kèm.",
    "staff.file": "{caption}",
    "staff.file_caption": "{code} — {name}",
    "refuse.short.national_portal": "Gửi Cổng Dịch vụ công quốc gia",
    "refuse.short.complaint": "Là khiếu nại, tố cáo",
    "refuse.short.not_administrative": "Không thuộc thủ tục hành chính",
    "refuse.short.duplicate": "Trùng phản ánh trước",
    "refuse.short.unclear": "Nội dung chưa rõ",
    "desk.no_ward": (
        "Bạn chưa phụ trách phường nào đang hoạt động nên chưa nhập được phản ánh tại quầy. "
        "Hãy nhờ quản trị viên kiểm tra."
    ),
    "case.staff.undelivered": (
        "⚠️ Không gửi được tin về phản ánh <b>{code}</b> tới người dân qua {channel}: {why}.\n"
        "Liên hệ người dân: {phone}\nNội dung chưa gửi được:\n{text}"
    ),
    "undelivered.unreachable": (
        "người dân đã lâu không nhắn cho bot nên kênh không cho gửi tiếp (trên Zalo: quá 7 ngày "
        "không nhắn cho Zalo OA của phường, phường chưa cho gửi tin có phí, và chưa có mẫu tin "
        "ZBS để gửi thay)"
    ),
    "undelivered.refused": "kênh từ chối hoặc lỗi kéo dài",
    "case.staff.no_phone": "người dân gửi ẩn danh, không có số điện thoại",
    "notice.grouped": "📬 <b>{count} thông báo mới về phản ánh</b>",
    "case.staff.new": "🆕 Phản ánh mới <b>{code}</b> ({unit}) — {category}\n{summary}\nXem: /hopthu",
    "case.staff.rated": "⭐ Phản ánh <b>{code}</b> ({unit}) vừa được đánh giá. {category}\n{summary}",
    "case.staff.reopened": "🔁 Người dân mở lại phản ánh <b>{code}</b> ({unit}). {category}\n{summary}",
    "case.staff.info": "📎 Người dân đã bổ sung thông tin cho phản ánh <b>{code}</b> ({unit}) — {category}:\n{summary}\nXem: /hopthu",
    "case.staff.transferred": "↪️ Phản ánh <b>{code}</b> được chuyển đến {unit}. {category}\n{summary}\nXem: /hopthu",
}
