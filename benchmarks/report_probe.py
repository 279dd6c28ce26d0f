"""Builds one PDF in a fresh process, as a Celery worker would, and reports time and peak memory.

    python -m benchmarks.report_probe school CYCLE_ID
    python -m benchmarks.report_probe group SCHOOL_ID [SCHOOL_ID ...]

Prints one JSON line: {"seconds", "peak_mb", "bytes"} or {"unavailable": reason}. The peak
is the process's maximum resident set (getrusage), so it includes Django and WeasyPrint
themselves: what a worker holds at its worst while building this report.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def build(kind: str, ids: list[int]) -> bytes:
    from evaluation import reports
    from projects.models import Cycle, School

    if kind == "school":
        cycle = Cycle.objects.select_related("project__school").get(pk=ids[0])
        return reports.build_school_report(cycle)
    schools = list(School.objects.filter(pk__in=ids).select_related("project"))
    return reports.build_group_report(schools)


# The report templates and the parts they include (the cached template loader keeps each once loaded).
REPORT_TEMPLATES = ("evaluation/report/school.html", "evaluation/report/group.html", "evaluation/_parts.html",
                    "evaluation/report/_open_answers.html", "evaluation/report/_method.html")


def warm_up() -> None:
    """What a worker that has built a report before holds already, and nothing of this report's data:
    WeasyPrint's fonts and stylesheet, the wiring's modules, and the compiled report templates."""
    from django.template.loader import get_template

    from evaluation.reports import html_to_pdf
    from projects.wiring import wiring

    html_to_pdf("<p>warm</p>")
    wiring()
    for name in REPORT_TEMPLATES:
        get_template(name)


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkdruk.settings")
    import django

    django.setup()
    kind, ids = argv[0], [int(value) for value in argv[1:]]
    try:
        warm_up()
        started = time.perf_counter()
        pdf = build(kind, ids)
        seconds = time.perf_counter() - started
    except (ImportError, AttributeError) as missing:
        print(json.dumps({"unavailable": f"evaluation.reports kan dit rapport niet bouwen ({missing})"}))
        return
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": len(pdf)}))


if __name__ == "__main__":
    main(sys.argv[1:])
