from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import access, audit, privacy
from .anonymity import MIN_GROUP
from .forms_privacy import DeleteSchoolForm
from .models import Role, School


@require_GET
def privacy_page(request):
    return render(request, "privacy.html", {
        "min_group": MIN_GROUP, "retention_days": settings.SURVEY_RETENTION_DAYS,
        "idle_hours": settings.SESSION_IDLE_TIMEOUT // 3600,
    })


def _school_for_data(user, slug: str) -> School:
    """Only the school's project leader, or the platform admin, takes all data out or deletes it."""
    if user.is_superuser:
        school = School.objects.filter(slug=slug).first()
        if school is None:
            raise Http404("Geen school gevonden.")
        return school
    school = access.school_for(user, slug)
    if Role.PROJECTLEIDER not in access.roles_at(user, school):
        raise PermissionDenied("Alleen de projectleider beheert de gegevens van de school.")
    return school


@login_required
def school_data(request, school):
    school = _school_for_data(request.user, school)
    return _render_school_data(request, school, DeleteSchoolForm(school=school))


@never_cache
@login_required
@require_GET
def export_school_data(request, school):
    school = _school_for_data(request.user, school)
    archive = privacy.export_zip(school)
    audit.record(request.user, school, audit.AuditAction.EXPORTED, _("Alle gegevens van de school gedownload."))
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{privacy.export_filename(school)}"'
    return response


@login_required
@require_POST
def delete_school(request, school):
    school = _school_for_data(request.user, school)
    form = DeleteSchoolForm(request.POST, school=school)
    if form.is_valid():
        name = school.name
        try:
            privacy.delete_school(school, request.user)
        except ProtectedError:
            messages.error(request, _("De school kon niet worden verwijderd: er hangen nog gegevens aan die "
                                      "eerst weg moeten. Er is niets verwijderd; neem contact op met de beheerder."))
            return redirect("projects:school_data", school=school.slug)
        if not get_user_model().objects.filter(pk=request.user.pk).exists():
            logout(request)  # the account had a role at this school only, and went with it
        messages.success(request, _("%(name)s is met al haar gegevens verwijderd.") % {"name": name})
        return redirect("projects:my_schools")
    return _render_school_data(request, school, form)


def _render_school_data(request, school: School, form: DeleteSchoolForm):
    return render(request, "projects/school_data.html", {
        "school": school, "form": form, "min_group": MIN_GROUP,
    })
