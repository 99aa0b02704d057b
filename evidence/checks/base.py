"""What every automated check is: a class with a stable id, a version and a pure run()."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Literal

PASSED = "passed"
WARNING = "warning"
FAILED = "failed"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Outcome:
    """A check's verdict on its inputs.

    ``weak_reason`` is set by evidence checks whose failure makes the evidence
    item weak for the support status (for example "excerpt not found in source").
    """

    state: Literal["passed", "warning", "failed", "skipped"]
    message: str
    score: float | None = None
    details: dict = field(default_factory=dict)
    weak_reason: str | None = None


class TransientCheckError(Exception):
    """A temporary failure (network error, timeout, busy service) worth retrying."""


class Check(ABC):
    """Subclass, set the class attributes, implement ``run`` and register it.

    ``uses`` names the keys of the target's inputs that the check reads; only a
    change in those makes its result stale and queues it again. ``prepare``
    names a step of ``evidence.preparations`` that runs first (fetching,
    archiving, looking up an index) and adds its own keys to the inputs.
    """

    check_id: ClassVar[str]
    version: ClassVar[int] = 1
    target_kind: ClassVar[Literal["claim", "evidence"]]
    title: ClassVar[str]
    uses: ClassVar[tuple[str, ...]]
    prepare: ClassVar[str] = ""

    @abstractmethod
    def run(self, inputs: dict) -> Outcome:
        """Judge the inputs; read nothing else and write nothing."""
