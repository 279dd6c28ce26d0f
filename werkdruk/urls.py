from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache

from projects import views_two_factor
from projects.forms_auth import ActivationForm, LoginForm


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("beheer/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
    # set_language: the header's language buttons (templates/_language.html).
    path("taal/", include("django.conf.urls.i18n")),
    path("inloggen/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("tweestaps/instellen/", views_two_factor.setup, name="two_factor_setup"),
    path("tweestaps/controleren/", views_two_factor.verify, name="two_factor_verify"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord-kiezen/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("wachtwoord-kiezen/klaar/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "account-activeren/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/activate.html", form_class=ActivationForm, post_reset_login=True,
            success_url="/",
        ),
        name="activate",
    ),
    path("", include("surveys.urls")),
    path("", include("evaluation.urls")),
    path("", include("actionplans.urls")),
    path("", include("spending.urls")),
    path("", include("projects.urls")),
]

handler400 = "werkdruk.errors.bad_request"
handler500 = "werkdruk.errors.server_error"
