from django import forms
from django.utils.translation import gettext_lazy as _

from .access import BOARD_INVITES
from .models import AccessRequest, Membership, School, brin_validator


class SchoolForm(forms.ModelForm):
    """A school the bestuursbeheerder adds to their board."""

    class Meta:
        model = School
        fields = ["name", "brin", "city"]

    def __init__(self, *args, board, **kwargs):
        # Two forms on the board's page: their own ids, so that each label points at its own field.
        kwargs.setdefault("auto_id", "school_%s")
        super().__init__(*args, instance=School(board=board), **kwargs)
        self.fields["brin"].required = True
        # Checked in clean_brin once spaces and lower case are taken out ("12ab 00" is 12AB00).
        self.fields["brin"].validators = []

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if School.objects.filter(board=self.instance.board, name__iexact=name).exists():
            raise forms.ValidationError(_("Dit bestuur heeft al een school met deze naam."))
        return name

    def clean_brin(self):
        brin = "".join(self.cleaned_data["brin"].split()).upper()
        brin_validator(brin)
        if School.objects.filter(brin=brin).exists():
            raise forms.ValidationError(_("Er is al een school met dit BRIN-nummer."))
        return brin


class BoardInviteForm(forms.Form):
    """The project leader or a coach of one of the board's schools."""

    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    role = forms.ChoiceField(label=_("Rol"), choices=[(role.value, role.label) for role in BOARD_INVITES])

    def __init__(self, *args, board, **kwargs):
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = board.schools.all()

    def clean(self):
        cleaned = super().clean()
        school, email, role = cleaned.get("school"), cleaned.get("email"), cleaned.get("role")
        if school and email and role and Membership.objects.filter(
            school=school, user__email__iexact=email, role=role
        ).exists():
            raise forms.ValidationError(_("Deze persoon heeft deze rol op deze school al."))
        return cleaned


class AccessRequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["board_name", "contact_name", "contact_email", "school_count"]

    def clean_school_count(self):
        count = self.cleaned_data["school_count"]
        if not 1 <= count <= 500:
            raise forms.ValidationError(_("Geef een aantal scholen van 1 tot en met 500."))
        return count


