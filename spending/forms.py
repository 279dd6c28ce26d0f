from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from surveys.invitations import parse_addresses

from .consultation import MAX_SLIPS
from .models import Decision, Funding, PlanLine, PlanVersion, PmrDecision, SpendingPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewPlanForm(forms.Form):
    school_year = forms.IntegerField(label=_("Schooljaar dat begint op 1 augustus van"), min_value=2018,
                                     max_value=2100)


class AmountForm(forms.ModelForm):
    class Meta:
        model = PlanVersion
        fields = ["amount", "pupils", "per_pupil", "pupils_counted_on"]
        widgets = {"pupils_counted_on": DATE}
        help_texts = {"amount": _("Vul het bedrag in, of het aantal leerlingen en het bedrag per leerling.")}

    def clean(self):
        data = super().clean()
        if data.get("amount") is None and (data.get("pupils") is None) != (data.get("per_pupil") is None):
            raise ValidationError(_("Vul bij leerlingen × bedrag per leerling allebei in."))
        if data.get("pupils") is not None and data.get("pupils_counted_on") is None and data.get("amount") is None:
            raise ValidationError(_("Noem de teldatum van het aantal leerlingen."))
        for name in ("amount", "per_pupil"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Een bedrag kan niet negatief zijn."))
        return data


class LineForm(forms.ModelForm):
    class Meta:
        model = PlanLine
        fields = ["title", "cost", "fte", "category", "funding", "funding_name", "bottleneck"]

    def __init__(self, *args, bottlenecks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bottleneck"].queryset = bottlenecks
        self.fields["bottleneck"].required = False

    def clean(self):
        data = super().clean()
        if data.get("cost") is None and data.get("fte") is None:
            raise ValidationError(_("Noem de kosten in euro's, in fte of allebei."))
        for name in ("cost", "fte"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Dit kan niet negatief zijn."))
        if data.get("funding") == Funding.OTHER and not data.get("funding_name", "").strip():
            self.add_error("funding_name", _("Noem de andere bron."))
        return data


class OpenConsultationForm(forms.Form):
    addresses = forms.CharField(label=_("E-mailadressen van het team"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("Eén per regel of gescheiden door komma's. Ieder krijgt een eigen link."))
    slips = forms.IntegerField(label=_("Aantal briefjes met een code"), min_value=0, max_value=MAX_SLIPS,
                               initial=0, required=False)

    def clean_addresses(self):
        return parse_addresses(self.cleaned_data["addresses"])

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("addresses") and not data.get("slips"):
            raise ValidationError(_("Nodig het team uit met e-mailadressen, briefjes of allebei."))
        return data


class VoteForm(forms.Form):
    supports = forms.TypedChoiceField(
        label=_("Wat vind je van dit plan?"), widget=forms.RadioSelect, coerce=lambda value: value == "ja",
        choices=[("ja", _("Ik steun dit plan")), ("nee", _("Ik steun dit plan niet"))],
    )
    remark = forms.CharField(label=_("Je opmerking"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Schrijf geen namen: opmerkingen worden pas getoond als minstens vijf "
                                         "collega's er een schreven, door elkaar en zonder tijd."))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code van je briefje"), max_length=60)


class TeamMeetingForm(forms.ModelForm):
    class Meta:
        model = SpendingPlan
        fields = ["team_meeting_on", "team_meeting_outcome"]
        widgets = {"team_meeting_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_meeting_on"].required = True
        self.fields["team_meeting_outcome"].required = True


class DecisionForm(forms.ModelForm):
    class Meta:
        model = PmrDecision
        fields = ["decision", "text", "decided_on"]
        widgets = {"decided_on": DATE, "decision": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = Decision.choices  # no empty choice among the radio buttons

    def clean(self):
        data = super().clean()
        if data.get("decision") in (Decision.CONDITIONS, Decision.REFUSED) and not data.get("text", "").strip():
            self.add_error("text", _("Noem de voorwaarden of de redenen."))
        return data


class AccountLineForm(forms.ModelForm):
    class Meta:
        model = PlanLine
        fields = ["spent", "spent_fte", "effect"]
        widgets = {"effect": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The account shows its fields in a table without a label each: the table's header names them.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label
        self.fields["spent_fte"].widget.attrs["placeholder"] = _("fte")

    def clean(self):
        data = super().clean()
        for name in ("spent", "spent_fte"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Dit kan niet negatief zijn."))
        return data
