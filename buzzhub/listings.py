"""The generated pages of the hub as plain data: what to list, where, and how it paginates."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .article import Article, slugify

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@dataclass
class Listing:
    src_uri: str          # virtual Markdown file; its page URL is the directory
    kind: str             # latest | category | author | archive | entity | entities | archive-index
    title: str
    items: list = field(default_factory=list)
    page: int = 1
    pages: int = 1
    base: str = ""        # URL of page 1, e.g. "category/policy/"
    subject: Any = None   # the author, category name, entity or (year, month)
    description: str = ""

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")]

    def page_url(self, n: int) -> str:
        return self.base if n == 1 else f"{self.base}page/{n}/"


def paginate(kind: str, base: str, title: str, items: list, per_page: int, subject=None,
             description: str = "", first: int | None = None) -> list[Listing]:
    """first: how many items page 1 holds when it differs from the later pages (entity pages)."""
    first = per_page if first is None else first
    pages = 1 + max(0, math.ceil((len(items) - first) / per_page))
    out = []
    for n in range(1, pages + 1):
        uri = (base if n == 1 else f"{base}page/{n}/") + "index.md"
        label = title if n == 1 else f"{title} (page {n})"
        lo = 0 if n == 1 else first + (n - 2) * per_page
        hi = first if n == 1 else lo + per_page
        out.append(Listing(uri, kind, label, items[lo:hi], n, pages, base, subject, description))
    return out


def category_url(name: str) -> str:
    return f"category/{slugify(name)}/"


def author_url(author_id: str) -> str:
    return f"author/{author_id}/"


def archive_url(year: int, month: int) -> str:
    return f"archive/{year:04d}/{month:02d}/"


def year_url(year: int) -> str:
    return f"archive/{year:04d}/"


def entity_url(entity_id: str) -> str:
    return f"entities/{entity_id.replace('_', '-')}/"


def build_listings(articles: list[Article], authors: dict, categories: list[str], per_page: int) -> list[Listing]:
    """articles: visible ones, newest first."""
    out = paginate("latest", "latest/", "Latest stories", articles, per_page)
    for cat in categories:
        items = [a for a in articles if cat in a.categories]
        out += paginate("category", category_url(cat), cat, items, per_page, subject=cat)
    for aid, author in sorted(authors.items()):
        items = [a for a in articles if aid in a.authors]
        out += paginate("author", author_url(aid), author.name, items, per_page, subject=author,
                        description=author.bio)
    months: dict[tuple[int, int], list[Article]] = {}
    for a in articles:
        months.setdefault((a.date.year, a.date.month), []).append(a)
    for (y, m), items in sorted(months.items(), reverse=True):
        out += paginate("archive", archive_url(y, m), f"{MONTHS[m - 1]} {y}", items, per_page, subject=(y, m))
    for y in sorted({y for y, _ in months}, reverse=True):
        items = [a for a in articles if a.date.year == y]
        out += paginate("archive", year_url(y), str(y), items, per_page, subject=(y, None))
    index = [(y, [(m, MONTHS[m - 1], len(months[(y, m)]), archive_url(y, m))
                  for (yy, m) in sorted(months, reverse=True) if yy == y])
             for y in sorted({y for y, _ in months}, reverse=True)]
    out.append(Listing("archive/index.md", "archive-index", "Archive", index, base="archive/"))
    return out
