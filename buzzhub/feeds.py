"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site, every category and every entity page.

XML is built with ElementTree and JSON with json.dumps, so escaping is structural. Output is
deterministic: a feed's "last updated" is its newest item's date, never the build time.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urljoin

from .listings import author_url, category_url, entity_url
from .seo import absolute

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("atom", ATOM)
ET.register_namespace("dc", DC)
ET.register_namespace("content", CONTENT)

# (key, file name, media type, label shown to readers)
FORMATS = (("rss", "feed.xml", "application/rss+xml", "RSS"),
           ("atom", "atom.xml", "application/atom+xml", "Atom"),
           ("json", "feed.json", "application/feed+json", "JSON"))
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_URL_ATTR = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


@dataclass
class FeedSet:
    base: str          # "" (site), "category/policy/", "entities/meta/"
    name: str          # what the feed follows: the site, a category or an entity name
    title: str
    description: str
    articles: list     # newest first


def links(base: str) -> list[dict]:
    return [{"format": k, "href": base + fname, "type": mime, "label": label} for k, fname, mime, label in FORMATS]


def page_feeds(data: dict, site_name: str) -> list[dict]:
    """The site's feeds, then the feeds of the category/entity this page shows (if any)."""
    out = [{"name": site_name, "title": site_name, "own": bool(data.get("home")), "links": links("")}]
    listing = data.get("listing")
    if listing is not None and listing.kind in ("category", "entity"):
        name = listing.subject if listing.kind == "category" else listing.subject.entity.name
        out.append({"name": name, "title": f"{site_name}: {name}", "own": True, "links": links(listing.base)})
    return out


def feed_sets(model, categories: list[str], site: dict) -> list[FeedSet]:
    arts = model.articles
    out = [FeedSet("", site["name"], site["name"], site["description"], arts)]
    for c in categories:
        out.append(FeedSet(category_url(c), c, f"{site['name']}: {c}", f"{c} stories from {site['name']}",
                           [a for a in arts if c in a.categories]))
    for eid, page in sorted(model.entity_pages.items()):
        e = page.entity
        out.append(FeedSet(entity_url(eid), e.name, f"{site['name']}: {e.name}", e.description, page.articles))
    return out


def absolutize(body: str, page_url: str) -> str:
    """Relative href/src in rendered HTML resolved against the article's absolute URL."""
    def fix(m):
        value = urljoin(page_url, html.unescape(m.group(3)))
        return f"{m.group(1)}{m.group(2)}{html.escape(value, quote=True)}{m.group(2)}"
    return _URL_ATTR.sub(fix, body)


def _entry(a, authors: dict, html_by_slug: dict, site: dict, full: bool) -> dict:
    url = absolute(site["url"], a.url)
    body = html_by_slug.get(a.slug) if full else None
    people = [authors[x] for x in a.authors if x in authors]
    return {"url": url, "title": a.title, "summary": a.description, "published": a.date,
            "modified": a.updated or a.date, "content": absolutize(body, url) if body else None,
            "authors": [(p.name, absolute(site["url"], author_url(p.id))) for p in people],
            "categories": list(dict.fromkeys(a.categories + a.tags)),
            "image": absolute(site["url"], a.image) if a.image else None}


def _newest(entries: list[dict]) -> dt.datetime:
    return max((e["modified"] for e in entries), default=EPOCH)


def _sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def rss(fs: FeedSet, entries: list[dict], site: dict) -> bytes:
    root = ET.Element("rss", {"version": "2.0"})
    ch = _sub(root, "channel")
    _sub(ch, "title", fs.title)
    _sub(ch, "link", absolute(site["url"], fs.base))
    _sub(ch, "description", fs.description or fs.title)
    _sub(ch, "language", site["language"])
    _sub(ch, "lastBuildDate", format_datetime(_newest(entries)))
    _sub(ch, f"{{{ATOM}}}link", href=absolute(site["url"], fs.base + "feed.xml"), rel="self",
         type="application/rss+xml")
    for e in entries:
        it = _sub(ch, "item")
        _sub(it, "title", e["title"])
        _sub(it, "link", e["url"])
        _sub(it, "guid", e["url"], isPermaLink="true")
        _sub(it, "pubDate", format_datetime(e["published"]))
        for name, _ in e["authors"]:
            _sub(it, f"{{{DC}}}creator", name)
        for c in e["categories"]:
            _sub(it, "category", c)
        _sub(it, "description", e["summary"])
        if e["content"]:
            _sub(it, f"{{{CONTENT}}}encoded", e["content"])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def atom(fs: FeedSet, entries: list[dict], site: dict) -> bytes:
    A = ""   # plain names + an explicit xmlns: ET's default_namespace rejects unqualified attributes
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: site["language"]})
    self_url = absolute(site["url"], fs.base + "atom.xml")
    _sub(root, A + "id", self_url)
    _sub(root, A + "title", fs.title)
    if fs.description:
        _sub(root, A + "subtitle", fs.description)
    _sub(root, A + "updated", _newest(entries).isoformat())
    _sub(root, A + "link", rel="alternate", type="text/html", href=absolute(site["url"], fs.base))
    _sub(root, A + "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(_sub(root, A + "author"), A + "name", site["name"])   # entries without authors inherit this
    for e in entries:
        en = _sub(root, A + "entry")
        _sub(en, A + "id", e["url"])
        _sub(en, A + "title", e["title"])
        _sub(en, A + "link", rel="alternate", type="text/html", href=e["url"])
        _sub(en, A + "published", e["published"].isoformat())
        _sub(en, A + "updated", e["modified"].isoformat())
        for name, url in e["authors"]:
            au = _sub(en, A + "author")
            _sub(au, A + "name", name)
            _sub(au, A + "uri", url)
        for c in e["categories"]:
            _sub(en, A + "category", term=c)
        _sub(en, A + "summary", e["summary"])
        if e["content"]:
            _sub(en, A + "content", e["content"], type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def json_feed(fs: FeedSet, entries: list[dict], site: dict) -> str:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": fs.title,
           "home_page_url": absolute(site["url"], fs.base),
           "feed_url": absolute(site["url"], fs.base + "feed.json"),
           "description": fs.description, "language": site["language"], "items": []}
    for e in entries:
        item = {"id": e["url"], "url": e["url"], "title": e["title"], "summary": e["summary"],
                "date_published": e["published"].isoformat(), "date_modified": e["modified"].isoformat(),
                "authors": [{"name": n, "url": u} for n, u in e["authors"]], "tags": e["categories"]}
        if e["content"]:
            item["content_html"] = e["content"]
        else:
            item["content_text"] = e["summary"]
        if e["image"]:
            item["image"] = e["image"]
        doc["items"].append(item)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_feeds(model, authors: dict, settings: dict, html_by_slug: dict, site: dict, site_dir: str,
                only: set | None = None, written=None) -> int:
    """Writes every feed under site_dir (or, for a dirty rebuild, those whose base is in `only`);
    returns how many files were written. written: called with each file's site-relative path."""
    if model is None:
        return 0
    n, full = settings["feeds"]["items"], settings["feeds"]["full_content"]
    cache: dict[tuple, dict] = {}
    count = 0
    for fs in feed_sets(model, settings["categories"], site):
        if only is not None and fs.base not in only:
            continue
        # Entity feeds (one per tagged entity: ~1,000 on a big hub) carry summaries. Full bodies there
        # repeat each story in ~8 feeds x 3 formats: ~36 KB of output per article at 10,000 articles.
        whole = full and not fs.base.startswith("entities/")
        entries = []
        for a in fs.articles[:n]:
            if (a.slug, whole) not in cache:
                cache[(a.slug, whole)] = _entry(a, authors, html_by_slug, site, whole)
            entries.append(cache[(a.slug, whole)])
        out_dir = os.path.join(site_dir, *fs.base.strip("/").split("/")) if fs.base else site_dir
        os.makedirs(out_dir, exist_ok=True)
        for (key, fname, _, _), data in zip(FORMATS, (rss(fs, entries, site), atom(fs, entries, site),
                                                      json_feed(fs, entries, site).encode("utf-8"))):
            with open(os.path.join(out_dir, fname), "wb") as fh:
                fh.write(data)
            count += 1
            if written is not None:
                written(posixpath.join(fs.base.strip("/"), fname))
    return count
