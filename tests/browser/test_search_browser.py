"""The header's Pagefind search box in a real Chromium: keyboard, results, filters, no third parties."""
from __future__ import annotations

import pytest

from tests.browser.test_widgets_browser import wait_for

pytestmark = pytest.mark.browser

ARTICLE = "articles/meta-llama-national-security/"


def _results(page):
    return page.eval_on_selector_all(".bh-search__results li", "els => els.map(e => e.innerText)")


def test_slash_focuses_and_a_query_shows_headline_date_category_excerpt(site, new_context, artifacts):
    base, _ = site
    ctx = new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(base + ARTICLE)
    assert not [u for u in ctx.guard.seen if "/pagefind/" in u]       # nothing loads before the box is used
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "bh-search-q"
    page.keyboard.type("Anthropic")
    assert wait_for(lambda: len(_results(page)) > 1, timeout=10)
    first = page.eval_on_selector(".bh-search__results li a", "a => a.getAttribute('href')")
    assert first.endswith("/entities/anthropic/")                       # the name leads to its entity page
    story = page.locator(".bh-search__results li:has(time)").first          # after the entity pages
    assert story.locator("strong").inner_text() and story.locator("time").inner_text()
    assert story.locator(".bh-search__cat").inner_text()
    assert story.locator("mark").count() >= 1
    page.screenshot(path=str(artifacts / "search-panel.png"))
    assert ctx.guard.outside == []                                       # Pagefind came from our own site


def test_arrow_keys_and_enter_open_a_result(site, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type("Llama")
    assert wait_for(lambda: len(_results(page)) > 0, timeout=10)
    page.keyboard.press("ArrowDown")
    target = page.eval_on_selector(".bh-search__results li[aria-selected=true] a", "a => a.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert page.is_hidden("#bh-search-panel")


def test_filters_narrow_results(site, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base)
    page.click("#bh-search-q")
    page.fill("#bh-search-q", "Meta")
    assert wait_for(lambda: len(_results(page)) > 0, timeout=10)
    assert page.eval_on_selector_all("select[data-bh-filter=year] option", "o => o.length") == 1   # on demand
    page.focus("select[data-bh-filter=year]")
    assert wait_for(lambda: page.eval_on_selector_all("select[data-bh-filter=year] option", "o => o.length") > 1,
                    timeout=10)
    assert wait_for(lambda: len(_results(page)) > 0, timeout=10)
    page.select_option("select[data-bh-filter=year]", "2023")
    assert wait_for(lambda: all("2023" in r for r in _results(page)) and _results(page), timeout=10)
