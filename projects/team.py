"""Inviting people to a school and managing their roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import queue
from .models import Membership, Role, School


def activation_path(user) -> str:
    """A one-time link: the token depends on the password hash, so it dies once a password is set."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("activate", kwargs={"uidb64": uid, "token": token})


def colleague_name(user) -> str:
    """The name colleagues see: never an e-mail address, which an invited account has as its username."""
    name = user.get_full_name() or user.get_username()
    return name if "@" not in name else _("(geen naam)")


def needs_activation(user) -> bool:
    return not user.has_usable_password()


def account_for(email: str, name: str = ""):
    """The account with this address; a new one without password (to be activated) if there is none."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email[:150], email=email, first_name=name.strip()[:150])
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def invite(school: School, email: str, role: str, name: str = "") -> Membership:
    """Give the person with this address a role at the school, creating an account without password if new."""
    user = account_for(email, name)
    membership, _ = Membership.objects.get_or_create(user=user, school=school, role=role)
    transaction.on_commit(lambda: _send_invitation(membership.pk))
    return membership


@transaction.atomic
def invite_many(school: School, people, role: str) -> list[Membership]:
    """Everyone on a list (projects/people_list.py) at once: all of them, or on an error none."""
    return [invite(school, person.email, role, person.name) for person in people]


# The roles held by the school's own staff: the survey's invitation list is theirs.
STAFF_ROLES = (Role.MEDEWERKER, Role.PROJECTLEIDER, Role.WERKGROEPLID, Role.SCHOOLLEIDER, Role.OPDRACHTGEVER,
               Role.PMR_LID)


def staff_addresses(school: School) -> list[str]:
    """The addresses of the school's staff on the team page, for the survey's invitation form."""
    return list(
        school.memberships.with_role(*STAFF_ROLES).exclude(user__email="")
        .order_by("user__email").values_list("user__email", flat=True).distinct()
    )


def _send_invitation(membership_id: int) -> None:
    from .tasks import send_invitation

    queue.enqueue(send_invitation, membership_id)


def change_role(membership: Membership, role: str) -> Membership:
    if Membership.objects.filter(user=membership.user, school=membership.school, role=role).exists():
        membership.delete()
        return Membership.objects.get(user=membership.user, school=membership.school, role=role)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def is_last_project_leader(membership: Membership) -> bool:
    return (
        membership.role == Role.PROJECTLEIDER
        and not membership.school.memberships.with_role(Role.PROJECTLEIDER).exclude(pk=membership.pk).exists()
    )
