from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import boards
from .models import AccessRequest, AuditEntry, Board, BoardAdministrator, Cycle, Membership, Project, School


class SchoolInline(admin.TabularInline):
    model = School
    fields = ["name", "brin", "slug", "city"]
    extra = 0


class BoardAdministratorInline(admin.TabularInline):
    model = BoardAdministrator
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # through the form's e-mail field, which sends the invitation as add_board does


class BoardForm(forms.ModelForm):
    administrator_email = forms.EmailField(
        label=_("nieuwe bestuursbeheerder (e-mailadres)"), required=False,
        help_text=_("Krijgt een e-mail met een activeringslink, zoals bij manage.py add_board."))

    class Meta:
        model = Board
        fields = ["name"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    form = BoardForm
    search_fields = ["name"]
    inlines = [BoardAdministratorInline, SchoolInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        email = form.cleaned_data.get("administrator_email")
        if email:
            boards.add_board(obj.name, email)


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["board_name", "contact_name", "contact_email", "school_count", "created_at",
                    "agreement_signed_on", "agreement_version", "approved_at"]
    list_filter = ["approved_at"]
    readonly_fields = ["created_at", "approved_at"]
    actions = ["approve"]

    @admin.action(description=_("Goedkeuren: bestuur aanmaken en de contactpersoon uitnodigen"))
    def approve(self, request, queryset):
        approved = 0
        for access_request in queryset.filter(approved_at__isnull=True):
            if not access_request.agreement_recorded:
                self.message_user(request, _(
                    "%(board)s: leg eerst de datum en versie van de getekende verwerkersovereenkomst vast."
                ) % {"board": access_request.board_name}, messages.ERROR)
                continue
            boards.approve(access_request)
            approved += 1
        if approved:
            self.message_user(request, ngettext(
                "%(count)d aanmelding goedgekeurd.", "%(count)d aanmeldingen goedgekeurd.", approved,
            ) % {"count": approved}, messages.SUCCESS)


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "city"]
    list_filter = ["board"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role"]
    list_filter = ["role", "school__board", "school"]
    search_fields = ["user__username", "user__email", "school__name"]
    autocomplete_fields = ["user", "school"]


class CycleInline(admin.TabularInline):
    model = Cycle
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["school", "started_on"]
    inlines = [CycleInline]


# --- audit log (issue 9): read-only, also holds the entries of deleted schools ---------
@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "school", "user_name", "action", "what"]
    list_filter = ["action"]
    search_fields = ["user_name", "what", "school__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
