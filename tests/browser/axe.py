"""Run axe-core, the accessibility engine, in a page and fail on serious problems.

axe.min.js comes from the pinned ``axe-playwright-python`` package (it ships the
file; nothing is downloaded at run time). It runs with every rule axe enables by
default: none is turned off here.
"""

import json
from functools import cache
from importlib.resources import files
from pathlib import Path

BLOCKING_IMPACTS = ("serious", "critical")


@cache
def axe_source() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """axe's violations for the page as it is now (evaluated through the DevTools
    protocol, so a Content-Security-Policy cannot block it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(
        "async () => (await window.axe.run(document, {resultTypes: ['violations']})).violations"
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def serious_problems(page, screen: str, *, report: Path | None = None) -> str:
    """axe's serious and critical violations on ``page``, described; '' when there are none.

    ``report`` receives every violation found, of any impact, as JSON.
    """
    violations = axe_violations(page)
    if report is not None:
        report.write_text(json.dumps(violations, indent=1))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    return f"{screen} ({page.url}):\n{describe(blocking)}" if blocking else ""


def assert_accessible(page, screen: str) -> None:
    """Fail when axe finds serious or critical violations on ``page``."""
    problems = serious_problems(page, screen)
    assert not problems, f"axe found serious accessibility problems on {problems}"
