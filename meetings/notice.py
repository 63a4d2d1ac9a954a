"""The conclusion notice (thông báo kết luận, docs/domain.md, "Periods and giao ban meetings") as plain data.

`notice_content(meeting)` gathers everything the notice prints into a JSON-able dict; the PDF
(templates/meetings/pdf/notice.html), the DOCX (meetings/word.py) and the frozen approved
versions (ConclusionVersion.snapshot) are all made from that one dict, so the three always hold
the same sections. The document is Vietnamese by definition: its fixed phrases are written here
in Vietnamese, not translated.
"""

import re

from django.utils import timezone, translation

from khoagiao.documents import header_for, name_list, official_name

from .models import Finding

TYPE_NAME = "THÔNG BÁO"
GAP = " " + "\u00a0" * 4 + " "
ABBREVIATION = "TB"
DEFAULT_RECIPIENTS = [
    "Thường trực Tỉnh ủy (b/c)",
    "Các đồng chí lãnh đạo Ban",
    "Các đơn vị trong Khối Khoa giáo",
    "Lưu VP",
]
SECTION_TITLES = {
    "assessment": "I. KẾT QUẢ ĐẠT ĐƯỢC, HẠN CHẾ VÀ NGUYÊN NHÂN",
    Finding.Kind.RESULT: "1. Kết quả đạt được",
    Finding.Kind.LIMITATION: "2. Hạn chế, khó khăn",
    Finding.Kind.CAUSE: "3. Nguyên nhân",
    "proposals": "III. KIẾN NGHỊ, ĐỀ XUẤT",
}


def _d(day):
    return day.strftime("%d/%m/%Y") if day else ""


def recipient_lines(recipients):
    """Nơi nhận as printed: "- X," on every line and "- Lưu VP." on the last (36-HD/VPTW)."""
    cleaned = [line.strip().lstrip("-–•").strip().rstrip(",;.").strip() for line in recipients]
    cleaned = [line for line in cleaned if line]
    return [f"- {line}{'.' if i == len(cleaned) - 1 else ','}" for i, line in enumerate(cleaned)]


def speaker_title(meeting, conclusion):
    if conclusion and conclusion.speaker_title:
        return conclusion.speaker_title
    return meeting.chair_position or "chủ trì Hội nghị"


def opening_paragraph(meeting, conclusion=None, attended=None):
    """ "Ngày 25/06/2026, tại ..., Ban ... tổ chức Hội nghị ... Đồng chí ..., ..., chủ trì Hội nghị.
    Tham dự Hội nghị có ... Sau khi nghe ..., đồng chí ... kết luận như sau:": the default first
    paragraph, used unless staff wrote their own. It names as present only the units recorded as
    present (Meeting.attended), never every unit invited."""
    start = meeting.local_start
    attended = attended if attended is not None else [official_name(o) for o in meeting.attended.all()]
    when = f"Ngày {start.day:02d}/{start.month:02d}/{start.year}"
    where = f", tại {meeting.place}" if meeting.place else ""
    parts = [f"{when}{where}, {official_name(meeting.organizer)} tổ chức {meeting.title}."]
    if meeting.chair_name:
        chair = f"Đồng chí {meeting.chair_name}"
        if meeting.chair_position:
            chair += f", {meeting.chair_position},"
        parts.append(f"{chair} chủ trì Hội nghị.")
    guests = []
    if meeting.attendees_note:
        guests.append(meeting.attendees_note.strip().rstrip(".,;"))
    if attended:
        guests.append("đại diện lãnh đạo các đơn vị trong Khối Khoa giáo: " + name_list(attended))
    if guests:
        parts.append("Tham dự Hội nghị có " + ", ".join(guests) + ".")
    heard = "ý kiến phát biểu của các đơn vị"
    if meeting.period:
        heard = (
            f"báo cáo kết quả công tác khoa giáo {meeting.period.name}, nhiệm vụ trọng tâm "
            f"{meeting.period.next_name} và {heard}"
        )
    # One sentence says what was heard and who concluded: "Kết luận Hội nghị, đồng chí … kết luận"
    # said "kết luận" twice.
    parts.append(f"Sau khi nghe {heard}, đồng chí {speaker_title(meeting, conclusion)} kết luận như sau:")
    return " ".join(parts)


def _finding_label(finding):
    if finding.organization_id:
        return official_name(finding.organization)
    if finding.field_id:
        return finding.field.name
    return ""


def notice_content(meeting):
    """Everything the notice prints, as a dict of strings and lists (JSON-able)."""
    with translation.override("vi"):
        return _content(meeting)


def _content(meeting):
    conclusion = getattr(meeting, "conclusion", None)
    findings = list(meeting.findings.select_related("field", "organization"))
    items = list(meeting.task_items.select_related("lead", "field").prefetch_related("cooperating"))
    proposals = list(meeting.proposals.select_related("from_organization"))
    approved = bool(conclusion and conclusion.is_approved)
    day = (conclusion.issued_on if conclusion else None) or (
        timezone.localdate(conclusion.approved_at) if approved and conclusion.approved_at else None
    )
    header = header_for(
        meeting.organizer,
        number=conclusion.number if conclusion else "",
        day=day or timezone.localdate(),
        type_name=TYPE_NAME,
        summary=f"kết luận của đồng chí {speaker_title(meeting, conclusion)} tại {meeting.title}",
        abbreviation=ABBREVIATION,
        signing_authority=(conclusion.signing_authority if conclusion else "").upper(),
        signer_position=(conclusion.signer_position if conclusion else "").upper(),
        signer_name=conclusion.signer_name if conclusion else "",
        recipients=recipient_lines(conclusion.recipient_list if conclusion else DEFAULT_RECIPIENTS),
    )
    if not day:
        # Not yet dated: the văn thư writes the day by hand, as on a paper draft.
        place = header.date_line.split(",", 1)[0]
        header.date_line = f"{place}, ngày{GAP}tháng{GAP}năm {timezone.localdate().year}"
    # Blanks left for the văn thư must survive HTML's collapsing of spaces.
    header.number = re.sub(" {2,}", lambda m: "\u00a0" * len(m.group()), header.number)
    by_kind = {kind: [] for kind in Finding.Kind.values}
    for finding in findings:
        by_kind[finding.kind].append({"label": _finding_label(finding), "text": finding.text})
    next_name = meeting.period.next_name if meeting.period else "thời gian tới"
    return {
        "meeting_id": meeting.pk,
        "draft": not approved,
        "header": header.__dict__ | {"recipients": list(header.recipients)},
        "opening": (
            conclusion.opening
            if conclusion and conclusion.opening
            else opening_paragraph(meeting, conclusion)
        ),
        "section_titles": {
            "assessment": SECTION_TITLES["assessment"],
            "result": SECTION_TITLES[Finding.Kind.RESULT],
            "limitation": SECTION_TITLES[Finding.Kind.LIMITATION],
            "cause": SECTION_TITLES[Finding.Kind.CAUSE],
            "tasks": f"II. NHIỆM VỤ TRỌNG TÂM {next_name.upper()}",
            "proposals": SECTION_TITLES["proposals"],
        },
        "results": by_kind[Finding.Kind.RESULT],
        "limitations": by_kind[Finding.Kind.LIMITATION],
        "causes": by_kind[Finding.Kind.CAUSE],
        "direction": conclusion.text if conclusion else "",
        "tasks": [
            {
                "title": item.title,
                "lead": official_name(item.lead),
                "cooperating": [official_name(org) for org in item.cooperating.all()],
                "due_on": _d(item.due_on),
                "field": item.field.name if item.field_id else "",
            }
            for item in items
        ],
        "proposals": [
            {
                "content": p.content,
                "from": official_name(p.from_organization) if p.from_organization_id else "",
                "forwarded_to": p.forwarded_to,
                "response": p.response,
            }
            for p in proposals
        ],
        "closing": (
            f"Trên đây là kết luận của đồng chí {speaker_title(meeting, conclusion)} tại Hội nghị, "
            f"{official_name(meeting.organizer)} thông báo để các đơn vị biết, thực hiện./."
        ),
    }


def task_line(task):
    """ "Đơn vị chủ trì: Sở Y tế. Đơn vị phối hợp: Sở Giáo dục và Đào tạo; Sở Văn hóa, Thể thao và
    Du lịch. Thời hạn: 31/12/2026." (one sentence each: the names' own commas stay unambiguous)."""
    parts = [f"Đơn vị chủ trì: {task['lead']}."]
    if task["cooperating"]:
        parts.append(f"Đơn vị phối hợp: {name_list(task['cooperating'])}.")
    parts.append(f"Thời hạn: {task['due_on']}.")
    return " ".join(parts)


def proposal_lines(proposal):
    lines = []
    if proposal["from"]:
        lines.append(f"Đơn vị đề xuất: {proposal['from']}.")
    if proposal["forwarded_to"]:
        lines.append(f"Chuyển đến: {proposal['forwarded_to']}.")
    if proposal["response"]:
        lines.append(f"Trả lời: {proposal['response']}")
    return lines


def for_template(notice):
    """The content with the derived lines the PDF template prints (a copy; snapshots stay as stored)."""
    return {
        **notice,
        "direction_lines": [line for line in notice["direction"].split("\n") if line.strip()],
        "tasks": [{**task, "line": task_line(task)} for task in notice["tasks"]],
        "proposals": [{**p, "lines": proposal_lines(p)} for p in notice["proposals"]],
    }
