"""What steps 2 (choosing the top five), 3 and 4 look like for a cycle: the providers for projects.steps.

The providers read facts annotated on the cycle (STEP_FACTS), so the coach's overview of
sixty schools costs the same queries as one school's project page.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects import steps
from projects.steps import Status, StepProgress

from .models import FINISHED, TOP, Bottleneck, Brainstorm, Measure, MeasureStatus, Phase, ProgressUpdate, SourceDocument

# The facts steps 2, 3 and 4 read (projects.steps.with_facts), by the names the wiring lists.
STEP_FACTS = {
    "ap_top": lambda: steps.count(Bottleneck.objects.filter(rank__isnull=False)),
    "ap_candidates": lambda: steps.count(Bottleneck.objects.all()),
    "ap_documents": lambda: steps.count(SourceDocument.objects.all()),
    "ap_brainstorm_started": lambda: steps.exists(Brainstorm.objects.all()),
    "ap_brainstorm_held": lambda: steps.exists(Brainstorm.objects.filter(phase=Phase.CLOSED)),
    "ap_measures": lambda: steps.count(Measure.objects.all()),
    "ap_measures_finished": lambda: steps.count(Measure.objects.filter(status__in=FINISHED)),
    "ap_measures_active": lambda: steps.exists(Measure.objects.filter(status=MeasureStatus.ACTIVE)),
    "ap_progress": lambda: steps.exists(ProgressUpdate.objects.all(), "measure__cycle"),
}


def _url(name: str, cycle) -> str:
    return reverse(name, kwargs={"school": cycle.project.school.slug})


def choosing(cycle) -> StepProgress:
    cycle = steps.ensure_facts(cycle)
    url = _url("actionplans:bottlenecks", cycle)
    if cycle.ap_top:
        return StepProgress(Status.DONE, [_("Top vijf knelpunten vastgelegd (%(n)s)") % {"n": cycle.ap_top}], url=url)
    if not cycle.ap_candidates and not cycle.ap_documents:
        return StepProgress(
            Status.NOT_STARTED, next=_("Knelpunten verzamelen uit de enquête en andere bronnen"), url=url)
    done = []
    if cycle.ap_documents:
        done.append(_("%(n)s andere bron(nen) toegevoegd") % {"n": cycle.ap_documents})
    if cycle.ap_candidates:
        done.append(_("%(n)s mogelijke knelpunten verzameld") % {"n": cycle.ap_candidates})
    return StepProgress(
        Status.IN_PROGRESS, done, next=_("De %(n)s belangrijkste knelpunten kiezen") % {"n": TOP}, url=url)


def measures_step(cycle) -> StepProgress:
    cycle = steps.ensure_facts(cycle)
    url = _url("actionplans:werkplan", cycle)
    done = []
    if cycle.ap_brainstorm_held:
        done.append(_("Brainstorm met het team gehouden"))
    if cycle.ap_measures:
        done.append(ngettext("Werkplan met %(n)s maatregel", "Werkplan met %(n)s maatregelen", cycle.ap_measures)
                    % {"n": cycle.ap_measures})
    if cycle.ap_brainstorm_held and cycle.ap_measures:
        return StepProgress(Status.DONE, done, url=url)
    if not cycle.ap_brainstorm_started and not cycle.ap_measures:
        return StepProgress(Status.NOT_STARTED, next=_("Een brainstorm met het hele team houden"), url=url)
    next_ = (
        _("De brainstorm afronden met een prioriteitenlijst") if not cycle.ap_brainstorm_held
        else _("Het werkplan opstellen")
    )
    return StepProgress(Status.IN_PROGRESS, done, next=next_, url=url)


def carrying_out(cycle) -> StepProgress:
    cycle = steps.ensure_facts(cycle)
    url = _url("actionplans:werkplan", cycle)
    total, finished = cycle.ap_measures, cycle.ap_measures_finished
    if total and finished == total:
        return StepProgress(Status.DONE, [_("Alle %(n)s maatregelen afgerond of gestopt") % {"n": total}], url=url)
    if cycle.ap_measures_active or cycle.ap_progress:
        return StepProgress(
            Status.IN_PROGRESS,
            [_("%(done)s van %(total)s maatregelen afgerond of gestopt") % {"done": finished, "total": total}],
            next=_("De voortgang van het werkplan in elk overleg bespreken"), url=url,
        )
    return StepProgress(Status.NOT_STARTED, next=_("Met de eerste maatregelen aan de slag gaan"), url=url)
