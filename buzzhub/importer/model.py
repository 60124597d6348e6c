"""Shared data for one import run: options, per-file items, and the run-wide job state."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STATUSES = ("imported", "changed", "unchanged", "rejected", "skipped")
MD_EXTS = (".md", ".markdown", ".mdown", ".mkd")


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2), never a content problem."""


@dataclass
class Options:
    source: str
    flavor: str = "auto"               # hugo | jekyll | auto
    dest: str = ""                     # default: <docs>/articles
    dry_run: bool = False
    keep_drafts: bool = False
    include_expired: bool = False
    overwrite: bool = False
    category_map: str = ""
    default_category: str = ""         # default: the first configured category
    default_author: str = "staff"
    site_url: str = ""                 # old site's base URL, for references we cannot import
    asset_base_url: str = ""           # where unresolvable relative images can be fetched from
    config: str = "mkdocs.yml"
    now: dt.datetime | None = None


@dataclass
class Item:
    """One source file and what became of it."""
    rel: str                           # path relative to SOURCE_DIR, posix
    path: str                          # absolute path
    kind: str = "skip"                 # article | resource | skip
    status: str = ""
    target: str = ""                   # written path relative to the hub root
    changes: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    content_rel: str = ""              # path relative to the content root (refs resolve against it)
    bundle: str = ""                   # leaf-bundle directory (absolute) for index.md and its resources
    owner: "Item | None" = None        # the article a bundle resource belongs to
    date_from_name: str = ""           # YYYY-MM-DD prefix of the file name
    name_slug: str = ""                # slug implied by the file or bundle name
    category_dirs: tuple = ()          # Jekyll: directories above _posts are categories
    is_draft_dir: bool = False         # Jekyll _drafts/
    # filled in while converting an article
    doc: object = None                 # frontmatter.RawDoc
    used: set = field(default_factory=set)       # source keys that fed a hub field
    meta: dict = field(default_factory=dict)
    origin: dict = field(default_factory=dict)   # hub field -> source key (for line numbers)
    body: str = ""
    slug: str = ""
    year: int = 0
    docs_rel: str = ""                 # target path relative to docs/ (articles/<year>/<slug>.md)
    old_urls: list = field(default_factory=list)
    copies: dict = field(default_factory=dict)   # absolute source file -> docs-relative destination
    text: str = ""                     # rendered output file
    derive_description: bool = False
    reused: bool = False               # the target holds this article's earlier import
    anchors: dict = field(default_factory=dict)  # source anchor -> anchor in the hub's rendering

    def note(self, message: str) -> None:
        if message not in self.changes:
            self.changes.append(message)

    def reject(self, message: str) -> None:
        self.status = "rejected"
        self.reasons.append(message)

    def skip(self, message: str) -> None:
        self.status = "skipped"
        self.reasons.append(message)

    @property
    def open(self) -> bool:
        """Still on its way to being imported."""
        return self.kind == "article" and self.status not in ("rejected", "skipped")


@dataclass
class Job:
    options: Options
    root: str                          # hub root (directory of mkdocs.yml)
    docs_dir: str
    dest: str                          # absolute directory articles are written under
    settings: dict
    flavor: str = "hugo"
    source_root: str = ""              # absolute SOURCE_DIR
    content_root: str = ""             # Hugo: content/ when given a whole site
    static_roots: list = field(default_factory=list)
    not_scanned: list = field(default_factory=list)
    authors: dict = field(default_factory=dict)      # existing id -> display name
    new_authors: dict = field(default_factory=dict)  # id -> display name, appended on write
    names: dict = field(default_factory=dict)        # folded display name -> existing id
    category_map: dict = field(default_factory=dict)
    default_category: str = ""
    items: list = field(default_factory=list)
    index: object = None               # links.RefIndex

    @property
    def now(self) -> dt.datetime:
        return self.options.now or dt.datetime.now(dt.timezone.utc)

    def shown(self, item: Item) -> str:
        """How a source file is named in messages: SOURCE_DIR/rel as the user typed it."""
        base = self.options.source.rstrip("/")
        return f"{base}/{item.rel}" if base else item.rel
