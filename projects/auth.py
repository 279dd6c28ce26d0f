from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttling


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the user name or the e-mail address the invitation went to.

    At most 100 failed log-ins per account an hour (projects/throttling.py); after that even the
    right password is refused, for every log-in form (the admin's too).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        throttle_key = throttling.account_key(username) if username else None
        if throttle_key and throttling.LOGIN.blocked(throttle_key):
            raise PermissionDenied  # authenticate() stops here and tries no other backend
        if username and "@" in username:
            user = get_user_model().objects.filter(email__iexact=username).order_by("pk").first()
            if user is not None:
                username = user.get_username()
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and throttle_key:
            throttling.LOGIN.hit(throttle_key)
        return user
