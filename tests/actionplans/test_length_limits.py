"""Ideas and successes have a length limit that is told before typing and never cut silently."""

from django.urls import reverse

from actionplans.forms import IdeaForm, SuccessForm
from actionplans.models import Success
from tests.actionplans.factories import BottleneckFactory


def test_success_that_is_too_long_is_refused_with_a_dutch_error_tied_to_the_field(as_user, school, bob):
    response = as_user(bob).post(reverse("actionplans:successes", kwargs={"school": school.slug}),
                                 {"text": "x" * 501})
    assert not Success.objects.exists()
    text = response.content.decode()
    assert "niet meer dan 500 tekens bevat (het zijn er nu 501)" in text
    assert 'aria-describedby="id_text_helptext id_text_error"' in text
    assert 'id="id_text_error"' in text and 'id="id_text_helptext"' in text


def test_success_of_exactly_the_limit_is_kept_whole(as_user, school, bob):
    as_user(bob).post(reverse("actionplans:successes", kwargs={"school": school.slug}), {"text": "x" * 500})
    assert Success.objects.get().text == "x" * 500


def test_idea_that_is_too_long_is_refused_not_shortened(db, school):
    bottleneck = BottleneckFactory(cycle=school.project.current_cycle)
    form = IdeaForm({"bottleneck": bottleneck.pk, "text": "y" * 501}, bottlenecks=[bottleneck])
    assert not form.is_valid()
    assert "niet meer dan 500 tekens" in form.errors["text"][0]


def test_the_limit_is_told_and_counted_without_a_maxlength_that_would_cut_a_paste(db, school):
    html = str(SuccessForm(cycle=school.project.current_cycle)["text"])
    assert 'data-maxlength="500"' in html and "maxlength=" not in html.replace("data-maxlength=", "")
    assert SuccessForm(cycle=school.project.current_cycle).fields["text"].help_text == "Hoogstens 500 tekens."
