"""Admin for step 5: benchmark reference values (the platform admin enters them), hard figures and reports."""

from django.contrib import admin

from .models import BenchmarkReference, HardFigures, Report


@admin.register(BenchmarkReference)
class BenchmarkReferenceAdmin(admin.ModelAdmin):
    list_display = ["scale_code", "mean", "sd", "spread", "p20", "p50", "p80", "satisfied_pct", "source", "year"]
    list_filter = ["spread", "source", "year"]
    search_fields = ["scale_code", "source"]


@admin.register(HardFigures)
class HardFiguresAdmin(admin.ModelAdmin):
    list_display = ["cycle", "moment", "absence_pct", "absence_frequency", "period", "updated_at"]
    list_select_related = ["cycle__project__school"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are asked for in the app, where access is checked; the file is never linked here."""

    list_display = [
        "pk", "kind", "school", "cycle", "status", "attempts", "requested_by", "requested_at", "finished_at",
    ]
    list_filter = ["kind", "status"]
    fields = ["kind", "school", "cycle", "status", "error", "attempts", "requested_by", "requested_at", "finished_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
