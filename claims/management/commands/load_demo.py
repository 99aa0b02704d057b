"""``manage.py load_demo``: build the demo desk (see claims/demo.py) and print what it did."""

from django.core.management.base import BaseCommand

from claims.demo import DEFAULT_CHECKER_PASSWORD, DEFAULT_EDITOR_PASSWORD, demo_load

KINDS = ("users", "sources", "claimants", "articles", "claims", "evidence", "notes")
STATUSES = ("supported", "refuted", "disputed", "unverified")


class Command(BaseCommand):
    help = (
        "Load the demo: the Vox article on the Trump–Alfa Bank server story, its claims, "
        "evidence and notes, rated sources, and the demo users 'checker' and 'editor'. "
        "Safe to run again: it creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checker-password", default=DEFAULT_CHECKER_PASSWORD,
            help=f"Password of the fact-checker 'checker' (default: {DEFAULT_CHECKER_PASSWORD}).",
        )
        parser.add_argument(
            "--editor-password", default=DEFAULT_EDITOR_PASSWORD,
            help=f"Password of the editor 'editor' (default: {DEFAULT_EDITOR_PASSWORD}).",
        )

    def handle(self, *args, checker_password, editor_password, **options):
        report = demo_load(checker_password=checker_password, editor_password=editor_password)
        self.stdout.write(f"Demo article: {report.article.title}")
        self.stdout.write(f"{'':<10} {'created':>8} {'existing':>9}")
        for kind in KINDS:
            self.stdout.write(f"{kind:<10} {report.created[kind]:>8} {report.existing[kind]:>9}")
        self.stdout.write(f"Checks run now: {report.checks_run}")
        if report.warnings:
            self.stdout.write(self.style.WARNING(f"Warnings: {len(report.warnings)} (logged above)."))
        self.stdout.write(
            "Support status: " + ", ".join(f"{status} {report.statuses[status]}" for status in STATUSES)
        )
        self.stdout.write("Logins (desk at /desk/, admin at /admin/ for staff):")
        for login in report.logins:
            self.stdout.write(f"  {login.role:<13} {login.username} / {login.password}")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
