from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import access, audit, privacy
from .access import Action
from .anonymity import MIN_GROUP
from .forms_privacy import DeleteSchoolForm
from .models import School


@require_GET
def privacy_page(request):
    return render(request, "privacy.html", {
        "min_group": MIN_GROUP, "retention_days": settings.SURVEY_RETENTION_DAYS,
        "idle_hours": settings.SESSION_IDLE_TIMEOUT // 3600,
    })


@login_required
def school_data(request, school):
    school = access.school_for(request.user, school, Action.MANAGE_DATA)
    return _render_school_data(request, school, DeleteSchoolForm(school=school))


@never_cache
@login_required
@require_GET
def export_school_data(request, school):
    school = access.school_for(request.user, school, Action.MANAGE_DATA)
    archive = privacy.export_zip(school)
    audit.record(request.user, school, audit.AuditAction.EXPORTED, _("Alle gegevens van de school gedownload."))
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{privacy.export_filename(school)}"'
    return response


@login_required
@require_POST
def delete_school(request, school):
    school = access.school_for(request.user, school, Action.MANAGE_DATA)
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
