import json

from django.core.management.base import BaseCommand, CommandError

from evaluation import compare_cycles
from surveys.anonymity import MIN_GROUP

from ._school_cycle import add_school_and_cycle, school_and_cycle


class Command(BaseCommand):
    help = (
        "Vergelijkt de voormeting en de nameting van een cyclus en drukt het resultaat af als JSON: "
        '{"scales": [{"code", "label", "baseline": {"n", "mean", "sd"}, "followup": {...}, "diff", "ci_low", '
        '"ci_high", "p", "q", "hedges_g", "significant", "mdd", "family"}], "energy": [{"code", "label", '
        '"baseline": {"n", "taker_pct"}, "followup": {...}, "p", "q", "significant", "mdd", "family", '
        '"p_ordinal", "q_ordinal", "shifted"}]}. q is Benjamini–Hochberg binnen de familie ("primary" of '
        '"exploratory"); mdd het verschil dat de toets bij alfa = 0,05 / m met 80%% kans vindt. '
        "Heeft een meting minder dan %(n)s respondenten, dan alleen "
        '{"withheld": true, "baseline": {"n"}, "followup": {"n"}}.'
    ) % {"n": MIN_GROUP}

    def add_arguments(self, parser):
        add_school_and_cycle(parser)
        parser.add_argument("--format", default="json", choices=["json"])

    def handle(self, *args, school: str, cycle: int | None, format: str, **options):
        found, found_cycle = school_and_cycle(school, cycle, options.get("board"))
        reason = compare_cycles.waiting_for(found_cycle)
        if reason:
            raise CommandError(f"{found.name}, cyclus {found_cycle.number}: {reason}")
        result = compare_cycles.compare_cycle(found_cycle)
        self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
