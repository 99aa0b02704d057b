"""A claim check that takes a while, for the worker crash test.

The test registers it in its own process with ``registry.temporarily``; the
workers it starts import ``tests.slow_check_registered`` (``celery worker
--include``), so production code knows nothing of it.
"""

import time

from evidence.checks.base import Check, Outcome


class SlowCheck(Check):
    check_id = "claim.test_slow"
    version = 1
    target_kind = "claim"
    title = "Takes a while"
    uses = ("quote",)
    seconds = 2.0

    def run(self, inputs):
        time.sleep(self.seconds)
        return Outcome("passed", f"Finished after {self.seconds:g} s.")
