from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence and checks"

    def ready(self):
        from . import archive  # noqa: F401  (registers the "archive" preparation step)
        from .matching import prepare  # noqa: F401  (registers the "match" preparation step)
