"""The registry of check classes, keyed by their stable ids."""

from collections.abc import Iterator
from contextlib import contextmanager

from .base import Check

_checks: dict[str, type[Check]] = {}


def register(check_class: type[Check]) -> type[Check]:
    """Class decorator: make a check known to the engine."""
    if check_class.check_id in _checks and _checks[check_class.check_id] is not check_class:
        raise ValueError(f"check id {check_class.check_id!r} is registered twice")
    _checks[check_class.check_id] = check_class
    return check_class


def get(check_id: str) -> type[Check] | None:
    return _checks.get(check_id)


def for_target(kind: str) -> list[type[Check]]:
    return [c for c in _checks.values() if c.target_kind == kind]


def all_checks() -> list[type[Check]]:
    return list(_checks.values())


@contextmanager
def temporarily(*check_classes: type[Check]) -> Iterator[None]:
    """Register checks for the duration of a block (tests)."""
    for check_class in check_classes:
        register(check_class)
    try:
        yield
    finally:
        for check_class in check_classes:
            _checks.pop(check_class.check_id, None)
