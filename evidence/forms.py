"""Forms of the desk's evidence actions: they parse input; the services decide."""

from django import forms

from .models import EXCERPT_MAX_CHARS, SOURCE_NOTES_MAX_CHARS, EvidenceItem, Source

# What the file picker offers: the types evidence.documents can read.
DOCUMENT_TYPES = ".html,.htm,.pdf,.txt,.csv,.md,text/html,text/plain,application/pdf"


class EvidenceForm(forms.Form):
    """Add evidence to a claim: a URL, an excerpt and/or an archived document."""

    stance = forms.ChoiceField(
        choices=EvidenceItem.Stance.choices, widget=forms.RadioSelect,
        help_text="Only supporting and refuting evidence counts towards the status.",
    )
    url = forms.URLField(label="Address (URL)", required=False, max_length=2000)
    title = forms.CharField(
        max_length=300, required=False,
        help_text="Left empty, it becomes the archived page's own title; yours is kept.",
    )
    excerpt = forms.CharField(
        max_length=EXCERPT_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The passage you rely on, copied from the source: the checks look for it there.",
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Decide from what is given"), *EvidenceItem.Kind.choices],
    )
    visibility = forms.ChoiceField(
        choices=EvidenceItem.Visibility.choices, initial=EvidenceItem.Visibility.PUBLIC,
        help_text="Internal evidence is never shown to readers.",
    )
    document = forms.FileField(
        label="Upload a document", required=False,
        widget=forms.FileInput(attrs={"accept": DOCUMENT_TYPES}),
        help_text="HTML, PDF or plain text; it is archived with the evidence.",
    )
    pasted_text = forms.CharField(
        label="Or paste the document", required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text or HTML; archived like an upload.",
    )

    def clean(self):
        data = super().clean()
        if data.get("document") and (data.get("pasted_text") or "").strip():
            raise forms.ValidationError("Upload a file or paste a document, not both.")
        return data

    def service_kwargs(self) -> dict:
        """Arguments for ``evidence_create``."""
        data = self.cleaned_data
        return {
            "stance": data["stance"],
            "url": data["url"],
            "title": data["title"],
            "excerpt": data["excerpt"],
            "kind": data["kind"],
            "visibility": data["visibility"],
            "document": data["document"],
            "pasted_text": data["pasted_text"],
        }


class EvidenceEditForm(EvidenceForm):
    """Edit an evidence item; a new document replaces its archived one."""

    kind = forms.ChoiceField(choices=EvidenceItem.Kind.choices)
    document = forms.FileField(
        label="Replace the archived document", required=False,
        widget=forms.FileInput(attrs={"accept": DOCUMENT_TYPES}),
        help_text="HTML, PDF or plain text. Leave empty to keep the current one.",
    )
    pasted_text = forms.CharField(
        label="Or paste a replacement", required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    @classmethod
    def initial_for(cls, item: EvidenceItem) -> dict:
        return {
            "stance": item.stance,
            "url": item.url,
            "title": item.title,
            "excerpt": item.excerpt,
            "kind": item.kind,
            "visibility": item.visibility,
        }


class SourceFilterForm(forms.Form):
    """The sources list's search and reliability filter (a GET form: every field is optional)."""

    q = forms.CharField(
        label="Search", required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, domain or owner"}),
    )
    reliability = forms.ChoiceField(
        label="Reliability", required=False, choices=[("", "Any rating"), *Source.Reliability.choices]
    )

    def filters(self) -> dict:
        """The valid filters as ``sources_for_list`` arguments."""
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q", "").strip(), "reliability": data.get("reliability", "")}


class SourceForm(forms.Form):
    """Edit a source: what editors know about the publisher behind a domain."""

    name = forms.CharField(max_length=200)
    owner = forms.CharField(
        max_length=200, required=False,
        help_text="The organisation that owns it. Sources with the same owner count as one "
                  "when the desk counts independent sources.",
    )
    reliability = forms.ChoiceField(
        choices=Source.Reliability.choices,
        help_text="Evidence from an unreliable source is weak: it no longer decides a claim's status.",
    )
    notes = forms.CharField(
        max_length=SOURCE_NOTES_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why it is rated so, for other editors. Never shown to readers.",
    )

    @classmethod
    def initial_for(cls, source: Source) -> dict:
        return {"name": source.name, "owner": source.owner, "reliability": source.reliability, "notes": source.notes}

    def service_kwargs(self) -> dict:
        """Arguments for ``source_update``."""
        data = self.cleaned_data
        return {"name": data["name"].strip(), "owner": data["owner"].strip(),
                "reliability": data["reliability"], "notes": data["notes"].strip()}
