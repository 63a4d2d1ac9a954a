"""Admin for the register, read-only with its history: entries are added and changed on the
portal's pages through directives.services (the classified-document rules, one history record per
change, the version check). Export goes through DirectiveResource (cells escaped against formula
injection); import is not offered here: the admin's list links to the portal's import page, which
validates the whole file first and writes all or nothing."""

from django.contrib import admin
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from khoagiao.admin import ExportForm, ReadOnlyHistoryAdmin, ReadOnlyMixin

from .models import Directive, ImportLog, ReviewMilestone
from .resources import DirectiveResource


class ReviewMilestoneInline(ReadOnlyMixin, admin.TabularInline):
    model = ReviewMilestone
    fk_name = "directive"
    extra = 0
    autocomplete_fields = ("result_document",)


@admin.register(Directive)
class DirectiveAdmin(ExportMixin, ReadOnlyHistoryAdmin):
    resource_classes = [DirectiveResource]
    export_form_class = ExportForm
    formats = [XLSX, CSV]
    # Replaces import-export's list template: that one shows object tools only to those who may add.
    import_export_change_list_template = "directives/admin/change_list.html"
    list_display = ("number", "issued_on", "doc_type", "issuing_body", "term", "status", "classification")
    list_filter = ("doc_type", "status", "classification", "issuing_body")
    search_fields = ("search_text",)
    date_hierarchy = "issued_on"
    autocomplete_fields = ("issuing_body", "implements", "replaced_by")
    filter_horizontal = ("fields",)
    readonly_fields = ("number", "created_by", "created_at", "updated_at")
    inlines = [ReviewMilestoneInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("issuing_body")

    def get_search_results(self, request, queryset, search_term):
        # The same accent-insensitive search as the portal's list.
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "file_name", "created_count", "updated_count", "unchanged_count")
    readonly_fields = [f.name for f in ImportLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
