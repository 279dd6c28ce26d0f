"""Inviting staff to a wave: personal links by e-mail, codes on paper slips, and reminders.

A token exists in plain form only while it is being handed out: in the mail that is sent,
or on the slip page that is printed. The database keeps its SHA-256 hash. A reminder
therefore cannot resend the old link; it gives the invitation a new token, which kills
the old link. The draft belongs to the invitation, not to the token, so nothing
half-filled is lost.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import partial

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects import queue

from .models import CODE_ALPHABET, Invitation, Wave, hash_token

MAX_SLIPS = 200
_SEPARATORS = re.compile(r"[\s,;]+")
# Letters people type for the digits and letters a slip never holds (Crockford's base32).
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def parse_addresses(text: str) -> list[str]:
    """The addresses in pasted text, one a line or separated by commas or semicolons, each once.

    Raises ValidationError naming every address that is not valid, so nothing is created
    from a list with a typo in it.
    """
    addresses: list[str] = []
    invalid: list[str] = []
    for part in _SEPARATORS.split(text):
        address = part.strip().strip("<>").lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            invalid.append(part.strip())
            continue
        if address not in addresses:
            addresses.append(address)
    if invalid:
        raise ValidationError(
            _("Deze adressen kloppen niet: %(addresses)s. Verbeter ze; er is nog niemand uitgenodigd.")
            % {"addresses": ", ".join(invalid)}
        )
    return addresses


def survey_url(token: str) -> str:
    return settings.SITE_URL + reverse("surveys:enter", kwargs={"token": token})


def code_url() -> str:
    return settings.SITE_URL + reverse("surveys:code")


@dataclass(frozen=True)
class InviteResult:
    invited: list[str]
    skipped: list[str]  # already invited to this wave


@transaction.atomic
def invite(wave: Wave, addresses: list[str]) -> InviteResult:
    already = {email.lower() for email in wave.invitations.with_email().values_list("email", flat=True)}
    invited, skipped = [], []
    for address in addresses:
        if address.lower() in already:
            skipped.append(address)
            continue
        invitation, token = Invitation.create_for(wave, address)
        already.add(address.lower())
        invited.append(address)
        transaction.on_commit(partial(_send_later, invitation.pk, token, reminder=False))
    return InviteResult(invited=invited, skipped=skipped)


@transaction.atomic
def remind(wave: Wave) -> int:
    """A new link for everyone invited by e-mail who has not answered yet; returns how many."""
    if not wave.is_open:
        return 0
    count = 0
    for invitation in wave.invitations.unused().with_email().select_for_update():
        token = invitation.remind()
        transaction.on_commit(partial(_send_later, invitation.pk, token, reminder=True))
        count += 1
    return count


def remind_due(day: date) -> int:
    """Reminders for every open wave whose reminder date is this day (run daily by Celery beat)."""
    return sum(remind(wave) for wave in Wave.objects.due_for_reminder(day))


def _send_later(invitation_id: int, token: str, reminder: bool) -> None:
    # The task receives the plain token, so it passes through the broker. That is acceptable:
    # Redis is private infrastructure that keeps a message only until a worker takes it, the
    # token opens one anonymous questionnaire and nothing else, and it dies when used, replaced
    # or when the wave closes. Keeping it out of the broker would mean storing it in the
    # database, which is worse.
    from .tasks import send_survey_invitation

    queue.enqueue(send_survey_invitation, invitation_id, token, reminder)


def send_invitation_mail(invitation_id: int, token: str, reminder: bool = False) -> bool:
    """Mail the personal link; False when there is nothing to send (answered, closed or replaced)."""
    invitation = (
        Invitation.objects.select_related("wave__cycle__project__school")
        .filter(pk=invitation_id, used=False).first()
    )
    if invitation is None or invitation.wave.is_closed or invitation.token_hash != hash_token(token):
        return False
    wave = invitation.wave
    link = survey_url(token)
    context = {"wave": wave, "school": wave.school, "link": link, "english_link": f"{link}?lang=en",
               "reminder": reminder}
    template = "reminder" if reminder else "invitation"
    # In the school's language whoever sends it, with one line in English and the link that opens the survey
    # in English (surveys/views_answer.py: enter).
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"surveys/email/{template}_subject.txt", context).strip()
        message = render_to_string(f"surveys/email/{template}.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[invitation.email])
    if not reminder:
        invitation.sent_on = timezone.localdate()
        invitation.save(update_fields=["sent_on"])
    return True


@dataclass(frozen=True)
class Slip:
    code: str  # grouped in fours, as printed
    url: str
    qr_svg: str


def print_slips(wave: Wave, count: int) -> list[Slip]:
    """Invitations without e-mail address, each with a code to type and a QR code to scan."""
    if not 1 <= count <= MAX_SLIPS:
        raise ValueError(count)
    slips = []
    with transaction.atomic():
        for _number in range(count):
            _invitation, code = Invitation.create_for(wave, token=Invitation.new_code())
            url = survey_url(code)
            qr = segno.make(url, error="m").svg_inline(
                scale=3, svgclass="slip__qr", title=_("QR-code die naar de vragenlijst leidt")
            )
            slips.append(Slip(code=" ".join(code[i:i + 4] for i in range(0, len(code), 4)), url=url, qr_svg=qr))
    return slips


def normalise_code(text: str) -> str:
    """A code as typed from a slip: any case, with or without spaces and dashes, O for 0 and so on."""
    code = re.sub(r"[\s-]+", "", text).upper().translate(_CONFUSABLE)
    return code if code and all(char in CODE_ALPHABET for char in code) else ""


def find_invitation(text: str) -> Invitation | None:
    """The invitation of a code from a slip, or of a token pasted from the e-mail."""
    candidates = {text.strip(), normalise_code(text)} - {""}
    return Invitation.objects.filter(
        token_hash__in=[hash_token(token) for token in candidates]
    ).first()
