from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence and checks"

    def ready(self):
        # Modules that register preparation steps (see evidence.preparations) go here.
        pass
