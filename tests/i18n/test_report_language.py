"""A report in either language: `build_report --language en`, and the PDF a user asks for in the web
is built in that user's language."""

import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from evaluation import reports
from evaluation.models import Report
from surveys.formatting import dutch_decimal
from tests.evaluation.evaluation_data import answered_wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(school):
    cycle = school.project.current_cycle
    answered_wave(cycle, "voormeting", 12, seed=3)
    answered_wave(cycle, "nameting", 11, seed=4, lift=0.4)
    return cycle


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_build_report_writes_the_report_in_english(cycle, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("build_report", "--school", "OBS De Linde", "--out", str(out), "--language", "en", stdout=StringIO())
    text = pdf_text(out)
    assert "Participation" in text and "Perceived workload" in text and "Energy givers and energy takers" in text
    assert "Deelname" not in text and "Ervaren werkdruk" not in text


def test_build_report_is_dutch_by_default(cycle, tmp_path):
    out = tmp_path / "rapport.pdf"
    call_command("build_report", "--school", "OBS De Linde", "--out", str(out), stdout=StringIO())
    text = pdf_text(out)
    assert "Deelname" in text and "Ervaren werkdruk" in text
    assert "Participation" not in text


def test_build_report_refuses_an_unknown_language(cycle, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("build_report", "--school", "OBS De Linde", "--out", str(tmp_path / "x.pdf"), "--language", "de")


def test_a_report_asked_for_in_english_is_built_in_english_and_again_in_dutch_when_asked_so(cycle, alice):
    with translation.override("en"):
        report, send = reports.request_school_report(cycle, alice)
    assert send and report.language == "en"
    reports.run(report.pk)
    report.refresh_from_db()
    assert "Participation" in pdf_text(report.file.path)

    with translation.override("nl"):
        again, send = reports.request_school_report(cycle, alice)
    assert send and again.pk == report.pk and Report.objects.get().language == "nl"
    reports.run(again.pk)
    again.refresh_from_db()
    assert "Deelname" in pdf_text(again.file.path)


def test_numbers_have_a_decimal_comma_in_dutch_and_a_point_in_english():
    assert dutch_decimal(0.4249, 2) == "0,42"
    with translation.override("en"):
        assert dutch_decimal(0.4249, 2) == "0.42"
        assert dutch_decimal(-0.01, 1) == "0.0"
