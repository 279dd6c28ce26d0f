from django.urls import reverse

from actionplans.models import Bottleneck, Measure
from projects.cycles import inspection_checklist
from projects.models import ImprovementPoint
from tests.actionplans.factories import MeasureFactory, top_five


def close_url(school):
    return reverse("projects:close", kwargs={"school": school.slug})


def test_closing_offers_the_unfinished_measures_to_carry_over(client, alice, school):
    cycle = school.project.current_cycle
    MeasureFactory(cycle=cycle, title="Takenmarkt", status="bezig")
    MeasureFactory(cycle=cycle, title="Vergaderrooster", status="afgerond")
    client.force_login(alice)
    page = client.get(close_url(school))
    assert "Takenmarkt" in page.text
    assert "Vergaderrooster" not in page.text


def test_next_cycle_takes_improvement_points_and_the_chosen_open_measures(client, alice, school):
    first = school.project.current_cycle
    kept = MeasureFactory(cycle=first, title="Takenmarkt", status="bezig")
    kept.set_activities(["Taken op een rij", "Uren per taak"])
    dropped = MeasureFactory(cycle=first, title="Lesvrije dag", status="gepland")
    MeasureFactory(cycle=first, title="Vergaderrooster", status="afgerond")
    ImprovementPoint.objects.create(cycle=first, text="Nakijkwerk verder beperken")
    client.force_login(alice)

    client.post(reverse("projects:next_cycle", kwargs={"school": school.slug}),
                {"carry_over": [f"maatregel:{kept.pk}"]})

    second = school.project.current_cycle
    assert second.number == 2
    assert list(Measure.objects.filter(cycle=second).values_list("title", "status")) == [("Takenmarkt", "bezig")]
    moved = Measure.objects.get(cycle=second)
    assert list(moved.activities.values_list("text", flat=True)) == ["Taken op een rij", "Uren per taak"]
    assert moved.bottleneck.cycle == second
    candidates = set(Bottleneck.objects.filter(cycle=second).values_list("label", flat=True))
    assert "Nakijkwerk verder beperken" in candidates
    assert "Nakijkwerk verder beperken" in second.signals.values_list("description", flat=True)
    # The first cycle keeps its werkplan, readable as it was.
    assert set(Measure.objects.filter(cycle=first).values_list("title", flat=True)) == {
        "Takenmarkt", "Lesvrije dag", "Vergaderrooster"}
    assert dropped.title not in Measure.objects.filter(cycle=second).values_list("title", flat=True)


def test_inspectorate_checklist_sees_the_top_five_as_causes_derived(school):
    cycle = school.project.current_cycle
    causes = {check.key: check for check in inspection_checklist(cycle)}["causes"]
    assert causes.holds is False
    top_five(cycle)
    causes = {check.key: check for check in inspection_checklist(cycle)}["causes"]
    assert causes.holds and "Knelpunt" in causes.detail
