"""Every page the demo roles reach (tests/crawl.py), as it is rendered: forms a screen reader can
follow, and no English that Django or its forms produce on a Dutch page (issue 15)."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.crawl import crawl_demo

# The crawl needs the test database, which pytest-django only creates for marked tests.
pytestmark = pytest.mark.django_db

# What Django, its forms and admin say when a Dutch translation is missing, and English words
# that slipped into our own texts before.
ENGLISH = re.compile(
    r"Select an option|This field|Enter a valid|Ensure this value|Currently:|Change:|Clear\b|"
    r"\bUser:|\bDeadline\b|\bSubmit\b|\bSave\b|\bSearch\b|\bLog ?out\b|Forgotten|\bPlease\b|"
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b|"
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Oct|Nov|Dec) \d{4}\b|-{9}"
)


class _Document(HTMLParser):
    """The ids, the references to ids, and the visible text of one page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[tuple[str, str]] = []  # (element, id)
        self.label_for: list[str] = []
        self.text: list[str] = []
        self.captions: list[str] = []  # the text of each <label> and <legend>
        self._hidden = 0
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for ref in (attrs.get("aria-describedby") or "").split():
            self.described_by.append((f"<{tag} name={attrs.get('name')}>", ref))
        if "aria-describedby" in attrs and not (attrs["aria-describedby"] or "").strip():
            self.described_by.append((f"<{tag} name={attrs.get('name')}>", ""))
        if tag == "label" and "for" in attrs:
            self.label_for.append(attrs["for"] or "")
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag in ("label", "legend"):
            self._caption = []

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
        if tag in ("label", "legend") and self._caption is not None:
            self.captions.append(" ".join("".join(self._caption).split()))
            self._caption = None

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)
        if self._caption is not None:
            self._caption.append(data)


def parse(html: str) -> _Document:
    document = _Document()
    document.feed(html)
    return document


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    """The demo's pages, crawled once for this file; the demo data is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        pages = crawl_demo()
        transaction.set_rollback(True)
    return pages


def test_the_crawl_reaches_the_pages_of_every_demo_role(demo_pages):
    reached = {(page.role, page.url) for page in demo_pages}
    assert ("medewerker", "/scholen/obs-de-regenboog/") in reached
    assert ("coach", "/overzicht/") in reached
    assert ("projectleider", "/scholen/obs-de-regenboog/aan-de-slag/") in reached
    assert len(demo_pages) > 100


def test_every_aria_describedby_points_to_an_element_on_the_page(demo_pages):
    broken = {
        f"{page.role} {page.url}: {element} -> {ref!r}"
        for page in demo_pages
        for document in [parse(page.html)]
        for element, ref in document.described_by
        if ref not in document.ids
    }
    assert not broken, sorted(broken)[:20]


def test_every_label_names_a_control_on_the_page(demo_pages):
    broken = {
        f"{page.role} {page.url}: label for={target!r}"
        for page in demo_pages
        for document in [parse(page.html)]
        for target in document.label_for
        if target not in document.ids
    }
    assert not broken, sorted(broken)[:20]


def test_no_english_from_django_or_the_forms_on_the_dutch_pages(demo_pages):
    found = {
        f"{page.role} {page.url}: {match.group(0)!r}"
        for page in demo_pages
        for match in ENGLISH.finditer(" ".join(parse(page.html).text))
    }
    assert not found, sorted(found)[:20]


# A field the form leaves optional gets "(optioneel)" from templates/_field.html; its label should not say so too.
SAYS_OPTIONAL = re.compile(r"optioneel|niet verplicht", re.IGNORECASE)


def test_no_label_says_twice_that_its_field_is_optional(demo_pages):
    doubled = {
        f"{page.role} {page.url}: {caption!r}"
        for page in demo_pages
        for caption in parse(page.html).captions
        if len(SAYS_OPTIONAL.findall(caption)) > 1
    }
    assert not doubled, sorted(doubled)[:20]


def test_the_checks_find_what_they_look_for():
    document = parse('<label for="">Naam</label><input aria-describedby="id_x_help" id="id_x">'
                     "<p>Select an option</p><script>var Save</script>")
    assert document.label_for == [""] and "" not in document.ids
    assert ("<input name=None>", "id_x_help") in document.described_by and "id_x_help" not in document.ids
    assert [m.group(0) for m in ENGLISH.finditer(" ".join(document.text))] == ["Select an option"]
    assert not ENGLISH.search("12 oktober 2026 · Opslaan · Uitloggen")
    assert ENGLISH.search("12 Oct 2026")
    labelled = parse('<label for="id_c">Cijfer (optioneel) <span class="optional">(optioneel)</span></label>')
    assert labelled.captions == ["Cijfer (optioneel) (optioneel)"]
    assert len(SAYS_OPTIONAL.findall(labelled.captions[0])) == 2


ADMIN_PAGES = ["/beheer/", "/beheer/projects/membership/add/", "/beheer/projects/school/add/",
               "/beheer/projects/board/add/", "/beheer/projects/project/add/", "/beheer/surveys/wave/",
               "/beheer/projects/membership/"]


def test_the_admin_speaks_dutch_too(client, django_user_model):
    admin = django_user_model.objects.create_superuser("beheer", "beheer@example.nl", "geheim-wachtwoord-123")
    client.force_login(admin)
    found = {}
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        words = [match.group(0) for match in ENGLISH.finditer(" ".join(parse(response.content.decode()).text))]
        if words:
            found[url] = words
    assert not found, found
    assert "Gebruiker:" in client.get("/beheer/projects/membership/add/").content.decode()


def test_the_focus_check_offers_no_blank_choice_among_its_radio_buttons(db, school):
    from actionplans.forms import FocusCheckForm

    form = FocusCheckForm(cycle=school.project.current_cycle)
    for name in ("effect", "decision"):
        html = str(form[name])
        assert 'value=""' not in html and "checked" not in html, name
