from django import forms
from django.utils.translation import gettext_lazy as _

from .invitations import MAX_SLIPS, parse_addresses
from .models import Wave, WaveKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WaveDatesForm(forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["opens_on", "closes_on", "remind_on"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "remind_on": DateInput()}
        help_texts = {
            "closes_on": _("Leeg laten als je de meting met de hand wilt sluiten."),
        }

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on, remind_on = (cleaned.get(name) for name in ("opens_on", "closes_on", "remind_on"))
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("De sluitdatum ligt vóór de openingsdatum."))
        if remind_on and opens_on and remind_on < opens_on:
            self.add_error("remind_on", _("Een herinnering kan pas als de meting open is."))
        if remind_on and closes_on and remind_on > closes_on:
            self.add_error("remind_on", _("De herinnering valt na de sluitdatum."))
        return cleaned


class StartWaveForm(WaveDatesForm):
    kind = forms.ChoiceField(label=_("Soort meting"), choices=WaveKind.choices)

    class Meta(WaveDatesForm.Meta):
        fields = ["kind", "opens_on", "closes_on", "remind_on"]


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label=_("E-mailadressen van het personeel"),
        help_text=_("Eén adres per regel, of gescheiden door komma's of puntkomma's."),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_addresses(self) -> list[str]:
        addresses = parse_addresses(self.cleaned_data["addresses"])
        if not addresses:
            raise forms.ValidationError(_("Vul minstens één e-mailadres in."))
        return addresses


class SlipsForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal briefjes"), min_value=1, max_value=MAX_SLIPS, initial=10,
        help_text=_("Voor collega's zonder e-mailadres: elk briefje heeft een eigen code en QR-code."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code van je briefje"), max_length=80,
        help_text=_("Hoofdletters, spaties en streepjes maken niet uit."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
