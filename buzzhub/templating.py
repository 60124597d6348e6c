"""What templates receive: plain data and a few Jinja filters (no HTML is built in Python)."""
from __future__ import annotations

import datetime as dt
import math
import os

from jinja2 import BytecodeCache

from .listings import MONTHS, author_url, category_url, entity_url, year_url


def fmt_date(value) -> str:
    if not isinstance(value, (dt.date, dt.datetime)):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso(value) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value.isoformat() if isinstance(value, dt.date) else ""


def distance(later: dt.datetime, earlier: dt.datetime) -> str:
    days = abs((later - earlier).days)
    if days < 1:
        return "same day"
    if days < 30:
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.4)
    if months < 12:
        return f"{months} month{'s' if months != 1 else ''}"
    years = round(days / 365.25)
    return f"{years} year{'s' if years != 1 else ''}"


def day(value) -> str:
    """The calendar date alone (`2025-01-03`): enough for a row's <time datetime>, 15 bytes shorter."""
    return value.strftime("%Y-%m-%d") if isinstance(value, (dt.date, dt.datetime)) else ""


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept between `mkdocs serve` reloads (each reload compiles ~45 templates
    afresh, ~0.7 s at 10,000 articles); keyed by Jinja on the template's name and source."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = MemoryBytecodeCache()


class Translations:
    """Material's `lang.t(key)`: the theme language's string, else English's, else the key itself."""

    def __init__(self, env, language: str):
        self._env, self._language, self._done = env, language or "en", {}

    def __call__(self, key: str) -> str:
        out = self._done.get(key)
        if out is None:
            lang = self._env.get_template(f"partials/languages/{self._language}.html").module
            fallback = self._env.get_template("partials/languages/en.html").module
            out = self._done[key] = str(lang.t(key) or fallback.t(key) or key)
        return out


def install(env, language: str = "en") -> None:
    # A plain dict for compiled templates: Jinja's LRU cache takes a lock and reorders a queue on each of
    # the ~30 lookups a page makes (includes, imports), ~0.5 s at 10,000 stories. ~50 templates in all.
    env.cache = {}
    env.globals["bh_t"] = Translations(env, language)
    env.filters["bh_date"] = fmt_date
    env.filters["bh_iso"] = iso
    env.filters["bh_day"] = day
    # `| tojson` without the spaces after , and : (JSON-LD on every story, Material's config blob).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    env.globals.update(bh_category_url=category_url, bh_author_url=author_url, bh_entity_url=entity_url,
                       bh_year_url=year_url)


def reading_minutes(words: int, wpm: int) -> int:
    return max(1, math.ceil(words / wpm))


def page_data(model, hub, src_uri, article, listing, is_home) -> dict:
    if model is None:
        return {}
    s = hub.settings
    data = {"settings": s, "chips": model.chips, "authors": hub.authors, "preview": model.preview,
            "now": model.now}
    if article is not None:
        data["article"] = article
        data["draft"] = article.draft or article.date > model.now
        data["byline"] = [hub.authors[a] for a in article.authors]
        data["reading_minutes"] = reading_minutes(article.words, s["words_per_minute"])
        data["entities"] = model.chips.get(article.slug, [])
        data["related"] = _related(model, article)
    if listing is not None:
        data["listing"] = listing
    if is_home:
        data["home"] = _home(model, hub)
    return data


def _related(model, article) -> list[dict]:
    by_slug = model.by_slug()
    out = []
    for link in model.related.get(article.slug, []):
        other = by_slug.get(link.slug)
        if other is not None:
            out.append({"article": other, "reasons": list(link.reasons),
                        "follow_up": getattr(link, "follow_up", False)})
    return out


def _home(model, hub) -> dict:
    return home_data(model.articles, hub.settings)


def home_data(items: list, settings: dict) -> dict:
    """The front page from the visible stories (newest first): top story, latest, category sections."""
    top = next((a for a in items if a.top), items[0] if items else None)
    rest = [a for a in items if a is not top]
    n = settings["home_latest"]
    sections = []
    for cat in settings["categories"]:
        in_cat = [a for a in rest if cat in a.categories][:4]
        if in_cat:
            sections.append({"name": cat, "url": category_url(cat), "stories": in_cat})
    return {"top": top, "latest": rest[:n], "sections": sections}


def write_redirects(env, model, site_dir: str, site_url: str, docs_dir: str = "") -> list:
    """Old URLs (front matter `redirect_from`) become tiny pages pointing at the new one.

    Runs after every page is written, so a redirect that would replace one of them (`latest/`, `./`,
    a path through a file) is refused and returned as a problem instead of silently winning."""
    from .problems import Problem
    problems: list = []
    if model is None or env is None:
        return problems
    template = env.get_template("buzzhub/redirect.html")
    for a in model.articles:
        for old in a.redirect_from:
            parts = [p for p in old.strip("/").split("/") if p not in ("", ".")]
            target = os.path.join(site_dir, *parts, "index.html")
            taken = _taken(site_dir, parts)
            if taken:
                problems.append(Problem(os.path.join(docs_dir, a.path), a.line_of("redirect_from"), "redirect_from",
                                        f"'{old}' would overwrite {taken} in the built site; list only old "
                                        f"addresses of this article"))
                continue
            depth = len(parts)
            rel = "../" * depth + a.url
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(template.render(target=rel, canonical=site_url.rstrip("/") + "/" + a.url,
                                         title=a.title))
    return problems


def _taken(site_dir: str, parts: list[str]) -> str:
    """What already occupies the redirect's place: its index.html, or a file where a folder must go."""
    for i in range(1, len(parts) + 1):
        if os.path.isfile(os.path.join(site_dir, *parts[:i])):
            return "/".join(parts[:i])
    page = os.path.join(site_dir, *parts, "index.html")
    if os.path.exists(page) and not _is_redirect_stub(page):
        return "/" + "".join(p + "/" for p in parts) if parts else "the home page"
    return ""


def _is_redirect_stub(path: str) -> bool:
    """A dirty build (`mkdocs serve --dirty`) finds the stub the previous build wrote: that one is ours."""
    with open(path, "rb") as fh:
        head = fh.read(600)
    return b"<title>Moved: " in head and b'http-equiv="refresh"' in head
