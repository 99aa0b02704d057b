"""Ship the PolitiFact-style and Snopes-style rating scales, the admin group and
the methodology and corrections-policy pages. All are data: editable in the admin."""

from django.db import migrations

# (label, slug, value, class, description); values outside worst..best (-1) mean
# "not on the numeric scale" for ratings that do not say how true a claim is.
POLITIFACT = [
    ("True", "true", 6, "true", "The statement is accurate and nothing significant is missing."),
    ("Mostly True", "mostly-true", 5, "mostly_true",
     "The statement is accurate but needs clarification or additional information."),
    ("Half True", "half-true", 4, "mixed",
     "The statement is partially accurate but leaves out important details or takes things out of context."),
    ("Mostly False", "mostly-false", 3, "mostly_false",
     "The statement contains an element of truth but ignores critical facts that would give a different impression."),
    ("False", "false", 2, "false", "The statement is not accurate."),
    ("Pants on Fire", "pants-on-fire", 1, "false", "The statement is not accurate and makes a ridiculous claim."),
]
SNOPES = [
    ("True", "true", 5, "true", "The primary elements of the claim are demonstrably true."),
    ("Mostly True", "mostly-true", 4, "mostly_true",
     "The primary elements are demonstrably true, but some ancillary details are false or unproven."),
    ("Mixture", "mixture", 3, "mixed", "The claim has significant elements of both truth and falsity."),
    ("Mostly False", "mostly-false", 2, "mostly_false",
     "The primary elements are demonstrably false, but some ancillary details are accurate."),
    ("False", "false", 1, "false", "The primary elements of the claim are demonstrably false."),
    ("Unproven", "unproven", -1, "unproven",
     "There is insufficient evidence to establish whether the claim is true or false."),
    ("Outdated", "outdated", -1, "other",
     "The claim was accurate once, but events have since made it no longer so."),
    ("Miscaptioned", "miscaptioned", -1, "other",
     "Real material is presented with a description that misrepresents its origin, date or meaning."),
    ("Satire", "satire", -1, "other", "The content is satire that has been taken as fact."),
]
SCALES = [
    ("politifact", "PolitiFact-style six-step scale", 6, 1, POLITIFACT),
    ("snopes", "Snopes-style scale", 5, 1, SNOPES),
]

PAGES = [
    ("/methodology/", "How we fact-check", """<p>We check claims that are verifiable, significant and
spread widely. For each claim we log the exact words, who said them and where, and collect evidence
from primary sources wherever they exist: official statistics, court records, scientific papers and
the documents the claim refers to.</p>
<p>Every piece of evidence is archived when it is added, and automated checks confirm that each
excerpt appears in its source and that sources are independent of each other and of the claimant.
A fact-checker drafts the verdict; an editor who did not write it reviews it before it is
published. We contact the claimant for a response when we can and publish it with the verdict.</p>
<p>Our ratings, from the rating scale shown on each verdict page, describe how accurate the claim
is, not the person who made it.</p>"""),
    ("/corrections-policy/", "Corrections policy", """<p>When we get something wrong we say so. A
correction is added to the verdict page with its date and what changed, and the page's updated date
changes with it. The address of a verdict never changes.</p>
<p>If a verdict cannot stand, we retract it: the page stays online with a notice that says why, and
a new verdict, when we publish one, links to it.</p>
<p>To ask for a correction, write to us with the address of the page and what you believe is
wrong. We answer every request.</p>"""),
]


def create(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    for slug, name, best, worst, ratings in SCALES:
        scale, _ = RatingScale.objects.get_or_create(slug=slug, defaults={"name": name})
        for label, rating_slug, value, rating_class, description in ratings:
            Rating.objects.update_or_create(
                scale=scale, slug=rating_slug,
                defaults={
                    "label": label, "value": value, "best_value": best, "worst_value": worst,
                    "rating_class": rating_class, "description": description,
                },
            )
    apps.get_model("auth", "Group").objects.get_or_create(name="admin")
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    site = Site.objects.order_by("pk").first() or Site.objects.create(domain="localhost", name="localhost")
    for url, title, content in PAGES:
        page, _ = FlatPage.objects.get_or_create(url=url, defaults={"title": title, "content": content})
        page.sites.add(site)


def remove(apps, schema_editor):
    apps.get_model("claims", "RatingScale").objects.filter(slug__in=[s[0] for s in SCALES]).delete()
    apps.get_model("auth", "Group").objects.filter(name="admin").delete()
    apps.get_model("flatpages", "FlatPage").objects.filter(url__in=[p[0] for p in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_verdict_workflow_and_history"),
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
