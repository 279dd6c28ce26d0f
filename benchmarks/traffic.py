"""Survey traffic against the running gunicorn: the load generator runs in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from .figures import Figure, Target, format_number, median
from .stack import ROOT, WORK_DIR, say

STEP_P95_TARGET = Target(at_most=150)
ZERO = Target(at_most=0, text="0")


def load(spec: dict) -> dict:
    """Run one load-generator process and return its summary."""
    name = spec["scenario"]
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
            result.append(Figure.measured(
                f"p95 '{step}' bij {walkers} leraren", stats["p95"], "ms", STEP_P95_TARGET,
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
