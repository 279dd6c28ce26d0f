"""PostgreSQL statistics on how few (department, code, value) groups the stored tallies form.

Without them the planner guesses tens of thousands of groups where there are a few hundred,
and sorts a million tally rows on disk to sum the nation's results instead of hashing them.
"""

from django.db import migrations

STATISTICS = "surveys_wavetally_groups"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (ndistinct) ON department, code, value FROM surveys_wavetally"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0006_stored_tallies_and_leaner_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
