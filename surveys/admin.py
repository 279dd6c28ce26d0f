"""Beheer: instrument versions, waves and invitations. Responses are left out on purpose:
single answers are never shown, not even to the platform admin."""

from django.contrib import admin

from .models import InstrumentVersion, Invitation, Wave


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "loaded_at"]
    readonly_fields = ["version", "title", "definition", "loaded_at"]

    def has_add_permission(self, request) -> bool:
        return False  # versions come from surveys/instrument/*.json


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "opens_on", "closes_on", "closed_at", "published_at"]
    list_filter = ["kind"]
    list_select_related = ["cycle__project__school"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.is_frozen:  # its figures may have been shown: it may not reopen
            return ["instrument", "opens_on", "closes_on", "closed_at", "sealed_at"]
        return ["instrument", "sealed_at"] if obj else []  # a wave's version is pinned once it exists


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # Not whether it was used, nor when a reminder went: with the address, that says who took part.
    list_display = ["wave", "email", "sent_on"]
    list_select_related = ["wave__cycle__project__school"]
    fields = ["wave", "email", "sent_on"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # a token must be handed out when it is made: invite from the school's survey page
