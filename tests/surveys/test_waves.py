from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects.steps import Status, cycle_steps
from surveys import instruments, waves
from surveys.models import Department, Draft, Invitation, Response, Wave
from tests.factories import CycleFactory
from tests.surveys.survey_data import answer_everything, invitation, open_wave, part_url


def page_url(school):
    return reverse("surveys:waves", kwargs={"school": school.slug})


def test_project_leader_starts_a_voormeting_pinning_the_current_instrument(client, alice, school):
    client.force_login(alice)
    today = timezone.localdate()
    response = client.post(reverse("surveys:start_wave", kwargs={"school": school.slug}), {
        "kind": "voormeting", "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=14)).isoformat()})
    assert response.status_code == 302
    wave = Wave.objects.get()
    assert wave.instrument == instruments.current_version()
    assert wave.is_open and wave.cycle == school.project.current_cycle


def test_nameting_takes_the_voormetings_version_even_when_a_newer_one_exists(school):
    voormeting = open_wave(school)
    older = instruments.InstrumentVersion.objects.create(
        version="0", title="Oud", definition=voormeting.instrument.definition)
    voormeting.instrument = older
    voormeting.save()
    voormeting.close()
    nameting = waves.start_wave(school.project.current_cycle, "nameting", timezone.localdate())
    assert nameting.instrument == older


def test_nameting_waits_until_the_voormeting_is_closed(school):
    open_wave(school)
    with pytest.raises(waves.WaveError, match="Sluit eerst de voormeting"):
        waves.start_wave(school.project.current_cycle, "nameting", timezone.localdate())


def test_a_second_voormeting_in_a_cycle_is_refused_with_a_dutch_message(client, alice, school):
    open_wave(school)
    client.force_login(alice)
    response = client.post(reverse("surveys:start_wave", kwargs={"school": school.slug}),
                           {"kind": "voormeting", "opens_on": timezone.localdate().isoformat()}, follow=True)
    assert "Er is in deze cyclus al een voormeting." in response.text
    assert Wave.objects.count() == 1


def test_closing_date_before_opening_date_is_refused(client, alice, school):
    wave = open_wave(school)
    client.force_login(alice)
    today = timezone.localdate()
    response = client.post(reverse("surveys:change_dates", kwargs={"school": school.slug, "wave": wave.pk}),
                           {"opens_on": today.isoformat(), "closes_on": (today - timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    assert "De sluitdatum ligt vóór de openingsdatum." in response.text
    wave.refresh_from_db()
    assert wave.closes_on is None


def test_closing_by_hand_kills_the_links_and_the_drafts(client, alice, school):
    wave = open_wave(school)
    invited, token = invitation(wave)
    Draft.objects.create(invitation=invited, answers={"TD1": "3"})
    client.force_login(alice)
    client.post(reverse("surveys:close_wave", kwargs={"school": school.slug, "wave": wave.pk}))
    wave.refresh_from_db()
    assert wave.is_closed
    assert not Draft.objects.exists()
    teacher = Client()
    assert "De vragenlijst is gesloten" in teacher.get(reverse("surveys:enter", kwargs={"token": token})).text


def test_page_shows_participation_with_the_rule_of_thumb(client, bob, school):
    wave = open_wave(school)
    tokens = [invitation(wave, f"lk{n}@school.test")[1] for n in range(4)]
    for token in tokens[:3]:
        answer_everything(Client(), wave, token)
    client.force_login(bob)
    page = client.get(page_url(school)).text
    assert "3 van 4 uitgenodigden hebben geantwoord (75%)" in page
    assert '<progress id="respons-%d" class="progress progress--success" max="4" value="3">' % wave.pk in page
    assert ("De Inspectie SZW verwacht dat minstens de helft van het personeel meedoet aan een "
            "werkdrukonderzoek; boven de 70% is goed.") in page
    assert "De respons is goed." in page


def test_no_department_counts_are_shown_while_the_wave_is_open(client, alice, school):
    wave = open_wave(school)
    token = invitation(wave)[1]
    answer_everything(Client(), wave, token)
    assert Response.objects.get().department == Department.BOVENBOUW
    client.force_login(alice)
    page = client.get(page_url(school)).text
    assert "bovenbouw" not in page.lower()
    assert "tonen we geen aantallen per bouw" in page


def test_participation_counts_against_the_rule_of_thumb():
    assert waves.Participation(invited=10, answered=4).verdict == "laag"
    assert waves.Participation(invited=10, answered=5).verdict == "voldoende"
    assert waves.Participation(invited=10, answered=7).verdict == "voldoende"
    assert waves.Participation(invited=10, answered=8).verdict == "goed"
    assert waves.Participation(invited=0, answered=0).pct is None


def test_teacher_reads_the_page_but_gets_no_forms(client, bob, school):
    open_wave(school)
    client.force_login(bob)
    page = client.get(page_url(school)).text
    assert "Respons" in page
    for action in ["Verstuur uitnodigingen", "Sluit de voormeting nu", "Start de meting"]:
        assert action not in page


def test_survey_tab_is_in_the_school_navigation(client, bob, school):
    client.force_login(bob)
    page = client.get(reverse("projects:project", kwargs={"school": school.slug})).text
    assert f'href="{page_url(school)}"' in page


def test_step_two_follows_the_voormeting(school):
    cycle = school.project.current_cycle
    survey_part = waves.voormeting_progress
    assert survey_part(cycle).status == Status.NOT_STARTED

    wave = open_wave(school)
    progress = survey_part(cycle)
    assert progress.status == Status.IN_PROGRESS
    assert progress.done[0].startswith("Voormeting gestart op")
    assert progress.next == "Nodig het team uit en houd de respons in de gaten"

    answer_everything(Client(), wave, invitation(wave)[1])
    wave.close()
    assert survey_part(cycle).status == Status.DONE
    assert cycle_steps(cycle)[1].done[:1] == progress.done[:1]


def test_step_five_follows_the_nameting(school):
    cycle = school.project.current_cycle
    assert waves.nameting_progress(cycle).status == Status.NOT_STARTED
    open_wave(school, kind="nameting")
    assert waves.nameting_progress(cycle).status == Status.IN_PROGRESS
    assert cycle_steps(cycle)[4].status != Status.NOT_STARTED


def test_earlier_cycles_waves_are_listed(client, alice, school):
    first = school.project.current_cycle
    open_wave(school).close()
    first.closed_on = timezone.localdate()
    first.save()
    CycleFactory(project=school.project, number=2)
    client.force_login(alice)
    page = client.get(page_url(school)).text
    assert "Eerdere metingen" in page
    assert "Een meting starten" in page


def test_demo_style_open_wave_with_an_invitation_can_be_answered(school):
    """What the demo loader makes (an open nameting and a printed link) works end to end."""
    wave = open_wave(school, kind="nameting")
    invited, token = Invitation.create_for(wave)
    client = Client()
    answer_everything(client, wave, token)
    invited.refresh_from_db()
    assert invited.used and wave.responses.count() == 1
    # The session let go of the invitation, and says the answers went: any part leads to the thank-you page.
    assert client.get(part_url(1))["Location"] == reverse("surveys:thanks")
