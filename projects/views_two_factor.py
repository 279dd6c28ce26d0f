"""Setting up two-factor log-in and passing its second step (projects/two_factor.py)."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=16,
        help_text=gettext_lazy("De zes cijfers uit je authenticator-app, of een van je herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
def setup(request):
    if two_factor.has_device(request.user) and request.user.is_verified():
        messages.info(request, _("Inloggen in twee stappen staat al aan."))
        return redirect(_next(request))
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and device.verify_token("".join(form.cleaned_data["code"].split())):
            codes = two_factor.confirm(device)
            otp_login(request, device)
            return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op je telefoon goed staat en probeer "
                                 "de nieuwste code."))
        status = 400
    secret = b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor_setup.html", {
        "form": form,
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=4, title=_("QR-code voor je authenticator-app")),
        "required": two_factor.required_for(request.user),
        "next": _next(request),
    }, status=status)


@login_required
def verify(request):
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("Deze code klopt niet, of je hebt te vaak een verkeerde code gegeven: wacht even "
                                 "en probeer het opnieuw."))
        status = 400
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)}, status=status)
