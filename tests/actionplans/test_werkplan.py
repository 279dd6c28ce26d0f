import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans import catalogue
from actionplans.models import Measure, MeasureStatus
from tests.actionplans.factories import BottleneckFactory, MeasureFactory, top_five


def url(name, school, **kwargs):
    return reverse(f"actionplans:{name}", kwargs={"school": school.slug, **kwargs})


def edit_data(measure, **changes):
    data = {
        "bottleneck": measure.bottleneck_id, "title": measure.title, "description": "", "expected_result": "",
        "activities": "", "owner": "", "starts_on": "", "ends_on": "", "evaluate_on": "", "status": measure.status,
    }
    return {**data, **changes}


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


def test_project_leader_edits_a_measure_in_place_and_it_persists(as_user, school, cycle, alice):
    measure = MeasureFactory(cycle=cycle, title="Vergaderen anders")
    client = as_user(alice)
    form = client.get(url("measure_edit", school, pk=measure.pk), headers={"HX-Request": "true"})
    assert form.status_code == 200 and b"<html" not in form.content and b'name="title"' in form.content

    response = client.post(
        url("measure_edit", school, pk=measure.pk),
        edit_data(measure, title="Eén vergadering per maand", status="bezig", owner=alice.pk,
                  activities="Agenda maken\nEvalueren na drie maanden"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "Eén vergadering per maand" in response.content.decode()
    measure.refresh_from_db()
    assert (measure.title, measure.status, measure.owner) == ("Eén vergadering per maand", "bezig", alice)
    assert [a.text for a in measure.activities.all()] == ["Agenda maken", "Evalueren na drie maanden"]


def test_invalid_in_place_edit_shows_the_form_again_and_changes_nothing(as_user, school, cycle, alice):
    measure = MeasureFactory(cycle=cycle, title="Oud")
    response = as_user(alice).post(
        url("measure_edit", school, pk=measure.pk),
        edit_data(measure, title="Nieuw", starts_on="2026-03-01", ends_on="2026-02-01"),
        headers={"HX-Request": "true"},
    )
    assert "Het einde ligt vóór de start." in response.content.decode()
    measure.refresh_from_db()
    assert measure.title == "Oud"


def test_medewerker_reads_the_werkplan_but_cannot_change_it(as_user, school, cycle, bob):
    measure = MeasureFactory(cycle=cycle, title="Takenmarkt")
    client = as_user(bob)
    page = client.get(url("werkplan", school))
    assert page.status_code == 200 and "Takenmarkt" in page.content.decode()
    assert "Bewerk" not in page.content.decode()
    assert client.post(url("measure_edit", school, pk=measure.pk), edit_data(measure, title="Weg")).status_code == 403
    assert client.post(url("measure_new", school), edit_data(measure, title="Nieuw")).status_code == 403
    measure.refresh_from_db()
    assert measure.title == "Takenmarkt"
    assert Measure.objects.count() == 1


def test_ticking_an_activity_keeps_its_tick_when_the_checklist_is_edited(as_user, school, cycle, wim):
    measure = MeasureFactory(cycle=cycle)
    measure.set_activities(["Plannen", "Uitvoeren"])
    first = measure.activities.get(text="Plannen")
    client = as_user(wim)
    fragment = client.post(url("activity_toggle", school, pk=measure.pk, activity_pk=first.pk),
                           headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b'aria-pressed="true"' in fragment.content
    client.post(url("measure_edit", school, pk=measure.pk), edit_data(measure, activities="Plannen\nNieuw"))
    assert {a.text: a.done for a in measure.activities.all()} == {"Plannen": True, "Nieuw": False}


def test_each_measure_links_to_the_bottleneck_it_addresses(as_user, school, cycle, bob):
    bottleneck = BottleneckFactory(cycle=cycle, label="Administratie", rank=1, reason="Iedereen noemt het")
    MeasureFactory(cycle=cycle, bottleneck=bottleneck, title="Groepsplannen korter")
    page = as_user(bob).get(url("werkplan", school)).content.decode()
    assert f'{url("bottlenecks", school)}#knelpunt-{bottleneck.pk}' in page
    assert "Administratie" in page


def test_new_measure_needs_a_bottleneck_of_this_cycle(as_user, school, cycle, other_school, alice):
    foreign = BottleneckFactory(cycle=other_school.project.current_cycle)
    response = as_user(alice).post(url("measure_new", school),
                                   edit_data(MeasureFactory.build(bottleneck=foreign), title="X"))
    assert response.status_code == 200
    assert not Measure.objects.filter(title="X").exists()


def test_catalogue_example_prefills_a_new_measure(as_user, school, cycle, alice):
    top_five(cycle, 1)
    example = catalogue.example("takenmarkt")
    page = as_user(alice).get(url("measure_new", school) + "?voorbeeld=takenmarkt").content.decode()
    assert f'value="{example.title}"' in page
    assert str(example.activities[0]) in page


def test_catalogue_holds_the_seeds_examples_and_six_themes():
    titles = {str(e.title) for e in catalogue.EXAMPLES}
    assert {"Protocol ongewenst gedrag", "Takenmarkt", "Lesvrije dagen voor administratie",
            "Sociale steun leidinggevende", "Omgaan met nakijkwerk", "Omgaan met tienminutengesprekken",
            "Anders samenwerken"} <= titles
    assert sum(1 for e in catalogue.EXAMPLES if e.group == "thema") == 6
    assert all(e.group in {g.key for g in catalogue.GROUPS} for e in catalogue.EXAMPLES)


@pytest.mark.parametrize("count", [3, 30])
def test_werkplan_page_runs_a_fixed_number_of_queries(as_user, school, cycle, alice, count,
                                                      django_assert_max_num_queries):
    bottlenecks = top_five(cycle)
    for n in range(count):
        measure = MeasureFactory(cycle=cycle, bottleneck=bottlenecks[n % 5], owner=alice,
                                 ends_on=date.today() - timedelta(days=n))
        measure.set_activities(["Een", "Twee"])
        measure.report_progress("Gestart", "bezig", alice)
    client = as_user(alice)
    with django_assert_max_num_queries(15):  # the same budget for 3 and for 30 measures
        response = client.get(url("werkplan", school))
    assert response.content.decode().count('class="card measure ') == count


def test_csv_export_has_the_plan_van_aanpak_columns_and_neutralises_formulas(as_user, school, cycle, bob):
    bottleneck = BottleneckFactory(cycle=cycle, label="=HYPERLINK(\"http://x\")")
    MeasureFactory(cycle=cycle, bottleneck=bottleneck, title="+SUM(A1)", owner=bob, ends_on=date(2026, 6, 30))
    MeasureFactory(cycle=cycle, bottleneck=bottleneck, title="@cmd", status="afgerond")
    response = as_user(bob).get(url("werkplan_export", school, fmt="csv"))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Risico/knelpunt", "Maatregel", "Verantwoordelijke", "Klaar op", "Status"]
    assert rows[1][:2] == ["'=HYPERLINK(\"http://x\")", "'+SUM(A1)"]
    assert rows[1][3:] == ["30 juni 2026", "gepland"]
    assert rows[2][1] == "'@cmd" and rows[2][4] == "afgerond"


def test_xlsx_export_stores_formulas_as_text(as_user, school, cycle, bob):
    MeasureFactory(cycle=cycle, title="=1+1")
    response = as_user(bob).get(url("werkplan_export", school, fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Risico/knelpunt"
    assert sheet["B2"].value == "'=1+1" and sheet["B2"].data_type == "s"


def test_unknown_export_format_is_not_found(as_user, school, cycle, bob):
    assert as_user(bob).get(url("werkplan_export", school, fmt="exe")).status_code == 404


def test_werkplan_pdf_is_a_pdf_built_without_the_network(as_user, school, cycle, bob, monkeypatch):
    MeasureFactory(cycle=cycle, title="Takenmarkt")
    opened = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *args, **kwargs: opened.append(args))
    response = as_user(bob).get(url("werkplan_pdf", school))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert opened == []


def test_printable_werkplan_is_one_page_of_html_with_every_measure(as_user, school, cycle, bob):
    MeasureFactory(cycle=cycle, title="Takenmarkt", status=MeasureStatus.ACTIVE)
    page = as_user(bob).get(url("werkplan_print", school)).content.decode()
    assert "Takenmarkt" in page and "werkplan-print" in page


def test_meeting_view_walks_through_measures_and_takes_a_quick_update(as_user, school, cycle, alice):
    first = MeasureFactory(cycle=cycle, title="Eerste")
    MeasureFactory(cycle=cycle, title="Tweede")
    client = as_user(alice)
    page = client.get(url("meeting", school) + "?maatregel=2").content.decode()
    assert "Maatregel 2 van 2" in page and "Tweede" in page
    meeting_url = url("meeting", school)
    response = client.post(url("measure_progress", school, pk=first.pk),
                           {"note": "Loopt goed", "status": "bezig", "on": date.today().isoformat(),
                            "next": meeting_url + "?maatregel=2"})
    assert response["Location"] == meeting_url + "?maatregel=2"
    first.refresh_from_db()
    assert first.status == "bezig"
    assert first.updates.get().author == alice


def test_progress_update_does_not_redirect_off_site(as_user, school, cycle, alice):
    measure = MeasureFactory(cycle=cycle)
    response = as_user(alice).post(url("measure_progress", school, pk=measure.pk),
                                   {"note": "x", "status": "bezig", "on": "2026-01-01", "next": "https://evil.example/"})
    assert response["Location"] == url("measure", school, pk=measure.pk)


def test_werkplan_queries_do_not_grow_from_3_to_30_measures(as_user, school, cycle, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bottlenecks = top_five(cycle)
    client = as_user(alice)
    client.get(url("werkplan", school))  # the first request of a session does one-off work
    counts = []
    for total in (3, 30):
        while Measure.objects.count() < total:
            measure = MeasureFactory(cycle=cycle, bottleneck=bottlenecks[Measure.objects.count() % 5], owner=alice)
            measure.set_activities(["Een"])
            measure.report_progress("Gestart", "bezig", alice)
        with CaptureQueriesContext(connection) as queries:
            client.get(url("werkplan", school))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_werkplan_changes_are_in_the_audit_log(as_user, school, cycle, alice):
    from projects.models import AuditEntry

    measure = MeasureFactory(cycle=cycle, title="Takenmarkt")
    as_user(alice).post(url("measure_edit", school, pk=measure.pk), edit_data(measure, title="Takenmarkt 2.0"))
    entry = AuditEntry.objects.get(school=school)
    assert (entry.action, entry.user, "Takenmarkt 2.0" in entry.what) == ("werkplan", alice, True)


def test_school_data_export_and_dashboard_carry_the_werkplan(school, cycle, alice):
    from projects.dashboard import rows_for
    from projects.privacy import export_rows

    bottleneck = top_five(cycle, 1)[0]
    MeasureFactory(cycle=cycle, bottleneck=bottleneck, title="Takenmarkt", ends_on=date.today() - timedelta(days=3))
    assert export_rows(school)["werkplan"][0]["maatregel"] == "Takenmarkt"
    row = rows_for([school])[0]
    assert row.values["top_five"] == [bottleneck.label]
    assert row.values["werkplan"]["overdue"] == 1
    assert [alert.kind for alert in row.alerts if alert.kind == "overdue"] == ["overdue"]
