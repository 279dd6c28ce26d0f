from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import School

from .models import HardFigures


class HardFiguresForm(forms.ModelForm):
    class Meta:
        model = HardFigures
        fields = ["absence_pct", "absence_frequency", "period"]
        localized_fields = ["absence_pct", "absence_frequency"]  # "6,4" as Dutch people type it

    def __init__(self, *args, moment: str, **kwargs):
        # One form per moment on the same page: the prefix keeps their fields apart.
        super().__init__(*args, prefix=moment, **kwargs)
        self.moment = moment

    def clean(self):
        data = super().clean()
        if data.get("absence_pct") is None and data.get("absence_frequency") is None:
            raise forms.ValidationError(_("Vul een verzuimpercentage of een meldingsfrequentie in."))
        return data


class GroupReportForm(forms.Form):
    schools = forms.ModelMultipleChoiceField(
        label=_("Scholen"), queryset=School.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één school."), "invalid_choice": _("Kies alleen scholen uit de lijst."),
        },
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools
