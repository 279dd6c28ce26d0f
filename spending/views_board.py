"""The board's jaarverslag paragraph on the workload funds: page, CSV, XLSX and PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from projects import access
from projects.models import Board
from projects.parsing import positive_int
from projects.pdf import html_to_pdf

from . import jaarverslag, school_years


def _years(request) -> tuple[dict, dict]:
    """The school years asked for: one (?schooljaar=2025) or both of a calendar year (?kalenderjaar=2026)."""
    school_year = positive_int(request.GET.get("schooljaar"))
    if school_year is not None:
        return {"schooljaar": school_year}, {"years": [school_year]}
    calendar_year = positive_int(request.GET.get("kalenderjaar")) or timezone.localdate().year
    return {"kalenderjaar": calendar_year}, {"years": list(school_years.of_calendar_year(calendar_year)),
                                            "calendar_year": calendar_year}


def _context(request, board_id) -> dict:
    board = get_object_or_404(Board, pk=board_id)
    schools = list(access.board_schools(request.user, board))
    if not schools:
        raise Http404(_("Geen bestuur gevonden."))
    query, chosen = _years(request)
    years = {year: jaarverslag.rows(schools, year) for year in chosen["years"]}
    return {"board": board, "years": years, "query": query, "query_string": urlencode(query),
            "calendar_year": chosen.get("calendar_year"),
            "sections": [(school_years.label(year), year_rows) for year, year_rows in years.items()],
            "text": jaarverslag.paste_text(board, years)}


@login_required
def page(request, board_id):
    return render(request, "spending/jaarverslag.html", _context(request, board_id))


@login_required
def download(request, board_id, fmt):
    context = _context(request, board_id)
    name = f"werkdrukmiddelen-{context['board'].pk}-{'-'.join(str(y) for y in context['years'])}"
    if fmt == "csv":
        response = HttpResponse(jaarverslag.to_csv(context["years"]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            jaarverslag.to_xlsx(context["years"]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "pdf":
        html = render_to_string("spending/jaarverslag_pdf.html", context, request=request)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    else:
        raise Http404(_("Dit bestandsformaat bestaat niet."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
