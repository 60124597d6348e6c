"""Drafts and scheduled stories against the build clock (BUZZHUB_NOW), to the second.

A story dated one hour after "now" and a draft must be absent from every output: their pages, listings,
the sitemap (also gzipped), feeds (site, category, entity), search data (Pagefind fragments are
decompressed), entity pages and other stories' related boxes, even where a published story pins them.
At exactly its date a scheduled story appears everywhere.
"""
from __future__ import annotations

import gzip
import json

import pytest

from tests.build.conftest import make_fixture, run_build

pytestmark = pytest.mark.build
NOW = "2025-01-01T00:00:00+00:00"
SOON = "2025-01-01T03:00:00+02:00"       # = 01:00 UTC, one hour after NOW, written with another offset
MARK = "Hourglass"                      # in the scheduled story's title and body, nowhere else


def everything(site) -> str:
    """All text a reader or crawler can fetch, with gzip (sitemap, Pagefind fragments) undone."""
    out = []
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if p.suffix in (".html", ".xml", ".json", ".gz", ".txt", ".pf_fragment", ".js"):
            out.append(f"=== {p.relative_to(site)}\n" + data.decode("utf-8", "replace"))
    return "\n".join(out)


def _add(root):
    (root / "docs/articles/2024/soon.md").write_text(
        f"---\ntitle: {MARK} embargo on OpenAI\ndate: {SOON}\nauthors: [ana-lima]\ncategories: [Policy, Models]\n"
        f"description: Embargoed for one hour.\ntags: [embargo]\n---\n\n{MARK}: OpenAI and Meta Platforms "
        f"briefed the Pentagon about Llama. OpenAI said more would follow.\n", encoding="utf-8")
    art = root / "docs/articles/2024/meta-llama-defense.md"   # a published story pins both hidden ones
    art.write_text(art.read_text().replace("related: [llama-3-release]", "related: [llama-3-release, soon, a-draft]"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    return make_fixture(tmp_path_factory.mktemp("clock") / "hub", _add)


def _build(hub, now, name):
    built = run_build(hub, {"BUZZHUB_NOW": now}, site_name=name)
    assert built.ok, built.log
    return built


@pytest.mark.parametrize("now", [NOW, "2025-01-01T00:59:59+00:00", "2025-01-01T02:59:59+02:00"])
def test_scheduled_story_and_draft_are_absent_before_the_hour(hub, now):
    built = _build(hub, now, "before")
    text = everything(built.site)
    for needle in (MARK, "articles/soon/", "Secret draft", "articles/a-draft/", "OpenAI draft body"):
        assert needle not in text, (now, needle, text[max(0, text.find(needle) - 300): text.find(needle) + 100])
    assert not built.exists("articles/soon/index.html") and not built.exists("articles/a-draft/index.html")
    related = built.html("articles/meta-llama-defense/index.html").select(".bh-related a")
    assert [a["href"] for a in related] == ["../llama-3-release/"]


def test_scheduled_story_appears_at_exactly_its_date(hub):
    built = _build(hub, "2025-01-01T01:00:00+00:00", "at")
    assert built.exists("articles/soon/index.html")
    assert f"{MARK} embargo on OpenAI" in built.html("latest/index.html").get_text()
    assert "articles/soon/" in (built.site / "sitemap.xml").read_text()
    assert "articles/soon/" in gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()).decode()
    related = [a["href"] for a in built.html("articles/meta-llama-defense/index.html").select(".bh-related a")]
    assert related[:2] == ["../llama-3-release/", "../soon/"]            # pinned order; the draft stays out
    openai = built.html("entities/openai/index.html")
    assert f"{MARK} embargo on OpenAI" in [a.get_text() for a in openai.select(".bh-card__title a")]
    if (built.site / "feed.json").exists():
        for feed in ("feed.json", "category/policy/feed.json", "entities/openai/feed.json"):
            items = json.loads((built.site / feed).read_text())["items"]
            assert items[0]["title"] == f"{MARK} embargo on OpenAI", feed
        assert MARK in (built.site / "feed.xml").read_text() and MARK in (built.site / "atom.xml").read_text()
    if (built.site / "pagefind").is_dir():
        assert "/articles/soon/" in everything(built.site / "pagefind")
    else:
        assert "articles/soon/" in (built.site / "search/search_index.json").read_text()
    assert "Secret draft" not in everything(built.site)
