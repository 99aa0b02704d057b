"""A fact-checker's hands (issue 16, "Flow"): logging a claim from a selection or a
ranked sentence keeps the reader's place and suggests who said it and when; feedback
shows where the person acted; the claim page holds still and works on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from evidence.models import CheckResult
from tests.browser.conftest import PASSWORD, PHONE
from tests.browser.helpers import assert_not_reloaded, log_in, mark_page
from tests.browser.test_journey import worker_paused
from tests.factories import UserFactory, make_article, make_claim, make_evidence, make_verdict
from tests.worker import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = "“We cut street homelessness by 40 percent between 2023 and 2025,” said Ana Delgado."
FILLER = [
    f"The council met for the {n}th time this year to discuss the shelter budget and the parks plan, "
    f"and residents asked about the bus routes in district {n}."
    for n in range(4, 30)
]
TEXT = "\n\n".join([
    "Riverton Mayor Ana Delgado opened a shelter on Monday.", *FILLER[:12], SAID,
    "Delgado said the city would publish its street count in May.", *FILLER[12:],
])


def spoken_article():
    return make_article(title="Riverton opens a shelter", text=TEXT, published_on=dt.date(2025, 3, 3))


def select_paragraph(page, text: str) -> None:
    """Select a paragraph of the article text as a reader does (the page only sees the selection)."""
    page.evaluate("""(text) => {
      const paragraph = [...document.querySelectorAll('#article-text p')].find((p) => p.textContent.includes(text));
      paragraph.scrollIntoView({block: 'center'});
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }""", text)


def test_a_selection_offers_log_this_claim_beside_it_and_the_form_opens_where_the_reader_is(page, desk_users):
    article = spoken_article()
    log_in(page, "checker", PASSWORD)
    page.goto(article.get_absolute_url())
    select_paragraph(page, SAID)
    action = page.get_by_role("button", name="Log this claim")
    expect(action).to_be_in_viewport()
    paragraph = page.locator("#article-text p", has_text="said Ana Delgado").bounding_box()
    button = action.bounding_box()
    assert paragraph["y"] < button["y"] < paragraph["y"] + paragraph["height"] + 60, "the button is not at the selection"
    scrolled = page.evaluate("() => window.scrollY")
    action.click()
    form = page.locator("#log-claim")
    expect(form).to_be_in_viewport()
    expect(page.get_by_label("Quote")).to_have_value(SAID)
    expect(page.get_by_label("Claimant")).to_have_value("Ana Delgado")
    expect(page.get_by_label("Claim date")).to_have_value("2025-03-03")
    assert page.evaluate("() => window.scrollY") == scrolled, "the page moved away from the reader's place"
    page.get_by_role("button", name="Log claim").click()
    claim = Claim.objects.get()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#logged-claim-{claim.pk}")
    expect(page.locator(f"#logged-claim-{claim.pk}")).to_be_in_viewport()
    assert (claim.claimant.name, claim.claim_date) == ("Ana Delgado", dt.date(2025, 3, 3))


def test_on_a_phone_a_touch_selection_offers_log_this_claim_too(browser, desk, desk_users):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=desk.url())
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        article = spoken_article()
        log_in(page, "checker", PASSWORD)
        page.goto(article.get_absolute_url())
        select_paragraph(page, SAID)
        action = page.get_by_role("button", name="Log this claim")
        expect(action).to_be_in_viewport()
        action.tap()
        expect(page.locator("#log-claim")).to_be_in_viewport()
        expect(page.get_by_label("Quote")).to_have_value(SAID)
        expect(page.get_by_label("Claimant")).to_have_value("Ana Delgado")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
    assert not errors


def test_log_as_claim_answers_in_place_with_the_speaker_and_the_articles_date(page, desk_users):
    article = spoken_article()
    row = next(r for r in article.sentences.all() if article.text[r.start:r.end] == SAID)
    log_in(page, "checker", PASSWORD)
    page.goto(article.get_absolute_url())
    item = page.locator(f"#sentence-{row.pk}")
    if not item.is_visible():
        page.get_by_text("Show all").click()
    item.scroll_into_view_if_needed()
    expect(item).to_contain_text("Logs claimant Ana Delgado, dated 3 March 2025")
    mark_page(page)
    scrolled = page.evaluate("() => window.scrollY")
    item.get_by_role("button", name="Log as claim").click()
    expect(item).to_contain_text("Logged as claim #")
    expect(item.get_by_role("status")).to_contain_text("Claim #")
    expect(item).to_be_in_viewport()
    assert_not_reloaded(page)
    assert abs(page.evaluate("() => window.scrollY") - scrolled) < 5, "the page moved"
    claim = Claim.objects.get()
    assert (claim.claimant.name, claim.claim_date) == ("Ana Delgado", dt.date(2025, 3, 3))
    # The text and the claims list show the new claim too.
    expect(page.locator(f"#article-text #logged-claim-{claim.pk}")).to_have_text(f"#{claim.pk} Unverified")
    expect(page.locator("#claims").get_by_role("link", name=f"#{claim.pk} ")).to_be_visible()
    # The worker finishes the new claim's checks before the database is emptied for the next test.
    wait_until(lambda: not CheckResult.objects.filter(claim=claim, state__in=CheckResult.PENDING_STATES).exists(),
               message="the new claim's checks are final")


# Sums the page's layout shifts not caused by the person's own input (the browser
# leaves those out for 500 ms after it): cumulative layout shift, from the first moment.
CLS_OBSERVER = """window.__cls = 0; window.__shifts = [];
new PerformanceObserver((list) => { for (const entry of list.getEntries()) {
  if (!entry.hadRecentInput) { window.__cls += entry.value;
    window.__shifts.push({value: entry.value, nodes: entry.sources.map((s) => s.node && (s.node.id || s.node.className || s.node.nodeName))}); }
} }).observe({type: "layout-shift", buffered: true});"""


def test_the_claim_page_holds_still_while_checks_run_and_the_status_stays_in_view(page, desk, desk_users):
    article = spoken_article()
    log_in(page, "checker", PASSWORD)
    page.context.add_init_script(CLS_OBSERVER)
    # Logged through the desk, whose worker runs its checks.
    page.goto(article.get_absolute_url())
    page.get_by_label("Quote").fill(SAID)
    page.get_by_role("button", name="Log claim").click()
    page.goto(Claim.objects.get().get_absolute_url())
    expect(page.locator("#checks-panel .pending")).to_have_count(0, timeout=30_000)
    form = page.locator("#add-evidence")
    form.get_by_label("Supports", exact=True).check()
    form.get_by_label("Or paste the document").fill(
        "The city's street count found 412 people in 2023 and 247 in 2025, a fall of 40 percent.")
    form.get_by_label("Excerpt", exact=True).fill("a fall of 40 percent")
    form.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".message", has_text="Evidence added").first).to_be_in_viewport()
    expect(page.locator("#checks-panel .pending")).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(500)
    cls = page.evaluate("() => window.__cls")
    shifts = page.evaluate("() => window.__shifts")
    assert cls < 0.1, f"cumulative layout shift {cls:.3f} while checks ran: {shifts}"
    # Re-run at the top of the page, the status box and the checks in view: they hold still too.
    page.evaluate("() => window.scrollTo(0, 0)")
    with worker_paused(desk):
        page.get_by_role("button", name="Re-run all checks").click()
        expect(page.locator("#checks-feedback")).to_contain_text("will run again")
        expect(page.locator("#checks-panel .checks-progress")).to_be_visible()
        page.wait_for_timeout(600)  # past the 500 ms after the click that layout shift leaves out
        page.evaluate("() => { window.__cls = 0; window.__shifts = []; }")
    expect(page.locator("#checks-panel .pending")).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(500)
    cls = page.evaluate("() => window.__cls")
    shifts = page.evaluate("() => window.__shifts")
    assert cls < 0.1, f"cumulative layout shift {cls:.3f} while checks ran again: {shifts}"
    # Far down the page, at the verdict, the support status is still in view.
    page.locator("#verdict").scroll_into_view_if_needed()
    expect(page.locator(".status-box")).to_be_in_viewport()


LONG_URL = "https://www.riverton.example/reports/" + "street-count-2025-annual-point-in-time-homelessness-survey-" * 3 + "final.pdf"


def test_on_a_phone_the_claim_page_fits_and_leads_to_its_verdict_and_the_list_shows_a_fact_check(
    browser, desk, desk_users
):
    claim = make_claim(article=spoken_article(), quote=SAID, claimant_name="Ana Delgado")
    make_evidence(claim=claim, stance="supports", url=LONG_URL, title=LONG_URL, excerpt="a fall of 40 percent")
    make_verdict(claim=claim, author=desk_users["checker"], reviewer=desk_users["editor"], state="published",
                 headline="Riverton's street count fell by 40 percent")
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=desk.url())
    try:
        page = context.new_page()
        log_in(page, "checker", PASSWORD)
        page.goto(claim.get_absolute_url())
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], "the claim page scrolls sideways"
        contents = page.get_by_role("navigation", name="On this page")
        expect(contents).to_be_in_viewport()
        contents.get_by_role("link", name="Verdict").tap()
        expect(page.locator("#verdict h2")).to_be_in_viewport()

        reader = context.new_page()
        reader.goto("/fact-checks/")
        assert reader.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        expect(reader.locator(".fc-item__title").first).to_be_in_viewport()
    finally:
        context.close()


def test_the_admins_verdict_table_fits_a_1280_pixel_screen(page, desk_users):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    for n in range(3):
        article = make_article(title=f"Story {n}", text=TEXT.replace("Riverton", f"Riverton {n}"))
        claim = make_claim(article=article, quote=SAID, claimant_name="Ana Delgado")
        make_verdict(claim=claim, author=desk_users["checker"], reviewer=desk_users["editor"],
                     state="published", rating="half-true",
                     headline="Riverton's street count fell by 40 percent between 2023 and 2025, but the method changed")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/claims/verdict/")
    expect(page.locator("#result_list")).to_be_visible()
    widths = page.evaluate("""() => { const box = document.querySelector('#changelist .results');
      return {scroll: box.scrollWidth, client: box.clientWidth, page: document.documentElement.scrollWidth,
              columns: [...document.querySelectorAll('#result_list thead th')].map(
                (th) => `${th.textContent.trim()} ${Math.round(th.getBoundingClientRect().width)}`)}; }""")
    assert widths["scroll"] <= widths["client"] and widths["page"] <= 1280, f"the table is cut off: {widths}"
