"""The anonymity rule's decision kept on each stored tally row (`shown_whole`, `shown_department`).

Rows stored before this migration carry no decision, so they are deleted with their waves'
fingerprints: each closed wave is counted again, and its decision stored with it, on its next
read with other waves.
"""

from django.db import migrations, models


def forget_stored_tallies(apps, schema_editor):
    apps.get_model("surveys", "WaveTally").objects.all().delete()
    apps.get_model("surveys", "TalliedWave").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0012_dutch_labels"),
    ]

    operations = [
        migrations.AddField(model_name="wavetally", name="shown_whole", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="wavetally", name="shown_department", field=models.BooleanField(default=False)),
        migrations.RunPython(forget_stored_tallies, migrations.RunPython.noop),
    ]
