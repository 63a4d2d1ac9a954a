"""Pages of issued documents: a document's signature state, its downloads, a leader's signed
upload, and "Kiểm tra văn bản" (any signed-in user checks a PDF)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from khoagiao.audit import history_entries
from khoagiao.files import private_file_response
from organizations.access import may, page

from . import inspection, services
from .forms import PdfUploadForm
from .models import SignedDocument


def documents():
    return SignedDocument.objects.select_related("uploaded_by", "report", "conclusion_version__meeting")


HISTORY_FIELDS = {"status", "last_error", "signer_name", "method", "signed_sha256"}
HISTORY_EXCLUDED = frozenset(f.name for f in SignedDocument._meta.concrete_fields) - HISTORY_FIELDS


def _detail(request, document, form=None, status=200):
    may_sign = may(request.user, "document.sign_upload", document)
    return render(
        request,
        "signatures/detail.html",
        {
            "document": document,
            "source_url": source_url(document),
            "may_view_issued": may(request.user, "document.view_issued", document),
            "may_retry": may(request.user, "document.retry", document),
            "may_sign": may_sign,
            "can_upload": may_sign and document.is_issued and document.status in ("unsigned", "failed"),
            "form": form or PdfUploadForm(),
            "history": history_entries(document.history.all(), excluded=HISTORY_EXCLUDED),
        },
        status=status,
    )


def source_url(document):
    if document.report_id:
        return reverse("reports:detail", kwargs={"pk": document.report_id})
    if document.conclusion_version_id:
        return document.conclusion_version.meeting.get_absolute_url()
    return ""


@page(documents)
def detail(request, document):
    return _detail(request, document)


@page(SignedDocument)
def download(request, document):
    """The document of record: the signed file once there is one, else the issued file."""
    if not document.record_file:
        raise Http404
    name = document.signed_download_name() if document.signed_file else document.download_name
    return private_file_response(document.record_file, name, content_type="application/pdf")


@page(SignedDocument, action="document.view_issued")
def download_issued(request, document):
    """The issued file as rendered, unsigned: what a leader signs with a personal token."""
    if not document.issued_file:
        raise Http404
    return private_file_response(document.issued_file, document.download_name, content_type="application/pdf")


@page(documents, methods=("POST",), action="document.sign_upload")
def upload(request, document):
    form = PdfUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_sign_upload(
                document=document, by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The signed file was verified and is now the document of record."))
            return redirect("signatures:detail", pk=document.pk)
    return _detail(request, document, form=form)


@page(SignedDocument, methods=("POST",), action="document.retry")
def retry(request, document):
    if services.document_retry(document=document, by=request.user):
        messages.success(request, _("The document was queued for signing again."))
    else:
        messages.info(request, _("Only a document whose signing failed can be tried again."))
    return redirect("signatures:detail", pk=document.pk)


@page(methods=("GET", "POST"))
def verify(request):
    """Kiểm tra văn bản: whether the portal issued a PDF, and what its signatures say."""
    form = PdfUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        result = inspection.examine(upload.read(), viewer=request.user)
    return render(request, "signatures/verify.html", {"form": form, "result": result})


def notice_record(request, meeting):
    """The stored notice for meetings' download (`?phien-ban=N` or the current approved version),
    signed once signed; None while it is not issued (the caller renders it as before)."""
    version = request.GET.get("phien-ban", "")
    document = services.notice_document(
        meeting, request.user, version_number=int(version) if version.isdigit() else None
    )
    if document is None or not document.record_file:
        return None
    return download(request, pk=document.pk)


def report_record(report):
    """The signed report for reports' download; None until it is signed."""
    document = SignedDocument.objects.filter(report=report).exclude(signed_file="").first()
    if document is None:
        return None
    return private_file_response(
        document.signed_file, document.signed_download_name(), content_type="application/pdf"
    )
