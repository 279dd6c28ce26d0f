from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from . import digest
from .models import BoardAdministrator, Membership
from .team import activation_path, needs_activation


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_invitation(self, membership_id: int) -> None:
    membership = Membership.objects.select_related("user", "school").filter(pk=membership_id).first()
    if membership is None:
        return
    user = membership.user
    context = {
        "membership": membership,
        "link": settings.SITE_URL + (activation_path(user) if needs_activation(user) else "/"),
        "needs_activation": needs_activation(user),
    }
    try:
        send_mail(
            subject=render_to_string("projects/email/invitation_subject.txt", context).strip(),
            message=render_to_string("projects/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError as error:
        raise self.retry(exc=error) from error


def board_invitation_link(user) -> str:
    return settings.SITE_URL + (activation_path(user) if needs_activation(user) else "/")


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_board_invitation(self, administrator_id: int) -> None:
    administrator = BoardAdministrator.objects.select_related("user", "board").filter(pk=administrator_id).first()
    if administrator is None:
        return
    user = administrator.user
    context = {
        "board": administrator.board, "link": board_invitation_link(user), "needs_activation": needs_activation(user),
    }
    try:
        send_mail(
            subject=render_to_string("projects/email/board_invitation_subject.txt", context).strip(),
            message=render_to_string("projects/email/board_invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError as error:
        raise self.retry(exc=error) from error


@shared_task
def send_weekly_digests() -> int:
    """Fan out: one task per recipient, so one failing address does not stop the others."""
    ids = list(digest.recipients().values_list("pk", flat=True))
    for user_id in ids:
        send_weekly_digest.delay(user_id)
    return len(ids)


@shared_task(bind=True, max_retries=3, default_retry_delay=300, acks_late=True)
def send_weekly_digest(self, user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    try:
        digest.send_digest(user)
    except OSError as error:
        raise self.retry(exc=error) from error
