"""Issue 7 as the demo coach sees it: five schools, their true steps and alerts, and all schools together."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.models import Board, School
from projects.steps import cycle_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(client):
    call_command("load_demo", stdout=StringIO())
    client.login(username="coach", password="werkdruk-demo")
    return client


def test_coach_sees_the_five_demo_schools_with_their_true_step_and_alerts(demo):
    page = demo.get(reverse("projects:overview")).text
    rows = {}
    for school in School.objects.filter(board__name="Stichting Samen Leren").select_related("project"):
        current = next(state for state in cycle_steps(school.project.current_cycle) if state.is_current)
        row = re.search(rf"{re.escape(school.name)}</a>.*?</tr>", page, re.S).group(0)
        rows[school.slug] = row
        assert f"stap {current.step.number}, {current.step.short}" in row
    assert "over de einddatum" in rows["obs-de-regenboog"]  # an overdue measure in the demo werkplan
    assert "Stap 2 is over de streefdatum" in rows["de-wilgenhof"]  # cycle 2 has no voormeting yet
    assert "14 / 31" in rows["de-vlinderboom"]  # the open voormeting's response
    assert len(rows) == 5
    assert "De Kleine Wereld" not in page  # the small demo school has a board and no coach of its own


def test_chart_over_all_five_schools_equals_export_results_board(demo):
    out = StringIO()
    call_command("export_results", board="Stichting Samen Leren", wave="voormeting", format="json", stdout=out)
    exported = json.loads(out.getvalue())
    board = Board.objects.get(name="Stichting Samen Leren")
    page = demo.get(reverse("surveys:board_results", kwargs={"board_id": board.pk})).text
    assert f">{exported['n']}<" in page or f" {exported['n']} " in page
    for theme in exported["energy"]:
        for share in ("taker_pct", "giver_pct"):
            shown = f"{theme[share]:.1f}".replace(".", ",")
            assert shown in page, (theme["label"], share, shown)
    for scale in exported["scales"]:
        assert f"{scale['mean']:.1f}".replace(".", ",") in page, scale["label"]
