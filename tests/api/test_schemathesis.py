"""The API and its schema agree: schemathesis reads /api/v1/schema/ from a live server
(a thread of this process, on the test database) and sends what it generates
(examples, boundary and invalid values, random and stateful sequences) with a
fact-checker's token, an editor's, and none for the public endpoints.

Every check is on. The run is reproducible (a fixed seed, no example database) and
bounded (MAX_EXAMPLES per operation and phase). What must never happen: a server
error, a response that violates its schema, a status, content type or header the
schema does not document, an invalid request accepted, a resource that answers
after its deletion. ``positive_data_acceptance`` is reported, not required: the
schema cannot state every rule (a quote must be in its article, a referenced claim
must exist, a verdict must be in a state that allows the action), so schema-valid
requests are refused with 400 for good reasons.

``python -m pytest tests/api/test_schemathesis.py -s`` prints each role's numbers.
"""

import collections
import gc
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from tests.factories import UserFactory, make_claim, make_evidence, make_verdict

SEED = 15
MAX_EXAMPLES = 50
REPORTED_ONLY = {"positive_data_acceptance"}
# Each role, and the operations it tries: anonymous callers, only those open to them.
ROLES = {"fact-checker": None, "editor": None, "anonymous": r"^/api/v1/(fact-checks/|auth/token/)"}


@dataclass
class Run:
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    failures: collections.Counter = field(default_factory=collections.Counter)
    examples: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, role: str) -> str:
        kinds = ", ".join(f"{name}: {count}" for name, count in sorted(self.failures.items())) or "none"
        return (f"schemathesis as {role}: {len(self.operations)} operations, {self.requests} requests "
                f"in {self.seconds:.0f} s; failures by check: {kinds}")


@pytest.fixture
def desk(shipped_data):
    """A desk with something behind each endpoint: an article with claims, evidence,
    a draft and a published verdict, and a token for each role."""
    checker = UserFactory(username="checker", role="fact-checker")
    editor = UserFactory(username="editor", role="editor")
    claims = [make_claim(claimant_name="Jane Doe"), make_claim(quote="an email marketing firm")]
    evidence = [
        make_evidence(claim=claims[0], url="https://www.example.org/report", excerpt="2,700 look-up messages"),
        make_evidence(claim=claims[1], stance="refutes", pasted_text="Cendyn is an email marketing firm."),
    ]
    make_verdict(claim=claims[0], author=checker, reviewer=editor, state="published")
    make_verdict(claim=claims[1], author=checker, reviewer=editor)
    return {
        "tokens": {"fact-checker": Token.objects.create(user=checker).key,
                   "editor": Token.objects.create(user=editor).key, "anonymous": None},
        "ids": {"articles": [c.article_id for c in claims], "claims": [c.pk for c in claims],
                "evidence": [e.pk for e in evidence], "fact-checks": [claims[0].verdicts.get().pk]},
    }


def existing_ids(ids: dict[str, list[int]]):
    """A hook that sends every other generated id to a row that exists, so detail
    endpoints are tried on real objects as well as missing ones."""

    def map_path_parameters(context, path_parameters):
        value = (path_parameters or {}).get("id")
        if isinstance(value, int) and value >= 0 and value % 2 == 0:
            known = ids[context.operation.path.split("/")[3]]
            path_parameters["id"] = known[value // 2 % len(known)]
        return path_parameters

    return map_path_parameters


class _NoDelayServer(ThreadedWSGIServer):
    """Django's test server, answering without Nagle's delay (else each answer waits
    ~40 ms for the client's delayed acknowledgement)."""

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class _RequestHandler(QuietWSGIRequestHandler):
    """Django's test request handler, hanging up after a chunked request: it reads
    bodies by Content-Length only, so the chunks would stay on the connection and be
    read as the next request (gunicorn reads chunked bodies)."""

    def parse_request(self):
        parsed = super().parse_request()
        if parsed and self.headers.get("Transfer-Encoding"):
            self.close_connection = True
        return parsed


class _ServerThread(LiveServerThread):
    server_class = _NoDelayServer

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port), _RequestHandler, allow_reuse_address=False,
            connections_override=connections_override,
        )


@pytest.fixture
def api_server(transactional_db):
    """The application on a free port of 127.0.0.1, served by a thread of this process.

    A real HTTP server rather than schemathesis's WSGI transport, which drops empty
    multipart fields (so the application would never see what a report says was sent)."""
    threads_before = threading.active_count()
    thread = _ServerThread("127.0.0.1", static_handler=lambda application: application)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    # Each request thread closes its database connection when its client hangs up; the
    # test database can be dropped once they all have.
    deadline = time.monotonic() + 10
    while threading.active_count() > threads_before and time.monotonic() < deadline:
        time.sleep(0.05)


def run_schemathesis(base_url: str, *, token: str | None, path_regex: str | None, ids: dict) -> Run:
    config = SchemathesisConfig.from_dict({
        "seed": SEED,
        "headers": {"Authorization": f"Token {token}"} if token else {},
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "checks": {"enabled": True},
        "cache": {"enabled": False},
        "continue-on-failure": True,
        "request-timeout": 30,
    })
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/schema/", config=config)
    if path_regex:
        schema = schema.include(path_regex=path_regex)
    schema.hook("map_path_parameters")(existing_ids(ids))
    run, started = Run(), time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            run.operations.add(recorder.label)
            run.requests += len(recorder.interactions)
            for checks in recorder.checks.values():
                for check in checks:
                    if check.failure_info is None:
                        continue
                    run.failures[check.name] += 1
                    run.examples.setdefault(
                        check.name, f"{recorder.label}: {check.failure_info.failure.title} — "
                        f"{check.failure_info.failure.message}\n{check.failure_info.code_sample}"[:3000],
                    )
        elif isinstance(event, events.NonFatalError):
            run.errors.append(f"{event.label} ({event.phase}): {event.value!r}")
        elif isinstance(event, events.FatalError):
            run.errors.append(repr(event.exception))
    gc.collect()  # closes the engine's HTTP sessions, ending their server threads
    run.operations.discard("Stateful tests")
    run.seconds = time.monotonic() - started
    return run


@pytest.mark.parametrize("role", list(ROLES))
def test_the_api_answers_as_its_schema_says(api_server, desk, role):
    run = run_schemathesis(api_server, token=desk["tokens"][role], path_regex=ROLES[role], ids=desk["ids"])
    print(run.summary(role))
    assert not run.errors, run.errors
    assert run.requests > 100 * len(run.operations)
    required = {name: count for name, count in run.failures.items() if name not in REPORTED_ONLY}
    assert not required, "\n\n".join(run.examples[name] for name in required)
