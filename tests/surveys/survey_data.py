"""Open waves, invitations and a way to answer, for the tests of the survey-taking side."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from surveys import instruments
from surveys.answering import Questionnaire
from surveys.models import Invitation, Wave


def open_wave(school, kind: str = "voormeting", **dates) -> Wave:
    dates.setdefault("opens_on", timezone.localdate() - timedelta(days=1))
    return Wave.objects.create(
        cycle=school.project.current_cycle, kind=kind, instrument=instruments.current_version(), **dates,
    )


def invitation(wave: Wave, email: str = "") -> tuple[Invitation, str]:
    return Invitation.create_for(wave, email)


def link_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/v/\S+/)", mail.body).group(1)


def questionnaire(wave: Wave) -> Questionnaire:
    return Questionnaire.for_wave(wave)


def part_url(number: int) -> str:
    return reverse("surveys:part", kwargs={"number": number})


def answers_for(wave: Wave, number: int, energy: str = "taker", likert: str = "4", text: str = "") -> dict[str, str]:
    """A POST body answering every question of one part the same way (open questions with `text`)."""
    part = questionnaire(wave).part(number)
    if part.asks_department:
        return {"department": "bovenbouw"}
    values = {"energy": energy, "likert": likert, "measure": "1", "open": text}
    return {f"q-{item['code']}": values[item["kind"]] for item in part.items}


def answer_everything(client, wave: Wave, token: str, **choices) -> None:
    """Follow the link, answer every part and submit."""
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    total = questionnaire(wave).total
    for number in range(1, total + 1):
        client.post(part_url(number), {**answers_for(wave, number, **choices), "action": "next"})
    client.post(reverse("surveys:review"))
