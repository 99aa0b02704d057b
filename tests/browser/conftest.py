"""Fixtures of the browser tests: one Chromium per session, the desk in its own web
server process with a real Celery worker, a context per test, and screenshots.

The server, the worker and the test code share the test database (SQLite file or
PostgreSQL), so tests that use them are transactional: what the browser does is
committed, and the database is emptied after each test; the ``shipped_data`` fixture
puts back what the data migrations ship (groups, rating scales) before each.
"""

import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.chromium import LAUNCH_ARGS, ChromiumMissing, chromium_executable
from tests.browser.server import DeskServer
from tests.factories import UserFactory
from tests.integration.web_server import start_site, stop_site
from tests.worker import WorkerProcess

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where the tests save screenshots (git-ignored); BROWSER_SCREENSHOTS_DIR moves it."""
    path = Path(os.environ.get("BROWSER_SCREENSHOTS_DIR") or BASE_DIR / "var" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def chromium(tmp_path_factory) -> Path:
    try:
        return chromium_executable(log_path=tmp_path_factory.mktemp("chromium") / "apt.log")
    except ChromiumMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="module")
def browser(chromium):
    # Playwright's synchronous API keeps an asyncio loop running in this thread, which
    # Django takes for async code and refuses ORM calls in; the tests' ORM calls are
    # plain synchronous code, so they are allowed while the browser is up. The browser
    # lives for one module (a second to start), so that neither the loop nor the
    # variable outlast the browser tests (subprocesses of later tests inherit it).
    unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        if unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = unsafe


@pytest.fixture(scope="session")
def desk(django_db_setup, django_db_blocker, tmp_path_factory):
    """The desk's web server and a Celery worker on a queue of their own, both
    allowed to fetch from 127.0.0.1."""
    from factcheck.celery import app

    logs = tmp_path_factory.mktemp("desk")
    queue = f"factcheck-browser-test-{uuid.uuid4().hex[:8]}"
    worker = WorkerProcess(logs / "worker.log", queue=queue,
                           env={"FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "0"})
    server = DeskServer(logs / "server.log", queue)
    with django_db_blocker.unblock():
        worker.start()
        try:
            server.start()
        except RuntimeError:
            worker.stop()
            raise
    server.worker = worker
    yield server
    server.stop()
    worker.stop()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)


# Reports every Content-Security-Policy violation of a page (blocked script, style, image,
# frame, form target...) to the test, from the first moment of each document.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (event) => window.__cspViolation(
  `${event.effectiveDirective} refused ${event.blockedURI || "an inline " + event.effectiveDirective.split("-")[0]}`
  + ` on ${event.documentURI} (${event.sourceFile || "the page"}:${event.lineNumber}): ${event.sample}`));"""


@pytest.fixture
def open_page(browser, desk):
    """Opens a page in a fresh browser context (no cookies: another person at another
    computer) at desktop size; JavaScript errors and Content-Security-Policy violations
    in any of them fail the test."""
    contexts, errors, violations = [], [], []

    def open_page():
        context = browser.new_context(viewport=DESKTOP, base_url=desk.url())
        context.set_default_timeout(15_000)
        context.expose_binding("__cspViolation", lambda source, text: violations.append(text))
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: violations.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text else None)
        return page

    expect.set_options(timeout=10_000)
    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations))


@pytest.fixture
def page(open_page):
    """A fresh browser context (no cookies) at desktop size; JavaScript errors fail the test."""
    return open_page()


@pytest.fixture
def remote_site():
    """The "remote web" on 127.0.0.1 (articles and evidence pages the desk fetches)."""
    site = start_site()
    yield site
    stop_site(site)


@pytest.fixture
def desk_users(shipped_data):
    """A fact-checker and an editor who log in with ``PASSWORD``."""
    return {
        "checker": UserFactory(username="checker", first_name="Casey", last_name="Checker", role="fact-checker"),
        "editor": UserFactory(username="editor", first_name="Eddie", last_name="Editor", role="editor"),
    }
