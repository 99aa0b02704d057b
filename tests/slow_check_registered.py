"""Imported only by the crash test's workers (``--include``): registers SlowCheck there."""

from evidence.checks import registry
from tests.slow_check import SlowCheck

registry.register(SlowCheck)
