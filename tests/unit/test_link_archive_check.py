"""evidence.link_archive judges the archive step's report: one line an editor understands."""

import pytest

from evidence.archive import text_change
from evidence.checks.link_archive import LinkArchive


def snap(**fields):
    return {
        "id": 1, "origin": "fetched", "url": "https://example.org/r", "final_url": "https://example.org/r",
        "status": 200, "content_type": "text/html", "size": 12_300, "sha256": "a" * 64,
        "text_length": 4512, "fetched_at": "2026-05-03T10:00:00+00:00", **fields,
    }


def run(snapshot=None, previous=None, error=None, changed=False, summary="", url="https://example.org/r"):
    archive = {"snapshot": snapshot, "previous": previous, "error": error,
               "changed": changed, "change_summary": summary}
    return LinkArchive().run({"url": url, "snapshot_id": 1, "recheck": None, "archive": archive})


CASES = [
    # (report, state, weak_reason, words in the message)
    (dict(snapshot=snap()), "passed", None,
     ["Archived on 3 May 2026", "HTTP 200 OK", "text/html", "12.3 kB", "4,512 characters"]),
    (dict(snapshot=snap(origin="pasted", url="")), "passed", None, ["pasted document", "nothing was fetched"]),
    (dict(snapshot=snap(status=404)), "warning", "dead link", ["Dead link", "HTTP 404 Not Found"]),
    (dict(snapshot=snap(status=410)), "warning", "dead link", ["HTTP 410 Gone"]),
    (dict(snapshot=snap(status=503)), "warning", "dead link", ["HTTP 503 Service Unavailable"]),
    (dict(snapshot=snap(status=403)), "warning", None, ["refused the archiver", "HTTP 403 Forbidden"]),
    (dict(snapshot=snap(content_type="image/png")), "warning", None, ["serves image/png", "no text"]),
    (dict(snapshot=snap(text_length=0)), "warning", None, ["no readable text"]),
    (dict(error={"kind": "timeout", "message": "the site did not answer in time"}), "warning", None,
     ["Not archived (timed out)"]),
    (dict(error={"kind": "too_large", "message": "the page is larger than 10,485,760 bytes"}), "warning", None,
     ["Not archived (too large)", "10,485,760"]),
    (dict(error={"kind": "blocked", "message": "10.0.0.1 is a private or reserved address"}), "warning", None,
     ["Not archived (refused)", "private"]),
    (dict(error={"kind": "unreachable", "message": "no-such.example could not be resolved"}), "warning",
     "dead link", ["Not archived (unreachable)"]),
    # Re-checks compare with the previous copy, which is kept.
    (dict(snapshot=snap(status=404, fetched_at="2026-06-01T00:00:00+00:00"), previous=snap()), "warning",
     "dead link", ["The page disappeared", "HTTP 404", "1 Jun 2026", "copy archived on 3 May 2026 is kept"]),
    (dict(error={"kind": "unreachable", "message": "the host could not be reached"}, previous=snap()),
     "warning", "dead link", ["The page disappeared", "copy archived on 3 May 2026 is kept"]),
    (dict(snapshot=snap(fetched_at="2026-06-01T00:00:00+00:00"), previous=snap(), changed=True,
          summary="80% of its sentences are unchanged; first change: added “New line.”"),
     "warning", None, ["changed since 3 May 2026", "80%", "New line."]),
    (dict(snapshot=snap(fetched_at="2026-06-01T00:00:00+00:00"), previous=snap(), changed=False), "passed", None,
     ["Archived on 1 Jun 2026"]),
]


@pytest.mark.parametrize(("report", "state", "weak", "words"), CASES)
def test_outcomes(report, state, weak, words):
    outcome = run(**report)
    assert (outcome.state, outcome.weak_reason) == (state, weak), outcome.message
    for word in words:
        assert word in outcome.message
    assert "\n" not in outcome.message and len(outcome.message) <= 300


def test_no_link_and_no_document_is_skipped():
    assert run(url="").state == "skipped"


def test_text_change_names_the_first_changed_sentence():
    old = "The council spent 3 million. The mayor approved it. Work starts in May."
    new = "The council spent 5 million. The mayor approved it. Work starts in May."
    changed, summary = text_change(old, new)
    assert changed
    assert summary.startswith("67% of its sentences are unchanged")
    assert "“The council spent 3 million.” now reads “The council spent 5 million.”" in summary
    assert text_change(old, old) == (False, "")
    assert text_change(old, old.replace(" ", "  ")) == (False, "")
    assert "removed “Work starts in May.”" in text_change(old, old.rsplit(" Work", 1)[0])[1]
