from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from . import dashboard
from .models import Board, BoardAdministrator, OverseerSettings
from .parsing import positive_int
from .wiring import wiring


@login_required
@vary_on_headers("HX-Request")
def overview(request):
    schools = dashboard.overseen_schools(request.user)
    boards = Board.objects.filter(schools__in=schools).distinct().annotate(
        administered=Exists(BoardAdministrator.objects.filter(board=OuterRef("pk"), user=request.user)))
    if not boards:
        raise Http404(_("Je bent geen procesbegeleider of bestuurder van een school."))
    sort = request.GET.get("sorteer", "naam")
    only_alerts = request.GET.get("alleen") == "signalen"
    board_id = positive_int(request.GET.get("bestuur"))
    rows = dashboard.sort_and_filter(dashboard.rows_for(schools), sort, only_alerts, board_id)
    template = "projects/overview.html#rows" if request.htmx else "projects/overview.html"
    return render(request, template, {
        "rows": rows,
        "columns": wiring().overview_columns,
        "overview_links": wiring().overview_links,
        "boards": boards,
        "sort": sort,
        "only_alerts": only_alerts,
        "board_id": board_id,
        "sorts": [
            ("naam", _("school")), ("stap", _("stap")), ("signalen", _("aantal signalen")),
            ("activiteit", _("laatste activiteit")),
        ],
        "settings": OverseerSettings.for_user(request.user),
    })


@login_required
@require_POST
def digest_preference(request):
    if not dashboard.overseen_schools(request.user).exists():
        raise Http404(_("Je bent geen procesbegeleider of bestuurder van een school."))
    preference = OverseerSettings.for_user(request.user)
    preference.weekly_digest = request.POST.get("weekly_digest") == "on"
    preference.save()
    messages.success(request, _("De wekelijkse samenvatting staat aan.") if preference.weekly_digest
                     else _("De wekelijkse samenvatting staat uit."))
    return redirect("projects:overview")
