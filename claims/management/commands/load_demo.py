"""``manage.py load_demo``: build the demo desk (see claims/demo.py) and print what it did."""

from django.core.management.base import BaseCommand

from claims.demo import (
    DEFAULT_CHECKER_PASSWORD,
    DEFAULT_EDITOR_PASSWORD,
    DEFAULT_SECOND_EDITOR_PASSWORD,
    demo_load,
)
from claims.models import Verdict

KINDS = ("users", "sources", "claimants", "articles", "claims", "evidence", "notes", "verdicts")
STATUSES = ("supported", "refuted", "disputed", "unverified")


class Command(BaseCommand):
    help = (
        "Load the demo: the Vox article on the Trump–Alfa Bank server story, its claims, "
        "evidence, notes and verdicts, rated sources, and the demo users 'checker', 'editor' and 'editor2'. "
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
        parser.add_argument(
            "--second-editor-password", default=DEFAULT_SECOND_EDITOR_PASSWORD,
            help=f"Password of the second editor 'editor2', who reviews the first's verdicts "
            f"(default: {DEFAULT_SECOND_EDITOR_PASSWORD}).",
        )

    def handle(self, *args, checker_password, editor_password, second_editor_password, **options):
        report = demo_load(
            checker_password=checker_password, editor_password=editor_password,
            second_editor_password=second_editor_password,
        )
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
        self.stdout.write(
            "Verdicts: " + ", ".join(f"{Verdict.State(state).label.lower()} {report.verdict_states[state]}"
                                     for state in Verdict.State.values if report.verdict_states[state])
        )
        self.stdout.write("Logins (desk at /desk/, admin at /admin/ for staff):")
        for login in report.logins:
            self.stdout.write(f"  {login.role:<13} {login.username} / {login.password}")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
