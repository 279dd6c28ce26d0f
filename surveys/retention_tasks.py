"""The daily retention run (CELERY_BEAT_SCHEDULE["survey-retention"]); the work is in surveys/retention.py."""

from celery import shared_task
from django.utils import timezone

from . import retention


@shared_task(bind=True, max_retries=3, default_retry_delay=600, acks_late=True)
def delete_expired_answers(self) -> int:
    return retention.delete_expired(timezone.localdate())
