"""Source front matter onto the hub's fields; every assumption becomes a change note."""
from __future__ import annotations

import html
from urllib.parse import urlsplit

from ..article import REDIRECT_RE, slugify
from . import describe
from .dates import aware, for_yaml, parse_when
from .model import Item, Job

DATE_KEYS = ("date", "publishdate", "pubdate", "published")
UPDATED_KEYS = ("lastmod", "last_updated", "updated", "modified", "last_modified_at")
DESCRIPTION_KEYS = ("description", "summary", "excerpt", "deck")
EXPIRY_KEYS = ("expirydate", "unpublishdate")
CANONICAL_KEYS = ("canonical_url", "canonical", "canonicalurl")
SOURCE_URL_KEYS = ("source_url", "external_url", "link")
RESERVED = ("articles/", "latest/", "category/", "author/", "archive/", "entities/", "assets/", "search/")


def get(item: Item, *names: str):
    """(key, value) of the first present key, matched case-blind as Hugo does; marks it used."""
    low = {str(k).lower(): k for k in item.doc.meta}
    for name in names:
        if name in low:
            key = low[name]
            item.used.add(key)
            return key, item.doc.meta[key]
    return None, None


def line(job: Job, item: Item, key) -> str:
    return f"{job.shown(item)}:{item.doc.line_of(str(key)) if key else item.doc.fm_line}"


def map_core(job: Job, item: Item) -> None:
    """Title, dates, publication state, slug: the fields that decide whether and where a file lands."""
    for step in (_state, _title, _date, _updated, _slug):  # drafts are skipped before anything is required
        step(job, item)
        if not item.open:
            return


def _title(job: Job, item: Item) -> None:
    key, value = get(item, "title")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        if job.flavor == "jekyll" and item.name_slug:
            item.meta["title"] = item.name_slug.replace("-", " ").capitalize()
            item.note("title: none given; made from the file name, as Jekyll does")
            return
        what = "is empty or not text" if key else "required field is missing"
        return item.reject(f"{line(job, item, key)}: title: {what}")
    clean = " ".join(html.unescape(value).split())
    if clean != " ".join(value.split()):
        item.note("title: HTML entities decoded")
    item.meta["title"], item.origin["title"] = clean, key


def _date(job: Job, item: Item) -> None:
    key, value = get(item, *DATE_KEYS)
    if key is not None and isinstance(value, bool):  # Jekyll `published: false` is state, not a date
        item.used.discard(key)
        key, value = get(item, *[k for k in DATE_KEYS if k != "published"])
    if key is None:
        if not item.date_from_name:
            return item.reject(f"{line(job, item, None)}: date: required field is missing "
                               f"(and the file name has no YYYY-MM-DD- prefix)")
        value = item.date_from_name
        item.note("date: none in front matter; taken from the file name")
    when, note = parse_when(value)
    if when is None:
        return item.reject(f"{line(job, item, key)}: date: {note}")
    if note:
        item.note(f"date: {note}")
    if aware(when) > job.now:
        item.note("date: in the future; the hub publishes it on that date")
    item.meta["date"], item.origin["date"] = for_yaml(when), key
    item.year = when.year


def _state(job: Job, item: Item) -> None:
    """Drafts, expired and never-rendered pages are skipped (drafts kept on request)."""
    key, draft = get(item, "draft")
    pkey = {str(k).lower(): k for k in item.doc.meta}.get("published")
    published = item.doc.meta.get(pkey) if pkey is not None else None
    if isinstance(published, bool):
        item.used.add(pkey)
    why = ("in _drafts/" if item.is_draft_dir else "draft: true" if draft in (True, "true") else
           "published: false" if published is False else "")
    if why:
        if not job.options.keep_drafts:
            return item.skip(f"draft ({why}); pass --keep-drafts to import it as a draft")
        item.meta["draft"] = True
        item.note(f"draft: kept as a draft ({why})")
    _expiry(job, item)
    if item.open:
        _unrendered(job, item)


def _expiry(job: Job, item: Item) -> None:
    key, value = get(item, *EXPIRY_KEYS)
    if key is None:
        return
    when, _ = parse_when(value)
    if when is None:
        return item.note(f"{line(job, item, key)}: {key}: unreadable; dropped")
    if aware(when) > job.now:
        return item.note(f"{key}: {when} dropped; the hub has no expiry dates")
    if not job.options.include_expired:
        return item.skip(f"{line(job, item, key)}: {key}: expired on {when}; pass --include-expired to import it")
    item.note(f"{key}: expired on {when}; imported anyway (--include-expired)")


def _unrendered(job: Job, item: Item) -> None:
    _, headless = get(item, "headless")
    _, build = get(item, "build", "_build")
    if headless is True or isinstance(build, dict) and build.get("render") in (False, "never", "false"):
        item.skip("not a page (headless or build.render: never); Hugo never publishes it")


def _updated(job: Job, item: Item) -> None:
    key, value = get(item, *UPDATED_KEYS)
    if key is None:
        return
    when, note = parse_when(value)
    date = aware(parse_when(item.meta["date"])[0])
    if when is None:
        return item.note(f"{line(job, item, key)}: updated: {note}; dropped")
    if aware(when) < date:
        return item.note(f"updated: {key} is earlier than the date; dropped")
    if aware(when) == date:
        return item.note(f"updated: {key} is the same as the date; omitted")
    if note:
        item.note(f"updated: {note}")
    item.meta["updated"], item.origin["updated"] = for_yaml(when), key


def _slug(job: Job, item: Item) -> None:
    key, value = get(item, "slug")
    given = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    slug = slugify(given)
    if given and slug != given:
        item.note(f"slug: '{given}' normalised to '{slug}'")
    if not slug:
        slug = item.name_slug if item.name_slug not in ("", "index") else slugify(item.meta["title"])
    item.slug, item.origin["slug"] = slug, key


def map_extras(job: Job, item: Item) -> None:
    _description(job, item)
    _redirects(job, item)
    _canonical(job, item)
    _source(job, item)


def _description(job: Job, item: Item) -> None:
    key, value = get(item, *DESCRIPTION_KEYS)
    text = describe.plain(value) if isinstance(value, str) else ""
    while key is not None and not text:  # an empty summary: try the next key
        rest = DESCRIPTION_KEYS[DESCRIPTION_KEYS.index(str(key).lower()) + 1:]
        key, value = get(item, *rest) if rest else (None, None)
        text = describe.plain(value) if isinstance(value, str) else ""
    if not text:
        item.derive_description = True
        return
    if text != " ".join(str(value).split()):
        item.note(f"description: Markdown/HTML markup removed from {key}")
    limit = job.settings["description_max"]
    if len(text) > limit:
        text = describe.shorten(text, limit)
        item.note(f"description: {key} was longer than {limit} characters; cut at a sentence")
    if key != "description":
        item.note(f"description: taken from {key}")
    item.meta["description"], item.origin["description"] = text, key


def _redirects(job: Job, item: Item) -> None:
    key, value = get(item, "aliases", "redirect_from")
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    ukey, url = get(item, "url", "permalink")
    if isinstance(url, str) and ":" not in url and url.strip("/"):
        values = list(values) + [url]
        item.note(f"redirect_from: the old address '{url}' ({ukey}) redirects to the new one")
    out = []
    for v in values:
        path = _old_path(v)
        if path is None:
            item.note(f"{line(job, item, key)}: redirect_from: '{v}' is not a usable site path; dropped")
        elif path.rstrip("/").lower().endswith((".html", ".htm")):  # the hub writes <path>/index.html only
            item.note(f"redirect_from: '{v}' names a file; the hub can only redirect folder-style paths; dropped")
        elif path.startswith(RESERVED) or path == "/":
            item.note(f"redirect_from: '{v}' would shadow a hub page; dropped")
        elif path not in out:
            out.append(path)
    item.old_urls = out


def _old_path(v) -> str | None:
    if not isinstance(v, str) or not v.strip():
        return None
    parts = urlsplit(v.strip())
    path = parts.path.strip().lstrip("/")
    if not path or ".." in path.split("/") or not REDIRECT_RE.match(path):
        return None
    return path if path.endswith("/") else path + "/"


def _canonical(job: Job, item: Item) -> None:
    key, value = get(item, *CANONICAL_KEYS)
    if key is None:
        return
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc:
        item.meta["canonical_url"], item.origin["canonical_url"] = value.strip(), key
        if key != "canonical_url":
            item.note(f"canonical_url: taken from {key}")
    elif value:
        item.note(f"{line(job, item, key)}: canonical_url: '{value}' is not an absolute URL; dropped")


def _source(job: Job, item: Item) -> None:
    key, value = get(item, "source")
    ukey, url = get(item, *SOURCE_URL_KEYS)
    if isinstance(value, str) and value.startswith(("http://", "https://")) and not url:
        url, value = value, ""
    if isinstance(value, str) and value.strip():
        item.meta["source"], item.origin["source"] = " ".join(value.split()), key
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        label = item.meta.get("source") or urlsplit(url).netloc
        item.body = item.body.rstrip("\n") + f"\n\nSource: [{label}]({url})\n"
        item.note(f"body: {ukey or key} added as a source link at the end")


def drop_unused(job: Job, item: Item) -> None:
    unused = [k for k in item.doc.meta if k not in item.used]
    if unused:
        listed = ", ".join(f"{k} (line {item.doc.line_of(str(k))})" for k in unused)
        item.note(f"front matter: dropped keys the hub has no field for: {listed}")
    for p in item.doc.warnings:
        if p.field in item.used or "duplicate key" in p.message:
            item.note(f"{job.shown(item)}:{p.line}: {p.field}: {p.message}")

