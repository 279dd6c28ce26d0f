"""Sealing a closed wave before any of its figures is shown: nothing in the database links a
response to the invitation that gave it (docs/privacy.md).

While a wave is open, a response is written in the same transaction that marks its invitation
used. In PostgreSQL both rows then carry that transaction's id (`xmin`), and the responses' ids
follow the order in which invitations were used. Sealing rewrites the wave's responses and their
answers in random order in one transaction, so they all share one new transaction id and their
ids follow no order; the old row versions are then vacuumed away. A sealed wave is frozen
(`Wave.is_frozen`): no imports, no new closing date, so its shown figures never change.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from projects import queue

from .models import Answer, ExtraAnswer, OpenAnswer, Response, Wave

BATCH = 2000


def seal(waves: Iterable[Wave]) -> None:
    """Seal every closed wave among these that is not sealed yet; the wave objects are updated."""
    for wave in waves:
        if wave.is_closed and wave.sealed_at is None:
            _seal(wave)


@transaction.atomic
def _seal(wave: Wave) -> None:
    locked = Wave.objects.select_for_update().only("sealed_at").get(pk=wave.pk)
    if locked.sealed_at is None:  # another request may have sealed it meanwhile
        _rewrite_in_random_order(wave)
        locked.sealed_at = timezone.now()
        locked.save(update_fields=["sealed_at"])
        transaction.on_commit(_vacuum_in_the_background, robust=True)
    wave.sealed_at = locked.sealed_at


def still_unsealed(wave_id: int) -> bool:
    """Inside the transaction that adds a response: hold the wave against a seal until it commits,
    and say whether it is still unsealed.

    The seal locks the wave FOR UPDATE, which waits for every transaction holding this lock, so their
    responses are among those it rewrites; a response that comes after the seal waits for it and then
    reads that the wave is sealed. (KEY SHARE is what the response's foreign key takes anyway: it does
    not make two colleagues answering at once wait for each other.) SQLite has one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Wave._meta.db_table)
            cursor.execute(f"SELECT sealed_at IS NULL FROM {table} WHERE id = %s FOR KEY SHARE", [wave_id])
            row = cursor.fetchone()
        return bool(row and row[0])
    return Wave.objects.filter(pk=wave_id, sealed_at__isnull=True).exists()


def _rewrite_in_random_order(wave: Wave) -> None:
    responses = list(Response.objects.filter(wave=wave).values_list("pk", "department", "submitted_on"))
    if not responses:
        return
    answers: dict[int, list[tuple[int, int]]] = {pk: [] for pk, _department, _day in responses}
    for response_id, item_id, value in Answer.objects.filter(response__wave=wave).values_list(
            "response_id", "item_id", "value"):
        answers[response_id].append((item_id, value))
    extra: dict[int, list[tuple[int, int]]] = {pk: [] for pk, _department, _day in responses}
    for response_id, question_id, value in ExtraAnswer.objects.filter(response__wave=wave).values_list(
            "response_id", "question_id", "value"):
        extra[response_id].append((question_id, value))
    texts: dict[int, list[tuple[int, str, bool]]] = {pk: [] for pk, _department, _day in responses}
    for response_id, item_id, text, hidden in OpenAnswer.objects.filter(response__wave=wave).values_list(
            "response_id", "item_id", "text", "hidden"):
        texts[response_id].append((item_id, text, hidden))
    random.SystemRandom().shuffle(responses)
    Response.objects.filter(wave=wave).delete()
    created = Response.objects.bulk_create(
        (Response(wave=wave, department=department, submitted_on=day) for _pk, department, day in responses),
        batch_size=BATCH,
    )
    Answer.objects.bulk_create(
        (Answer(response=new, item_id=item, value=value)
         for new, (old, _department, _day) in zip(created, responses, strict=True) for item, value in answers[old]),
        batch_size=BATCH,
    )
    ExtraAnswer.objects.bulk_create(
        (ExtraAnswer(response=new, question_id=question, value=value)
         for new, (old, _department, _day) in zip(created, responses, strict=True) for question, value in extra[old]),
        batch_size=BATCH,
    )
    OpenAnswer.objects.bulk_create(
        (OpenAnswer(response=new, item_id=item, text=text, hidden=hidden)
         for new, (old, _department, _day) in zip(created, responses, strict=True)
         for item, text, hidden in texts[old]),
        batch_size=BATCH,
    )


def _vacuum_in_the_background() -> None:
    # A VACUUM of the nation's answers takes seconds: a worker's job, not a request's. Should the
    # queue be away, autovacuum removes the old versions later (docs/privacy.md says how late).
    queue.enqueue(vacuum_sealed_answers)


# The task lives beside what it runs, not in surveys/tasks.py: that module imports a chain that reaches
# this one (tasks -> retention -> tallies -> sealing), so importing it here would close a cycle. The
# worker still knows the task: Celery's autodiscovery imports surveys.tasks, and with it this module.
@shared_task
def vacuum_sealed_answers() -> None:
    """After a wave was sealed: the old row versions of its responses go from PostgreSQL's tables."""
    vacuum_answers()


def vacuum_answers() -> None:
    """Remove the old row versions of responses and answers from PostgreSQL's tables.

    VACUUM cannot run inside a transaction; after a commit Django is in autocommit mode. Inside an
    enclosing transaction (a test that runs its on-commit callbacks early) it is left to autovacuum.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    models = (Response, Answer, ExtraAnswer, OpenAnswer)
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")
