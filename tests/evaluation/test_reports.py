"""The PDF reports: the builder tested directly (text read back with pdftotext), the run and its
status, the views with their access rules, and the thin Celery task (eager)."""

import re
import subprocess

import pytest
from django.urls import reverse

from evaluation import reports, tasks
from evaluation.models import Report, ReportStatus
from evaluation.reports import ReportSection
from projects import pdf
from projects.models import Evaluation, Role
from surveys.formatting import dutch_decimal
from tests.evaluation.evaluation_data import answered_wave
from tests.factories import CycleFactory, MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    """Tasks run in the test process, also on the CI run with Redis (a real worker: test_report_worker.py)."""
    from evaluation.tasks import build_report

    monkeypatch.setitem(build_report.app.conf, "task_always_eager", True)


@pytest.fixture
def quick_pdf(monkeypatch):
    """Everything but WeasyPrint's seconds of layout: for tests of the flow, not of the PDF."""
    monkeypatch.setattr(reports, "html_to_pdf", lambda html: b"%PDF-1.7 " + html[:200].encode())


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "pagina.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


@pytest.fixture
def compared(cycle):
    return (answered_wave(cycle, "voormeting", 23, seed=1),
            answered_wave(cycle, "nameting", 19, seed=2, lift=0.4, taker_share=0.3))


def test_school_report_holds_name_counts_key_figures_and_other_apps_sections(compared, cycle, tmp_path, rewire):
    Evaluation.objects.create(cycle=cycle, what_worked="De takenmarkt gaf lucht in de planning.")
    rewire(report_sections=(
        lambda c: [ReportSection(
            title="Top vijf knelpunten", headers=["Knelpunt", "Score"], rows=[["Nakijkwerk", "9"]], order=10)],
        lambda c: [],
    ))
    pdf = reports.build_school_report(cycle)
    text = pdf_text(pdf, tmp_path)
    context = reports.school_report_context(cycle)
    workload = next(row for row in context["comparison"].comparison.scales if row.code == "ervaren_werkdruk")

    assert pdf.startswith(b"%PDF")
    assert "OBS De Linde" in text
    assert "Voormeting cyclus 1: 23 respondenten, Nameting cyclus 1: 19." in " ".join(text.split())
    assert dutch_decimal(workload.baseline.mean, 2) in text
    assert "Tevredenheid met werk — % (zeer) tevreden" in " ".join(text.split())
    assert "De takenmarkt gaf lucht in de planning." in text
    assert "Methode en anonimiteit" in text
    assert "Top vijf knelpunten" in text and "Nakijkwerk" in text
    assert re.search(r"Pagina 2 van \d+", text)
    assert 6 <= page_count(pdf, tmp_path) <= 25


def test_the_first_page_is_the_summary_and_the_second_the_difference_chart(compared, cycle, tmp_path):
    pdf = reports.build_school_report(cycle)
    first, second = (" ".join(pdf_text_of_page(pdf, tmp_path, page).split()) for page in (1, 2))

    assert "Samenvatting" in first and cycle.project.school.board.name in first and "geen vergelijkingsgroep" in first
    assert "Meegedaan: 23 collega's aan de voormeting" in first
    assert "Wat veranderde per schaal?" in second and "aantoonbaar verbeterd" in second
    text = pdf_text(pdf, tmp_path)
    assert "duidelijk verbeterd" not in text and "duidelijk verslechterd" not in text
    assert "Deadline" not in text
    assert "Voormeting cyclus 1 (n = 23)" in text and "Nameting cyclus 1 (n = 19)" in text  # the energy charts
    assert re.search(r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                     r"november|december) \d{4}\b", first)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def pdf_text_of_page(pdf: bytes, tmp_path, page: int) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_the_report_fetches_only_files_under_static():
    fetcher = pdf.StaticOnlyFetcher()
    stylesheet = pdf.static_base_url() + "css/report.css"

    assert b"@page" in fetcher.fetch(stylesheet).read()
    for url in ["http://example.com/x.css", "https://127.0.0.1/", "file:///etc/passwd",
                pdf.static_base_url() + "../manage.py", pdf.static_base_url() + "%2e%2e/manage.py",
                "data:text/css,body{}"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_charts_go_to_weasyprint_as_images_that_only_this_build_serves():
    page = ('<p>Voor</p><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>Grafiek</title>'
            '<text x="1" y="9">a</text></svg><p>Na</p>')
    html, charts = pdf.charts_as_images(page)

    assert "<svg" not in html and '<img class="chart-image" src="werkdruk-chart:0.svg" alt="Grafiek">' in html
    assert b"<text" in pdf.StaticOnlyFetcher(charts).fetch("werkdruk-chart:0.svg").read()
    with pytest.raises(ValueError):
        pdf.StaticOnlyFetcher().fetch("werkdruk-chart:0.svg")  # another build's chart is not there


def test_an_image_from_the_network_is_not_fetched(monkeypatch):
    requested = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", spy)
    document = pdf.html_to_pdf('<p>Hallo</p><img src="http://example.com/track.png">')

    assert document.startswith(b"%PDF")
    assert requested == ["http://example.com/track.png"]  # asked, refused, rendering went on


# --- run(): status, idempotency, failure and retry ----------------------------------------------


def test_a_failing_build_ends_failed_with_its_reason_and_can_be_retried(cycle, alice, quick_pdf):
    report, send = reports.request_school_report(cycle, alice)
    assert send

    with pytest.raises(reports.ReportError):
        reports.run(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "nog geen gesloten meting" in report.error

    answered_wave(cycle, "voormeting", 8, seed=3)
    report, send = reports.request_school_report(cycle, alice)
    assert send and report.status == ReportStatus.QUEUED and report.error == ""
    reports.run(report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.READY, 2, "")
    assert report.file.read().startswith(b"%PDF")


def test_an_unexpected_error_is_recorded_in_dutch(cycle, alice, monkeypatch):
    report, _ = reports.request_school_report(cycle, alice)
    monkeypatch.setattr(reports, "build_school_report", lambda c: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        reports.run(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("Onverwachte fout bij het maken van het rapport (ZeroDivisionError")


def test_a_redelivered_task_for_a_finished_report_does_nothing(cycle, alice, monkeypatch):
    monkeypatch.setattr(reports, "build_school_report", lambda c: b"%PDF-1.7 eerste")
    report, _ = reports.request_school_report(cycle, alice)
    reports.run(report.pk)
    monkeypatch.setattr(reports, "build_school_report", lambda c: b"%PDF-1.7 tweede")

    reports.run(report.pk)
    report.refresh_from_db()

    assert report.attempts == 1
    assert report.file.read() == b"%PDF-1.7 eerste"


def test_rebuilding_replaces_the_old_file(cycle, alice, monkeypatch, media):
    monkeypatch.setattr(reports, "build_school_report", lambda c: b"%PDF-1.7 eerste")
    report, _ = reports.request_school_report(cycle, alice)
    reports.run(report.pk)

    monkeypatch.setattr(reports, "build_school_report", lambda c: b"%PDF-1.7 tweede")
    reports.request_school_report(cycle, alice)
    reports.run(report.pk)
    report.refresh_from_db()

    assert report.file.read() == b"%PDF-1.7 tweede"
    assert [path.read_bytes() for path in (media / "reports").iterdir()] == [b"%PDF-1.7 tweede"]


def test_a_report_being_built_is_not_queued_twice(cycle, alice):
    report, first = reports.request_school_report(cycle, alice)
    again, second = reports.request_school_report(cycle, alice)

    assert (first, second) == (True, False)
    assert again.pk == report.pk


def test_a_build_interrupted_halfway_is_built_again_on_redelivery(cycle, alice, quick_pdf):
    answered_wave(cycle, "voormeting", 8, seed=3)
    report, _ = reports.request_school_report(cycle, alice)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.BUILDING, attempts=1)  # the worker died here

    reports.run(report.pk)
    report.refresh_from_db()

    assert (report.status, report.attempts) == (ReportStatus.READY, 2)


# --- the Celery task (eager here; a real worker in test_report_worker.py) -----------------------


def test_the_task_retries_an_unexpected_failure_three_times(cycle, alice, monkeypatch):
    report, _ = reports.request_school_report(cycle, alice)
    monkeypatch.setattr(reports, "build_school_report", lambda c: 1 / 0)

    # Eager retries run only when failures do not propagate (each retry is applied anew).
    monkeypatch.setitem(tasks.build_report.app.conf, "task_eager_propagates", False)
    result = tasks.build_report.apply(args=[report.pk])
    report.refresh_from_db()

    assert isinstance(result.result, ZeroDivisionError)
    assert (report.status, report.attempts) == (ReportStatus.FAILED, 4)


def test_the_task_does_not_retry_a_report_that_cannot_be_built(cycle, alice):
    report, _ = reports.request_school_report(cycle, alice)

    with pytest.raises(reports.ReportError):
        tasks.build_report.delay(report.pk)
    report.refresh_from_db()

    assert (report.status, report.attempts) == (ReportStatus.FAILED, 1)


# --- the views ------------------------------------------------------------------------------


def request_report(client, school, django_capture_on_commit_callbacks, **headers):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("evaluation:request_report", kwargs={"school": school.slug}), {"cyclus": 1},
                           **headers)


def test_project_leader_requests_the_report_and_downloads_it(as_user, alice, school, compared, quick_pdf,
                                                             django_capture_on_commit_callbacks):
    client = as_user(alice)
    response = request_report(client, school, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    report = Report.objects.get()
    assert report.status == ReportStatus.READY and report.requested_by == alice
    page = client.get(response["Location"]).content.decode()
    download = reverse("evaluation:download_report", kwargs={"school": school.slug, "report": report.pk})
    assert download in page

    pdf = client.get(download)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="werkdruk-de-linde-cyclus-1.pdf"' in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_status_fragment_polls_while_pending_and_stops_when_done(as_user, alice, school, compared, quick_pdf):
    report, _ = reports.request_school_report(school.project.current_cycle, alice)
    url = reverse("evaluation:report_status", kwargs={"school": school.slug, "report": report.pk})
    client = as_user(alice)

    pending = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in pending
    assert 'hx-trigger="every 2s"' in pending and "in de wachtrij" in pending

    reports.run(report.pk)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and "Download het rapport (PDF)" in done

    assert "<html" in client.get(url).content.decode()  # the same URL without htmx is a whole page


def test_a_failed_report_shows_its_reason_and_a_retry(as_user, alice, school, django_capture_on_commit_callbacks):
    client = as_user(alice)
    request_report(client, school, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    assert report.status == ReportStatus.FAILED

    status = client.get(reverse("evaluation:report_status", kwargs={"school": school.slug, "report": report.pk}))
    assert "mislukt" in status.content.decode() and "nog geen gesloten meting" in status.content.decode()
    download = reverse("evaluation:download_report", kwargs={"school": school.slug, "report": report.pk})
    assert client.get(download).status_code == 404


def test_htmx_request_answers_with_the_status_fragment(as_user, alice, school, compared, quick_pdf,
                                                       django_capture_on_commit_callbacks):
    response = request_report(as_user(alice), school, django_capture_on_commit_callbacks, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    # The task is sent once the request's transaction commits: the fragment answers first, and polls.
    assert "in de wachtrij" in fragment and 'hx-trigger="every 2s"' in fragment
    assert Report.objects.get().status == ReportStatus.READY


@pytest.mark.parametrize("role, status", [
    (Role.PROJECTLEIDER, 200), (Role.WERKGROEPLID, 200), (Role.SCHOOLLEIDER, 200), (Role.BESTUURDER, 200),
    (Role.PROCESBEGELEIDER, 200), (Role.MR_LID, 200), (Role.MEDEWERKER, 403),
])
def test_download_is_for_the_schools_readers_of_results_and_its_coach(client, school, cycle, role, status,
                                                                      monkeypatch):
    monkeypatch.setattr(reports, "build_school_report", lambda c: b"%PDF-1.7 test")
    report, _ = reports.request_school_report(cycle, None)
    reports.run(report.pk)
    user = UserFactory()
    MembershipFactory(user=user, school=school, role=role)
    client.force_login(user)

    assert client.get(reverse("evaluation:download_report",
                              kwargs={"school": school.slug, "report": report.pk})).status_code == status


def test_an_outsider_cannot_download_even_with_the_reports_number(client, school, cycle, charlie, other_school,
                                                                   monkeypatch):
    monkeypatch.setattr(reports, "build_school_report", lambda c: b"%PDF-1.7 test")
    report, _ = reports.request_school_report(cycle, None)
    reports.run(report.pk)
    client.force_login(charlie)

    assert client.get(reverse("evaluation:download_report",
                              kwargs={"school": school.slug, "report": report.pk})).status_code == 404
    # His own school's URL with another school's report number finds nothing either.
    assert client.get(reverse("evaluation:download_report",
                              kwargs={"school": other_school.slug, "report": report.pk})).status_code == 404


# --- several schools -----------------------------------------------------------------------------


@pytest.fixture
def coached_schools(coach, school):
    schools = [school]
    for name, n in [("CBS Het Kompas", 12), ("De Vlinderboom", 3)]:
        other = SchoolFactory(name=name)
        CycleFactory(project__school=other)
        MembershipFactory(user=coach, school=other, role=Role.PROCESBEGELEIDER)
        answered_wave(other.project.current_cycle, "voormeting", n, seed=n)
        schools.append(other)
    answered_wave(school.project.current_cycle, "voormeting", 9, seed=4)
    return schools


def test_group_report_shows_each_school_and_the_aggregate_under_the_rule(coached_schools, tmp_path):
    text = " ".join(pdf_text(reports.build_group_report(coached_schools), tmp_path).split())

    assert "CBS Het Kompas" in text and "De Vlinderboom" in text and "OBS De Linde" in text
    assert "samen: 21 respondenten" in text  # 12 + 9; De Vlinderboom's 3 are left out
    assert "1 school telt niet mee" in text
    boards = sorted({school.board.name for school in coached_schools})
    assert ", ".join(boards) in text  # a board forwards it: whose schools these are


def test_coach_requests_a_group_report_and_only_he_downloads_it(client, coach, alice, coached_schools, quick_pdf,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:group_reports"), {"schools": [s.pk for s in coached_schools]})
    assert response.status_code == 302
    report = Report.objects.get(kind="group")
    assert report.status == ReportStatus.READY
    download = reverse("evaluation:group_report_download", kwargs={"report": report.pk})
    assert client.get(download).status_code == 200

    client.force_login(alice)  # project leader of one of the schools, but she did not ask for it
    assert client.get(download).status_code == 404


def test_group_report_refuses_a_school_the_user_cannot_see(client, coach, coached_schools, other_school):
    client.force_login(coach)
    response = client.post(reverse("evaluation:group_reports"), {"schools": [other_school.pk]})

    assert response.status_code == 200
    assert "Kies alleen scholen uit de lijst." in response.content.decode()
    assert not Report.objects.exists()


def test_teacher_has_no_group_reports(client, bob):
    client.force_login(bob)
    assert client.get(reverse("evaluation:group_reports")).status_code == 404


def test_the_demo_schools_report_has_no_near_empty_pages(tmp_path):
    """A board forwards it: the cover fits page 1, the chart is page 2, no page holds a stray line."""
    from io import StringIO

    from django.core.management import call_command

    from projects.models import School

    call_command("load_demo", stdout=StringIO())
    school = School.objects.get(name="Basisschool De Wilgenhof")
    pdf = reports.build_school_report(school.project.cycles.get(number=1))
    pages = [pdf_text_of_page(pdf, tmp_path, number) for number in range(1, page_count(pdf, tmp_path) + 1)]
    footer = re.compile(r"Pagina \d+ van \d+")
    lines_per_page = [len([line for line in page.splitlines() if line.strip() and not footer.search(line)])
                      for page in pages]

    assert "Methode en anonimiteit" in pages[0] and "Vertrouwelijk" in pages[0]
    assert "Wat veranderde per schaal?" in pages[1]
    assert min(lines_per_page[:-1]) >= 10, lines_per_page
    assert len(pages) <= 12
