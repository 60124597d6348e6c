"""Share, subscribe and page-quality checks in a real Chromium (see conftest.py for the set-up)."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import entity_page

pytestmark = pytest.mark.browser

ARTICLE = "articles/meta-llama-national-security/"
HOME = ""

# network -> (host, {param: "title" | "url" | "title url"})
SHARE_TARGETS = {
    "x": ("x.com", {"text": "title", "url": "url"}),
    "linkedin": ("www.linkedin.com", {"url": "url"}),
    "facebook": ("www.facebook.com", {"u": "url"}),
    "reddit": ("www.reddit.com", {"url": "url", "title": "title"}),
    "hackernews": ("news.ycombinator.com", {"u": "url", "t": "title"}),
    "bluesky": ("bsky.app", {"text": "title url"}),
    "mastodon": ("mastodon.social", {"text": "title url"}),
    "whatsapp": ("wa.me", {"text": "title url"}),
    "telegram": ("t.me", {"url": "url", "text": "title"}),
}


def wait_for(predicate, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def expected(kind: str, title: str, url: str) -> str:
    return {"title": title, "url": url, "title url": f"{title} {url}"}[kind]


def article_facts(page) -> tuple[str, str]:
    title = page.locator("article.bh-article h1").text_content()
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert page.locator('meta[property="og:title"]').get_attribute("content") == title
    return title, canonical


def check_target(url: str, net: str, title: str, canonical: str):
    host, params = SHARE_TARGETS[net]
    parts = urlsplit(url)
    assert (parts.scheme, parts.hostname) == ("https", host), url
    query = parse_qs(parts.query, keep_blank_values=True)
    for name, kind in params.items():
        assert query[name] == [expected(kind, title, canonical)], (net, name, url)


def test_share_links_open_their_targets_with_exact_title_and_url(site, new_context):
    base, _ = site
    ctx = new_context()
    page = ctx.new_page()
    page.goto(base + ARTICLE)
    title, canonical = article_facts(page)
    for net in SHARE_TARGETS:
        if net == "mastodon":
            continue   # JS asks for the reader's server first: see the next test
        link = page.locator(f'a[data-bh-net="{net}"]')
        assert link.get_attribute("rel") == "noopener noreferrer"
        with ctx.expect_page() as popup:
            link.click()
        popup.value.close()
        assert wait_for(lambda: any(urlsplit(u).hostname == SHARE_TARGETS[net][0] for u in ctx.guard.outside)), net
        sent = [u for u in ctx.guard.outside if urlsplit(u).hostname == SHARE_TARGETS[net][0]][-1]
        check_target(sent, net, title, canonical)
    mail = urlsplit(page.locator('a[data-bh-net="email"]').get_attribute("href"))
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": [title], "body": [canonical]}


def test_share_links_without_javascript_are_plain_links(site, new_context):
    base, _ = site
    page = new_context(java_script_enabled=False).new_page()
    page.goto(base + ARTICLE)
    title, canonical = article_facts(page)
    for net in SHARE_TARGETS:
        check_target(page.locator(f'a[data-bh-net="{net}"]').get_attribute("href"), net, title, canonical)
    assert page.locator("[data-bh-copy]").is_hidden()          # JS-only controls stay out of the way
    assert page.locator("[data-bh-native]").is_hidden()


def test_mastodon_asks_for_the_server_once_and_remembers_it(site, new_context):
    base, _ = site
    ctx = new_context()
    ctx.add_init_script("window.__opened = []; window.open = function (u) { window.__opened.push(u); return null; };")
    page = ctx.new_page()
    page.goto(base + ARTICLE)
    title, canonical = article_facts(page)
    page.locator('a[data-bh-net="mastodon"]').click()
    server = page.get_by_label("Your Mastodon server")
    assert server.is_visible() and server.evaluate("el => el === document.activeElement")
    server.fill("nonsense")
    server.press("Enter")
    assert "Enter your server" in page.locator(".bh-share [data-bh-status]").text_content(timeout=2000) or \
        wait_for(lambda: "Enter your server" in page.locator(".bh-share [data-bh-status]").text_content())
    server.fill("@reader@Social.Example")
    server.press("Enter")
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1
    check_target(opened[0].replace("social.example", "mastodon.social"), "mastodon", title, canonical)
    assert urlsplit(opened[0]).hostname == "social.example"
    page.reload()
    page.locator('a[data-bh-net="mastodon"]').click()     # remembered: straight to the server
    assert page.get_by_label("Your Mastodon server").is_hidden()
    assert urlsplit(page.evaluate("window.__opened")[0]).hostname == "social.example"


def test_copy_link_puts_the_canonical_url_on_the_clipboard(site, new_context):
    base, _ = site
    ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(base + ARTICLE)
    _, canonical = article_facts(page)
    button = page.get_by_role("button", name="Copy link")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")                         # keyboard usable
    status = page.locator(".bh-share [data-bh-status]")
    assert wait_for(lambda: "copied" in status.text_content())
    assert status.get_attribute("aria-live") == "polite"
    assert page.evaluate("navigator.clipboard.readText()") == canonical


def test_native_share_button_only_where_web_share_exists(site, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base + ARTICLE)
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator("[data-bh-native]").is_visible() == has_share
    ctx = new_context()
    ctx.add_init_script("navigator.share = function (d) { window.__shared = d; return Promise.resolve(); };")
    page = ctx.new_page()
    page.goto(base + ARTICLE)
    title, canonical = article_facts(page)
    page.get_by_role("button", name="Share…").click()
    assert page.evaluate("window.__shared") == {"title": title, "url": canonical}


def _subscribe(page, email):
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Subscribe").click()


def test_subscribe_in_place_success(site, endpoint, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base + HOME)
    before = len(endpoint.posts)
    _subscribe(page, "reader+news@example.com")
    status = page.locator(".bh-subscribe [data-bh-status]")
    assert wait_for(lambda: "Thanks" in status.text_content()), status.text_content()
    assert page.url == base + HOME                       # stayed on the page
    post = endpoint.posts[before]
    assert post["fields"] == {"email": "reader+news@example.com", "list": "ai-news", "bh-website": ""}
    assert post["content_type"].startswith("application/x-www-form-urlencoded")
    assert page.get_by_label("Email address").input_value() == ""


def test_subscribe_in_place_error_is_announced(site, endpoint, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base + HOME)
    _subscribe(page, "fail@example.com")
    status = page.locator(".bh-subscribe [data-bh-status]")
    assert wait_for(lambda: "error 500" in status.text_content()), status.text_content()
    assert page.get_by_label("Email address").input_value() == "fail@example.com"   # kept for a retry
    page.evaluate("document.querySelector('form[data-bh-subscribe]').action = 'http://127.0.0.1:9/'")
    _subscribe(page, "reader@example.com")
    assert wait_for(lambda: "could not reach" in status.text_content()), status.text_content()


def test_subscribe_honeypot_is_not_sent(site, endpoint, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base + HOME)
    trap = page.locator(".bh-hp input")
    assert trap.get_attribute("tabindex") == "-1" and trap.get_attribute("autocomplete") == "off"
    assert page.locator(".bh-hp").get_attribute("aria-hidden") == "true"
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] < 0      # off-screen
    before = len(endpoint.posts)
    trap.evaluate("el => el.value = 'spam'")
    _subscribe(page, "bot@example.com")
    assert wait_for(lambda: "Thanks" in page.locator(".bh-subscribe [data-bh-status]").text_content())
    time.sleep(0.3)
    assert len(endpoint.posts) == before


def test_subscribe_without_javascript_posts_the_form(site, endpoint, new_context):
    base, _ = site
    page = new_context(java_script_enabled=False).new_page()
    page.goto(base + ARTICLE)
    before = len(endpoint.posts)
    with page.expect_navigation():
        _subscribe(page, "plain@example.com")
    assert page.url == endpoint.url
    assert "Thanks for subscribing" in page.content()
    assert endpoint.posts[before]["fields"] == {"email": "plain@example.com", "list": "ai-news", "bh-website": ""}


@pytest.mark.parametrize("which", ["home", "article", "entity"])
def test_no_request_leaves_the_machine(site, new_context, which):
    base, site_dir = site
    path = {"home": HOME, "article": ARTICLE, "entity": entity_page(site_dir)}[which]
    ctx = new_context()
    page = ctx.new_page()
    page.goto(base + path, wait_until="networkidle")
    page.mouse.wheel(0, 4000)                            # lazy things, if any, load on scroll
    page.wait_for_load_state("networkidle")
    assert ctx.guard.seen, "the request log is empty: routing is not active"
    assert ctx.guard.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "article", "entity"])
def test_axe_finds_no_serious_problems(site, new_context, which, scheme):
    from axe_playwright_python.sync_playwright import Axe
    base, site_dir = site
    path = {"home": HOME, "article": ARTICLE, "entity": entity_page(site_dir)}[which]
    page = new_context(color_scheme=scheme).new_page()
    page.goto(base + path, wait_until="networkidle")
    palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert palette == ("slate" if scheme == "dark" else "default")
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()


def test_focus_is_visible_on_share_controls(site, new_context):
    base, _ = site
    page = new_context().new_page()
    page.goto(base + ARTICLE)
    link = page.locator('a[data-bh-net="x"]')
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")                           # keyboard focus, so :focus-visible applies
    style = link.evaluate("el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }")
    assert style[0] != "none" and style[1] != "0px", style


@pytest.mark.parametrize("width,height,name", [(1280, 900, "article-desktop.png"), (390, 844, "article-phone.png")])
def test_article_screenshots(site, new_context, artifacts, width, height, name):
    base, _ = site
    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(base + ARTICLE, wait_until="networkidle")
    page.screenshot(path=str(artifacts / name), full_page=True)
    assert (artifacts / name).stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than a {width}px screen"
