"""Reader routes on a phone: from the home page, each reader task reaches its answer in a few taps.

Why: a frightened reader on a 390 x 844 phone will not hunt through menus. Each route starts on
the home page, taps links as a reader would, and checks two things a person would notice: how
many taps it took, and whether the page they land on answers them on its first screen, before
any scrolling (its "In short" summary, its answer section, or the urgent-help box).
"""
from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
MAX_TAPS = 3

# task: (links to tap, in order, by their visible text; the element that answers the task on landing)
ROUTES = {
    "someone close to me was just diagnosed": (
        ["Someone close to me was just diagnosed"], ".md-content .admonition.abstract"),
    "I take a medicine linked to PML": (
        ["I take a medicine linked to PML"], ".md-content .admonition.abstract"),
    "natalizumab patient told they are JC-antibody positive": (
        ["I was told I am JC-antibody positive"], "#i-tested-positive-for-jc-virus-antibodies-what-now + p"),
    "I have a symptom and I am worried": (
        ["I have a symptom and I am worried"], "#when-should-i-get-urgent-help + .admonition.pml-emergency"),
    "I am a doctor or nurse": (
        ["I am a doctor or nurse"], ".md-content .admonition.abstract"),
}


@pytest.fixture
def phone(browser, site_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def on_first_screen(page, selector: str) -> bool:
    """True when the whole element is inside the viewport as the page now stands (below the header)."""
    box = page.evaluate(
        """sel => { const e = document.querySelector(sel); if (!e) return null;
                    const r = e.getBoundingClientRect();
                    const header = document.querySelector('.md-header');
                    const top = header ? header.getBoundingClientRect().bottom : 0;
                    return {top: r.top, bottom: r.bottom, header: top, height: innerHeight}; }""", selector)
    assert box is not None, f"{page.url}: no element matches {selector}"
    return box["top"] >= box["header"] - 1 and box["bottom"] <= box["height"] + 1


def route_link(page, text: str):
    return page.locator(".md-content a").filter(has_text=text).first


def test_every_route_starts_on_the_first_screen_of_the_home_page(phone, site_server):
    phone.goto(site_server, wait_until="load")
    for task, (taps, _answer) in ROUTES.items():
        link = route_link(phone, taps[0])
        assert link.count() == 1, f"home page has no link for '{task}'"
        box = link.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], (
            f"'{taps[0]}' is {box['y'] + box['height']:.0f}px down: below the first phone screen")
        assert box["height"] >= 44, f"'{taps[0]}' is a {box['height']:.0f}px tap target (under 44px)"


@pytest.mark.parametrize("task", list(ROUTES))
def test_route_reaches_a_first_screen_that_answers_the_task(phone, site_server, task):
    taps, answer = ROUTES[task]
    phone.goto(site_server, wait_until="load")
    count = 0
    for text in taps:
        link = route_link(phone, text)
        assert link.count() == 1, f"{task}: no link '{text}' on {phone.url}"
        link.scroll_into_view_if_needed()
        with phone.expect_navigation(wait_until="load"):
            link.tap()
        count += 1
    phone.wait_for_timeout(200)  # the browser's own scroll to a #section settles
    assert count <= MAX_TAPS, f"{task}: {count} taps"
    assert on_first_screen(phone, answer), f"{task}: {answer} is not on the first screen of {phone.url}"


def test_just_diagnosed_page_gives_next_steps_questions_and_support(phone, site_server):
    phone.goto(site_server + "patients/just-diagnosed/", wait_until="load")
    headings = [h.strip() for h in phone.locator(".md-content h2").all_inner_texts()]
    assert any("What usually happens next" in h for h in headings), headings
    five = phone.locator("h2:has-text('The five questions to ask first') + p + ol > li")
    assert five.count() == 5
    assert phone.locator(".md-content a[href$='support/']").count() >= 1
    assert phone.locator(".md-content .admonition.pml-emergency").count() == 1
