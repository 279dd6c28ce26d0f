"""A measure's checklist item is MeasureActivity, apart from projects.Activity (the project's log).

RenameModel renames the table (actionplans_activity to actionplans_measureactivity) and keeps its rows.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0003_ideas_and_participants_keep_only_the_day'),
        # Renaming the model renames its content type: the reverse step needs ContentType as it is now.
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RenameModel(old_name='Activity', new_name='MeasureActivity'),
        migrations.AlterModelOptions(
            name='measureactivity',
            options={
                'ordering': ['order', 'pk'],
                'verbose_name': 'activiteit van een maatregel',
                'verbose_name_plural': 'activiteiten van maatregelen',
            },
        ),
    ]
