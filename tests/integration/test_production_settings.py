"""Production settings pass Django's deployment checks and refuse unsafe configuration."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings.production", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="k" * 20 + "-production-secret-for-the-deploy-check-0123456789", ALLOWED_HOSTS="desk.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key():
    result = manage("check", SECRET_KEY="short", ALLOWED_HOSTS="desk.example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
