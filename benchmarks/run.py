"""`make bench`: every benchmark of issue 8 on a production-like stack on this machine.

    python -m benchmarks            # national size, about 10–15 minutes on 2 cores
    QUICK=1 python -m benchmarks    # the same with small data, under 2 minutes

Order: services and a fresh database; the national data in three stages (10%, 50%, 100%)
with the aggregation timed at each; the pages' query counts at the smallest and largest
stage; the reports; then gunicorn and a Celery worker for the survey traffic, with the
stored responses counted at the end. Prints the table and writes benchmarks/results.json.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import stack
from .figures import INFORMATIVE, Figure, Target, format_number, table, write_results
from .national import NATIONAL, NationalData, Size

RESULTS = Path(__file__).resolve().parent / "results.json"


@dataclass(frozen=True)
class Plan:
    quick: bool
    national: Size
    stages: tuple[float, ...] = (0.1, 0.5, 1.0)
    concurrency: int = 50
    throughput_s: float = 8
    repeats: int = 3
    submit_batch: int = 400
    walk_concurrency: int = 50
    walk_s: float = 30
    walk_tokens: int = 2_000
    held_teachers: int = 200
    held_s: float = 30
    held_tokens: int = 3_000
    # The open loop (traffic.open_loop_figures): a trickle, one web machine's share of the peak
    # (docs/scaling.md: ~100 req/s), and higher rates up to twice that and past the knee.
    open_trickle: float = 5
    open_share: float = 100
    open_rates: tuple[float, ...] = (5, 50, 100, 150, 200, 300, 400)
    open_warmup_s: float = 3
    open_trickle_s: float = 30
    open_s: float = 15
    # Compressed think time: a walk of 22 requests fits in a run; the server sees the same arrivals
    # as from teachers who think 30 s, only with fewer sessions open at once.
    open_think_s: float = 0.1
    timing_runs: int = 7
    timing_budget_s: float = 20
    national_timeout_s: int = 240
    board_schools: int = 30
    dashboard_schools: int = 60


FULL = Plan(quick=False, national=NATIONAL)
QUICK = replace(
    FULL, quick=True, national=NATIONAL.scaled(0.02), throughput_s=2, submit_batch=60, walk_concurrency=20, walk_s=3,
    walk_tokens=200, held_teachers=30, held_s=5, held_tokens=200, timing_runs=5, timing_budget_s=3,
    open_rates=(5, 100, 200), open_trickle_s=10, open_s=5,
    national_timeout_s=60,
)


def machine() -> str:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    postgres = stack.psql("SHOW server_version")
    return (f"{os.cpu_count()} cores, {memory_gb:.0f} GB geheugen, Python {platform.python_version()}, "
            f"PostgreSQL {postgres}, {date.today().isoformat()}")


def main(argv: list[str]) -> int:
    plan = QUICK if os.environ.get("QUICK", "") not in ("", "0") or "--quick" in argv else FULL
    started = time.monotonic()
    stack.prepare_work_dir()
    port = stack.free_port()
    env = stack.app_environment(port)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkdruk.settings"
    figures: list[Figure] = []
    with stack.services():
        about = machine()
        stack.say(f"{'QUICK' if plan.quick else 'volledig'}: {about}")
        with stack.bench_database(env):
            stack.collect_static(env)
            import django

            django.setup()
            figures += Benchmarks(plan).run(env, port)
            from django.db import connections

            connections.close_all()
    figures.append(Figure.measured("duur van de benchmark", time.monotonic() - started, "s",
                                   Target(at_most=180 if plan.quick else 900)))
    write_results(figures, RESULTS)
    print()
    print(f"Werkdruk-benchmarks ({'QUICK' if plan.quick else 'landelijke omvang'}) — {about}")
    print(table(figures))
    print(f"\n{RESULTS.relative_to(stack.ROOT)} geschreven.")
    return 0


class Benchmarks:
    def __init__(self, plan: Plan):
        self.plan = plan

    def run(self, env: dict, port: int) -> list[Figure]:
        from surveys.instruments import current_version

        from . import fixtures

        instrument = current_version()
        # Made before the national data, so their ids stay below the ones COPY hands out.
        self.waves = {
            "pages": fixtures.survey_wave("pagina", instrument.pk, 1),
            "section": fixtures.survey_wave("tonen", instrument.pk, self.plan.concurrency),
            "submit": fixtures.survey_wave("insturen", instrument.pk, self.plan.repeats * self.plan.submit_batch,
                                           complete_drafts=True),
            "walk": fixtures.survey_wave("invullen", instrument.pk, self.plan.walk_tokens),
            "held": fixtures.survey_wave("volhouden", instrument.pk, self.plan.held_tokens),
            "weight": fixtures.survey_wave("gewicht", instrument.pk, 1),
            "open": fixtures.survey_wave("open", instrument.pk, sum(self.open_tokens().values())),
        }
        figures = self.national(instrument.pk)
        from django.db import connections

        connections.close_all()
        figures += self.traffic(env, port)
        return figures

    # --- national data: aggregation, pages, reports ----------------------------------------------

    def national(self, instrument_id: int) -> list[Figure]:
        from projects.models import School

        from . import fixtures
        from .inprocess import Aggregation, Pages, count_or_reason, informative, measure, query_figure

        data = NationalData(self.plan.national, instrument_id)
        aggregation = Aggregation(data, self.plan.timing_runs, self.plan.timing_budget_s)
        pages = Pages()
        national_s: dict[float, Figure] = {}
        counts: dict[str, dict[str, int | str]] = {}
        figures: list[Figure] = []
        tallied_s = 0.0
        for fraction in self.plan.stages:
            data.grow_to(fraction)
            label = f"{fraction:.0%}"
            # The loaded waves are closed: what Wave.close() (or the first read) does for each, done here for all.
            tallied = measure("tallies opslaan", "s", INFORMATIVE, aggregation.store_tallies)
            tallied_s += tallied.value or 0
            stack.say(f"tallies opgeslagen bij {label}: {tallied.value} s ({tallied.note})")
            pooled = measure("benchmarkpool berekenen en bewaren (bij het sluiten van een voormeting)", "s",
                             INFORMATIVE, aggregation.store_pool)
            stack.say(f"benchmarkpool bij {label}: {pooled.value} s ({pooled.note})")
            national_s[fraction] = measure(
                f"landelijk totaal bij {label} ({data.respondents_per_wave():,} respondenten)", "s",
                Target(at_most=5) if fraction == 1.0 else INFORMATIVE,
                lambda: aggregation.national(self.plan.national_timeout_s),
            )
            stack.say(f"landelijk totaal bij {label}: {national_s[fraction].value} s")
            if fraction == self.plan.stages[-1]:
                on_replica = measure(f"landelijk totaal bij {label}, van de leesreplica", "s", Target(at_most=5),
                                     lambda: aggregation.national_on_replica(self.plan.national_timeout_s,
                                                                             stack.REPLICA_PORT))
                stack.say(f"landelijk totaal van de leesreplica: {on_replica.value} s {on_replica.note}")
            if fraction == self.plan.stages[0]:
                schools = list(School.objects.filter(pk__in=[data.school_id(i) for i in range(5)]).order_by("pk"))
                self.leader = fixtures.project_leader("bench-projectleider", schools[0])
                self.slug = schools[0].slug
                small_coach = fixtures.coach("bench-coach-klein", schools)
                counts["klein"] = self.page_counts(pages, small_coach, count_or_reason)
        figures.append(informative("databasegrootte met de landelijke data", self.database_gb(), "GB",
                                   f"{data.answers_loaded:,} antwoordrijen"))
        figures.append(informative("tallies van gesloten metingen opslaan (alle fasen)", tallied_s, "s",
                                   f"{2 * data.schools_loaded:,} metingen, eenmalig bij het sluiten"))
        figures.append(pooled)
        large = min(self.plan.dashboard_schools, data.schools_loaded)
        schools = list(School.objects.filter(pk__in=[data.school_id(i) for i in range(large)]))
        coach = fixtures.coach("bench-coach", schools)
        counts["groot"] = self.page_counts(pages, coach, count_or_reason)

        figures += [
            measure("resultaten van één school", "ms", Target(at_most=50), aggregation.school_results),
            measure("één vergelijking (voor- en nameting)", "ms", Target(at_most=100), aggregation.comparison),
            measure(f"resultaten van één bestuur ({self.plan.board_schools} scholen)", "ms", Target(at_most=300),
                    aggregation.board_results),
            *national_s.values(),
            on_replica,
        ]
        first, last = national_s[self.plan.stages[0]], national_s[self.plan.stages[-1]]
        if first.value and last.value:
            figures.append(Figure.measured("groei landelijk totaal, 100% t.o.v. 10%", last.value / first.value, "×",
                                           Target(at_most=12),
                                           f"{format_number(data.loaded_seconds)} s laden met COPY"))
        for name, page, budget in (("queries enquêtedeel", "survey", 5), ("queries resultatenpagina", "results", 10),
                                   ("queries werkplan", "werkplan", 15), ("queries coachoverzicht", "dashboard", 15)):
            figures.append(query_figure(name, budget, counts["klein"][page], counts["groot"][page]))
        figures.append(measure(f"coachoverzicht met {large} scholen", "ms", INFORMATIVE,
                               lambda: pages.render_ms(pages.client_for(coach), pages.url("projects:overview"), 5)))
        stack.say("rapporten bouwen")
        figures += self.reports(data)
        return figures

    def database_gb(self) -> float:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 2**30

    def page_counts(self, pages, coach, count_or_reason) -> dict[str, int | str]:
        from django.test import Client

        def survey() -> int:
            client = Client()
            client.get(pages.url("surveys:enter", token=self.waves["pages"].tokens[0]))
            return pages.queries(client, pages.url("surveys:part", number=2))

        leader = pages.client_for(self.leader)
        return {
            "survey": count_or_reason(survey),
            "results": count_or_reason(lambda: pages.queries(leader, pages.url("surveys:results", school=self.slug))),
            "werkplan": count_or_reason(
                lambda: pages.queries(leader, pages.url("actionplans:werkplan", school=self.slug))),
            "dashboard": count_or_reason(
                lambda: pages.queries(pages.client_for(coach), pages.url("projects:overview"))),
        }

    def reports(self, data: NationalData) -> list[Figure]:
        school = self.probe("school", [data.first_ids["cycle"]])
        group = self.probe(
            "group", [data.school_id(i) for i in range(min(self.plan.board_schools, data.schools_loaded))])
        figures = []
        for name, result, target in (("PDF van één school", school, 1.5),
                                     (f"bestuursrapport ({self.plan.board_schools} scholen)", group, 10)):
            if "unavailable" in result:
                figures.append(Figure.unavailable(name, "s", Target(at_most=target), result["unavailable"]))
            else:
                figures.append(Figure.measured(name, result["seconds"], "s", Target(at_most=target),
                                               f"{result['bytes'] // 1024} kB"))
        peaks = [result["peak_mb"] for result in (school, group) if "peak_mb" in result]
        if peaks:
            figures.append(Figure.measured("piekgeheugen van de worker bij een rapport", max(peaks), "MB",
                                           Target(at_most=499.99, text="< 500 MB"),
                                           "maximale RSS van het bouwende proces"))
        return figures

    def probe(self, kind: str, ids: list[int]) -> dict:
        result = subprocess.run([sys.executable, "-m", "benchmarks.report_probe", kind, *map(str, ids)],
                                cwd=stack.ROOT, capture_output=True, text=True, timeout=600)
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            error = (result.stderr.strip().splitlines() or ["geen uitvoer"])[-1]
            return {"unavailable": f"het rapport faalde: {error}"}
        return json.loads(lines[-1])

    # --- survey traffic ------------------------------------------------------------------------------

    def open_duration(self, rate: float) -> float:
        return self.plan.open_trickle_s if rate == self.plan.open_trickle else self.plan.open_s

    def open_tokens(self) -> dict[str, int]:
        """Links per open-loop run: one run per rate, and the share once more over two nodes."""
        from .traffic import tokens_for

        plan = self.plan
        runs = {str(rate): tokens_for(rate, self.open_duration(rate)) for rate in plan.open_rates}
        return runs | {"twee nodes": tokens_for(plan.open_share, plan.open_s),
                       "opwarmen": tokens_for(plan.open_trickle * 4, plan.open_warmup_s)}

    def open_loop(self, env: dict, base_url: str) -> list[Figure]:
        """Rates from the trickle upwards; stops at the first rate past both twice the share and the knee."""
        from . import traffic

        plan = self.plan
        tokens = iter(self.waves["open"].tokens)
        budget = self.open_tokens()
        base = {"scenario": "open", "base_url": base_url, "think_s": plan.open_think_s, "timeout": 10, "drain": 15,
                "grace": 40}
        runs: dict[float, dict] = {}
        for rate in plan.open_rates:
            runs[rate] = traffic.load({**base, "rate": rate, "duration": self.open_duration(rate),
                                       "tokens": [next(tokens) for _ in range(budget[str(rate)])],
                                       "name": f"open-{rate:g}"})
            if rate >= 2 * plan.open_share and traffic.worst_p95(runs[rate]) > traffic.KNEE_MS:
                break
        with stack.web_node(env, stack.free_port(), "gunicorn-b") as second:
            # A fresh node's processes fill their caches (questionnaire, question fragments) first.
            warmup = traffic.load({**base, "base_url": second, "rate": plan.open_trickle * 4,
                                   "duration": plan.open_warmup_s, "name": "open-opwarmen",
                                   "tokens": [next(tokens) for _ in range(budget["opwarmen"])]})
            nodes = traffic.load({**base, "base_urls": [base_url, second], "rate": plan.open_share,
                                  "duration": plan.open_s, "name": "open-twee-nodes",
                                  "tokens": [next(tokens) for _ in range(budget["twee nodes"])]})
        nodes["rate"] = plan.open_share
        acknowledged = sum(result["acknowledged"] for result in [*runs.values(), warmup, nodes])
        lost_or_doubled, note = traffic.check_counts("open loop", *self.waves["open"].counts(), acknowledged)
        return traffic.open_loop_figures(runs, plan.open_trickle, plan.open_share, lost_or_doubled, note, nodes)

    def traffic(self, env: dict, port: int) -> list[Figure]:
        from . import traffic

        plan = self.plan
        base = {"base_url": f"http://127.0.0.1:{port}", "concurrency": plan.concurrency}
        outcome = traffic.Outcome(baseline_rps=[], section_rps=[], submit_rps=[], error_kinds={}, count_notes=[])
        results, submit_acknowledged = [], 0
        with stack.web_stack(env, port):
            for run in range(plan.repeats):
                baseline = traffic.load({**base, "scenario": "baseline", "duration": plan.throughput_s})
                section = traffic.load({**base, "scenario": "section", "duration": plan.throughput_s,
                                        "tokens": self.waves["section"].tokens})
                batch = self.waves["submit"].tokens[run * plan.submit_batch:(run + 1) * plan.submit_batch]
                submit = traffic.load({**base, "scenario": "submit", "duration": plan.throughput_s * 4,
                                       "tokens": batch})
                outcome.baseline_rps.append(baseline["steps"]["kale view"]["rps"])
                outcome.section_rps.append(section["steps"]["deel tonen"]["rps"])
                outcome.submit_rps.append(submit["steps"].get("insturen", {}).get("rps", 0.0))
                submit_acknowledged += submit["acknowledged"]
                results += [baseline, section, submit]
            outcome.walk = traffic.load({**base, "scenario": "walk", "concurrency": plan.walk_concurrency,
                                         "duration": plan.walk_s, "tokens": self.waves["walk"].tokens})
            held = traffic.load({**base, "scenario": "walk", "concurrency": plan.held_teachers,
                                 "duration": plan.held_s, "tokens": self.waves["held"].tokens})
            results += [outcome.walk]
            open_loop = self.open_loop(env, base["base_url"])
            weight = self.page_weight(base["base_url"])
        for result in results:
            outcome.errors += result["errors"]
            for kind, n in result["error_kinds"].items():
                outcome.error_kinds[kind] = outcome.error_kinds.get(kind, 0) + n
        acknowledged = {"insturen": submit_acknowledged, "invullen": outcome.walk["acknowledged"], "tonen": 0}
        for label, key in (("insturen", "submit"), ("invullen", "walk"), ("tonen", "section")):
            bad, note = traffic.check_counts(label, *self.waves[key].counts(), acknowledged[label])
            outcome.lost_or_doubled += bad
            outcome.count_notes.append(note)
        held_bad, held["count_note"] = traffic.check_counts(
            "volhouden", *self.waves["held"].counts(), held["acknowledged"])
        held["lost_or_doubled"] = held_bad
        outcome.held = held
        return [*traffic.figures(outcome, plan.concurrency, plan.walk_concurrency, plan.held_teachers, plan.held_s),
                *open_loop, *weight]

    def page_weight(self, base_url: str) -> list[Figure]:
        """Bytes over the wire of a first visit and of a next part (benchmarks/page_weight.py)."""
        names = (("eerste bezoek aan de vragenlijst (lege cache)", 45), ("volgend deel van de vragenlijst", 10))
        token = self.waves["weight"].tokens[0]
        result = subprocess.run([sys.executable, "-m", "benchmarks.page_weight", base_url, token],
                                cwd=stack.ROOT, capture_output=True, text=True, timeout=180)
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            reason = (result.stderr.strip().splitlines() or ["geen uitvoer"])[-1]
            return [Figure.unavailable(name, "kB", Target(at_most=kb), f"Chromium faalde: {reason}")
                    for name, kb in names]
        weight = json.loads(lines[-1])
        stack.say(f"paginagewicht: {weight}")
        return [
            Figure.measured(names[0][0], weight["first_bytes"] / 1000, "kB", Target(at_most=names[0][1]),
                            f"{weight['first_requests']} verzoeken: link, intro, CSS en JS "
                            f"(WhiteNoise, gecomprimeerd); daarna deel 1 {weight['part_one_bytes'] / 1000:.1f} kB"),
            Figure.measured(names[1][0], weight["next_bytes"] / 1000, "kB", Target(at_most=names[1][1]),
                            f"{weight['next_requests']} verzoeken: opslaan, doorverwijzing, deel 3; "
                            "CSS en JS uit de cache"),
        ]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
