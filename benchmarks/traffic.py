"""Survey traffic against the running gunicorn: the load generator runs in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from .figures import INFORMATIVE, Figure, Target, format_number, median
from .stack import ROOT, WORK_DIR, say

ZERO = Target(at_most=0, text="0")


def load(spec: dict) -> dict:
    """Run one load-generator process and return its summary."""
    name = spec.get("name", spec["scenario"])
    spec_path, result_path = WORK_DIR / f"load-{name}.json", WORK_DIR / f"load-{name}-result.json"
    spec_path.write_text(json.dumps(spec))
    result_path.unlink(missing_ok=True)
    limit = spec["duration"] + spec.get("grace", 120) + 60
    subprocess.run([sys.executable, "-m", "benchmarks.loadgen", str(spec_path), str(result_path)],
                   cwd=ROOT, check=True, timeout=limit)
    result = json.loads(result_path.read_text())
    say(f"{name}: {result['requests']} verzoeken in {result['elapsed']:.1f} s, {result['errors']} fouten")
    return result


@dataclass
class Outcome:
    """Everything the traffic scenarios produced that ends up in figures."""

    baseline_rps: list[float]
    section_rps: list[float]
    submit_rps: list[float]
    walk: dict | None = None
    held: dict | None = None
    errors: int = 0
    error_kinds: dict | None = None
    lost_or_doubled: int = 0
    count_notes: list[str] | None = None


def check_counts(label: str, stored: int, used: int, acknowledged: int) -> tuple[int, str]:
    """Lost: acknowledged but not there. Doubled: more responses than invitations used.

    A submission still in flight when the time ran out may be stored without its
    acknowledgement reaching the teacher; that is neither lost nor doubled.
    """
    lost = max(0, acknowledged - stored)
    doubled = max(0, stored - used)
    note = f"{label}: {acknowledged} bevestigd, {stored} opgeslagen, {used} links gebruikt"
    return lost + doubled, note


def figures(outcome: Outcome, concurrency: int, walkers: int, held_teachers: int, held_seconds: float) -> list[Figure]:
    baseline = median(outcome.baseline_rps)
    result = [Figure.measured("kale view (healthz), doorvoer", baseline, "req/s",
                              note=f"mediaan van {len(outcome.baseline_rps)} runs, {concurrency} gelijktijdig")]
    for name, runs, target in (
        ("enquêtedeel tonen, doorvoer t.o.v. kale view", outcome.section_rps, Target(at_least=25)),
        ("enquête insturen, doorvoer t.o.v. kale view", outcome.submit_rps, Target(at_least=15)),
    ):
        value = median(runs)
        result.append(Figure.measured(name, 100 * value / baseline, "%", target,
                                      f"{format_number(value)} req/s, mediaan van {len(runs)} runs"))
    if outcome.walk:
        for step, stats in outcome.walk["steps"].items():
            # A closed loop without think time measures queueing at saturation: no latency target.
            result.append(Figure.measured(
                f"verzadiging, {walkers} leraren zonder bedenktijd: p95 '{step}'", stats["p95"], "ms", INFORMATIVE,
                f"p50 {format_number(stats['p50'])} ms, p99 {format_number(stats['p99'])} ms, "
                f"{format_number(stats['rps'])} req/s, n = {stats['count']}",
            ))
    kinds = ", ".join(f"{kind} ×{n}" for kind, n in (outcome.error_kinds or {}).items())
    result.append(Figure.measured("fouten onder belasting", outcome.errors, "", ZERO, kinds))
    result.append(Figure.measured("verloren of dubbele antwoorden", outcome.lost_or_doubled, "", ZERO,
                                  "; ".join(outcome.count_notes or [])))
    if outcome.held:
        held = outcome.held
        result.append(Figure.measured(
            f"belasting volgehouden: fouten ({held_teachers} leraren, {format_number(held_seconds)} s)",
            held["errors"] + held["lost_or_doubled"], "", ZERO,
            f"{held['acknowledged']} vragenlijsten ingestuurd, {format_number(held['rps'])} req/s, "
            f"p95 insturen {format_number(held['steps'].get('insturen', {}).get('p95') or 0)} ms; {held['count_note']}",
        ))
    return result


# --- the open loop: latency at a set arrival rate --------------------------------------------------

KNEE_MS = 500  # a survey step's p95 beyond this: the arrival rate has passed the knee
P95_OVER_TRICKLE_P50 = 3  # at one web machine's share, every step's p95 stays within 3 × its p50 at a trickle


def tokens_for(rate: float, duration: float) -> int:
    """Links an open-loop run may use: at saturation nearly every arrival is a new teacher opening one."""
    return int(rate * duration / 2) + 50


def worst_p95(result: dict) -> float:
    return max((stats["p95"] or 0) for stats in result["steps"].values()) if result["steps"] else 0.0


def knee(runs: dict[float, dict]) -> tuple[float | None, str]:
    """The first arrival rate at which some step's p95 passes KNEE_MS, interpolated from the rate below it."""
    below, below_p95 = None, 0.0
    for rate in sorted(runs):
        p95 = worst_p95(runs[rate])
        if p95 > KNEE_MS:
            if below is None:
                return rate, f"al bij {format_number(rate)} req/s: p95 {format_number(p95)} ms"
            share = (KNEE_MS - below_p95) / (p95 - below_p95)
            return (below + share * (rate - below),
                    f"tussen {format_number(below)} req/s (p95 {format_number(below_p95)} ms) en "
                    f"{format_number(rate)} req/s (p95 {format_number(p95)} ms), lineair")
        below, below_p95 = rate, p95
    return None, f"niet bereikt tot {format_number(below or 0)} req/s (hoogste p95 {format_number(below_p95)} ms)"


def step_note(stats: dict) -> str:
    return (f"p50 {format_number(stats['p50'])}, p95 {format_number(stats['p95'])}, "
            f"p99 {format_number(stats['p99'])} ms, n = {stats['count']}")


def steps_note(result: dict) -> str:
    return "; ".join(f"{step}: {step_note(stats)}" for step, stats in result["steps"].items())


def open_loop_figures(runs: dict[float, dict], trickle: float, share: float, lost_or_doubled: int,
                      count_note: str, nodes: dict | None = None) -> list[Figure]:
    """Per rate the p50/p95/p99 of every step; at the share the targets against the trickle; the knee."""
    figures = []
    for rate, result in sorted(runs.items()):
        label = f"open loop {format_number(rate)} req/s (gemeten {format_number(result['rps'])} req/s)"
        if rate == share and trickle in runs:
            slow = runs[trickle]["steps"]
            for step, stats in result["steps"].items():
                base = (slow.get(step) or {}).get("p50")
                note = f"{step_note(stats)}; bij {format_number(trickle)} req/s p50 {format_number(base or 0)} ms"
                if base is None:
                    figures.append(Figure.unavailable(f"{label}: p95 '{step}'", "ms", INFORMATIVE,
                                                      f"geen '{step}' bij {format_number(trickle)} req/s; {note}"))
                else:
                    figures.append(Figure.measured(f"{label}: p95 '{step}'", stats["p95"], "ms",
                                                   Target(at_most=P95_OVER_TRICKLE_P50 * base,
                                                          text=f"≤ {P95_OVER_TRICKLE_P50} × p50 bij trickle"),
                                                   note))
            figures.append(Figure.measured(f"{label}: fouten", result["errors"], "", ZERO, _kinds(result)))
        else:
            figures.append(Figure.measured(f"{label}: hoogste p95", worst_p95(result), "ms", INFORMATIVE,
                                           f"fouten {result['errors']} {_kinds(result)}; {steps_note(result)}"))
    rate, note = knee(runs)
    if rate is None:
        figures.append(Figure.unavailable(f"knie (p95 van een stap > {KNEE_MS} ms)", "req/s", INFORMATIVE, note))
    else:
        figures.append(Figure.measured(f"knie (p95 van een stap > {KNEE_MS} ms)", rate, "req/s", INFORMATIVE, note))
    figures.append(Figure.measured("open loop: verloren of dubbele antwoorden (alle snelheden)", lost_or_doubled, "",
                                   ZERO, count_note))
    if nodes:
        figures += node_figures(nodes)
    return figures


def node_figures(result: dict) -> list[Figure]:
    """The open loop over two web nodes, every teacher's requests alternating between them."""
    figures = []
    for node, stats in sorted(result["nodes"].items()):
        figures.append(Figure.measured(
            f"twee nodes, {format_number(result['rate'])} req/s: p95 op {node}", stats["p95"] or 0, "ms", INFORMATIVE,
            f"p50 {format_number(stats['p50'] or 0)}, p99 {format_number(stats['p99'] or 0)} ms, "
            f"n = {stats['count']}, fouten {stats['errors']}"))
    figures.append(Figure.measured(
        f"twee nodes, {format_number(result['rate'])} req/s: fouten", result["errors"], "", ZERO,
        f"{result['walks']} vragenlijsten afgerond over beide nodes (elk verzoek naar de andere node) "
        f"{_kinds(result)}"))
    return figures


def _kinds(result: dict) -> str:
    kinds = [f"{kind} ×{n}" for kind, n in result.get("error_kinds", {}).items()]
    if result.get("skipped"):
        kinds.append(f"{result['skipped']} aankomsten zonder link overgeslagen (geen fout)")
    return ", ".join(kinds)
