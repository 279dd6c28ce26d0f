"""The survey's Celery tasks: mail and the daily clean-ups. Thin: the work is in invitations.py, answering.py
and retention.py. The one other task of the app, `sealing.vacuum_sealed_answers`, says why it is not here."""

from celery import shared_task
from django.utils import timezone

from . import answering, invitations, retention


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_survey_invitation(self, invitation_id: int, token: str, reminder: bool = False) -> None:
    """Mail a personal link. The token arrives as an argument; see invitations._send_later for why."""
    try:
        invitations.send_invitation_mail(invitation_id, token, reminder)
    except OSError as error:
        raise self.retry(exc=error) from error


@shared_task
def send_scheduled_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): reminders for the open waves whose reminder date is today."""
    return invitations.remind_due(timezone.localdate())


@shared_task
def delete_stale_drafts() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): half-filled answers of waves closed by date are not kept."""
    return answering.delete_drafts_of_closed_waves(timezone.localdate())


@shared_task(bind=True, max_retries=3, default_retry_delay=600, acks_late=True)
def delete_expired_answers(self) -> int:
    """Daily (CELERY_BEAT_SCHEDULE["survey-retention"]): raw answers past the retention period go."""
    return retention.delete_expired(timezone.localdate())
