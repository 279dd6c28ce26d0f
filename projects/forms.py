from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Role


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
