"""The project's activity log: what the team did, for the project page. Never survey answers."""

from .models import Activity, School


def record(school: School, user, description: str) -> Activity:
    user = user if getattr(user, "is_authenticated", False) else None
    return Activity.objects.create(project=school.project, user=user, description=str(description)[:300])


def recent(school: School, limit: int = 15):
    return Activity.objects.filter(project__school=school).select_related("user")[:limit]
