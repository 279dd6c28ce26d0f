"""Sealing: once a wave's figures can be seen, nothing in the database links a response to its
invitation, and the wave takes no more responses."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from projects.models import AuditAction, AuditEntry
from surveys import answering, results, sealing, waves
from surveys.models import Draft, Invitation, Response, Wave
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
STAFF = 10


def submit_each_in_its_own_transaction(wave: Wave) -> list[int]:
    """Ten colleagues answer one after another, each with a distinct score on TD1 and TD2, as the
    survey does: the response and the used invitation in one transaction."""
    used = []
    for i in range(STAFF):
        invitation, _token = Invitation.create_for(wave, email=f"collega{i}@school.nl")
        Draft.objects.create(invitation=invitation, answers={"TD1": str(1 + i % 5), "TD2": str(1 + i // 5)})
        answering.submit(invitation.pk)
        used.append(invitation.pk)
    return used


def xmins(table: str, ids: list[int]) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, xmin::text::bigint FROM {table} WHERE id = ANY(%s)", [ids])
        return dict(cursor.fetchall())


def answer_pattern(response_ids: list[int]) -> list[tuple[int, ...]]:
    """Each response's answers, in the order of the given ids."""
    return [
        tuple(Response.objects.get(pk=pk).answers.order_by("item__code").values_list("value", flat=True))
        for pk in response_ids
    ]


@pytest.mark.skipif(not ON_POSTGRES, reason="transaction ids (xmin) exist in PostgreSQL; CI runs this on it")
@pytest.mark.django_db(transaction=True)
def test_after_the_first_read_no_response_shares_a_transaction_or_an_order_with_its_invitation():
    wave = make_wave(closed=False)
    invitations = submit_each_in_its_own_transaction(wave)
    responses = list(Response.objects.filter(wave=wave).order_by("pk").values_list("pk", flat=True))
    in_order_of_use = answer_pattern(responses)
    # The link the seal removes is really there before it: each response's xmin is its invitation's.
    assert set(xmins("surveys_invitation", invitations).values()) == set(xmins("surveys_response", responses).values())

    Wave.objects.filter(pk=wave.pk).update(closes_on=wave.opens_on)  # closed by date, not read yet
    wave.refresh_from_db()
    assert wave.sealed_at is None
    assert results.wave_results([wave])["n"] == STAFF  # the first read

    wave.refresh_from_db()
    assert wave.is_frozen
    sealed = list(Response.objects.filter(wave=wave).order_by("pk").values_list("pk", flat=True))
    invitation_xmins = set(xmins("surveys_invitation", invitations).values())
    response_xmins = set(xmins("surveys_response", sealed).values())
    answer_ids = list(connection.cursor().execute(
        "SELECT a.id FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id WHERE r.wave_id = %s",
        [wave.pk]).fetchall())
    answer_xmins = set(xmins("surveys_answer", [pk for (pk,) in answer_ids]).values())
    assert not invitation_xmins & response_xmins
    assert not invitation_xmins & answer_xmins
    assert len(response_xmins) == 1  # all rewritten in one transaction
    assert not set(sealed) & set(responses)  # no old id survives
    assert answer_pattern(sealed) != in_order_of_use  # id order no longer follows the order of use
    assert sorted(answer_pattern(sealed)) == sorted(in_order_of_use)  # and every answer is still there


@pytest.mark.skipif(not ON_POSTGRES, reason="VACUUM and page inspection exist in PostgreSQL; CI runs this on it")
@pytest.mark.django_db(transaction=True)
def test_the_old_row_versions_are_vacuumed_after_the_seal():
    wave = make_wave(closed=False)
    invitations = submit_each_in_its_own_transaction(wave)
    old_xmins = set(xmins("surveys_invitation", invitations).values())
    waves.close_wave(wave)  # by hand: sealed, and the old versions vacuumed, once it commits
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size('surveys_response') / current_setting('block_size')::int")
        pages = cursor.fetchone()[0]
        left = set()
        for page in range(pages):
            cursor.execute("SELECT t_xmin::text::bigint FROM heap_page_items(get_raw_page('surveys_response', %s)) "
                           "WHERE lp_flags = 1", [page])
            left |= {xmin for (xmin,) in cursor.fetchall()}
    assert Wave.objects.get(pk=wave.pk).is_frozen
    assert not left & old_xmins


def test_a_wave_closed_by_hand_is_sealed_once_the_close_commits(django_capture_on_commit_callbacks):
    wave = make_wave(closed=False)
    add_respondents(wave, 6, "onderbouw", E01="giver")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        waves.close_wave(wave)
    assert callbacks, "closing leaves its counting to after the commit"
    wave.refresh_from_db()
    assert wave.is_frozen
    assert Response.objects.filter(wave=wave).count() == 6


def test_an_open_wave_is_never_sealed_by_a_read():
    wave = make_wave(closed=False)
    add_respondents(wave, 6, E01="giver")
    assert results.wave_results([wave]) == {"n": 6, "open": True}
    wave.refresh_from_db()
    assert not wave.is_frozen


def test_sealing_keeps_every_answer_and_department():
    wave = make_wave()
    add_respondents(wave, 6, "onderbouw", E01="giver", TD1=4)
    add_respondents(wave, 5, "bovenbouw", E01="taker", TD1=2)
    before = sorted(Response.objects.filter(wave=wave).values_list("department", "answers__value"))
    sealing.seal([wave])
    assert sorted(Response.objects.filter(wave=wave).values_list("department", "answers__value")) == before


def write_csv(tmp_path, text: str):
    path = tmp_path / "papier.csv"
    path.write_text(text, encoding="utf-8")
    return path


def import_csv(path, *args):
    call_command("import_responses", str(path), *args)


def test_an_import_of_one_row_into_a_wave_whose_figures_were_shown_is_refused_and_changes_nothing(tmp_path):
    wave = make_wave()
    add_respondents(wave, 12, "onderbouw", E01="giver", TD1=4)
    shown = results.wave_results([wave])  # the figures are seen: the wave is sealed now
    path = write_csv(tmp_path, "department,E01,TD1\nbovenbouw,taker,1\n")
    with pytest.raises(CommandError, match="al getoond"):
        import_csv(path, "--school", wave.school.name, "--wave", "voormeting")
    assert Response.objects.filter(wave=wave).count() == 12
    assert results.wave_results([wave]) == shown


def test_import_with_close_imports_and_closes_in_one_step(tmp_path):
    wave = make_wave(closed=False)
    add_respondents(wave, 4, E01="giver")
    path = write_csv(tmp_path, "E01,TD1\ntaker,1\ntaker,2\n")
    import_csv(path, "--school", wave.school.name, "--wave", "voormeting", "--close")
    wave.refresh_from_db()
    assert wave.is_closed
    assert results.wave_results([wave])["n"] == 6
    assert wave.is_frozen


def test_import_with_close_into_a_closed_wave_is_an_error(tmp_path):
    wave = make_wave()
    add_respondents(wave, 6, E01="giver")
    path = write_csv(tmp_path, "E01,TD1\ntaker,1\n")
    with pytest.raises(CommandError, match="al gesloten"):
        import_csv(path, "--school", wave.school.name, "--wave", "voormeting", "--close")
    assert Response.objects.filter(wave=wave).count() == 6


def test_paper_answers_may_still_be_imported_into_a_closed_wave_nobody_has_seen(tmp_path):
    wave = make_wave(closed=False)
    add_respondents(wave, 6, E01="giver")
    Wave.objects.filter(pk=wave.pk).update(closes_on=wave.opens_on)
    path = write_csv(tmp_path, "E01,TD1\ntaker,1\n")
    import_csv(path, "--school", wave.school.name, "--wave", "voormeting")
    assert Response.objects.filter(wave=wave).count() == 7


def test_a_response_that_arrives_as_the_wave_is_sealed_is_refused_and_stores_nothing():
    wave = make_wave(closed=False)
    invitation, _token = Invitation.create_for(wave)
    Draft.objects.create(invitation=invitation, answers={"TD1": "4"})
    Wave.objects.filter(pk=wave.pk).update(sealed_at=timezone.now())  # a seal that committed just now
    with pytest.raises(answering.Refused):
        answering.submit(invitation.pk)
    assert not Response.objects.filter(wave=wave).exists()
    assert not Invitation.objects.get(pk=invitation.pk).used


def test_every_batch_of_links_is_in_the_log_the_coach_reads(client, school, alice):
    wave = make_wave(school, closed=False)
    client.force_login(alice)
    client.post(reverse("surveys:slips", kwargs={"school": school.slug, "wave": wave.pk}), {"count": "3"})
    entry = AuditEntry.objects.get(school=school, action=AuditAction.INVITED)
    assert "3 briefjes met een code" in entry.what


def test_the_command_seals_every_closed_wave_and_leaves_open_ones_alone():
    closed, still_open = make_wave(), make_wave(closed=False)
    add_respondents(closed, 5, E01="giver")
    out = io.StringIO()
    call_command("seal_closed_waves", stdout=out)
    closed.refresh_from_db()
    still_open.refresh_from_db()
    assert closed.is_frozen and not still_open.is_frozen
    assert "1 gesloten meting verzegeld" in out.getvalue()
