from django.contrib import admin

from .models import SpendingPlan


@admin.register(SpendingPlan)
class SpendingPlanAdmin(admin.ModelAdmin):
    # The consultation's votes are not in the admin: they are read only through spending.anonymity.
    list_display = ["school", "school_year", "team_meeting_on", "account_finished_on"]
    list_filter = ["school_year", "school__board"]
    search_fields = ["school__name"]
    fields = ["school", "school_year", "cycle", "team_meeting_on", "team_meeting_outcome", "account_finished_on",
              "account_sent_on"]
    readonly_fields = ["school", "school_year", "cycle"]
