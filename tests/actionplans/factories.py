import factory

from actionplans.models import Bottleneck, Brainstorm, Measure, Success
from tests.factories import CycleFactory


class BottleneckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bottleneck

    cycle = factory.SubFactory(CycleFactory)
    source = "werkgroep"
    label = factory.Sequence(lambda n: f"Knelpunt {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    cycle = factory.SubFactory(CycleFactory)
    bottleneck = factory.SubFactory(BottleneckFactory, cycle=factory.SelfAttribute("..cycle"))
    title = factory.Sequence(lambda n: f"Maatregel {n}")


class BrainstormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brainstorm

    cycle = factory.SubFactory(CycleFactory)
    title = "Studiedag"
    code = factory.LazyFunction(Brainstorm.new_code)


class SuccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Success

    cycle = factory.SubFactory(CycleFactory)
    text = factory.Sequence(lambda n: f"Succes {n}")


def top_five(cycle, n: int = 5) -> list[Bottleneck]:
    return [BottleneckFactory(cycle=cycle, rank=rank, reason=f"Reden {rank}") for rank in range(1, n + 1)]
