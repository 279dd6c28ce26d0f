from django.contrib import admin

from .models import AuditEntry, Board, Cycle, Membership, Project, School


class SchoolInline(admin.TabularInline):
    model = School
    fields = ["name", "slug", "city"]
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [SchoolInline]


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
