from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import access, audit
from .access import Action
from .models import Role

ENTRIES_PER_PAGE = 50


@login_required
def audit_log(request, school):
    # The log names who did what; those who manage the team (project leader, process coach) read it.
    school = access.school_for(request.user, school, Action.MANAGE_TEAM)
    page = Paginator(audit.for_school(school), ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "projects/audit.html", {
        "school": school,
        "page": page,
        "manages_data": Role.PROJECTLEIDER in access.roles_at(request.user, school),
        "can": access.permissions(request.user, school),
    })
