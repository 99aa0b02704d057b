"""The Content-Security-Policy (issue 15): every page of the desk, the public site, the
admin and the API carries a strict policy (scripts and styles only from this site's
files, nothing inline, no plugins, no framing), and no template carries inline script,
event handlers or style attributes that it would block. The browser tests
(tests/browser) fail on any violation Chromium reports on every main screen.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_claim, make_verdict

BASE_DIR = Path(__file__).resolve().parent.parent.parent
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
def test_desk_public_admin_and_api_answers_carry_the_strict_policy(client):
    editor = UserFactory(username="erin", role="editor", is_staff=True, is_superuser=True)
    verdict = make_verdict(claim=make_claim(), author=UserFactory(role="fact-checker"), reviewer=editor,
                           state="published")
    anonymous = ["/desk/login/", "/fact-checks/", verdict.get_absolute_url(), "/fact-checks/feed/rss/",
                 "/api/v1/fact-checks/", "/sitemap.xml", "/no-such-page/"]
    for address in anonymous:
        assert policy(client.get(address)) == STRICT, address
    client.force_login(editor)
    signed_in = ["/desk/", verdict.claim.get_absolute_url(), "/desk/articles/new/", "/desk/review/",
                 "/admin/", reverse("admin:claims_verdict_changelist"), "/api/v1/claims/"]
    for address in signed_in:
        assert policy(client.get(address)) == STRICT, address


@pytest.mark.django_db
def test_only_the_api_docs_and_the_admin_history_loosen_it_for_what_they_draw(client):
    client.force_login(UserFactory(username="erin", is_staff=True, is_superuser=True))
    docs = policy(client.get("/api/v1/docs/"))
    assert docs == {**STRICT, "img-src": "'self' data:"}  # Swagger UI's icons
    assert policy(client.get("/api/v1/docs/?script=")) == docs
    verdict = make_verdict(claim=make_claim(), author=UserFactory(role="fact-checker"),
                           reviewer=UserFactory(role="editor"))
    history = policy(client.get(reverse("admin:claims_verdict_history", args=[verdict.pk])))
    assert history == {**STRICT, "style-src-attr": "'unsafe-inline'"}  # django-simple-history's pager


def test_the_api_docs_start_swagger_ui_from_a_file(client, db):
    page = client.get("/api/v1/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline script on the docs page"
    assert "<style" not in page


# What a strict policy blocks in a template: a <script> without src that the browser runs
# (JSON-LD is data), an on...= event handler, a style attribute, a <style> element, a
# javascript: address.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>"
    r"|\son[a-z]+\s*=\s*[\"']|\sstyle\s*=\s*[\"']|<style\b|javascript:",
    re.IGNORECASE,
)


def test_no_template_carries_inline_script_handlers_or_styles():
    offenders = []
    for template in sorted(BASE_DIR.glob("*/templates/**/*.html")):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if INLINE.search(re.sub(r"\{#.*?#\}", "", line)):  # comments are not sent
                offenders.append(f"{template.relative_to(BASE_DIR)}:{number}: {line.strip()[:100]}")
    assert not offenders, "inline script or style that the CSP blocks:\n" + "\n".join(offenders)

