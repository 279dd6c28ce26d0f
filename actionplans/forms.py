from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Cycle

from .brainstorm import clean_idea, looks_like_code, normalise_code
from .models import (
    IDEA_MAX_LENGTH,
    TOP,
    Bottleneck,
    Brainstorm,
    CheckIn,
    FocusCheck,
    Group,
    Measure,
    ProgressUpdate,
    SourceDocument,
    Success,
)
from .uploads import check_document

CHECK_CHOICES = [("", "—"), (0, _("nee")), (1, _("een beetje")), (2, _("ja"))]


class TextWithoutNul(forms.CharField):
    """Anonymous text: NUL characters are dropped rather than refusing the whole text."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


# Lazy, so the help text is in the language of each request, not of the moment of import.
_limit_text = lazy(lambda n: gettext("Hoogstens %(n)s tekens.") % {"n": n}, str)


class CountedText(TextWithoutNul):
    """A text with a length limit that is told before typing: the help text names it, a counter
    (static/js/werkdruk.js) counts down. No `maxlength` attribute: the browser would cut a pasted
    text silently; a text that is too long gets Django's Dutch error instead."""

    def __init__(self, *, max_length: int, **kwargs):
        kwargs.setdefault("help_text", _limit_text(max_length))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(max_length=max_length, **kwargs)

    shows_counter = True  # templates/_field.html

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["data-maxlength"] = attrs.pop("maxlength", self.max_length)
        return attrs


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SourceDocumentForm(forms.ModelForm):
    class Meta:
        model = SourceDocument
        fields = ["kind", "title", "summary", "file"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "summary": _("Wat zegt deze bron over werkdruk? Deze samenvatting leest de werkgroep bij het kiezen."),
            "file": _("PDF, DOCX, XLSX, ODT, PNG of JPG, hoogstens 10 MB."),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload)
        return upload


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Bottleneck
        fields = ["label", "description", "document"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = cycle.source_documents.all()
        self.fields["document"].empty_label = _("geen: eigen inbreng van de werkgroep")


class ScoreForm(forms.ModelForm):
    many_people = forms.TypedChoiceField(label=_("Veel mensen?"), choices=CHECK_CHOICES, coerce=int)
    big_problems = forms.TypedChoiceField(label=_("Grote problemen?"), choices=CHECK_CHOICES, coerce=int)
    several_problems = forms.TypedChoiceField(label=_("Meerdere problemen?"), choices=CHECK_CHOICES, coerce=int)

    class Meta:
        model = Bottleneck
        fields = ["many_people", "big_problems", "several_problems"]


class TopFiveForm(forms.Form):
    """Five places, each a candidate and the reason it is there. Empty places at the end are allowed."""

    def __init__(self, *args, cycle: Cycle, candidates: list[Bottleneck], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— leeg —"))] + [(b.pk, b.label) for b in candidates]
        self.by_pk = {b.pk: b for b in candidates}
        for place in range(1, TOP + 1):
            self.fields[f"bottleneck_{place}"] = forms.TypedChoiceField(
                label=_("Plaats %(n)s") % {"n": place}, choices=choices, coerce=int, required=False, empty_value=None,
            )
            self.fields[f"reason_{place}"] = forms.CharField(
                label=_("Waarom plaats %(n)s?") % {"n": place}, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def places(self):
        return [(self[f"bottleneck_{n}"], self[f"reason_{n}"]) for n in range(1, TOP + 1)]

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for place in range(1, TOP + 1):
            pk, reason = cleaned.get(f"bottleneck_{place}"), (cleaned.get(f"reason_{place}") or "").strip()
            if pk is None:
                if reason:
                    self.add_error(f"bottleneck_{place}", _("Kies een knelpunt bij deze reden."))
                continue
            if not reason:
                self.add_error(f"reason_{place}", _("Geef aan waarom dit knelpunt in de top vijf staat."))
            chosen.append((self.by_pk[pk], reason))
        if not chosen:
            raise forms.ValidationError(_("Kies minstens één knelpunt."))
        if len({b.pk for b, _reason in chosen}) != len(chosen):
            raise forms.ValidationError(_("Elk knelpunt kan maar één keer in de top vijf staan."))
        cleaned["chosen"] = chosen
        return cleaned


class BrainstormForm(forms.ModelForm):
    votes_per_device = forms.IntegerField(label=_("Stemmen per deelnemer"), min_value=1, max_value=10, initial=3)

    class Meta:
        model = Brainstorm
        fields = ["title", "votes_per_device"]


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, widget=forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text"}))

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not looks_like_code(code):
            raise forms.ValidationError(_("Een code heeft zes letters en cijfers, zoals op het scherm staat."))
        return code


class GroupForm(forms.Form):
    group = forms.ChoiceField(label=_("In welke groep zit je?"), choices=Group.choices, widget=forms.RadioSelect)


class IdeaForm(forms.Form):
    bottleneck = forms.TypedChoiceField(label=_("Voor welk knelpunt?"), coerce=int)
    text = CountedText(label=_("Jouw idee"), max_length=IDEA_MAX_LENGTH)

    def __init__(self, *args, bottlenecks: list[Bottleneck], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bottleneck"].choices = [(b.pk, b.label) for b in bottlenecks]

    def clean_text(self):
        text = clean_idea(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Schrijf je idee op."))
        return text


class MeasureForm(forms.ModelForm):
    activities = forms.CharField(
        label=_("Activiteiten"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén activiteit per regel; ze komen als afvinklijst in het werkplan."),
    )

    class Meta:
        model = Measure
        fields = ["bottleneck", "title", "description", "expected_result", "owner", "starts_on", "ends_on",
                  "evaluate_on", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "evaluate_on": DateInput(),
        }

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bottleneck"].queryset = cycle.bottlenecks.order_by("rank", "label")
        self.fields["bottleneck"].label_from_instance = (
            lambda b: f"{b.rank}. {b.label}" if b.rank else f"{b.label} ({_('niet in de top vijf')})")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__school=cycle.project.school).distinct()
            .order_by("first_name", "username"))
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username
        if self.instance.pk:
            self.initial["activities"] = "\n".join(a.text for a in self.instance.activities.all())

    def clean(self):
        cleaned = super().clean()
        starts, ends, evaluate = cleaned.get("starts_on"), cleaned.get("ends_on"), cleaned.get("evaluate_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Het einde ligt vóór de start."))
        if starts and evaluate and evaluate < starts:
            self.add_error("evaluate_on", _("De evaluatie ligt vóór de start."))
        return cleaned

    def activity_lines(self) -> list[str]:
        lines = [line.strip()[:300] for line in self.cleaned_data.get("activities", "").splitlines()]
        return [line for line in lines if line]

    def save(self, commit: bool = True) -> Measure:
        measure = super().save(commit=commit)
        if commit:
            measure.set_activities(self.activity_lines())
        return measure


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["note", "status", "on"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "on": DateInput()}


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["measure", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = cycle.measures.order_by("title")
        self.fields["measure"].empty_label = _("het werkplan als geheel")


class SuccessForm(forms.ModelForm):
    text = CountedText(label=_("Wat ging er goed?"), max_length=Success._meta.get_field("text").max_length)

    class Meta:
        model = Success
        fields = ["text", "measure"]

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = cycle.measures.order_by("title")
        self.fields["measure"].empty_label = _("geen bepaalde maatregel")

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Schrijf op wat er goed ging."))
        return text


class FocusCheckForm(forms.ModelForm):
    class Meta:
        model = FocusCheck
        fields = ["initiative", "effect", "bottleneck", "explanation", "decision"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2}), "effect": forms.RadioSelect,
                   "decision": forms.RadioSelect}

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bottleneck"].queryset = cycle.bottlenecks.top()
        self.fields["bottleneck"].empty_label = _("geen van de top vijf")
        # A model field without a default brings a blank choice, which a radio list would show checked.
        for name in ("effect", "decision"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0] != ""]
