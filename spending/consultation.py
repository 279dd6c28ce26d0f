"""The team's consultation on a version of the plan, with the survey's invitations: a personal link by
e-mail or a code on a paper slip, single use, only the token's hash kept (surveys/invitations.py)."""

import random
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from surveys.invitations import normalise_code
from surveys.models import Invitation, hash_token

from . import anonymity
from .models import Consultation, ConsultationInvitation, ConsultationVote, PlanVersion

MAX_SLIPS = 200


class Refused(Exception):
    """The link is used, replaced or the consultation has closed."""


def consultation_url(token: str) -> str:
    return settings.SITE_URL + reverse("spending:respond", kwargs={"token": token})


def code_page_url() -> str:
    return settings.SITE_URL + reverse("spending:code")


@dataclass(frozen=True)
class Opened:
    consultation: Consultation
    invited: list[str]
    codes: list[str]  # grouped in fours, as printed; shown once


@transaction.atomic
def open_consultation(version: PlanVersion, addresses: list[str], slips: int) -> Opened:
    consultation = Consultation.objects.create(version=version)
    for address in addresses:
        token = Invitation.new_token()
        invitation = ConsultationInvitation.objects.create(consultation=consultation, email=address,
                                                           token_hash=hash_token(token))
        transaction.on_commit(partial(_send, invitation.pk, token))
    codes = []
    for _number in range(slips):
        code = Invitation.new_code()
        ConsultationInvitation.objects.create(consultation=consultation, token_hash=hash_token(code))
        codes.append(" ".join(code[i:i + 4] for i in range(0, len(code), 4)))
    return Opened(consultation=consultation, invited=addresses, codes=codes)


def _send(invitation_id: int, token: str) -> None:
    invitation = ConsultationInvitation.objects.select_related("consultation__version__plan__school").get(
        pk=invitation_id)
    plan = invitation.consultation.version.plan
    context = {"plan": plan, "school": plan.school, "link": consultation_url(token)}
    send_mail(
        subject=render_to_string("spending/email/consultation_subject.txt", context).strip(),
        message=render_to_string("spending/email/consultation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def find_invitation(text: str) -> ConsultationInvitation | None:
    """The invitation of a token from the e-mail or a code typed from a slip."""
    candidates = {text.strip(), normalise_code(text)} - {""}
    return (ConsultationInvitation.objects.select_related("consultation__version__plan__school")
            .filter(token_hash__in=[hash_token(token) for token in candidates]).first())


@transaction.atomic
def respond(invitation_id: int, supports: bool, remark: str) -> None:
    """One voice: the vote and the invitation's use in one transaction, so a token gives at most one vote."""
    invitation = (ConsultationInvitation.objects.select_for_update().select_related("consultation")
                  .filter(pk=invitation_id).first())
    if invitation is None or invitation.used or not invitation.consultation.is_open:
        raise Refused
    ConsultationVote.objects.create(consultation=invitation.consultation, supports=supports, remark=remark.strip())
    invitation.used = True
    invitation.save(update_fields=["used"])


@transaction.atomic
def close(consultation: Consultation) -> None:
    """Closed, with the votes rewritten in random order, so that no id tells who answered when."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        return
    votes = [(vote.supports, vote.remark) for vote in consultation.votes.all()]
    random.SystemRandom().shuffle(votes)
    consultation.votes.all().delete()
    ConsultationVote.objects.bulk_create(
        ConsultationVote(consultation=consultation, supports=supports, remark=remark) for supports, remark in votes
    )
    consultation.closed_on = timezone.localdate()
    consultation.save(update_fields=["closed_on"])


def outcome(consultation: Consultation) -> anonymity.Outcome:
    votes = list(consultation.votes.values_list("supports", "remark"))
    return anonymity.outcome(votes, is_open=consultation.is_open)


def participation(consultation: Consultation) -> tuple[int, int]:
    """(invited, answered): all that is shown while it is open."""
    invitations = consultation.invitations.all()
    return invitations.count(), invitations.filter(used=True).count()
