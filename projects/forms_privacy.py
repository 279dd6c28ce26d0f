from django import forms
from django.utils.translation import gettext_lazy as _

from . import privacy


class DeleteSchoolForm(forms.Form):
    """Deleting a school cannot be undone: the person types its name to confirm."""

    name = forms.CharField(label=_("Typ de naam van de school om te bevestigen"), max_length=200)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean_name(self):
        name = self.cleaned_data["name"]
        if not privacy.confirms_deletion(self.school, name):
            raise forms.ValidationError(
                _("Dat is niet de naam van de school. Er is niets verwijderd."), code="mismatch")
        return name
