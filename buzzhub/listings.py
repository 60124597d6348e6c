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
    kind: str             # latest | category | author | archive | archive-year | entity | entities | archive-index
    title: str
    items: list = field(default_factory=list)
    page: int = 1
    pages: int = 1
    base: str = ""        # URL of page 1, e.g. "category/policy/"
    subject: Any = None   # the author, category name, entity or (year, month)
    description: str = ""
    compact: bool = False  # one-line rows (title, date, category) instead of story cards

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")]

    def page_url(self, n: int) -> str:
        return self.base if n == 1 else f"{self.base}page/{n}/"


def paginate(kind: str, base: str, title: str, items: list, per_page: int, subject=None,
             description: str = "", first: int | None = None, compact_from: int = 0) -> list[Listing]:
    """first: how many items page 1 holds when it differs from the later pages.
    compact_from: pages from this number on list one-line rows (0: none; 1: every page)."""
    first = per_page if first is None else first
    pages = 1 + max(0, math.ceil((len(items) - first) / per_page))
    out = []
    for n in range(1, pages + 1):
        uri = (base if n == 1 else f"{base}page/{n}/") + "index.md"
        label = title if n == 1 else f"{title} (page {n})"
        lo = 0 if n == 1 else first + (n - 2) * per_page
        hi = first if n == 1 else lo + per_page
        out.append(Listing(uri, kind, label, items[lo:hi], n, pages, base, subject, description,
                           compact=0 < compact_from <= n))
    return out


def browse(kind: str, base: str, title: str, items: list, per_page: int, archive_per_page: int,
           **kw) -> list[Listing]:
    """Page 1 as story cards, where readers browse; older stories as compact rows, like a news archive.
    Cards are ~1 KB each, a row ~0.2 KB, and a page of 100 rows replaces five pages of chrome."""
    return paginate(kind, base, title, items, archive_per_page, first=per_page, compact_from=2, **kw)


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


def build_listings(articles: list[Article], authors: dict, categories: list[str], per_page: int,
                   archive_per_page: int | None = None) -> list[Listing]:
    """articles: visible ones, newest first. archive_per_page: rows per compact page (default per_page)."""
    rows = archive_per_page or per_page
    out = browse("latest", "latest/", "Latest stories", articles, per_page, rows)
    for cat in categories:
        items = [a for a in articles if cat in a.categories]
        out += browse("category", category_url(cat), cat, items, per_page, rows, subject=cat)
    for aid, author in sorted(authors.items()):
        items = [a for a in articles if aid in a.authors]
        out += browse("author", author_url(aid), author.name, items, per_page, rows, subject=author,
                      description=author.bio)
    months: dict[tuple[int, int], list[Article]] = {}
    for a in articles:
        months.setdefault((a.date.year, a.date.month), []).append(a)
    for (y, m), items in sorted(months.items(), reverse=True):
        # A month page is an archive: readers scan it by date, so every page is compact rows.
        out += paginate("archive", archive_url(y, m), f"{MONTHS[m - 1]} {y}", items, rows, subject=(y, m),
                        compact_from=1)
    years = sorted({y for y, _ in months}, reverse=True)
    index = [(y, [(m, MONTHS[m - 1], len(months[(y, m)]), archive_url(y, m))
                  for (yy, m) in sorted(months, reverse=True) if yy == y])
             for y in years]
    for y, in_year in index:
        # A year page lists its months with counts: listing its stories again would repeat the months.
        out.append(Listing(year_url(y) + "index.md", "archive-year", str(y), in_year, base=year_url(y),
                           subject=(y, None), description=f"Stories from {y}, month by month."))
    out.append(Listing("archive/index.md", "archive-index", "Archive", index, base="archive/"))
    return out
