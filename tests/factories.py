"""Test data builders. Claims and evidence go through the real services."""

import factory
from django.contrib.auth.models import Group, User

from claims import services as claim_services
from claims.models import Article, Claimant
from evidence import services as evidence_services
from evidence.models import Source

ARTICLE_TEXT = (
    "Computer logs show that two servers at Alfa Bank sent more than 2,700 look-up messages "
    "to a Trump-connected server beginning in the spring.\n\n"
    "The server was registered in 2009 by Cendyn, an email marketing firm.\n\n"
    "Traffic peaked at election-related moments, an expert said."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")
    reliability = Source.Reliability.RELIABLE


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant

    name = factory.Sequence(lambda n: f"Claimant {n}")


def make_article(*, title: str = "Trump server story", text: str = ARTICLE_TEXT, **kwargs) -> Article:
    return claim_services.article_create(title=title, text=text, **kwargs)


def make_claim(*, article: Article | None = None, quote: str = "more than 2,700 look-up messages", **kwargs):
    return claim_services.claim_create(article=article or make_article(), quote=quote, **kwargs)


def make_evidence(*, claim, stance: str = "supports", excerpt: str = "", **kwargs):
    return evidence_services.evidence_create(claim=claim, stance=stance, excerpt=excerpt, **kwargs)


# The actions that bring a new draft to each workflow state, and who takes them.
_PATH_TO_STATE = {
    "draft": [],
    "in_review": ["submit"],
    "changes_requested": ["submit", "request-changes"],
    "approved": ["submit", "approve"],
    "published": ["submit", "approve", "publish"],
    "retracted": ["submit", "approve", "publish", "retract"],
}


def make_verdict(*, claim=None, author, reviewer, state: str = "draft", rating: str = "false", **fields):
    """A verdict brought to ``state`` through the real workflow: ``author`` drafts
    and submits, ``reviewer`` (an editor who is not the author) does the rest."""
    fields = {"headline": "Not what the logs show", "summary": "The logs do not show this.", **fields}
    verdict = claim_services.verdict_save(claim=claim or make_claim(), user=author, rating=rating, **fields)
    for action in _PATH_TO_STATE[state]:
        verdict = claim_services.verdict_act(
            verdict=verdict, user=author if action == "submit" else reviewer, action=action,
            comment="Source the figure.", reason="The figure was wrong.",
        )
    return verdict
