"""Forms of the desk's article and claim pages.

They parse and label input; the services decide what is valid. A service's
ValidationError is put back on the form with ``add_service_errors`` so the page
re-renders with what the user typed and the service's message by the field.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

from . import workflow
from . import models as limits
from .models import Article, Claim, SupportStatus
from .public_lists import position_decode
from .selectors import desk_members

CLAIMANT_LIST_ID = "claimant-names"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DeskMemberChoiceField(forms.ModelChoiceField):
    """A choice of the desk's members, shown by full name when they have one."""

    def __init__(self, **kwargs):
        super().__init__(queryset=desk_members().order_by("username"), **kwargs)

    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def add_service_errors(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on ``form``.

    ``field_map`` renames the service's argument names to the form's fields;
    messages about anything the form has no field for go to the top of the form.
    """
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        field = field_map.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


def first_error(form: forms.Form) -> str:
    """The first message on ``form``, naming its field ("Stance: This field is required."),
    for the flash message that says why an action was refused."""
    for name, messages in form.errors.items():
        if not messages:
            continue
        field = form.fields.get(name)
        if field is None:  # a non-field error
            return messages[0]
        return f"{field.label or pretty_name(name)}: {messages[0]}"
    return ""


class DeskSearchForm(forms.Form):
    """The desk's search (``desk:search``): the words, and the position of the page
    (``before``, as the link to the next page writes it)."""

    q = forms.CharField(
        label="Search the desk", max_length=200, required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Claims, evidence, verdicts, notes"}),
    )
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_before(self):
        text = self.cleaned_data["before"]
        if not text:
            return None
        try:
            return position_decode(text)
        except ValueError:
            raise forms.ValidationError("“before” must be a position from a “Next page” link.") from None


class ClaimFilterForm(forms.Form):
    """The dashboard's filters and search (a GET form: every field is optional)."""

    q = forms.CharField(
        label="Search", required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Quote, wording or claimant"}),
    )
    status = forms.ChoiceField(
        label="Support status", required=False, choices=[("", "Any status"), *SupportStatus.choices]
    )
    state = forms.ChoiceField(
        label="Claim state", required=False, choices=[("", "Any state"), *Claim.State.choices]
    )
    assignee = DeskMemberChoiceField(label="Assignee", required=False, empty_label="Anyone")
    article = forms.ModelChoiceField(
        label="Article", required=False, empty_label="Any article",
        queryset=Article.objects.only("pk", "title"),
    )
    claimant = forms.CharField(
        label="Claimant", required=False,
        widget=forms.TextInput(attrs={"list": CLAIMANT_LIST_ID, "placeholder": "Any claimant"}),
    )

    # The article menu offers the newest articles (and the one filtered on); any
    # article's id is accepted, as the "claims of this article" links send.
    ARTICLE_CHOICES = 50

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = list(Article.objects.only("pk", "title").order_by("-created_at", "-pk")[: self.ARTICLE_CHOICES])
        selected = self.data.get("article", "")
        if selected.isdigit() and all(str(a.pk) != selected for a in offered):
            offered += Article.objects.only("pk", "title").filter(pk=selected)
        self.fields["article"].widget.choices = [("", "Any article")] + [(a.pk, a.title) for a in offered]

    def filters(self) -> dict:
        """The valid filters as ``claims_for_list`` arguments (invalid ones are left out)."""
        data = getattr(self, "cleaned_data", {})
        filters = {
            "query": data.get("q", ""),
            "support_status": data.get("status", ""),
            "state": data.get("state", ""),
            "claimant_name": data.get("claimant", ""),
        }
        if data.get("assignee"):
            filters["assignee_id"] = data["assignee"].pk
        if data.get("article"):
            filters["article_id"] = data["article"].pk
        return filters


class ArticleForm(forms.Form):
    """A new article from a URL, an uploaded file, or pasted text or HTML."""

    SOURCE_PASTE, SOURCE_URL, SOURCE_FILE = "paste", "url", "file"
    FORMAT_TEXT, FORMAT_HTML = "text", "html"
    # The service's argument names that the form shows under other fields.
    SERVICE_FIELDS = {"text": "body", "html": "body", "outlet_name": "outlet", "slug": "title"}

    source = forms.ChoiceField(
        label="Where the article comes from",
        choices=[(SOURCE_URL, "From a URL"), (SOURCE_FILE, "Upload a file (HTML, PDF, text)"),
                 (SOURCE_PASTE, "Paste text or HTML")],
        initial=SOURCE_URL, widget=forms.RadioSelect, required=False,
    )
    file = forms.FileField(
        label="File", required=False, help_text="An HTML page, a PDF or a plain-text file.",
    )
    title = forms.CharField(max_length=500, required=False, help_text="Needed for pasted text; found for URLs and files.")
    body_format = forms.ChoiceField(
        label="The pasted text is",
        choices=[(FORMAT_TEXT, "Plain text"), (FORMAT_HTML, "HTML (scripts, styles and event handlers are removed)")],
        initial=FORMAT_TEXT, widget=forms.RadioSelect, required=False,
    )
    body = forms.CharField(
        label="Article text", widget=forms.Textarea(attrs={"rows": 14}), required=False,
        help_text="Paste the whole article. Paragraphs separated by a blank line are kept.",
    )
    url = forms.URLField(label="Address (URL)", required=False, max_length=2000)
    outlet = forms.CharField(
        max_length=200, required=False,
        help_text="The publication's name; a new name is added to the sources.",
    )
    authors = forms.CharField(max_length=500, required=False, help_text="Comma-separated names.")
    published_on = forms.DateField(label="Publication date", required=False, widget=DateInput)
    language = forms.CharField(
        max_length=12, initial="en", required=False, help_text="Language code, e.g. en, de, fr."
    )

    def clean(self):
        data = super().clean()
        # A form posted without a choice (older clients) is pasted text.
        source = data["source"] = data.get("source") or self.SOURCE_PASTE
        if source == self.SOURCE_URL and not data.get("url") and "url" not in self.errors:
            self.add_error("url", "Give the article's address.")
        if source == self.SOURCE_FILE and not data.get("file") and "file" not in self.errors:
            self.add_error("file", "Choose a file to upload.")
        if source == self.SOURCE_PASTE:
            for name in ("title", "body"):
                if not data.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def service_kwargs(self) -> dict:
        """Arguments for ``article_create`` (pasted articles)."""
        data = self.cleaned_data
        is_html = data["body_format"] == self.FORMAT_HTML
        return {
            "title": data["title"],
            "text": "" if is_html else data["body"],
            "html": data["body"] if is_html else "",
            "url": data["url"],
            "outlet_name": data["outlet"],
            "authors": data["authors"],
            "published_on": data["published_on"],
            "language": data["language"],
        }


class ArticleEditForm(forms.Form):
    """An article's metadata and plain text."""

    SERVICE_FIELDS = {"outlet_name": "outlet", "slug": "title"}

    title = forms.CharField(max_length=500)
    url = forms.URLField(label="Address (URL)", required=False, max_length=2000)
    outlet = forms.CharField(max_length=200, required=False, help_text="The publication's name.")
    authors = forms.CharField(max_length=500, required=False, help_text="Comma-separated names.")
    published_on = forms.DateField(label="Publication date", required=False, widget=DateInput)
    language = forms.CharField(max_length=12, help_text="Language code, e.g. en, de, fr.")
    text = forms.CharField(
        label="Article text", widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Changing the text re-checks that every claim's quote is still in it.",
    )

    @classmethod
    def initial_for(cls, article: Article) -> dict:
        return {
            "title": article.title,
            "url": article.url or "",
            "outlet": article.outlet.name if article.outlet_id else "",
            "authors": article.authors,
            "published_on": article.published_on,
            "language": article.language,
            "text": article.text,
        }

    def service_kwargs(self) -> dict:
        """Arguments for ``article_update``."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "url": data["url"] or None,
            "outlet_name": data["outlet"],
            "authors": data["authors"],
            "published_on": data["published_on"],
            "language": data["language"],
            "text": data["text"],
        }


class ClaimForm(forms.Form):
    """Log a claim of an article."""

    SERVICE_FIELDS = {"claimant_name": "claimant"}

    quote = forms.CharField(
        max_length=limits.QUOTE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Select a passage in the text to copy it here, or type it. "
        "Curly quotes and spacing may differ; the article's own wording is stored.",
    )
    text = forms.CharField(
        label="Claim as checked", max_length=500, required=False,
        help_text="Optional short, neutral wording of what is checked.",
    )
    claimant = forms.CharField(
        max_length=200, required=False,
        widget=forms.TextInput(attrs={"list": CLAIMANT_LIST_ID, "autocomplete": "off"}),
        help_text="Pick a known claimant or type a new name.",
    )
    claim_date = forms.DateField(label="Claim date", required=False, widget=DateInput)
    date_precision = forms.ChoiceField(
        label="Date precision", choices=Claim.DatePrecision.choices, initial=Claim.DatePrecision.DAY,
        help_text="How much of the date is known.",
    )

    def service_kwargs(self) -> dict:
        """Arguments for ``claim_create``."""
        data = self.cleaned_data
        return {
            "quote": data["quote"],
            "text": data["text"],
            "claimant_name": data["claimant"],
            "claim_date": data["claim_date"],
            "date_precision": data["date_precision"],
        }


class ClaimEditForm(ClaimForm):
    """Edit a claim: its wording and dates, its state and who works on it."""

    state = forms.ChoiceField(label="Claim state", choices=Claim.State.choices)
    dismissed_reason = forms.CharField(
        label="Reason for dismissing", max_length=300, required=False,
        help_text="Required when the state is “Dismissed”.",
    )
    assignee = DeskMemberChoiceField(required=False, empty_label="Nobody")

    @classmethod
    def initial_for(cls, claim: Claim) -> dict:
        return {
            "quote": claim.quote,
            "text": claim.text,
            "claimant": claim.claimant.name if claim.claimant_id else "",
            "claim_date": claim.claim_date,
            "date_precision": claim.date_precision,
            "state": claim.state,
            "dismissed_reason": claim.dismissed_reason,
            "assignee": claim.assignee_id,
        }

    def service_kwargs(self) -> dict:
        """Arguments for ``claim_update``."""
        data = self.cleaned_data
        return {
            **super().service_kwargs(),
            "state": data["state"],
            "dismissed_reason": data["dismissed_reason"],
            "assignee": data["assignee"],
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New note", max_length=limits.NOTE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Internal: never shown to readers.",
    )

    def __init__(self, *args, **kwargs):
        # The claim page also holds the claim form, whose "text" field would share the
        # id, so the note's label would name the wrong field.
        kwargs.setdefault("auto_id", "id_note_%s")
        super().__init__(*args, **kwargs)


# Verdicts


class VerdictForm(forms.Form):
    """The claim's verdict draft. The rating is picked from the newsroom's default
    scale (or another scale) and posted as ``<scale>/<rating>``; every field may stay
    empty in a draft, and submitting it for review asks for rating, headline and summary."""

    rating = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    headline = forms.CharField(
        max_length=300, required=False, help_text="The verdict page's title: what readers learn, in a line.",
    )
    summary = forms.CharField(
        max_length=limits.SUMMARY_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences. Search engines show it as the ClaimReview text.",
    )
    body = forms.CharField(
        label="Body (Markdown)", max_length=limits.VERDICT_BODY_MAX_CHARS, required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="The full verdict in Markdown: **bold**, *italic*, [links](https://…), lists, "
        "quotes. HTML in it is sanitised.",
    )
    claimant_response = forms.CharField(
        label="Claimant's response", max_length=limits.CLAIMANT_RESPONSE_MAX_CHARS, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the claimant said when asked (right of reply). Leave empty if none was sought.",
    )

    def __init__(self, *args, scales, **kwargs):
        """``scales``: from ``selectors.rating_scales()``, the default first."""
        # Ids of their own: the claim page also holds the claim, evidence and note forms.
        kwargs.setdefault("auto_id", "id_verdict_%s")
        super().__init__(*args, **kwargs)
        self.scales = scales
        self.fields["rating"].choices = [("", "No rating yet")] + [
            (self.rating_value(rating, scale), rating.label) for scale in scales for rating in scale.rating_list
        ]

    @staticmethod
    def rating_value(rating, scale=None) -> str:
        return f"{(scale or rating.scale).slug}/{rating.slug}"

    @classmethod
    def initial_for(cls, verdict) -> dict:
        return {
            "rating": cls.rating_value(verdict.rating) if verdict.rating_id else "",
            "headline": verdict.headline,
            "summary": verdict.summary,
            "body": verdict.body,
            "claimant_response": verdict.claimant_response,
        }

    def rating_groups(self) -> list[dict]:
        """The rating choices by scale, the default scale first, each rating with its
        label, description and class, and whether it is the one chosen."""
        chosen = str(self["rating"].value() or "")
        groups = []
        for scale in self.scales:
            options = [
                {"value": self.rating_value(rating, scale), "rating": rating,
                 "checked": self.rating_value(rating, scale) == chosen}
                for rating in scale.rating_list
            ]
            groups.append({
                "scale": scale, "is_default": scale.is_newsroom_default, "options": options,
                "has_choice": any(option["checked"] for option in options),
            })
        return groups

    def service_kwargs(self) -> dict:
        """Arguments for ``verdict_save``."""
        data = self.cleaned_data
        scale, _, rating = data["rating"].partition("/")
        return {
            "rating": rating,
            "scale": scale,
            "headline": data["headline"],
            "summary": data["summary"],
            "body": data["body"],
            "claimant_response": data["claimant_response"],
        }


class VerdictAmendForm(VerdictForm):
    """A published verdict's new wording (the draft form's fields, filled with what is
    published) and the dated correction that tells readers what changed and why."""

    correction = forms.CharField(
        label="Correction (public, dated)", max_length=limits.CORRECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the verdict page with the date and what changed (the old wording included).",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_amend_%s")
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = self.fields["rating"].choices[1:]  # a published verdict keeps a rating

    def service_kwargs(self) -> dict:
        """Arguments for ``verdict_amend``."""
        return {**super().service_kwargs(), "text": self.cleaned_data["correction"]}


class VerdictActionForm(forms.Form):
    """One workflow action on the claim's current verdict, with the words it needs:
    a ``comment`` to request changes, a public ``reason`` to retract, a correction's ``text``."""

    ACTIONS = [name for name in workflow.ACTIONS if name not in ("edit", "amend")]  # those have their own forms

    verdict = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS], widget=forms.HiddenInput)
    comment = forms.CharField(
        label="What needs to change", max_length=limits.REVIEW_COMMENT_MAX_CHARS, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The author reads this on the claim page.",
    )
    reason = forms.CharField(
        label="Public reason for the retraction", max_length=limits.RETRACTION_REASON_MAX_CHARS, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the verdict page, which stays online with a retraction notice.",
    )
    text = forms.CharField(
        label="Correction", max_length=limits.CORRECTION_MAX_CHARS, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As readers will see it, dated, on the verdict page.",
    )

    # Publishing asks first (``desk:verdict_publish`` says what becomes public); its form sends this.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_verdict_%s")
        super().__init__(*args, **kwargs)
