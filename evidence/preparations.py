"""Steps with side effects that run before a check's evaluation.

A check whose ``prepare`` names a step gets, on top of its target's inputs,
what that step returns: the link-archiving step fetches a URL and stores a
Snapshot, a matching step looks candidates up in an index. The check's
``run()`` stays pure. Modules register their steps with ``@preparation(name)``
and are imported in ``EvidenceConfig.ready``.

A step raises ``TransientCheckError`` for a failure worth retrying (a network
timeout); the task retries it with backoff, and records ``error`` at the end.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Step = Callable[..., dict]

_steps: dict[str, Step] = {}


def preparation(name: str) -> Callable[[Step], Step]:
    """Decorator: register ``step(*, result, inputs) -> dict`` under ``name``."""

    def register(step: Step) -> Step:
        if name in _steps and _steps[name] is not step:
            raise ValueError(f"preparation {name!r} is registered twice")
        _steps[name] = step
        return step

    return register


def prepare(name: str, *, result, inputs: dict) -> dict:
    """Run step ``name`` for a CheckResult about to run; return the inputs it adds."""
    if name not in _steps:
        raise LookupError(f"no preparation step named {name!r}")
    return _steps[name](result=result, inputs=inputs)


@contextmanager
def temporarily(name: str, step: Step) -> Iterator[None]:
    """Register a step for the duration of a block (tests)."""
    _steps[name] = step
    try:
        yield
    finally:
        _steps.pop(name, None)
