"""The conclusion notice as a PDF (Party layout) and as an editable Word file.

Staff and leaders may download the draft (marked DỰ THẢO) at any time; a liaison of an invited
unit only once it is approved. `?phien-ban=N` gives the notice exactly as approved in version N.
"""

import re

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from khoagiao.pdf import render_pdf
from khoagiao.text import fold
from khoagiao.word import DOCX_TYPE
from organizations.access import page

from ..models import Conclusion, ConclusionVersion, Meeting
from ..notice import for_template, notice_content
from ..word import notice_docx_bytes


def _content(request, meeting):
    """The notice's content the user may have: a frozen version or the current outcome."""
    version = request.GET.get("phien-ban", "")
    if version:
        if not version.isdigit():
            raise Http404
        frozen = ConclusionVersion.objects.visible_to(request.user).filter(
            meeting=meeting, number=int(version)
        )
        if not frozen.exists():
            raise Http404
        return frozen.get().snapshot
    if not Conclusion.objects.visible_to(request.user).filter(meeting=meeting).exists():
        raise Http404
    return notice_content(meeting)


def _filename(content, extension):
    number = content["header"]["number"].removeprefix("Số").strip()
    stem = fold(f"thong bao ket luan {number if number[:1].isdigit() else ''}")
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return f"{stem}{'-du-thao' if content['draft'] else ''}.{extension}"


def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def meetings_with_organizers():
    return Meeting.objects.select_related("organizer__parent")


@page(meetings_with_organizers)
def notice_pdf(request, meeting):
    content = _content(request, meeting)
    # An issued notice is served as stored (signed once it is signed); signatures sits above meetings.
    from signatures.views import notice_record

    issued = notice_record(request, meeting)
    if issued is not None:
        return issued
    body = render_pdf(
        "meetings/pdf/notice.html", {"header": content["header"], "notice": for_template(content)}
    )
    return _download(body, "application/pdf", _filename(content, "pdf"))


@page(meetings_with_organizers, action="meeting.notice_docx")
def notice_docx(request, meeting):
    content = _content(request, meeting)
    return _download(notice_docx_bytes(content), DOCX_TYPE, _filename(content, "docx"))
