import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="checker", role="fact-checker")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="editor")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="editor2", role="editor")


@pytest.fixture(autouse=True)
def fresh_public_cache():
    """Each test starts a new generation of cached public pages: the Redis cache
    outlives the test database, and a page cached by an earlier test must not show."""
    from claims.public_cache import GENERATION_KEY
    from django.core.cache import cache

    cache.delete(GENERATION_KEY)


@pytest.fixture
def outsider(db):
    """Logged in, but in no desk group."""
    return UserFactory(username="outsider")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def checker_api(api_client, fact_checker):
    api_client.force_authenticate(fact_checker)
    return api_client


@pytest.fixture
def checker_client(client, fact_checker):
    client.force_login(fact_checker)
    return client


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker on the session's queue, against real Redis and the test database."""
    from factcheck.celery import app
    from tests.worker import WorkerProcess

    # Tasks that earlier tests queued name rows their transactions rolled back
    # (and whose ids new rows may reuse): the worker starts on an empty queue.
    app.control.purge()
    worker = WorkerProcess(tmp_path_factory.mktemp("worker") / "worker.log")
    with django_db_blocker.unblock():
        worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def shipped_data(transactional_db):
    """What the data migrations ship (the desk's groups, the rating scales, the pages), put
    back for a transactional test: an earlier transactional test's flush empties every
    table. The migrations' functions are idempotent, so this is safe when nothing was lost."""
    from importlib import import_module

    from django.apps import apps

    import_module("claims.migrations.0003_desk_groups").create_groups(apps, None)
    import_module("claims.migrations.0010_rating_scales_admin_group_pages").create(apps, None)
