from django.contrib import admin

from .models import Counter, Entry


class ReadOnly(admin.ModelAdmin):
    """The register is written by approvals only: the admin reads it, never adds, changes or deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnly):
    list_display = ("number", "issued_on", "doc_type", "summary", "signer_name")
    list_filter = ("doc_type", "year")
    search_fields = ("number", "summary")


@admin.register(Counter)
class CounterAdmin(ReadOnly):
    list_display = ("doc_type", "year", "last")
