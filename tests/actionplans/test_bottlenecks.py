from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import bottlenecks
from actionplans.bottlenecks import Candidate, TopFiveError
from actionplans.models import Bottleneck
from tests.actionplans.factories import BottleneckFactory, MeasureFactory


def url(name, school, **kwargs):
    return reverse(f"actionplans:{name}", kwargs={"school": school.slug, **kwargs})


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


def voormeting_with_responses(cycle, n: int = 6):
    """A closed voormeting in which everyone finds the administration draining and time pressure high."""
    from surveys import instruments
    from surveys.importing import ResponseRow, save_responses
    from surveys.models import EnergyAnswer, Wave

    wave = Wave.objects.create(cycle=cycle, kind="voormeting", instrument=instruments.current_version(),
                               opens_on=timezone.localdate() - timedelta(days=20), closed_at=timezone.now())
    answers = {"E04": EnergyAnswer.TAKER.value, "E05": EnergyAnswer.GIVER.value, "TD1": 5, "TD2": 1}
    save_responses(wave, [ResponseRow(department="", answers=answers) for _ in range(n)])
    return wave


def test_candidates_are_proposed_from_real_voormeting_responses(as_user, school, cycle, wim):
    voormeting_with_responses(cycle)
    response = as_user(wim).post(url("bottleneck_propose", school))
    assert response.status_code == 302
    labels = dict(Bottleneck.objects.filter(cycle=cycle).values_list("code", "label"))
    assert labels["E04"] == "De hoeveelheid administratieve taken"
    assert "E05" not in labels  # a giver is no bottleneck
    assert labels["tijdsdruk"] == "Tijdsdruk"
    assert "100" in Bottleneck.objects.get(cycle=cycle, code="E04").figure


def test_proposing_twice_keeps_the_working_groups_scores(school, cycle, monkeypatch):
    monkeypatch.setattr(bottlenecks, "survey_candidates", lambda c: None)
    candidates = [Candidate("energy", "E03", "Tijdsdruk, piekbelasting", "70% energienemer")]
    assert bottlenecks.add_candidates(cycle, candidates) == 1
    Bottleneck.objects.filter(code="E03").update(many_people=2, big_problems=2, several_problems=1)
    newer = [Candidate("energy", "E03", "Tijdsdruk, piekbelasting", "75% energienemer")]
    assert bottlenecks.add_candidates(cycle, newer) == 0
    kept = Bottleneck.objects.get(code="E03")
    assert (kept.score, kept.figure) == (5, "75% energienemer")


def test_proposing_without_a_voormeting_says_so(as_user, school, cycle, alice):
    response = as_user(alice).post(url("bottleneck_propose", school), follow=True)
    assert "nog geen voormeting" in response.content.decode()
    assert not Bottleneck.objects.exists()


def test_working_group_scores_a_candidate_on_the_three_checks(as_user, school, cycle, wim):
    candidate = BottleneckFactory(cycle=cycle, label="Ouders")
    prefix = f"b{candidate.pk}"
    response = as_user(wim).post(
        url("bottleneck_score", school, pk=candidate.pk),
        {f"{prefix}-many_people": "2", f"{prefix}-big_problems": "1", f"{prefix}-several_problems": "2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and b"<html" not in response.content and b"5/6" in response.content
    candidate.refresh_from_db()
    assert candidate.checks == (2, 1, 2)


def test_scores_outside_zero_to_two_are_refused(as_user, school, cycle, wim):
    candidate = BottleneckFactory(cycle=cycle)
    prefix = f"b{candidate.pk}"
    as_user(wim).post(url("bottleneck_score", school, pk=candidate.pk),
                      {f"{prefix}-many_people": "9", f"{prefix}-big_problems": "1", f"{prefix}-several_problems": "2"})
    candidate.refresh_from_db()
    assert candidate.score is None


def test_ranking_puts_the_highest_total_first_and_unscored_last(cycle):
    low = BottleneckFactory(cycle=cycle, label="Laag", many_people=0, big_problems=1, several_problems=0)
    high = BottleneckFactory(cycle=cycle, label="Hoog", many_people=2, big_problems=2, several_problems=1)
    unscored = BottleneckFactory(cycle=cycle, label="Open")
    assert cycle.bottlenecks.ranked_by_score() == [high, low, unscored]


def test_top_five_is_stored_in_order_with_a_reason_each(as_user, school, cycle, alice):
    candidates = [BottleneckFactory(cycle=cycle, label=f"K{n}") for n in range(6)]
    data = {}
    for place, candidate in enumerate(candidates[:5], start=1):
        data[f"bottleneck_{place}"] = candidate.pk
        data[f"reason_{place}"] = f"Veel collega's noemen {candidate.label}"
    response = as_user(alice).post(url("top_five", school), data)
    assert response.status_code == 302
    top = list(cycle.bottlenecks.top())
    assert [b.label for b in top] == ["K0", "K1", "K2", "K3", "K4"]
    assert top[2].reason == "Veel collega's noemen K2"
    page = as_user(alice).get(url("bottlenecks", school)).content.decode()
    assert "Veel collega&#x27;s noemen K4" in page


def test_top_five_without_a_reason_is_refused(as_user, school, cycle, alice):
    candidate = BottleneckFactory(cycle=cycle)
    response = as_user(alice).post(url("top_five", school), {"bottleneck_1": candidate.pk, "reason_1": " "})
    assert response.status_code == 200
    assert "waarom dit knelpunt" in response.content.decode()
    assert not cycle.bottlenecks.top().exists()


def test_fixing_again_replaces_the_earlier_top_five(cycle):
    first, second = BottleneckFactory(cycle=cycle), BottleneckFactory(cycle=cycle)
    bottlenecks.fix_top_five(cycle, [(first, "a"), (second, "b")])
    bottlenecks.fix_top_five(cycle, [(second, "nu eerst")])
    first.refresh_from_db()
    assert list(cycle.bottlenecks.top()) == [second]
    assert (first.rank, first.reason) == (None, "")


def test_top_five_refuses_another_cycles_bottleneck_and_more_than_five(cycle, other_school):
    foreign = BottleneckFactory(cycle=other_school.project.current_cycle)
    with pytest.raises(TopFiveError):
        bottlenecks.fix_top_five(cycle, [(foreign, "x")])
    with pytest.raises(TopFiveError):
        bottlenecks.fix_top_five(cycle, [(BottleneckFactory(cycle=cycle), "x") for _ in range(6)])


def test_medewerker_sees_the_top_five_but_not_the_candidates_or_their_figures(as_user, school, cycle, bob):
    BottleneckFactory(cycle=cycle, label="Gekozen", rank=1, reason="Belangrijk", figure="80% energienemer")
    BottleneckFactory(cycle=cycle, label="Afgevallen")
    page = as_user(bob).get(url("bottlenecks", school)).content.decode()
    assert "Gekozen" in page and "Belangrijk" in page
    assert "Afgevallen" not in page and "80% energienemer" not in page


def test_a_bottleneck_with_measures_cannot_be_deleted(as_user, school, cycle, alice):
    measure = MeasureFactory(cycle=cycle)
    loose = BottleneckFactory(cycle=cycle)
    client = as_user(alice)
    client.post(url("bottleneck_delete", school, pk=measure.bottleneck_id))
    client.post(url("bottleneck_delete", school, pk=loose.pk))
    assert list(Bottleneck.objects.all()) == [measure.bottleneck]


def test_own_candidate_from_a_document_is_marked_as_such(as_user, school, cycle, wim):
    as_user(wim).post(url("bottleneck_add", school),
                      {"label": "Werkdruk intern begeleiders", "description": "RI&E 2025"})
    candidate = Bottleneck.objects.get()
    assert (candidate.source, candidate.cycle) == ("werkgroep", cycle)
