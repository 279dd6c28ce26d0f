"""Step 5's models, taken over from the surveys app with their tables (surveys/migrations/0009).

The tables already exist (surveys/migrations/0003 made them), so this migration changes the
migration state only, and renames the models' content types from surveys to evaluation, so that
the permissions on them and the admin's log keep pointing at them. Nothing else in the database changes.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import evaluation.models
from django.conf import settings
from django.db import migrations, models

MOVED = ("benchmarkreference", "hardfigures", "report")


def move_content_types(apps, schema_editor, old="surveys", new="evaluation"):
    """Relabel the moved models' content types (a fresh database has none yet: nothing to do)."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not content_type.objects.using(db).filter(app_label=new, model=model).exists():
            content_type.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="evaluation", new="surveys")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('projects', '0004_audit_entry'),
        ('surveys', '0009_step_five_moves_to_evaluation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BenchmarkReference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scale_code', models.CharField(max_length=40, verbose_name='code van de schaal')),
                        ('mean', models.FloatField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='gemiddelde')),
                        ('sd', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='standaardafwijking')),
                        ('p20', models.FloatField(blank=True, null=True, verbose_name='20e percentiel')),
                        ('p50', models.FloatField(blank=True, null=True, verbose_name='mediaan (50e percentiel)')),
                        ('p80', models.FloatField(blank=True, null=True, verbose_name='80e percentiel')),
                        ('satisfied_pct', models.FloatField(blank=True, help_text='Alleen bij de schaal tevredenheid: het percentage (zeer) tevreden medewerkers.', null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='% (zeer) tevreden')),
                        ('source', models.CharField(max_length=200, verbose_name='bron')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='jaar')),
                    ],
                    options={
                        'verbose_name': 'benchmarkwaarde',
                        'verbose_name_plural': 'benchmarkwaarden',
                        'db_table': 'surveys_benchmarkreference',
                        'ordering': ['scale_code', '-year'],
                        'constraints': [models.UniqueConstraint(fields=('scale_code', 'source', 'year'), name='unique_benchmark_reference')],
                    },
                ),
                migrations.CreateModel(
                    name='HardFigures',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('moment', models.CharField(choices=[('voor', 'voor de aanpak'), ('na', 'na de aanpak')], max_length=4, verbose_name='moment')),
                        ('absence_pct', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='verzuimpercentage')),
                        ('absence_frequency', models.DecimalField(blank=True, decimal_places=2, help_text='Gemiddeld aantal ziekmeldingen per medewerker per jaar.', max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(50)], verbose_name='meldingsfrequentie')),
                        ('period', models.CharField(blank=True, help_text='Bijvoorbeeld: schooljaar 2025-2026.', max_length=120, verbose_name='periode')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hard_figures', to='projects.cycle')),
                    ],
                    options={
                        'verbose_name': 'verzuimcijfers',
                        'verbose_name_plural': 'verzuimcijfers',
                        'db_table': 'surveys_hardfigures',
                        'ordering': ['cycle', '-moment'],
                        'constraints': [models.UniqueConstraint(fields=('cycle', 'moment'), name='one_hard_figure_per_moment')],
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('school', 'school'), ('group', 'meerdere scholen')], default='school', max_length=6)),
                        ('status', models.CharField(choices=[('wachtrij', 'in de wachtrij'), ('bezig', 'bezig'), ('klaar', 'klaar'), ('mislukt', 'mislukt')], default='wachtrij', max_length=8)),
                        ('error', models.TextField(blank=True, verbose_name='reden')),
                        ('file', models.FileField(blank=True, upload_to=evaluation.models.report_path)),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('cycle', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='projects.cycle')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('school', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='projects.school')),
                        ('schools', models.ManyToManyField(blank=True, related_name='group_reports', to='projects.school')),
                    ],
                    options={
                        'verbose_name': 'rapport',
                        'verbose_name_plural': 'rapporten',
                        'db_table': 'surveys_report',
                        'ordering': ['-requested_at', '-pk'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('kind', 'school')), fields=('school', 'cycle'), name='one_school_report_per_cycle')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
