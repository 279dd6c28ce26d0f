from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import (
    Agreement,
    Considerations,
    Evaluation,
    Membership,
    Role,
    Signal,
    StaffDiscussion,
    TeamRole,
)
from .people_list import parse_people
from .steps import STEPS


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices, initial=Role.MEDEWERKER)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean(self):
        cleaned = super().clean()
        email, role = cleaned.get("email"), cleaned.get("role")
        if email and role and Membership.objects.filter(
            school=self.school, user__email__iexact=email, role=role
        ).exists():
            raise forms.ValidationError(_("Deze persoon heeft deze rol op deze school al."))
        return cleaned


class RoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class SignalForm(forms.ModelForm):
    class Meta:
        model = Signal
        fields = ["kind", "description", "source", "observed_on", "figure"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class ConsiderationsForm(forms.ModelForm):
    class Meta:
        model = Considerations
        fields = list(Considerations.QUESTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in Considerations.QUESTIONS}


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["party", "name", "agreed_on", "note"]
        widgets = {
            "agreed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class TeamForm(forms.Form):
    """The project team, chosen from the people with a role at the school."""

    def __init__(self, *args, school, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            get_user_model().objects.filter(memberships__school=school).distinct().order_by("first_name", "username")
        )
        current = {role: [] for role in TeamRole.values}
        for member in cycle.team.all():
            current[member.team_role].append(member.user_id)
        for role, label in TeamRole.choices:
            self.fields[role] = forms.ModelMultipleChoiceField(
                label=label, queryset=people, required=role == TeamRole.PROJECTLEIDER,
                widget=forms.CheckboxSelectMultiple, initial=current[role],
            )
            self.fields[role].label_from_instance = lambda user: user.get_full_name() or user.username


class YearPlanForm(forms.Form):
    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        targets = dict(cycle.targets.values_list("step", "target_date"))
        for step in STEPS:
            self.fields[f"step_{step.number}"] = forms.DateField(
                label=_("Stap %(number)s: %(title)s") % {"number": step.number, "title": step.title},
                required=False, initial=targets.get(step.number),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean(self):
        cleaned = super().clean()
        dates = [cleaned.get(f"step_{step.number}") for step in STEPS]
        filled = [d for d in dates if d]
        if filled != sorted(filled):
            raise forms.ValidationError(_("De streefdata moeten in de volgorde van de stappen liggen."))
        return cleaned

    def targets(self) -> dict[int, object]:
        return {step.number: self.cleaned_data[f"step_{step.number}"] for step in STEPS}


class StaffDiscussionForm(forms.ModelForm):
    class Meta:
        model = StaffDiscussion
        fields = ["discussed_on", "how"]
        widgets = {"discussed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class EvaluationForm(forms.ModelForm):
    improvement_points = forms.CharField(
        label=_("Verbeterpunten"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén verbeterpunt per regel. Ze worden de eerste signalen van de volgende cyclus."),
    )

    class Meta:
        model = Evaluation
        fields = ["what_worked", "what_did_not", "conclusions"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ["what_worked", "what_did_not", "conclusions"]}

    def clean_improvement_points(self) -> list[str]:
        lines = [line.strip(" \t-•") for line in self.cleaned_data["improvement_points"].splitlines()]
        points = [line for line in lines if line]
        too_long = [point for point in points if len(point) > 500]
        if too_long:
            raise forms.ValidationError(_("Een verbeterpunt mag hoogstens 500 tekens lang zijn."))
        return points


class PeopleListForm(forms.Form):
    """Many colleagues at once: a pasted list or a CSV file (projects/people_list.py), all or nothing."""

    MAX_FILE_BYTES = 1_000_000

    people = forms.CharField(
        label=_("Namen en e-mailadressen"), required=False,
        help_text=_("Eén collega per regel: naam; e-mailadres. Of plak de tabel uit een spreadsheet met de "
                    "kolommen naam en e-mail."),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
    )
    file = forms.FileField(label=_("Of een CSV-bestand"), required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices, initial=Role.MEDEWERKER)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "list_%s")  # the team page's other form has a role field too
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("people", "")
        if upload is not None:
            if upload.size > self.MAX_FILE_BYTES:
                raise forms.ValidationError(_("Het bestand is groter dan 1 MB."))
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _("Het bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’.")) from error
        if not text.strip():
            raise forms.ValidationError(_("Plak een lijst of kies een CSV-bestand."))
        cleaned["list"] = parse_people(text)
        return cleaned
