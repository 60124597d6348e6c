"""MkDocs adapter for the hub: everything real lives in the plain-Python `buzzhub` package.

Flow: the article index is built from source files in on_files (so `--dirty` and serve stay
correct), generated pages are added as virtual files, and templates get data in on_page_context.
"""
from __future__ import annotations

import gc
import os
import time

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from buzzhub import (background, cards, chrome, clock, feeds, htmlmin, incremental, markdown_gate, outputchecks,
                     paths, sanitize, search, search_shards, templating, widgets)
from buzzhub.config import load_settings
from buzzhub.entities.refs import unknown_refs
from buzzhub.hub import ARTICLES_DIR, load_hub
from buzzhub.idlegc import IDLE
from buzzhub.live import LIVE
from buzzhub.site import build_site, search_texts
from buzzhub_markdown import SPLIT   # hooks/: MkDocs puts a hook's folder on sys.path while loading it

log = get_plugin_logger("buzzhub")


class _State:
    def __init__(self):
        self.command = "build"
        self.dirty = False
        self.settings: dict = {}
        self.root = ""
        self.site: dict = {}          # plain site facts for seo/feeds/cards (buzzhub never sees mkdocs)
        self.reset()

    def reset(self):
        self.hub = None
        self.model = None
        self.listings: dict = {}      # src_uri -> Listing
        self.articles: dict = {}      # src_uri -> Article
        self.timings: dict = {}
        self.env = None
        self.html: dict = {}          # slug -> rendered article body, for full-content feeds
        self.sources: dict = {}       # site-relative output file -> Markdown source, for located problems
        self.marks: dict = {}         # phase boundaries (perf_counter) for BUZZHUB_TIMINGS
        self.redo: set | None = None  # --dirty: src_uris rendered again (None: all)
        self.feeds_only: set | None = None  # --dirty: feed bases written again (None: all)
        self.checks = None            # outputchecks.Checker of a clean build


STATE = _State()


def on_startup(command, dirty):
    STATE.command, STATE.dirty = command, dirty


def on_config(config):
    STATE.root = os.path.dirname(os.path.abspath(config.config_file_path))
    settings, problems = load_settings(config.extra.get("buzzhub"), config.config_file_path)
    if problems:
        raise PluginError("\n".join(str(p) for p in problems))
    STATE.settings = settings
    config.extra["buzzhub"] = settings
    STATE.site = {"url": config.site_url or "", "name": config.site_name,
                  "description": config.site_description or "", "logo": config.theme.get("logo") or "",
                  "language": config.theme.get("language") or "en"}
    _choose_search(config)
    # Last, so it sees every extension's patterns: same HTML, about half the time converting stories.
    config.markdown_extensions.append(markdown_gate.InlineGate())
    if STATE.command == "serve":
        # The preview needs no sitemap: rendering one over 10,000 pages took ~0.5 s of every reload.
        config.theme.static_templates.discard("sitemap.xml")
    return config


def _choose_search(config):
    """One setting picks the engine; with Pagefind, Material's search plugin must not run at all."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if search.engine(STATE.settings) == "pagefind" and plugin is not None:
        plugin.config.enabled = False     # its handlers and the header's search box check this flag
    elif search.engine(STATE.settings) == "material" and plugin is None:
        raise PluginError("extra.buzzhub.search: material needs `- search` under plugins in mkdocs.yml")


def on_pre_build(config):
    if STATE.command == "serve":
        IDLE.build_starts()
    else:
        gc.unfreeze()      # a previous build's frozen heap (several builds in one process) can be freed
    if STATE.checks is not None:
        STATE.checks.abandon()
    SPLIT.close()
    STATE.reset()
    if not STATE.dirty:        # a dirty build is a preview: whole-site checks run in every clean build
        STATE.checks = outputchecks.Checker(config.site_dir, config.site_url or "", background.can_fork())
    if search.engine(STATE.settings) == "pagefind":
        search.INDEXER.begin(config.site_dir, clean=not STATE.dirty, keep=STATE.command == "serve")


_REGISTRY: dict = {}   # (path, files' state) -> (registry, tagger, problems): serve rebuilds reuse it


def _load_registry():
    from buzzhub.entities.matcher import Tagger
    from buzzhub.entities.registry import load_registry
    path = os.path.join(STATE.root, STATE.settings["entities_dir"])
    key = (path, incremental.tree_state([path]))
    if key not in _REGISTRY:
        _REGISTRY.clear()
        registry, problems = load_registry(path)
        _REGISTRY[key] = (registry, Tagger(registry), problems)
    registry, tagger, problems = _REGISTRY[key]
    for p in problems:
        log.warning(str(p))
    return registry, tagger


def on_files(files, config):
    t0 = time.perf_counter()
    hub = load_hub(STATE.root, config.docs_dir, STATE.settings, parallel=STATE.command != "serve")
    for p in hub.problems:
        log.warning(str(p))
    STATE.timings["loading"] = time.perf_counter() - t0
    registry, tagger = _load_registry()
    for a in hub.articles:  # an unknown id in entities: would otherwise be dropped without a word
        for p in unknown_refs(os.path.join(config.docs_dir, a.path), a, registry, a.line_of):
            log.warning(str(p))
    preview = STATE.command == "serve"
    # Related stories are first read when pages render (on_env), so a clean build ranks them on the
    # other core while MkDocs converts Markdown; a dirty build needs them now, for its fingerprints.
    live = LIVE if preview and STATE.dirty else None     # serve --dirty: never wait for related (live.py)
    model = build_site(hub, clock.now(), preview, registry, tagger, related_in_background=not STATE.dirty,
                       live=live)
    STATE.hub, STATE.model = hub, model
    STATE.timings.update(model.timings)
    STATE.marks["files"] = time.perf_counter()
    _refuse_outside(files, config)
    _place_articles(files, config, hub, model)
    _add_listings(files, config, model)
    if search.engine(STATE.settings) == "pagefind":
        files = _plan_search(files, config, hub, model)
    if STATE.dirty:
        _mark_dirty_pages(files, config, hub, model, registry)
    return files


def _plan_search(files, config, hub, model):
    """Stories and page 1 of entity pages are indexed (the templates mark them). A clean build renders
    them shard by shard, first, so Pagefind indexes each shard on the other core while the rest render."""
    indexed = search.indexed_pages(model.articles, STATE.listings.values(), model.now)
    search.INDEXER.plan(indexed, STATE.settings["search_shard_size"])
    if STATE.dirty:
        return files
    order = {rel: search_shards.shard_of(rel, search.INDEXER.stage.shards) for rel in indexed}
    # Stable: pages in the nav keep their order among themselves (an automatic nav follows it).
    files = Files(sorted(files, key=lambda f: (0, order[f.dest_uri]) if f.dest_uri in order else (1, 0)))
    texts = search_texts(model, hub.authors)
    search.INDEXER.start_early(config.site_dir, lambda: search_shards.text_words(texts))
    return files


FEED = "\0feed:"   # fingerprint keys of feeds, beside the pages' src_uris


def _mark_dirty_pages(files, config, hub, model, registry):
    """--dirty: render again exactly the pages whose inputs changed (buzzhub/incremental.py)."""
    t0 = time.perf_counter()
    theme = [config.theme.custom_dir] if config.theme.custom_dir else []
    glob = incremental.digest(STATE.settings, sorted(hub.authors.items()), getattr(registry, "hash", None),
                              model.preview, config.site_url, config.site_name, incremental.tree_state(theme),
                              os.stat(config.config_file_path).st_mtime_ns)
    fp = incremental.Fingerprints(model, glob)
    prints = {"\0global": glob}
    prints.update((src, fp.article(a)) for src, a in STATE.articles.items())
    prints.update((src, fp.listing(L)) for src, L in STATE.listings.items())
    if files.get_file_from_path("index.md") is not None:
        prints["index.md"] = fp.home(STATE.settings)
    site, n = dict(STATE.site, url=config.site_url or ""), STATE.settings["feeds"]["items"]
    for fs in feeds.feed_sets(model, STATE.settings["categories"], site):   # feeds: same rule as pages
        prints[FEED + fs.base] = incremental.digest(glob, fs.title, fs.description,
                                                    tuple(fp.story[a.slug] for a in fs.articles[:n]))
    redo = incremental.MEMO.plan(config.site_dir, prints)
    if redo is not None and "\0global" in redo:
        redo = None        # templates or settings changed: MkDocs' own rule for non-hub pages is not enough
    for f in files.documentation_pages():
        if redo is None:
            f.is_modified = lambda: True
        elif f.src_uri in prints:
            again = f.src_uri in redo or not os.path.exists(f.abs_dest_path)
            f.is_modified = lambda again=again: again
    STATE.redo = redo
    STATE.feeds_only = None if redo is None else {k[len(FEED):] for k in redo if k.startswith(FEED)}
    STATE.html = incremental.MEMO.html    # bodies of skipped articles stay available to the feeds
    STATE.timings["dirty-plan"] = time.perf_counter() - t0


def _refuse_outside(files, config):
    """Symlinks in docs/ that lead out of the repository are not copied into site/ (articles: see load_hub)."""
    docs, stories = os.path.abspath(config.docs_dir) + os.sep, ARTICLES_DIR + "/"
    # Stories first: the cheap test settles 10,000 of the files before abspath would look at them.
    candidates = [f for f in files if not (f.src_uri.startswith(stories) and f.is_documentation_page())
                  and f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(docs)]
    bad, problems = paths.refuse_outside([f.abs_src_path for f in candidates], STATE.root)
    for p in problems:
        log.warning(str(p))
    for f in candidates:
        if f.abs_src_path in bad:
            files.remove(f)


def _place_articles(files, config, hub, model):
    """Each article is written to articles/<slug>/; invisible or invalid ones are dropped."""
    visible = {a.path: a for a in model.articles}
    for f in list(files.documentation_pages()):
        if not f.src_uri.startswith(ARTICLES_DIR + "/"):
            continue
        art = visible.get(f.src_uri)
        if art is None:
            files.remove(f)
            continue
        f.dest_uri = f"{ARTICLES_DIR}/{art.slug}/index.html"
        f.url = f._get_url()
        f.abs_dest_path = os.path.normpath(os.path.join(f.dest_dir, f.dest_uri))
        f.inclusion = InclusionLevel.NOT_IN_NAV
        STATE.articles[f.src_uri] = art


def _add_listings(files, config, model):
    for listing in model.listings:
        if files.get_file_from_path(listing.src_uri) is not None:
            log.warning(f"{config.docs_dir}/{listing.src_uri}:1: file: clashes with the generated page "
                        f"/{listing.url}; rename or remove it")
            continue
        f = File.generated(config, listing.src_uri, content="")
        if listing.page > 1 or listing.kind not in ("latest", "entities", "archive-index"):
            f.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(f)
        STATE.listings[listing.src_uri] = listing


def on_page_markdown(markdown, page, config, files):
    meta = page.meta
    art = STATE.articles.get(page.file.src_uri)
    listing = STATE.listings.get(page.file.src_uri)
    if art is not None:
        meta["title"], meta["description"] = art.title, art.description
        meta["template"] = "buzzhub/article.html"
        # Sitemap <lastmod>: the story's own date, not the build's (reproducible, and true).
        page.update_date = (art.updated or art.date).strftime("%Y-%m-%d")
    elif listing is not None:
        meta["title"], meta["description"] = listing.title, listing.description
        meta["template"] = "buzzhub/listing.html"
    if art is not None or listing is not None:
        meta.setdefault("hide", ["navigation"])
    # Material writes these into the head unescaped (autoescape is off): escape once, here.
    for key in ("title", "description"):
        if isinstance(meta.get(key), str) and not isinstance(meta[key], Markup):
            meta[key] = escape(meta[key])
    # Material's search index copies meta tags verbatim and its search UI inserts them with innerHTML.
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [t if isinstance(t, Markup) else escape(str(t)) for t in meta["tags"]]
    if art is not None:
        # The body as buzzhub.source split it: MkDocs misses front matter after leading blank lines
        # and would render the YAML as text; this keeps such a file identical to its clean twin.
        return art.body
    return markdown


def on_nav(nav, config, files):
    """The chrome cache is keyed by where links start from: it has to know every nav target."""
    urls = [config.theme.get("logo") or "", config.theme.get("favicon") or ""]
    urls += [str(p) for p in config.extra_css] + [str(p) for p in config.extra_javascript]
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        stack.extend(getattr(item, "children", None) or [])
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
    chrome.CHROME.reset(urls)
    chrome.ROWS.reset()
    _settle_heap()
    # Not in serve: its HTTP threads run while it builds, and a lock one of them holds would be held forever
    # in a forked child.
    if STATE.command != "serve" and not STATE.dirty:
        _split_markdown(config, files)
    return nav


def _settle_heap():
    """In a one-off build what exists now lives until it ends: frozen, the collector no longer walks it in
    every full collection (10k: gc 2.2 s -> 1.5 s a build). The preview leaves this to IDLE, which
    unfreezes between reloads."""
    if STATE.command != "serve" and not STATE.dirty:
        gc.freeze()


def _split_markdown(config, files):
    """Half of the stories' Markdown converted on the other core (hooks/buzzhub_markdown.py)."""
    stories = [f.page for f in files.documentation_pages() if f.src_uri in STATE.articles and f.page is not None]
    if SPLIT.wanted(len(stories), background.PARALLEL_MIN, background.can_fork()):
        sanitise = sanitize.clean if STATE.settings.get("raw_html") == "sanitize" else None
        SPLIT.start(stories, config, files, sanitise)


def on_env(env, config, files):
    STATE.marks["env"] = time.perf_counter()
    STATE.timings["markdown"] = STATE.marks["env"] - STATE.marks.get("files", STATE.marks["env"])
    if SPLIT.waited:
        STATE.timings["markdown-wait"] = SPLIT.waited
    SPLIT.close()
    _settle_heap()     # the stories' converted HTML and tables of contents: kept to the end as well
    if STATE.model is not None:
        STATE.model.finish_related()
        STATE.timings.update(STATE.model.timings)
    templating.install(env, config.theme.get("language") or "en")
    env.globals.update(bh_chrome=chrome.CHROME, bh_row=chrome.ROWS, bh_up=chrome.up_to_root)
    env.bytecode_cache = templating.BYTECODE   # serve builds a new environment per reload
    STATE.env = env
    return env


def on_page_content(html, page, config, files):
    art = STATE.articles.get(page.file.src_uri)
    if art is not None:
        if STATE.settings.get("raw_html") == "sanitize":   # trust model: README, buzzhub/sanitize.py
            html = SPLIT.cleaned(page, html) or sanitize.clean(html)
        STATE.html[art.slug] = html
    if page.file.abs_src_path:
        STATE.sources[page.file.dest_uri] = page.file.abs_src_path
    return html


def on_page_context(context, page, config, nav):
    context["bh"] = templating.page_data(STATE.model, STATE.hub, page.file.src_uri,
                                         STATE.articles.get(page.file.src_uri),
                                         STATE.listings.get(page.file.src_uri), page.is_homepage)
    if context["bh"]:
        site = dict(STATE.site, url=config.site_url or "")   # serve rewrites site_url after on_config
        context["bh"].update(widgets.page_extras(STATE.model, context["bh"], page.url, page.title,
                                                 page.meta.get("description"), site))
        page._bh_own_url = page.canonical_url
        page.canonical_url = escape(context["bh"]["seo"]["canonical"])  # Material prints it unescaped
    return context


def on_post_page(output, page, config):
    if hasattr(page, "_bh_own_url"):  # the sitemap lists our own URL, never a syndication source's
        page.canonical_url = page._bh_own_url
    output = htmlmin.squeeze(output)  # template indentation: ~10 % of every page
    if STATE.checks is not None:
        STATE.checks.page(page.file.dest_uri)
    if search.engine(STATE.settings) == "pagefind":
        search.INDEXER.page(page.file.dest_uri, output)   # staged while in memory: never read back
    return output


def _timed(name, fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    STATE.timings[name] = STATE.timings.get(name, 0.0) + time.perf_counter() - t0
    return out


def on_post_build(config):
    STATE.timings["pages"] = time.perf_counter() - STATE.marks.get("env", time.perf_counter())
    for p in _timed("redirects", templating.write_redirects, STATE.env, STATE.model, config.site_dir,
                    config.site_url or "", config.docs_dir) or ():
        log.warning(str(p))
    site = dict(STATE.site, url=config.site_url or "")
    _timed("feeds", feeds.write_feeds, STATE.model, STATE.hub.authors if STATE.hub else {}, STATE.settings,
           STATE.html, site, config.site_dir, STATE.feeds_only,
           STATE.checks.page if STATE.checks is not None else None)   # checked while the rest are written
    if STATE.settings.get("social_cards") and STATE.model is not None:
        redo = STATE.redo
        again = [a for src, a in STATE.articles.items() if redo is None or src in redo]
        _timed("cards", cards.write_cards, again, site, config.site_dir,
               os.path.join(STATE.root, ".cache", "buzzhub", "cards"), templating.fmt_date)
    job = _start_search(config)   # Pagefind (its own process) indexes while the checks run
    t0 = time.perf_counter()   # last: links into feeds, cards and redirects must find them written
    if STATE.checks is not None:
        checks, STATE.checks = STATE.checks, None
        for p in checks.finish(STATE.sources):
            log.warning(str(p))
        STATE.timings["checks"] = time.perf_counter() - t0
    if job is not None:
        t0 = time.perf_counter()
        try:
            job.wait()
        except search.SearchIndexError as err:
            raise PluginError(str(err))
        STATE.timings["search-wait"] = time.perf_counter() - t0   # what Pagefind took beyond the checks
    if STATE.dirty:
        incremental.MEMO.commit()
    if STATE.command == "serve":
        LIVE.build_done()
        IDLE.build_done()
    if os.environ.get("BUZZHUB_TIMINGS"):
        log.info("phases: " + ", ".join(f"{k}={v:.2f}s" for k, v in STATE.timings.items()))


def _start_search(config):
    """Pagefind indexes the staged pages. In `mkdocs serve` it runs after the reload, in the background."""
    if search.engine(STATE.settings) != "pagefind":
        return None
    try:
        job = search.INDEXER.start(config.site_dir, clean=not STATE.dirty)
    except search.SearchIndexError as err:
        raise PluginError(str(err))
    return None if STATE.command == "serve" else job


def on_serve(server, config, builder):
    """A related ranking finished after a reload: touching this file makes the preview rebuild."""
    stamp = os.path.join(STATE.root, ".cache", "buzzhub", "related-ready")
    os.makedirs(os.path.dirname(stamp), exist_ok=True)
    open(stamp, "a").close()
    server.watch(stamp, recursive=False)
    LIVE.on_done = lambda: os.utime(stamp)
    return server


def on_build_error(error):
    incremental.MEMO.forget()
    SPLIT.close()
    if STATE.checks is not None:
        STATE.checks.abandon()
        STATE.checks = None


def on_shutdown():
    search.INDEXER.close()
