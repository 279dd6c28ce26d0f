"""Step 5's models move to the evaluation app (evaluation/migrations/0001_initial.py).

Only the migration state changes: their tables keep their names and rows. The evaluation
app's first migration takes them over with `db_table` set to these same tables.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0008_wave_sealed_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='BenchmarkReference'),
                migrations.DeleteModel(name='HardFigures'),
                migrations.DeleteModel(name='Report'),
            ],
            database_operations=[],
        ),
    ]
