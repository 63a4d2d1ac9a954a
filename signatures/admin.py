from django.contrib import admin

from khoagiao.admin import ReadOnlyHistoryAdmin

from .models import SignedDocument


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyHistoryAdmin):
    """Read-only: documents are issued by their jobs and signed through their services."""

    list_display = ("title", "kind", "status", "method", "signer_name", "signed_at")
    list_filter = ("kind", "status", "method")
    search_fields = ("title", "signer_name", "issued_sha256", "signed_sha256")
