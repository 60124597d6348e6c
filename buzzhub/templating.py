"""What templates receive: plain data and a few Jinja filters (no HTML is built in Python)."""
from __future__ import annotations

import datetime as dt
import math
import os

from .listings import MONTHS, author_url, category_url, entity_url


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


def install(env) -> None:
    env.filters["bh_date"] = fmt_date
    env.filters["bh_iso"] = iso
    env.globals.update(bh_category_url=category_url, bh_author_url=author_url, bh_entity_url=entity_url)


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
    items = model.articles
    top = next((a for a in items if a.top), items[0] if items else None)
    rest = [a for a in items if a is not top]
    n = hub.settings["home_latest"]
    sections = []
    for cat in hub.settings["categories"]:
        in_cat = [a for a in rest if cat in a.categories][:4]
        if in_cat:
            sections.append({"name": cat, "url": category_url(cat), "stories": in_cat})
    return {"top": top, "latest": rest[:n], "sections": sections}


def write_redirects(env, model, site_dir: str, site_url: str) -> None:
    """Old URLs (front matter `redirect_from`) become tiny pages pointing at the new one."""
    if model is None or env is None:
        return
    template = env.get_template("buzzhub/redirect.html")
    for a in model.articles:
        for old in a.redirect_from:
            target = os.path.join(site_dir, old.strip("/"), "index.html")
            depth = len([p for p in old.strip("/").split("/") if p])
            rel = "../" * depth + a.url
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(template.render(target=rel, canonical=site_url.rstrip("/") + "/" + a.url,
                                         title=a.title))
