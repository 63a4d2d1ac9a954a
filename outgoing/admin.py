from django.contrib import admin

from khoagiao.admin import ReadOnlyAdmin

from .models import Counter, Entry


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("number", "issued_on", "doc_type", "summary", "signer_name")
    list_filter = ("doc_type", "year")
    search_fields = ("number", "summary")


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    list_display = ("doc_type", "year", "last")
