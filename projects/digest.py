"""The weekly e-mail to process coaches and board members with the alerts of their schools."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from . import dashboard
from .models import OverseerSettings


def recipients():
    opted_out = OverseerSettings.objects.filter(weekly_digest=False).values("user")
    return (
        get_user_model().objects.filter(memberships__role__in=dashboard.OVERSEER_ROLES, is_active=True)
        .exclude(pk__in=opted_out).exclude(email="").distinct()
    )


def send_digest(user) -> bool:
    """Send one person's digest; nothing is sent when none of their schools has an alert."""
    rows = [row for row in dashboard.rows_for(dashboard.overseen_schools(user)) if row.alerts]
    if not rows:
        return False
    context = {"user": user, "rows": rows}
    send_mail(
        subject=render_to_string("projects/email/digest_subject.txt", context).strip(),
        message=render_to_string("projects/email/digest.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return True
