"""Dirty rebuilds (`mkdocs serve --dirty`, `mkdocs build --dirty`): which hub pages to render again.

MkDocs' `--dirty` re-renders a page only when its own source file is newer than its output, and
always re-renders generated pages. Hub pages show other stories too (related boxes, listings, entity
pages, the front page), so neither rule is right for them. Instead every hub page gets a fingerprint
of everything its template reads from the hub; a page is rendered again exactly when its fingerprint
differs from the one of the last successful build into the same site directory. Anything the
fingerprints do not see (templates, settings, authors, the registry, mkdocs.yml) goes into a global
part, and a change there re-renders every page.
"""
from __future__ import annotations

import hashlib
import os

from .templating import home_data


def digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def tree_state(dirs) -> str:
    """Names, sizes and mtimes of every file under dirs (templates, the registry) or of the files given:
    cheap, and enough to see an edit."""
    seen = []
    for d in dirs:
        if os.path.isfile(d):   # a registry may be one file
            st = os.stat(d)
            seen.append((d, st.st_size, st.st_mtime_ns))
        for base, subdirs, names in os.walk(d):
            subdirs.sort()
            for name in sorted(names):
                st = os.stat(os.path.join(base, name))
                seen.append((os.path.join(base, name), st.st_size, st.st_mtime_ns))
    return digest(seen)


def text_digest(a) -> str:
    """Digest of a story's file, kept on the Article: the parse cache hands back the same object
    while the file is unchanged, so a preview rebuild hashes only what was edited."""
    d = a.__dict__.get("_bh_digest")
    if d is None:
        d = a.__dict__["_bh_digest"] = digest(a.path, a.text)
    return d


def _entities(items) -> tuple:
    return tuple((e.id, e.name, e.type, getattr(e, "salience", None)) for e in items)


class Fingerprints:
    """Fingerprints of one build's hub pages, keyed by MkDocs src_uri. They are compared only with the
    last build's in this process (Memo), so they are plain tuples: building digests of 11,000 pages
    took ~0.5 s of each preview reload at 10,000 stories."""

    def __init__(self, model, glob: str):
        self.model, self.glob = model, glob
        # A story as others show it (card, related link): its whole file, and its chips.
        self.story = {a.slug: (text_digest(a), a.draft, a.date > model.now) for a in model.articles}
        self.card = {s: (d, _entities(model.chips.get(s, ()))) for s, d in self.story.items()}

    def article(self, a) -> tuple:
        m = self.model
        related = tuple((link.slug, self.story.get(link.slug), tuple(link.reasons), getattr(link, "follow_up", False))
                        for link in m.related.get(a.slug, ()))
        return self.glob, self.card[a.slug], _entities(m.tagged.get(a.slug, ())), related

    def listing(self, L) -> tuple:
        if L.kind == "entities":
            items = tuple((p.entity.id, p.entity.name, p.entity.type, len(p.articles)) for p in L.items)
        elif L.kind in ("archive-index", "archive-year"):   # months and counts, no stories
            items = repr(L.items)
        else:
            items = tuple(self.card.get(a.slug) for a in L.items)
        subject = L.subject
        if L.kind == "entity":
            subject = (repr(subject.entity), len(subject.articles),
                       tuple((o.id, o.name, o.type, n) for o, n in subject.co_mentions))
        return self.glob, L.kind, L.title, L.description, L.page, L.pages, L.base, repr(subject), items

    def home(self, settings: dict) -> tuple:
        h = home_data(self.model.articles, settings)
        top = self.card[h["top"].slug] if h["top"] is not None else None
        return (self.glob, top, tuple(self.card[a.slug] for a in h["latest"]),
                tuple((s["name"], tuple(self.card[a.slug] for a in s["stories"])) for s in h["sections"]))


class Memo:
    """What the last successful build wrote, so the next dirty build in this process can skip pages.

    Lives in the buzzhub package (module state), which survives `mkdocs serve` reloading its config
    and hooks between builds. A new process starts empty, and then every hub page is rendered.
    """

    def __init__(self):
        self.site_dir: str | None = None
        self.prints: dict[str, object] = {}
        self.pending: tuple[str, dict] | None = None
        self.html: dict[str, str] = {}   # slug -> rendered body of pages a dirty build skips (feeds use it)

    def plan(self, site_dir: str, prints: dict[str, object]) -> set[str] | None:
        """The src_uris to render again; None means all of them (nothing reliable to compare with)."""
        self.pending = (site_dir, prints)
        if site_dir != self.site_dir or not self.prints:
            return None
        return {k for k, v in prints.items() if self.prints.get(k) != v}

    def commit(self) -> None:
        if self.pending is not None:
            self.site_dir, self.prints = self.pending
            self.pending = None

    def forget(self) -> None:
        """After a failed build: its pages may be half written, so trust nothing."""
        self.site_dir, self.prints, self.pending = None, {}, None


MEMO = Memo()
