"""The public list of fact-checks at /fact-checks/: search, filters and keyset pages.

Every parameter is checked: a bad value answers 400 with the page, the filters as
typed and a message naming the parameter. Pages go "older" and "newer" from a
position in the list (``before`` / ``after``, a published time and an id), so a
page deep in the archive costs what the first one costs.
"""

import datetime as dt
import re

from django import forms
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import fact_check_lists
from .fact_check_lists import Keyset
from .models import Claimant, Rating, Verdict
from .public_cache import public_page

PAGE_SIZE = 20
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_POSITION = re.compile(r"(\d{1,18})_(\d{1,18})")
BAD_POSITION = "Not a position in the list of fact-checks; follow the “Older” and “Newer” links."


def position_encode(position: Keyset) -> str:
    """A list position as it travels in a link: microseconds since 1970 and the id."""
    published_at, pk = position
    return f"{(published_at - _EPOCH) // dt.timedelta(microseconds=1)}_{pk}"


def position_decode(text: str) -> Keyset:
    """The position ``position_encode`` wrote; ValueError for anything else."""
    match = _POSITION.fullmatch(text)
    if match is None:
        raise ValueError(text)
    try:
        published_at = _EPOCH + dt.timedelta(microseconds=int(match[1]))
    except OverflowError as error:
        raise ValueError(text) from error
    return published_at, int(match[2])


class FactCheckFilterForm(forms.Form):
    """The list's query string: search, filters and the page's position. Every
    field is optional; the field names are the parameter names."""

    q = forms.CharField(
        label="Search", required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words, “a phrase”, -excluded"}),
    )
    rating = forms.ChoiceField(
        label="Rating", required=False, choices=[("", "Any rating"), *Rating.RatingClass.choices]
    )
    claimant = forms.CharField(
        label="Claimant", required=False, max_length=200,
        widget=forms.TextInput(attrs={"list": "claimant-names", "placeholder": "Anyone"}),
    )
    since = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.CharField(required=False, widget=forms.HiddenInput)
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    FILTERS = ("q", "rating", "claimant", "since", "until")
    # How an error names a field: as the reader sees it on the form, not the parameter in the address.
    READER_NAMES = {"until": "Published to", "before": "List position", "after": "List position"}

    def reader_name(self, name: str) -> str:
        field = self.fields.get(name)
        return self.READER_NAMES.get(name) or (field.label if field is not None and field.label else name)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "Any rating"), *rating_filter_choices()]

    def _position(self, name: str) -> Keyset | None:
        text = self.cleaned_data[name]
        if not text:
            return None
        try:
            return position_decode(text)
        except ValueError:
            raise forms.ValidationError(BAD_POSITION, code="invalid") from None

    def clean_before(self):
        return self._position("before")

    def clean_after(self):
        return self._position("after")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        if data.get("before") and data.get("after"):
            self.add_error("after", "Give “before” or “after”, not both.")
        return data

    def list_filters(self) -> dict:
        """The filters as ``fact_check_lists.fact_checks_listed`` arguments."""
        data = self.cleaned_data
        return {
            "query": data["q"], "rating_class": data["rating"], "claimant_name": data["claimant"],
            "published_from": data["since"], "published_to": data["until"],
        }


def rating_filter_choices() -> list[tuple[str, str]]:
    """The rating filter's options: one per rating class, named by the labels its items
    show ("Half True or Mixture", not the class's own name "Mixed")."""
    labels: dict[str, list[str]] = {value: [] for value in Rating.RatingClass.values}
    for rating_class, label in Rating.objects.order_by("-value", "scale_id").values_list("rating_class", "label"):
        if label not in labels[rating_class]:
            labels[rating_class].append(label)
    return [(value, _either(labels[value]) or name) for value, name in Rating.RatingClass.choices]


def _either(words: list[str]) -> str:
    """``["A", "B", "C"]`` as "A, B or C"."""
    return " or ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _page_link(request, **position) -> str:
    """This list's address with its filters and the given position (``before`` or ``after``)."""
    params = request.GET.copy()
    params.pop("before", None)
    params.pop("after", None)
    for name, value in position.items():
        params[name] = position_encode(value)
    return f"?{params.urlencode()}"


@require_safe
@public_page
def fact_check_list(request):
    """Published fact-checks newest first, searched and filtered by the query string."""
    form = FactCheckFilterForm(request.GET)
    context = {"form": form, "claimant_names": _claimant_names()}
    if not form.is_valid():
        context["bad_parameters"] = [(form.reader_name(name), errors[0]) for name, errors in form.errors.items()]
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}-error"})
        return render(request, "claims/public/fact_check_list.html", context, status=400)
    page = fact_check_lists.keyset_page(
        fact_check_lists.fact_checks_listed(**form.list_filters()),
        size=PAGE_SIZE, before=form.cleaned_data["before"], after=form.cleaned_data["after"],
    )
    searching = any(form.cleaned_data[name] for name in form.FILTERS)
    context.update({
        "page": page,
        "searching": searching,
        "paged": bool(form.cleaned_data["before"] or form.cleaned_data["after"]),
        "newer_url": _page_link(request, after=page.newer) if page.newer else "",
        "older_url": _page_link(request, before=page.older) if page.older else "",
        "first_url": _page_link(request),
    })
    return render(request, "claims/public/fact_check_list.html", context)


# Suggestions for the claimant field; any name can still be typed.
CLAIMANT_SUGGESTIONS = 300


def _claimant_names() -> list[str]:
    """The names of the claimants with the most published fact-checks, in name order."""
    published = Q(claims__verdicts__state=Verdict.State.PUBLISHED)
    names = (
        Claimant.objects.filter(published)
        .annotate(checks=Count("claims__verdicts", filter=published))
        .order_by("-checks", "name")
        .values_list("name", flat=True)[:CLAIMANT_SUGGESTIONS]
    )
    return sorted(names)
