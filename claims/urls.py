"""The desk (editor UI) under /desk/: articles, claims, their evidence and verdicts, the review queue."""

from django.urls import path

from evidence import views as evidence_views

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("review/", views.review_queue, name="review"),
    path("search/", views.search, name="search"),
    path("articles/", views.article_list, name="articles"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("articles/<int:article_id>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:article_id>/state/", views.article_state, name="article_state"),
    path("articles/<int:article_id>/retry/", views.article_retry, name="article_retry"),
    path("articles/<int:article_id>/claims/", views.claim_log, name="claim_log"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("claims/<int:claim_id>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:claim_id>/notes/", views.note_add, name="note_add"),
    path("claims/<int:claim_id>/verdict/", views.verdict_save, name="verdict_save"),
    path("claims/<int:claim_id>/verdict/act/", views.verdict_act, name="verdict_act"),
    path("claims/<int:claim_id>/verdict/publish/", views.verdict_publish, name="verdict_publish"),
    path("claims/<int:claim_id>/verdict/amend/", views.verdict_amend, name="verdict_amend"),
    path("claims/<int:claim_id>/checks/", views.claim_checks, name="claim_checks"),
    path("claims/<int:claim_id>/checks/run/", views.claim_run_checks, name="claim_run_checks"),
    path("claims/<int:claim_id>/evidence/list/", views.claim_evidence, name="claim_evidence"),
    path("claims/<int:claim_id>/evidence/", evidence_views.evidence_add, name="evidence_add"),
    path("evidence/<int:item_id>/edit/", evidence_views.evidence_edit, name="evidence_edit"),
    path("evidence/<int:item_id>/remove/", evidence_views.evidence_remove, name="evidence_remove"),
    path("evidence/<int:item_id>/refetch/", evidence_views.evidence_refetch, name="evidence_refetch"),
    path("sources/", evidence_views.source_list, name="sources"),
    path("sources/<int:source_id>/", evidence_views.source_edit, name="source_edit"),
    path("snapshots/<int:snapshot_id>/download/", evidence_views.snapshot_download, name="snapshot_download"),
]
