"""What the nameting asks of the action plans: a question per measure (wired in werkdruk/wegwijzer.py)."""

from projects.models import Cycle

from .models import Measure


def measure_questions(cycle: Cycle) -> list[dict[str, str]]:
    """For the nameting's 'Heeft deze maatregel je werkdruk verminderd?', one question per measure."""
    return [
        {"code": f"M{measure.pk}", "text": measure.title}
        for measure in Measure.objects.filter(cycle=cycle).order_by("pk")
    ]
