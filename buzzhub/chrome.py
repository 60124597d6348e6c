"""The theme's chrome (tabs, drawer, footer, scripts…) rendered once per link base, not once per page.

Material renders its whole navigation, header and footer into every page: at 10,000 stories that is
most of the page-rendering time, and for a page outside the nav every byte of it depends on one thing
only, where its relative links start from. Two such pages one folder apart from the same parent
(`articles/a/`, `articles/b/`) resolve every nav link alike, so their chrome is the same string.

Templates wrap a fragment in `{% call bh_chrome("name", page) %}…{% endcall %}`; pages in the nav
(which highlight their own entry) and pages above a nav entry always render it afresh.
"""
from __future__ import annotations

import os

# For tests and bisecting: BUZZHUB_CHROME_CACHE=0 renders every fragment on every page.
ENABLED = os.environ.get("BUZZHUB_CHROME_CACHE", "1") != "0"


def link_base(url: str) -> str:
    """The folder relative links start from: the URL itself when it ends in "/", else its folder."""
    if url == "" or url.endswith("/"):
        return url
    head = url.rpartition("/")[0]
    return head + "/" if head else ""


def _parent(base: str) -> str:
    head = base.rstrip("/").rpartition("/")[0]
    return head + "/" if head else ""


class Chrome:
    def __init__(self):
        self.reset(())

    def reset(self, nav_urls) -> None:
        """nav_urls: every URL the nav links to. Called once per build (config and nav may change)."""
        self._nav = set(nav_urls)
        # Folders holding a nav entry: a page based there links to it by a path of its own.
        self._holds = {""}
        for u in self._nav:
            base = link_base(u)
            while base:
                self._holds.add(base)
                base = _parent(base)
        self._done: dict = {}
        self._last: tuple = (None, None)   # (page, its key): nine fragments ask for each page in turn

    def key(self, page) -> tuple | None:
        """Pages with the same key get the same chrome; None: render it for this page."""
        if page is not None and page is self._last[0]:
            return self._last[1]
        key = self._key(page)
        self._last = (page, key)
        return key

    def _key(self, page) -> tuple | None:
        try:
            url = page.url
        except Exception:   # no page (the 404 template) or Jinja's Undefined
            return None
        if not ENABLED or not isinstance(url, str) or url in self._nav:
            return None
        base = link_base(url)
        meta = getattr(page, "meta", None) or {}
        hide = meta.get("hide")
        hidden = tuple(sorted(str(h) for h in hide)) if isinstance(hide, (list, tuple)) else repr(hide)
        if base in self._holds:
            return "base", base, hidden
        # A leaf folder: every link leaves it first ("../"), then goes on as from its parent.
        return "leaf", _parent(base), hidden

    def __call__(self, name: str, page=None, caller=None) -> str:
        key = self.key(page)
        if key is None:
            return caller()
        key = (name, *key)
        out = self._done.get(key)
        if out is None:
            out = self._done[key] = caller()
        return out


CHROME = Chrome()


def up_to_root(url: str) -> str:
    """Relative path from a page to the site root, as MkDocs' `url` filter leads: `a/b/` and `a/b.html`
    are two folders and one folder below it."""
    return "../" * url.count("/")


class Rows:
    """A listing row per story and link base: a story is a row on ~15 pages (latest, its categories,
    author, entities, month), and rendering the row once saves ~1.5 s at 10,000 stories. Reset every
    build: titles and dates may have changed."""

    def __init__(self):
        self._done: dict = {}

    def reset(self) -> None:
        self._done = {}

    def __call__(self, macro, story, up: str, show_category: bool) -> str:
        if not ENABLED:
            return macro(story, up, show_category)
        key = (story.slug, up, show_category)
        out = self._done.get(key)
        if out is None:
            out = self._done[key] = macro(story, up, show_category)
        return out


ROWS = Rows()
