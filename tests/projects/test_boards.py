"""A board runs itself (issue 15): add_board, the bestuursbeheerder's page, Aanmelden, a school from nothing."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from projects.admin import AccessRequestAdmin
from projects.models import AccessRequest, Board, BoardAdministrator, Membership, Project, Role, School
from tests.factories import CycleFactory, MembershipFactory, SchoolFactory, UserFactory

User = get_user_model()


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


@pytest.fixture
def board(db):
    return Board.objects.create(name="Stichting Nieuw Begin")


@pytest.fixture
def hanna(board):
    """The bestuursbeheerder of the board: no role at any school."""
    user = UserFactory(username="hanna")
    BoardAdministrator.objects.create(user=user, board=board)
    return user


# --- add_board ------------------------------------------------------------------------------

@pytest.fixture
def add_board(django_capture_on_commit_callbacks):
    """The command as the operator runs it: its transaction commits, so the invitation goes."""

    def run(*args, **options):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("add_board", *args, **options)

    return run


def test_add_board_creates_the_board_and_invites_its_administrator(db, add_board, mailoutbox, settings, capsys):
    settings.DEBUG = True
    add_board("Stichting Lente", admin="Hanna@Lente.test")
    board = Board.objects.get(name="Stichting Lente")
    hanna = User.objects.get(email="hanna@lente.test")
    assert BoardAdministrator.objects.filter(board=board, user=hanna).exists()
    assert not hanna.has_usable_password()
    (mail,) = mailoutbox
    assert mail.to == ["hanna@lente.test"] and "Stichting Lente" in mail.subject
    printed = re.search(r"Activeringslink: https?://[^/\s]+(/\S+)", capsys.readouterr().out).group(1)
    assert printed.startswith(link_in(mail).rsplit("/", 2)[0])  # the same account's link, printed under DEBUG


def test_add_board_again_with_the_same_address_changes_nothing(db, add_board, mailoutbox):
    add_board("Stichting Lente", admin="hanna@lente.test")
    add_board("Stichting Lente", admin="hanna@lente.test")
    assert Board.objects.count() == 1
    assert BoardAdministrator.objects.count() == 1
    assert len(mailoutbox) == 1


def test_add_board_with_another_address_adds_a_further_administrator(db, add_board, mailoutbox):
    add_board("Stichting Lente", admin="hanna@lente.test")
    add_board("Stichting Lente", admin="ivo@lente.test")
    assert Board.objects.count() == 1
    assert sorted(BoardAdministrator.objects.values_list("user__email", flat=True)) == [
        "hanna@lente.test", "ivo@lente.test"]
    assert [mail.to for mail in mailoutbox] == [["hanna@lente.test"], ["ivo@lente.test"]]


def test_add_board_refuses_a_bad_address_and_creates_nothing(db):
    with pytest.raises(CommandError, match="geen geldig e-mailadres"):
        call_command("add_board", "Stichting Lente", admin="hanna")
    assert not Board.objects.exists()


def test_the_activation_link_works_once(client, db, add_board, mailoutbox):
    add_board("Stichting Lente", admin="hanna@lente.test")
    link = link_in(mailoutbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0],
                           {"new_password1": "een-lang-wachtwoord-42", "new_password2": "een-lang-wachtwoord-42"})
    assert response.status_code == 302
    assert User.objects.get(email="hanna@lente.test").check_password("een-lang-wachtwoord-42")
    client.post(reverse("logout"))
    again = client.get(link, follow=True)
    assert "new_password1" not in again.text


# --- the board's page -------------------------------------------------------------------------

def test_administrator_lands_on_the_boards_page(client, hanna, board):
    client.force_login(hanna)
    response = client.get(reverse("projects:my_schools"))
    assert response["Location"] == reverse("projects:board", kwargs={"board": board.pk})


def test_administrator_finds_the_boards_schools_among_their_schools(client, hanna, board):
    SchoolFactory(board=board, name="OBS Zichtbaar")
    client.force_login(hanna)
    page = client.get(reverse("projects:my_schools") + "?alle=1")
    assert "OBS Zichtbaar" in page.text and "Jouw rol: bestuursbeheerder" in page.text
    assert reverse("projects:board", kwargs={"board": board.pk}) in page.text


def test_board_page_is_a_404_for_anyone_but_its_administrators(client, hanna, board):
    school = SchoolFactory(board=board)
    bestuurder = UserFactory(username="bert")
    MembershipFactory(user=bestuurder, school=school, role=Role.BESTUURDER)
    other = UserFactory(username="ander")
    BoardAdministrator.objects.create(user=other, board=Board.objects.create(name="Stichting Elders"))
    url = reverse("projects:board", kwargs={"board": board.pk})
    for user in (bestuurder, other):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(reverse("projects:board_add_school", kwargs={"board": board.pk}),
                           {"name": "X", "brin": "12AB00"}).status_code == 404
    assert not School.objects.filter(name="X").exists()


def test_administrator_adds_a_school(client, hanna, board):
    client.force_login(hanna)
    response = client.post(reverse("projects:board_add_school", kwargs={"board": board.pk}),
                           {"name": "OBS De Regenboog", "brin": "12ab 00", "city": "Zwolle"})
    assert response.status_code == 302
    school = School.objects.get(board=board)
    assert (school.name, school.brin, school.city) == ("OBS De Regenboog", "12AB00", "Zwolle")
    page = client.get(reverse("projects:board", kwargs={"board": board.pk}))
    assert "OBS De Regenboog" in page.text and "nog geen project gestart" in page.text


def test_same_school_name_in_another_board_gets_its_own_address(client, hanna, board):
    SchoolFactory(name="OBS De Regenboog", slug="obs-de-regenboog")
    client.force_login(hanna)
    client.post(reverse("projects:board_add_school", kwargs={"board": board.pk}),
                {"name": "OBS De Regenboog", "brin": "12AB00"})
    assert School.objects.get(board=board).slug == "obs-de-regenboog-2"


@pytest.mark.parametrize("data, message", [
    ({"name": "OBS Bestaat", "brin": "34CD00"}, "al een school met deze naam"),
    ({"name": "OBS Nieuw", "brin": "12AB00"}, "al een school met dit BRIN-nummer"),
    ({"name": "OBS Nieuw", "brin": "ABC"}, "Een BRIN-nummer bestaat uit"),
    ({"name": "OBS Nieuw", "brin": ""}, "Dit veld is verplicht"),
])
def test_a_wrong_school_gets_a_dutch_error_and_nothing_is_added(client, hanna, board, data, message):
    SchoolFactory(board=board, name="OBS Bestaat", brin="12AB00")
    client.force_login(hanna)
    response = client.post(reverse("projects:board_add_school", kwargs={"board": board.pk}), data)
    assert response.status_code == 400
    assert message in response.text
    assert School.objects.count() == 1


def test_administrator_invites_a_project_leader_who_activates(
    client, hanna, board, mailoutbox, django_capture_on_commit_callbacks
):
    school = SchoolFactory(board=board, name="OBS De Regenboog")
    client.force_login(hanna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:board_invite", kwargs={"board": board.pk}), {
            "school": school.pk, "name": "Petra", "email": "petra@regenboog.test", "role": Role.PROJECTLEIDER})
    assert response.status_code == 302
    petra = User.objects.get(email="petra@regenboog.test")
    assert Membership.objects.filter(user=petra, school=school, role=Role.PROJECTLEIDER).exists()
    (mail,) = mailoutbox
    assert mail.to == ["petra@regenboog.test"] and "/account-activeren/" in link_in(mail)


def test_administrator_may_not_invite_to_another_boards_school_or_give_other_roles(client, hanna, board):
    elsewhere = SchoolFactory()
    own = SchoolFactory(board=board)
    client.force_login(hanna)
    url = reverse("projects:board_invite", kwargs={"board": board.pk})
    for data in ({"school": elsewhere.pk, "email": "x@y.test", "role": Role.PROJECTLEIDER},
                 {"school": own.pk, "email": "x@y.test", "role": Role.SCHOOLLEIDER}):
        assert client.post(url, data).status_code == 400
    assert not Membership.objects.exists()


def test_administrator_reads_a_school_as_everyone_does_but_not_its_unpublished_results(client, hanna, board):
    school = SchoolFactory(board=board)
    CycleFactory(project__school=school)
    client.force_login(hanna)
    assert client.get(reverse("projects:project", kwargs={"school": school.slug})).status_code == 200
    assert client.get(reverse("surveys:results", kwargs={"school": school.slug})).status_code == 403
    assert client.get(reverse("projects:team", kwargs={"school": school.slug})).status_code == 200
    assert client.post(reverse("projects:team", kwargs={"school": school.slug}),
                       {"email": "n@s.test", "role": "medewerker"}).status_code == 403
    assert client.get(reverse("projects:project", kwargs={"school": SchoolFactory().slug})).status_code == 404


def test_administrator_sees_the_boards_schools_in_the_overview(client, hanna, board):
    school = SchoolFactory(board=board, name="OBS Zichtbaar")
    CycleFactory(project__school=school)
    client.force_login(hanna)
    response = client.get(reverse("projects:overview"))
    assert response.status_code == 200 and "OBS Zichtbaar" in response.text


# --- Aanmelden ----------------------------------------------------------------------------------

def test_a_board_asks_for_access_without_an_account(client, db):
    response = client.post(reverse("projects:access_request"), {
        "board_name": "Stichting Lente", "contact_name": "Hanna", "contact_email": "hanna@lente.test",
        "school_count": 7})
    assert response.status_code == 200 and "Dank je wel" in response.text
    assert AccessRequest.objects.get().school_count == 7
    assert not Board.objects.exists()


def test_a_wrong_request_for_access_is_told_in_dutch(client, db):
    response = client.post(reverse("projects:access_request"), {
        "board_name": "Stichting Lente", "contact_name": "Hanna", "contact_email": "geen-adres", "school_count": 0})
    assert response.status_code == 400
    assert "geldig e-mailadres" in response.text and "1 tot en met 500" in response.text
    assert not AccessRequest.objects.exists()


def test_the_public_page_takes_at_most_fifty_requests_a_day(client, db):
    from projects import throttling

    for _ in range(throttling.ACCESS_REQUESTS.limit):
        throttling.ACCESS_REQUESTS.hit(throttling.ACCESS_REQUESTS_KEY)
    response = client.post(reverse("projects:access_request"), {
        "board_name": "Stichting Lente", "contact_name": "Hanna", "contact_email": "hanna@lente.test",
        "school_count": 7})
    assert response.status_code == 429 and "morgen opnieuw" in response.text
    assert not AccessRequest.objects.exists()


def test_operator_adds_a_board_administrator_in_the_admin(db, mailoutbox, django_capture_on_commit_callbacks):
    from projects.admin import BoardAdmin, BoardForm

    form = BoardForm({"name": "Stichting Lente", "administrator_email": "hanna@lente.test"})
    assert form.is_valid()
    board = form.save(commit=False)
    with django_capture_on_commit_callbacks(execute=True):
        BoardAdmin(Board, admin.site).save_model(RequestFactory().post("/beheer/"), board, form, change=False)
    assert BoardAdministrator.objects.filter(board__name="Stichting Lente", user__email="hanna@lente.test").exists()
    assert [mail.to for mail in mailoutbox] == [["hanna@lente.test"]]


def _approve(request_ids):
    operator = UserFactory(username="operator", is_staff=True, is_superuser=True)
    request = RequestFactory().post("/beheer/")
    request.user = operator
    request.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    model_admin = AccessRequestAdmin(AccessRequest, admin.site)
    model_admin.approve(request, AccessRequest.objects.filter(pk__in=request_ids))
    return [str(message) for message in request._messages]


def test_approving_a_request_needs_the_processor_agreement_first(db, mailoutbox):
    asked = AccessRequest.objects.create(board_name="Stichting Lente", contact_name="Hanna",
                                         contact_email="hanna@lente.test", school_count=3)
    messages = _approve([asked.pk])
    assert "verwerkersovereenkomst" in messages[0]
    assert not Board.objects.exists() and not mailoutbox


def test_approving_a_request_does_what_add_board_does(db, mailoutbox, django_capture_on_commit_callbacks):
    asked = AccessRequest.objects.create(board_name="Stichting Lente", contact_name="Hanna",
                                         contact_email="hanna@lente.test", school_count=3,
                                         agreement_signed_on="2026-11-30", agreement_version="2026.1")
    with django_capture_on_commit_callbacks(execute=True):
        _approve([asked.pk])
    assert BoardAdministrator.objects.filter(board__name="Stichting Lente", user__email="hanna@lente.test").exists()
    asked.refresh_from_db()
    assert asked.approved_at is not None
    assert [mail.to for mail in mailoutbox] == [["hanna@lente.test"]]


# --- a school starts from nothing -------------------------------------------------------------

def test_project_leader_starts_the_project_of_an_empty_school(client, board):
    school = SchoolFactory(board=board)
    petra = UserFactory(username="petra")
    MembershipFactory(user=petra, school=school, role=Role.PROJECTLEIDER)
    client.force_login(petra)
    home = client.get(reverse("projects:project", kwargs={"school": school.slug}))
    assert home.status_code == 200 and "Start het project" in home.text
    url = reverse("projects:start_project", kwargs={"school": school.slug})
    assert client.post(url).status_code == 302
    client.post(url)  # a double click changes nothing
    project = Project.objects.get(school=school)
    assert list(project.cycles.values_list("number", flat=True)) == [1]
    assert "Start het project" not in client.get(reverse("projects:project", kwargs={"school": school.slug})).text


def test_a_teacher_of_an_empty_school_reads_what_the_tab_is_for_but_may_not_start(client, board):
    school = SchoolFactory(board=board)
    bob = UserFactory(username="bob")
    MembershipFactory(user=bob, school=school, role=Role.MEDEWERKER)
    client.force_login(bob)
    page = client.get(reverse("actionplans:werkplan", kwargs={"school": school.slug}))
    assert page.status_code == 200
    assert "De maatregelen per knelpunt" in page.text and "Start het project" not in page.text
    assert client.post(reverse("projects:start_project", kwargs={"school": school.slug})).status_code == 403
    assert not Project.objects.filter(school=school).exists()


def test_activation_tokens_reach_no_log_line():
    from werkdruk.redaction import redact_survey_links

    line = '"GET /account-activeren/MTI/dixl5w-ec7136a4aed9e7bcb1d77ea800509698/ HTTP/1.1" 302 0'
    assert redact_survey_links(line) == '"GET /account-activeren/MTI/[token]/ HTTP/1.1" 302 0'
    assert "abc123" not in redact_survey_links("/wachtwoord-kiezen/MTI/abc123/")
    # After the redirect Django's own placeholder stands in the path: nothing secret, kept as it is.
    assert redact_survey_links("/account-activeren/MTI/set-password/") == "/account-activeren/MTI/set-password/"
