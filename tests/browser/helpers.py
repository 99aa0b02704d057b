"""Steps the browser tests share: logging in, looking at a screen, waiting in the page."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.axe import serious_problems


def log_in(page: Page, username: str, password: str) -> None:
    """Log in through the login form and land on the dashboard."""
    page.goto("/desk/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to the desk")).to_be_visible()


def look_at(page: Page, screen: str, shots: Path, *, problems: list[str] | None = None, top: bool = False) -> Path:
    """Check the screen with axe and save a full-page screenshot named after it (and,
    with ``top``, one of the first screenful as ``<screen>-top.png``, for the README).

    Serious or critical axe violations fail at once, or are added to ``problems``
    when a list is given (to report every screen's in one go); all of axe's findings,
    lesser ones too, are saved beside the screenshot as ``<screen>.axe.json``.
    Returns the screenshot's path.
    """
    page.wait_for_load_state("load")
    found = serious_problems(page, screen, report=shots / f"{screen}.axe.json")
    if found and problems is None:
        raise AssertionError(f"axe found serious accessibility problems on {found}")
    if found:
        problems.append(found)
    path = shots / f"{screen}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    if top:
        page.screenshot(path=str(shots / f"{screen}-top.png"), animations="disabled")
    return path


def mark_page(page: Page) -> None:
    """Leave a marker in the page's JavaScript state; a reload or navigation loses it."""
    page.evaluate("() => { window.__stillTheSamePage = true; }")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__stillTheSamePage === true"), "the page was reloaded"


FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    name: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + " " + (element.innerText || element.value || "").trim().slice(0, 30),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
  };
}"""


def tab_through(page: Page, presses: int) -> list[str]:
    """Press Tab ``presses`` times from the top of the page; every element reached must
    show where the focus is (an outline of 2px or more, or a focus shadow). Returns
    what was reached, in order."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    reached, hidden = [], []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        reached.append(focus["name"])
        if not (focus["outline"] or focus["shadow"]):
            hidden.append(focus["name"])
    assert not hidden, f"no visible focus on: {hidden}"
    return reached
