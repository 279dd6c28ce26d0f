"""Two-factor log-in (TOTP through django-otp, with recovery codes as django-otp static tokens).

Required for whoever sees several schools (procesbegeleider, bestuurder, bestuursbeheerder) and for
the admin (staff and superusers); offered to everyone else, and once someone has set it up, their
log-in always asks for it. TwoFactorMiddleware sends a logged-in user who has not yet passed the
second step to set it up or to enter a code. The settings switch WERKDRUK_TWO_FACTOR (on unless the
test suite runs) exists for the tests, which log people in with `force_login`; the tests of
two-factor log-in turn it on (tests/conftest.py `two_factor`).
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import BoardAdministrator, Membership, Role

REQUIRING_ROLES = (Role.PROCESBEGELEIDER, Role.BESTUURDER)
RECOVERY_CODES = 10
RECOVERY_DEVICE = "herstelcodes"
# What someone who still has to pass the second step may open.
OPEN_PATHS = ("/tweestaps/", "/uitloggen/", "/static/", "/healthz/", "/account-activeren/", "/wachtwoord-")


@dataclass(frozen=True)
class Standing:
    """What the second step and the menu need to know of a logged-in user."""

    has_device: bool  # a confirmed authenticator or recovery codes
    oversees: bool  # procesbegeleider or bestuurder somewhere, or a bestuursbeheerder


def standing(user) -> Standing:
    """Read in one query, once per request: every page asks it (the middleware, the menu)."""
    cached = user.__dict__.get("_werkdruk_standing")
    if cached is None:
        mine = {"user": OuterRef("pk")}
        facts = get_user_model().objects.filter(pk=user.pk).annotate(
            totp=Exists(TOTPDevice.objects.filter(confirmed=True, **mine)),
            recovery=Exists(StaticDevice.objects.filter(confirmed=True, **mine)),
            overseer=Exists(Membership.objects.filter(role__in=REQUIRING_ROLES, **mine)),
            board_admin=Exists(BoardAdministrator.objects.filter(**mine)),
        ).values("totp", "recovery", "overseer", "board_admin").get()
        cached = Standing(has_device=facts["totp"] or facts["recovery"],
                          oversees=facts["overseer"] or facts["board_admin"])
        user.__dict__["_werkdruk_standing"] = cached
    return cached


def required_for(user) -> bool:
    return user.is_staff or user.is_superuser or standing(user).oversees


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device per user, kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm(device: TOTPDevice) -> list[str]:
    """Turn the device on and give the user fresh recovery codes (each works once), shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery, _created = StaticDevice.objects.get_or_create(user=device.user, name=RECOVERY_DEVICE)
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def verify(user, code: str):
    """The device that accepts this code (the authenticator or an unused recovery code), or None.
    Each device counts its own failures and makes the user wait longer after each (django-otp)."""
    code = "".join(code.split())
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_token(code):
            return device
    return None


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: a logged-in user who has not passed the second step goes to
    it (or to setting it up, if it is required and not there yet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.WERKDRUK_TWO_FACTOR and user.is_authenticated and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            if standing(user).has_device:
                return redirect(reverse("two_factor_verify") + "?next=" + _safe_next(request))
            if required_for(user):
                return redirect(reverse("two_factor_setup") + "?next=" + _safe_next(request))
        return self.get_response(request)


def _safe_next(request) -> str:
    return quote(request.get_full_path() if request.method == "GET" else "/")
