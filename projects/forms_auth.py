from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttling


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Deze combinatie van gebruikersnaam (of e-mailadres) en wachtwoord kennen we niet."),
        "inactive": _("Dit account is niet actief."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam of e-mailadres")

    def get_invalid_login_error(self):
        if throttling.login_blocked(self.cleaned_data.get("username")):
            return ValidationError(throttling.LOCKED_MESSAGE, code="throttled")
        return super().get_invalid_login_error()


class ActivationForm(SetPasswordForm):
    """Setting the first password, through the invitation link."""
