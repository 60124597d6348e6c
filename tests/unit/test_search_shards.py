"""The slim copies Pagefind indexes, and how pages are dealt into shards (buzzhub/search_shards.py)."""
import os
from types import SimpleNamespace

import pytest

from buzzhub import search_shards as ss

PAGE = ('<!doctype html><html lang="fr"><head><title>T &amp; co</title></head><body><nav>menu</nav>'
        '<main><article class="bh-article" data-pagefind-body><h1>Titre</h1><article>inner</article>'
        '<p>text</p></article><aside>other</aside></main></body></html>')


def test_region_is_the_marked_element_whole_with_nested_same_tags():
    assert ss.region(PAGE) == ('<article class="bh-article" data-pagefind-body><h1>Titre</h1>'
                               '<article>inner</article><p>text</p></article>')


def test_unmarked_page_has_no_region():
    assert ss.region("<html><body><p>listing</p></body></html>") is None


def test_the_marker_only_counts_as_an_attribute_of_its_own():
    # A description that talks about Pagefind, in text and in a meta tag, does not index a listing.
    page = ('<html><head><meta name="description" content="Add data-pagefind-body to your layout">'
            '</head><body><p class="dek" title="x data-pagefind-body"> data-pagefind-body marks it</p></body></html>')
    assert ss.region(page) is None
    assert ss.region('<p title="a > b" data-pagefind-body>x</p>') == '<p title="a > b" data-pagefind-body>x</p>'


STORY = ('<article data-pagefind-body><div hidden data-pagefind-ignore><span data-pagefind-filter="year">2024'
         '</span></div><p>one</p><div data-pagefind-ignore><aside><div>Related</div></aside>'
         '<section>Share on <a href="x">X</a></section></div><p>two</p>'
         '<div data-pagefind-ignore="all">gone <div>too</div></div></article>')


def test_staged_copy_drops_ignored_boxes_but_keeps_filters_and_word_boundaries():
    out = ss.searchable(STORY)
    assert 'data-pagefind-filter="year">2024' in out          # Pagefind reads filters in ignored elements
    assert "Related" not in out and "Share" not in out and "gone" not in out and "too" not in out
    assert "<p>one</p><div></div><p>two</p>" in out           # an empty block: "one" and "two" stay apart
    assert ss.words(out) == ss.words(STORY) == {"one", "two"}
    assert out.endswith("<div></div></article>")


def test_staged_copy_keeps_unbalanced_ignored_markup():
    body = '<article data-pagefind-body><p>a</p><div data-pagefind-ignore><p>b</p></article>'
    assert ss.searchable(body) == body      # the box never closes: Pagefind reads on to the end


def test_unbalanced_markup_keeps_the_rest_of_the_page():
    assert ss.region('<div data-pagefind-body><div>open').startswith("<div data-pagefind-body>")


def test_slim_copy_keeps_language_title_and_region_only():
    slim = ss.slim(PAGE, ss.region(PAGE))
    assert '<html lang="fr">' in slim and "<title>T &amp; co</title>" in slim
    assert "menu" not in slim and "other" not in slim and "<p>text</p>" in slim


def test_shards_are_stable_and_bounded():
    rels = [f"articles/story-{i}/index.html" for i in range(1000)]
    n = ss.shard_count(len(rels), 300)
    assert n == 5 and ss.shard_count(0, 300) == 1
    first = [ss.shard_of(r, n) for r in rels]
    assert first == [ss.shard_of(r, n) for r in rels] and set(first) == set(range(n))
    sizes = [first.count(k) for k in range(n)]
    assert max(sizes) <= 300                 # crc32 spreads evenly enough
    # The first shard (Pagefind starts once it is rendered) and the last (the build waits for it) are
    # half as big as the others.
    assert all(0.35 < sizes[edge] / s < 0.65 for edge in (0, -1) for s in sizes[1:-1])
    assert [ss.shard_of(r, 2) for r in rels].count(0) in range(400, 601)   # two halves
    assert ss.shard_count(300, 300) == 1 and {ss.shard_of(r, 1) for r in rels} == {0}


@pytest.fixture
def stage(tmp_path):
    """A stage for the site folder tmp_path/site, closed (its temporary folder removed) afterwards."""
    st = ss.Stage()
    st.open(str(tmp_path / "site"), clean=True)
    yield st
    st.close()


def _publish(site, rels):
    """The built pages, as MkDocs writes them."""
    for rel in rels:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(PAGE)


def test_stage_unstages_pages_that_stop_being_indexed(tmp_path, stage):
    site = tmp_path / "site"
    _publish(site, ["a/index.html"])
    stage.add("a/index.html", PAGE)
    assert stage.pages() == ["a/index.html"]
    stage.add("a/index.html", "<html><body>now a draft</body></html>")
    assert stage.pages() == []
    stage.add("a/index.html", PAGE)
    (site / "a" / "index.html").unlink()          # the page is gone from the site
    assert stage.pages() == []


def test_preview_reindexes_only_shards_with_changes_and_any_unfinished_one(tmp_path, stage):
    site = tmp_path / "site"
    rels = [f"articles/s{i}/index.html" for i in range(12)]
    _publish(site, rels)
    stage.plan(12, 6)
    for rel in rels:
        stage.add(rel, PAGE.replace("text", rel))
    assert [k for k, _ in stage.shard_trees(only_touched=False)] == [0, 1, 2]
    for k in (0, 1, 2):
        (site / ss.bundle(k)).mkdir()
    stage.indexed = {0, 1}                       # shard 2's run was cancelled half-way
    stage.add(rels[0], PAGE.replace("text", "edited"))
    assert stage.shard_trees(only_touched=True, stop=lambda: True) is None   # superseded by a newer save
    again = [k for k, _ in stage.shard_trees(only_touched=True)]            # ...which still sees the edit
    assert again == sorted({ss.shard_of(rels[0], 3), 2})
    mine = ss.shard_of(rels[0], 3)
    other = (mine + 1) % 3
    assert "edited" in (tmp_path / stage.tree(other) / ss.VOCABULARY).read_text()
    assert "edited" not in (tmp_path / stage.tree(mine) / ss.VOCABULARY).read_text()


def test_a_new_shard_count_moves_staged_pages(tmp_path, stage):
    site = tmp_path / "site"
    rels = [f"a{i}/index.html" for i in range(9)]
    _publish(site, rels)
    for rel in rels:
        stage.add(rel, PAGE)
    stage.plan(9, 5)
    assert stage.shards == 3 and stage.pages() == sorted(rels)
    for rel in rels:
        assert (tmp_path / stage.tree(ss.shard_of(rel, 3)) / rel).is_file()


def test_a_planned_shard_is_ready_once_its_last_page_is_staged(tmp_path, stage):
    site = tmp_path / "site"
    rels = [f"articles/s{i}/index.html" for i in range(9)]
    stage.plan(rels, 5)
    ready = []
    stage.on_ready = ready.append
    stage.hint = lambda: ss.text_words(["Zyxwords <b> from sources", "text"])
    by_shard = sorted(rels, key=lambda r: ss.shard_of(r, 3))   # the order the hook renders them in
    for i, rel in enumerate(by_shard):
        stage.add(rel, PAGE.replace("text", f"word{i}"))
        stage.flush()
        done = {ss.shard_of(r, 3) for r in by_shard[: i + 1]} - {ss.shard_of(r, 3) for r in by_shard[i + 1:]}
        assert sorted(ready) == sorted(done)
    first = ready[0]
    stage.early_tree(first)
    vocab = (tmp_path / stage.tree(first) / ss.VOCABULARY).read_text()
    assert "zyxwords" in vocab and "&lt;b&gt;" in vocab and "<b>" not in vocab   # the sources' words, escaped
    # An early shard is current: the last pass leaves it alone unless a page of it changes.
    stage.indexed.add(first)
    (site / ss.bundle(first)).mkdir(parents=True)
    _publish(site, rels)
    assert first not in [k for k, _ in stage.shard_trees(only_touched=True)]


def test_indexed_pages_are_published_stories_and_entity_page_one():
    import datetime as dt
    from types import SimpleNamespace as NS

    from buzzhub.listings import Listing
    from buzzhub.search import indexed_pages
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    story = lambda slug, draft=False, days=-1: NS(url=f"articles/{slug}/", is_published=lambda t: not draft and days < 0)
    articles = [story("live"), story("draft", draft=True), story("scheduled", days=3)]
    listings = [Listing("entities/meta/index.md", "entity", "Meta"), Listing("entities/meta/page/2/index.md", "entity",
                "Meta", page=2), Listing("latest/index.md", "latest", "Latest")]
    # A preview's drafts carry no data-pagefind-body: a shard waiting for them would never be ready.
    assert indexed_pages(articles, listings, now) == ["articles/live/index.html", "entities/meta/index.html"]


def test_staged_copies_go_to_a_roomy_ram_disk_and_never_fill_a_small_one(monkeypatch, tmp_path):
    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setattr(ss, "SCRATCH", str(tmp_path))
    free = {"blocks": ss.SCRATCH_MIN_FREE // 4096}
    monkeypatch.setattr(ss.os, "statvfs", lambda p: SimpleNamespace(f_bavail=free["blocks"], f_frsize=4096))
    assert ss.scratch_dir() == str(tmp_path)
    st = ss.Stage()
    st.open(str(tmp_path / "site"), clean=True)
    assert st.root.startswith(str(tmp_path) + "/")
    st.close()
    free["blocks"] -= 1            # Docker's 64 MB /dev/shm: the default temporary folder instead
    assert ss.scratch_dir() is None
    free["blocks"] += 1
    monkeypatch.setenv("TMPDIR", str(tmp_path))   # the user's own choice wins
    assert ss.scratch_dir() is None


@pytest.mark.parametrize("keep", [False, True])
def test_a_build_throws_its_staged_copies_away_once_indexed_a_preview_keeps_them(tmp_path, keep):
    from buzzhub import search
    site = tmp_path / "site"
    rels = [f"articles/s{i}/index.html" for i in range(6)]
    _publish(site, rels)
    indexer = search.Indexer()
    indexer.begin(str(site), clean=True, keep=keep)
    for rel in rels:
        indexer.page(rel, PAGE)
    root = indexer.stage.root
    indexer.start(str(site), clean=True).wait()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()   # the index is there either way
    assert os.path.isdir(root) is keep and (indexer.stage.root is not None) is keep
    indexer.close()
    assert not os.path.exists(root)


def test_staged_copies_of_a_killed_build_are_removed_those_of_a_live_one_kept(tmp_path):
    import subprocess
    import sys
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()                        # a process id that no longer runs
    dead = tmp_path / f"{ss.STAGE_PREFIX}{gone.pid}-abc"
    live = tmp_path / f"{ss.STAGE_PREFIX}{os.getppid()}-def"
    other = tmp_path / "buzzhub-search-notapid"
    for d in (dead, live, other):
        (d / "shard-0" / "articles").mkdir(parents=True)
    ss.drop_orphans(str(tmp_path))
    assert not dead.exists() and live.is_dir() and other.is_dir()
