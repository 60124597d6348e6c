"""Cross-page data for one build: visible articles, entities, related stories, listings.

Computed once per build from the article index; the MkDocs hooks only hand it to templates.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field

from . import background
from .article import Article
from .hub import Hub
from .listings import Listing, browse, build_listings, entity_url

_TAG_CACHE: dict[tuple[str, str], list] = {}  # (text sha, registry hash) -> tagged entities


@dataclass
class EntityPage:
    entity: object
    articles: list[Article]
    co_mentions: list[tuple[object, int]]   # (entity, shared article count), most first


@dataclass
class SiteModel:
    now: dt.datetime
    preview: bool
    articles: list[Article]                               # visible, newest first
    registry: object = None
    tagged: dict[str, list] = field(default_factory=dict)     # slug -> all tagged entities
    chips: dict[str, list] = field(default_factory=dict)      # slug -> entities shown on the page
    related: dict[str, list] = field(default_factory=dict)    # slug -> links
    listings: list[Listing] = field(default_factory=list)
    entity_pages: dict[str, EntityPage] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    _by_slug: dict | None = field(default=None, repr=False)
    _related_job: object = field(default=None, repr=False)
    related_exact: bool = True            # False: a preview showing the previous ranking (live.py)

    def finish_related(self) -> None:
        """Collect related stories ranked in the background (a no-op when they are already in)."""
        if self._related_job is not None:
            t0 = time.perf_counter()
            self.related, took = self._related_job.result()
            self._related_job = None
            self.timings["related"], self.timings["related-wait"] = took, time.perf_counter() - t0

    def by_slug(self) -> dict[str, Article]:
        # Every article page asks (related box): built once per build, not once per page (O(N²)).
        if self._by_slug is None:
            self._by_slug = {a.slug: a for a in self.articles}
        return self._by_slug


def visible(hub: Hub, now: dt.datetime, preview: bool) -> list[Article]:
    """Production: published only. Preview (serve): drafts and scheduled stories too."""
    items = hub.articles if preview else [a for a in hub.articles if a.is_published(now)]
    return sorted(items, key=lambda a: (-a.date.timestamp(), a.slug))


def _tag_many(todo: list, tagger) -> dict:
    """key -> [(entity id, salience)]: what the site reads of a tagging (mention offsets are for `buzzhub
    tag`, and are not even worked out here). Compact, because half of it comes back from a worker through a
    pipe: unpickling entity objects with their mentions took ~1 s per 5,000 stories in the parent."""
    out = {}
    for key, a in todo:
        toff = a.text.find(a.title, 0, a.body_offset)
        out[key] = tagger.saliences(a.text, a.body_offset, a.title, toff if toff >= 0 else None)
    return out


def _entities(pairs: list, registry, made: dict) -> list:
    """Entities without mentions; `made` shares each (id, salience) one among stories (they are frozen)."""
    from .entities.matcher import TaggedEntity
    by_id, out = registry.by_id, []
    for pair in pairs:
        e = made.get(pair)
        if e is None:
            i, s = pair
            e = made[pair] = TaggedEntity(i, by_id[i].name, by_id[i].type, by_id[i].wikidata, s)
        out.append(e)
    return out


@contextlib.contextmanager
def quiet_gc():
    """Tagging and ranking allocate millions of small acyclic objects: the cycle collector would scan
    the growing heap again and again (~30 % of tagging at 10,000 stories) and free nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@quiet_gc()
def tag_all(articles: list[Article], registry, tagger) -> dict[str, list]:
    from .entities.matcher import apply_overrides
    keys = {a.slug: (hashlib.sha256(a.text.encode()).hexdigest(), registry.hash) for a in articles}
    todo = [(keys[a.slug], a) for a in articles if keys[a.slug] not in _TAG_CACHE]
    if background.available(len(todo)):   # half on the other core: nothing else runs meanwhile
        done, theirs = background.split_run(lambda part: _tag_many(part, tagger), todo)
        done.update(theirs)
    else:
        done = _tag_many(todo, tagger)
    made: dict = {}
    _TAG_CACHE.update((key, _entities(pairs, registry, made)) for key, pairs in done.items())
    # Cached lists are in sort_tagged's order already: only front-matter overrides need the merge.
    return {a.slug: apply_overrides(_TAG_CACHE[keys[a.slug]], add=a.entities, exclude=a.entities_exclude,
                                    registry=registry) if a.entities or a.entities_exclude
            else list(_TAG_CACHE[keys[a.slug]]) for a in articles}


def rank_related(articles: list[Article], tagged: dict, settings: dict, now: dt.datetime) -> dict:
    from .related import Document, Ranker
    with quiet_gc():  # the documents too: a full collection among 10,000 new ones took longer than making them
        docs = [Document(slug=a.slug, title=a.title, body=a.body, date=a.date, categories=a.categories,
                         tags=a.tags, entities={e.id: e.salience for e in tagged.get(a.slug, [])},
                         entity_names={e.id: e.name for e in tagged.get(a.slug, [])}, draft=a.draft,
                         pinned=a.related, excluded=a.related_exclude)
                for a in articles]
        links = Ranker(settings["related"]).rank(docs, now)
        del docs  # gone before the collector is back: its first pass would scan them all
    return links


def entity_pages(articles: list[Article], tagged: dict, registry, per_page: int,
                 archive_per_page: int | None = None) -> tuple[dict, list[Listing]]:
    mentions: dict[str, list[Article]] = {}
    for a in articles:  # newest first already
        for e in tagged.get(a.slug, []):
            mentions.setdefault(e.id, []).append(a)
    ids = {a.slug: tuple(e.id for e in tagged.get(a.slug, [])) for a in articles}
    pages, listings = {}, []
    for eid in sorted(mentions):
        ent = registry.by_id[eid]
        co = _co_mentions(eid, tuple((a.slug, ids[a.slug]) for a in mentions[eid]))
        pages[eid] = EntityPage(ent, mentions[eid], [(registry.by_id[i], n) for i, n in co])
        listings += browse("entity", entity_url(eid), ent.name, mentions[eid], per_page, archive_per_page or per_page,
                           subject=pages[eid], description=ent.description)
    listings.append(Listing("entities/index.md", "entities", "Entities", base="entities/",
                            items=sorted(pages.values(), key=lambda p: (p.entity.type, p.entity.name))))
    return pages, listings


_CO_CACHE: dict[str, tuple] = {}   # entity id -> (its stories with their entity ids, co-mentions)


def _co_mentions(eid: str, stories: tuple) -> list[tuple[str, int]]:
    """The 10 entities most often in the same stories. A preview reload counts again only for the
    entities whose stories changed (counting all of them took ~1 s at 10,000 stories)."""
    hit = _CO_CACHE.get(eid)
    if hit is not None and hit[0] == stories:
        return hit[1]
    together = Counter()
    for _, ids in stories:
        together.update(ids)              # counted in C: this loop is ~N x entities-per-story squared
    del together[eid]
    co = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    _CO_CACHE[eid] = (stories, co)
    return co


def build_site(hub: Hub, now: dt.datetime, preview: bool, registry=None, tagger=None,
               related_in_background: bool = False, live=None) -> SiteModel:
    """related_in_background: rank related stories in a forked child (see background.py); the caller
    must call model.finish_related() before anything reads model.related.
    live: a live.LiveRelated for `mkdocs serve --dirty`: a reload never waits for a new ranking."""
    s = hub.settings
    t0 = time.perf_counter()
    model = SiteModel(now, preview, visible(hub, now, preview), registry)
    t1 = time.perf_counter()
    if tagger is not None:
        model.tagged = tag_all(model.articles, registry, tagger)
        floor, cap = s["entities"]["min_salience"], s["entities"]["max_chips"]
        model.chips = {k: [e for e in v if e.salience >= floor][:cap] for k, v in model.tagged.items()}
    t2 = time.perf_counter()
    if live is not None:
        from .live import inputs_key
        key = inputs_key(model.articles, model.tagged, s["related"], now)
        model.related, model.related_exact = live.related(key, rank_related, model.articles, model.tagged, s, now)
    else:
        parallel = related_in_background and background.available(len(model.articles))
        model._related_job = background.run(rank_related, model.articles, model.tagged, s, now, parallel=parallel)
        if not parallel:
            model.finish_related()
    t3 = time.perf_counter()
    model.listings = build_listings(model.articles, hub.authors, s["categories"], s["per_page"], s["archive_per_page"])
    if registry is not None:
        model.entity_pages, more = entity_pages(model.articles, model.tagged, registry, s["entities"]["per_page"],
                                                s["entities"]["archive_per_page"])
        model.listings += more
    t4 = time.perf_counter()
    model.timings = {"select": t1 - t0, "tagging": t2 - t1, "listings": t4 - t3,
                     **({"related": t3 - t2} if model._related_job is None else {})}
    return model


def search_texts(model: SiteModel, authors: dict) -> list[str]:
    """What the indexed pages are written from: stories, their bylines and kickers, entity headers.
    The search index's early shards take their vocabulary from it (buzzhub/search_shards.py)."""
    import calendar
    texts = [t for a in model.articles for t in (a.title, a.description, a.body, " ".join(a.categories))]
    texts += [a.name for a in authors.values()] + list(calendar.month_name)
    texts += sorted({str(a.date.year) for a in model.articles})       # bylines' dates
    for page in model.entity_pages.values():
        e = page.entity
        texts += [e.name, e.type, e.description, " ".join(e.aliases)]
    return texts

