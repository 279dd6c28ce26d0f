"""Ideas and participants keep the day they came in, not the time: the old times are cut to their day, then dropped."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models.functions import TruncDate


def keep_only_the_day(apps, schema_editor):
    # TruncDate takes the day in the current time zone (TIME_ZONE), the school's own calendar day.
    apps.get_model("actionplans", "Idea").objects.update(created_on=TruncDate("created_at"))
    apps.get_model("actionplans", "Participant").objects.update(joined_on=TruncDate("joined_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0002_group_zeg_ik_liever_niet'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='idea',
            options={'ordering': ['text', 'pk'], 'verbose_name': 'idee', 'verbose_name_plural': 'ideeën'},
        ),
        migrations.AddField(
            model_name='idea',
            name='created_on',
            field=models.DateField(default=django.utils.timezone.localdate),
        ),
        migrations.AddField(
            model_name='participant',
            name='joined_on',
            field=models.DateField(default=django.utils.timezone.localdate),
        ),
        migrations.RunPython(keep_only_the_day, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(
            model_name='idea',
            name='created_at',
        ),
        migrations.RemoveField(
            model_name='participant',
            name='joined_at',
        ),
    ]
