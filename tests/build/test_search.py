"""Search, both engines, queried for real: Pagefind's built index through its own JS (Node, offline,
bench/pagefind_query.mjs) and Material's search_index.json."""
import json
import shutil
import subprocess

import pytest

from tests.build.conftest import make_fixture, run_build
from tests.conftest import ROOT

QUERY = ROOT / "bench" / "pagefind_query.mjs"
node = pytest.mark.skipif(shutil.which("node") is None, reason="querying Pagefind's index needs node")


def _engine(name):
    def mutate(root):
        cfg = (root / "mkdocs.yml").read_text()
        (root / "mkdocs.yml").write_text(cfg.replace("search: material", f"search: {name}"))
    return mutate


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    root = make_fixture(tmp_path_factory.mktemp("pf") / "hub", _engine("pagefind"))
    built = run_build(root)
    assert built.ok, built.log
    return built


def query(site, text, filters=None, want=10):
    out = subprocess.run(["node", str(QUERY), str(site), text, json.dumps(filters or {}), str(want)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def urls(found):
    return [r["url"] for r in found["results"]]


def test_pagefind_replaces_material_search(pagefind_site):
    site = pagefind_site.site
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (site / "search" / "search_index.json").exists()   # Material's plugin did not run
    page = pagefind_site.html("articles/llama-3-release/index.html")
    box = page.select_one("header.md-header [data-bh-search]")
    assert box is not None and box.find("input", id="bh-search-q") is not None
    assert page.select_one(".md-search") is None
    assert {s["data-bh-filter"] for s in box.select("select")} == {"category", "entity", "year"}
    script = [s["src"] for s in page.find_all("script", src=True) if "buzzhub-search" in s["src"]]
    assert script == ["../../assets/buzzhub-search.js"] and pagefind_site.exists("assets/buzzhub-search.js")
    assert box["data-bh-bundle"] == "../../pagefind/"   # served from our own site, no third party


@node
def test_entity_name_finds_the_entity_page_first(pagefind_site):
    # The search box asks twice, as readers see it: matching entity pages first, then stories.
    site = pagefind_site.site
    for name in ("Pentagon", "US Department of Defense", "Meta Platforms"):
        top = query(site, name, {"section": "Entities"})
        assert top["results"] and top["results"][0]["meta"]["kind"] == "Entity", name
    assert urls(query(site, "Pentagon", {"section": "Entities"})) == ["/entities/pentagon/"]
    everything = urls(query(site, "Pentagon"))
    assert "/entities/pentagon/" in everything and "/articles/meta-llama-defense/" in everything
    assert urls(query(site, "Pentagon", {"section": "Stories"})) == ["/articles/meta-llama-defense/"]


@node
def test_body_phrase_finds_its_article_with_metadata(pagefind_site):
    found = query(pagefind_site.site, "leadership crisis")
    assert urls(found)[0] == "/articles/openai-profile/"
    hit = found["results"][0]
    assert hit["title"] == "OpenAI at a crossroads"
    assert hit["meta"]["date"] == "2023-11-20" and hit["meta"]["category"] == "Industry"
    assert "<mark>" in hit["excerpt"]
    assert hit["filters"]["year"] == ["2023"] and hit["filters"]["category"] == ["Industry"]
    assert "OpenAI" in hit["filters"]["entity"]


@node
def test_drafts_scheduled_and_listings_are_not_indexed(pagefind_site):
    site = pagefind_site.site
    assert query(site, "Secret draft")["count"] == 0
    assert not [u for u in urls(query(site, "Scheduled future")) if "scheduled" in u]
    every = urls(query(site, "OpenAI", want=50))
    assert every and not [u for u in every if "draft" in u or "scheduled" in u]
    assert not [u for u in every if u.startswith(("/latest/", "/category/", "/author/", "/archive/"))]
    assert not [u for u in every if u.startswith("/entities/") and "/page/" in u]


@node
def test_filters_by_category_entity_and_year(pagefind_site):
    site = pagefind_site.site
    models = urls(query(site, "Llama", {"category": "Models"}))
    assert models and set(models) <= {"/articles/llama-3-release/", "/articles/meta-llama-defense/"}
    assert urls(query(site, "Meta", {"year": "2023"})) == []
    by_entity = urls(query(site, "", {"entity": "US Department of Defense"}))
    assert by_entity == ["/articles/meta-llama-defense/"]


@node
def test_related_box_is_not_indexed_as_the_story(pagefind_site):
    # meta-llama-defense links to llama-3-release in its related box; "Thursday" is only in the latter.
    assert urls(query(pagefind_site.site, "Thursday")) == ["/articles/llama-3-release/"]


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    def mutate(root):
        _engine("pagefind")(root)
        cfg = (root / "mkdocs.yml").read_text()
        (root / "mkdocs.yml").write_text(cfg.replace("    search: pagefind", "    search: pagefind\n    search_shard_size: 2"))
    built = run_build(make_fixture(tmp_path_factory.mktemp("pfs") / "hub", mutate))
    assert built.ok, built.log
    return built


def test_large_index_is_split_into_shards_named_in_the_manifest(sharded_site):
    site = sharded_site.site
    bundles = json.loads((site / "pagefind" / "shards.json").read_text())["bundles"]
    assert len(bundles) >= 2 and all((site / b / "pagefind-entry.json").is_file() for b in bundles)
    on_disk = sorted(p.name + "/" for p in site.iterdir() if p.name.startswith("pagefind-"))
    assert sorted(bundles) == on_disk     # no stray bundle left behind, none missing


@node
def test_sharded_index_answers_like_one_index(pagefind_site, sharded_site):
    # Merged in the reader's browser (bench/pagefind_query.mjs merges as buzzhub-search.js does, and
    # like the search box, always asks for a section). "OpenAI" is missing from some shards: without
    # their vocabulary pages, Pagefind would answer there with the prefix "open" (llama-3-release).
    for text, filters in (("Llama", {"section": "Stories"}), ("OpenAI", {"section": "Stories"}),
                          ("", {"year": "2024", "section": "Stories"}), ("Pentagon", {"section": "Entities"}),
                          ("Tudorache", {"section": "Stories"})):
        one, many = query(pagefind_site.site, text, filters, 50), query(sharded_site.site, text, filters, 50)
        assert one["count"] == many["count"], text
        assert sorted(urls(one)) == sorted(urls(many)), text
        assert not [u for u in urls(many) if "vocabulary" in u]
    assert query(sharded_site.site, "Secret draft")["count"] == 0


def test_material_engine_keeps_the_builtin_plugin(fixture_site):
    site = fixture_site.site
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    assert [d for d in docs if d["location"].startswith("articles/openai-profile/")]
    assert not [d for d in docs if "Secret draft" in d["title"] or "future body" in d["text"]]
    assert not (site / "pagefind").exists()
    page = fixture_site.html("articles/openai-profile/index.html")
    assert page.select_one("header .md-search") is not None and page.select_one("[data-bh-search]") is None


def test_material_engine_without_the_plugin_is_a_clear_error(tmp_path):
    def mutate(root):
        cfg = (root / "mkdocs.yml").read_text()
        (root / "mkdocs.yml").write_text(cfg.replace("plugins:\n  - search\n", "plugins: []\n"))
    built = run_build(make_fixture(tmp_path / "hub", mutate))
    assert not built.ok and "search: material needs `- search`" in built.log


def test_unknown_engine_is_refused(tmp_path):
    built = run_build(make_fixture(tmp_path / "hub", _engine("lunr")))
    assert not built.ok and "extra.buzzhub.search" in built.log and "pagefind, material" in built.log
