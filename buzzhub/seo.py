"""Link-preview and search metadata as plain data: canonical URL, Open Graph, Twitter, JSON-LD.

Values stay raw here; the head/share partials escape them for their context (`| e`, `| urlencode`,
`| tojson`). Nothing in this module produces HTML.
"""
from __future__ import annotations

import html

from .listings import author_url

CARDS_DIR = "assets/cards/"
SITE_CARD = "assets/social-card.png"   # outside cards/ so no article slug can collide with it
CARD_SIZE = (1200, 630)
ABOUT_FLOOR = 0.5     # entities at least half as salient as the top one are what the story is about
ABOUT_MAX = 3
WIKIDATA = "https://www.wikidata.org/entity/"
SCHEMA_TYPES = {"company": "Corporation", "organization": "Organization", "government": "GovernmentOrganization",
                "person": "Person", "model": "SoftwareApplication", "product": "Product", "country": "Country",
                "place": "Place", "law": "Legislation", "event": "Event"}


def absolute(site_url: str, path: str) -> str:
    """A site path (`articles/x/`) or an absolute URL, as an absolute URL."""
    if "://" in path:
        return path
    return site_url.rstrip("/") + "/" + path.lstrip("/") if site_url else "/" + path.lstrip("/")


def _raw(value) -> str:
    """Page titles/descriptions arrive HTML-escaped (Markup) from the hook; templates escape again."""
    if value is None:
        return ""
    return html.unescape(str(value)) if hasattr(value, "__html__") else str(value)


def canonical(site_url: str, page_url: str, article=None) -> str:
    if article is not None and article.canonical_url:
        return article.canonical_url
    return absolute(site_url, page_url)


def card_path(slug: str) -> str:
    return f"{CARDS_DIR}{slug}.png"


def _image(data: dict, site: dict) -> dict:
    a = data.get("article")
    cards = data.get("settings", {}).get("social_cards", False)
    if a is not None and a.image:
        return {"url": absolute(site["url"], a.image), "alt": a.image_alt, "size": None}
    if cards and a is not None:
        return {"url": absolute(site["url"], card_path(a.slug)), "alt": f"{site['name']}: {a.title}",
                "size": CARD_SIZE}
    if cards:
        return {"url": absolute(site["url"], SITE_CARD), "alt": site["name"], "size": CARD_SIZE}
    return {"url": "", "alt": "", "size": None}


def _title_and_description(data: dict, page_title, page_description, site: dict) -> tuple[str, str]:
    a, listing = data.get("article"), data.get("listing")
    if a is not None:
        return a.title, a.description
    if data.get("home"):
        return site["name"], site["description"]
    if listing is not None:
        return listing.title, listing.description or site["description"]
    return _raw(page_title) or site["name"], _raw(page_description) or site["description"]


def page_meta(model, data: dict, page_url: str, page_title, page_description, site: dict) -> dict:
    """site: url, name, description, logo (site path). Returns what head.html and share.html print."""
    a = data.get("article")
    title, description = _title_and_description(data, page_title, page_description, site)
    meta = {"canonical": canonical(site["url"], page_url, a), "title": title, "description": description,
            "type": "article" if a is not None else "website", "site_name": site["name"],
            "image": _image(data, site), "jsonld": None, "published": None, "modified": None, "tags": []}
    if a is not None:
        meta.update(published=a.date, modified=a.updated or a.date, tags=list(dict.fromkeys(a.categories + a.tags)))
        tagged = getattr(model, "tagged", {}).get(a.slug, []) if model is not None else []
        meta["jsonld"] = article_jsonld(a, data.get("byline", []), tagged, meta, site)
    meta["twitter_card"] = "summary_large_image" if meta["image"]["url"] else "summary"
    return meta


def entity_thing(entity) -> dict:
    thing = {"@type": SCHEMA_TYPES.get(entity.type, "Thing"), "name": entity.name}
    if getattr(entity, "wikidata", None):
        thing["sameAs"] = WIKIDATA + entity.wikidata
    return thing


def split_entities(tagged) -> tuple[list, list]:
    """(about, mentions): the few most salient entities, then the rest, in salience order."""
    ranked = sorted(tagged, key=lambda e: (-e.salience, e.id))
    if not ranked:
        return [], []
    top = ranked[0].salience
    about = [e for e in ranked if e.salience >= top * ABOUT_FLOOR][:ABOUT_MAX]
    return about, ranked[len(about):]


def article_jsonld(a, byline, tagged, meta: dict, site: dict) -> dict:
    people = []
    for au in byline:
        person = {"@type": "Person", "name": au.name, "url": absolute(site["url"], author_url(au.id))}
        if au.url:
            person["sameAs"] = au.url
        people.append(person)
    publisher = {"@type": "Organization", "name": site["name"], "url": absolute(site["url"], "")}
    if site.get("logo"):
        publisher["logo"] = {"@type": "ImageObject", "url": absolute(site["url"], site["logo"])}
    doc = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
           "description": a.description, "url": meta["canonical"],
           "datePublished": a.date.isoformat(), "dateModified": (a.updated or a.date).isoformat(),
           "author": people, "publisher": publisher,
           "mainEntityOfPage": {"@type": "WebPage", "@id": meta["canonical"]},
           "articleSection": list(a.categories)}
    if meta["image"]["url"]:
        doc["image"] = [meta["image"]["url"]]
    if a.tags:
        doc["keywords"] = list(a.tags)
    about, mentions = split_entities(tagged)
    if about:
        doc["about"] = [entity_thing(e) for e in about]
    if mentions:
        doc["mentions"] = [entity_thing(e) for e in mentions]
    return doc
