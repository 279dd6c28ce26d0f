"""The audit log (logboek): who changed roles, the werkplan or publication, and who took data out or deleted it.

Other apps call `record` after the change succeeded; the project leader and the process coach
read a school's log at /scholen/<school>/logboek/. Never survey answers.
"""

from django.db.models import QuerySet

from .models import AuditAction, AuditEntry, School

__all__ = ["AuditAction", "record", "for_school"]


def actor_name(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    full_name = user.get_full_name()
    if full_name and user.email:
        return f"{full_name} ({user.email})"
    return full_name or user.email or user.get_username()


def record(user, school: School | None, action: AuditAction, what: str) -> AuditEntry:
    return AuditEntry.objects.create(
        school=school,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_name=actor_name(user)[:300] or "systeem",
        action=action,
        what=str(what)[:500],
    )


def for_school(school: School) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(school=school)
