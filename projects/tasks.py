from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .models import Membership
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
        raise self.retry(exc=error)
