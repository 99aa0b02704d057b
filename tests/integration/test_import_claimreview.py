"""import_claimreview on the published sample files and on bad records."""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import ExternalFactCheck

pytestmark = pytest.mark.django_db

DATA = Path(os.environ.get("FACTCHECK_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")) / "claimreview"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"ClaimReview samples not found in {DATA} (set FACTCHECK_DATA)")


def run(*files):
    out, err = StringIO(), StringIO()
    call_command("import_claimreview", *map(str, files), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@needs_data
def test_the_sample_files_import_and_a_second_import_updates_instead_of_duplicating():
    files = sorted(DATA.glob("*/*.txt"))
    out, err = run(*files)
    assert "Imported 8 fact-checks (8 new, 0 updated), skipped 1" in out
    assert "MediaReview-examples.txt: script 1 (line 17): not a ClaimReview (MediaReview)" in err
    michelle = ExternalFactCheck.objects.get(claim_reviewed__contains="White folks are what")
    assert (michelle.publisher, michelle.rating, michelle.claimant) == ("PolitiFact", "Pants on Fire", "Facebook posts")
    assert michelle.date_published.isoformat() == "2019-01-03"
    assert michelle.embedding is not None and len(michelle.embedding) == 384 * 4
    assert michelle.mpnet_embedding is not None and len(michelle.mpnet_embedding) == 768 * 4
    # schema.org's example names no publisher: its URL's host stands in.
    assert ExternalFactCheck.objects.get(url__contains="rick-perry").publisher == "politifact.com"

    out, _ = run(*files)
    assert "(0 new, 8 updated)" in out
    assert ExternalFactCheck.objects.count() == 8


def test_lists_graphs_and_datafeeds_with_bad_records_reported_by_position(tmp_path):
    good = {"@type": "ClaimReview", "url": "https://checker.example/a", "claimReviewed": "The moon is cheese.",
            "author": {"name": "Checker"}, "reviewRating": {"alternateName": "False"}}
    feed = {
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [good]},
            {"@type": "DataFeedItem", "item": [{"@type": "ClaimReview", "claimReviewed": "No address"}]},
            {"@type": "DataFeedItem", "item": [{**good, "url": "https://checker.example/b", "datePublished": "soon"}]},
        ],
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    (tmp_path / "graph.json").write_text(json.dumps({"@graph": [{**good, "url": "https://checker.example/c"}]}))
    (tmp_path / "list.json").write_text(json.dumps([{**good, "claimReviewed": "The moon is rock."}, "oops"]))
    (tmp_path / "broken.json").write_text('{"@type": "ClaimReview",')

    out, err = run(*(tmp_path / name for name in ("feed.json", "graph.json", "list.json", "broken.json")))

    assert "Imported 3 fact-checks (2 new, 1 updated), skipped 4" in out
    assert "feed.json: $.dataFeedElement[1].item[0]: no url" in err
    assert "feed.json: $.dataFeedElement[2].item[0]: datePublished 'soon' is not a date" in err
    assert "list.json: $[1]: expected a JSON object, found str" in err
    assert "broken.json: line 1: invalid JSON" in err
    assert ExternalFactCheck.objects.get(url="https://checker.example/a").claim_reviewed == "The moon is rock."


def test_encode_fact_checks_fills_the_vectors_an_upgrade_left_missing(tmp_path):
    record = {"@type": "ClaimReview", "url": "https://checker.example/m", "claimReviewed": "The moon is cheese.",
              "author": {"name": "Checker"}, "reviewRating": {"alternateName": "False"}}
    (tmp_path / "one.json").write_text(json.dumps(record))
    run(tmp_path / "one.json")
    # A database from before the MPNet encoder: MiniLM's vector stored, MPNet's not.
    ExternalFactCheck.objects.update(mpnet_embedding=None)
    out = StringIO()
    call_command("encode_fact_checks", stdout=out)
    assert "Encoded 1 fact-checks" in out.getvalue()
    assert len(ExternalFactCheck.objects.get().mpnet_embedding) == 768 * 4
    out = StringIO()
    call_command("encode_fact_checks", stdout=out)
    assert "Encoded 0 fact-checks" in out.getvalue()
