"""Small pieces behind news-scale builds: entity pagination, HTML squeezing, dirty-build planning."""
from buzzhub.htmlmin import squeeze
from buzzhub.incremental import Memo
from buzzhub.listings import browse, build_listings, paginate


def test_entity_pages_hold_more_rows_after_the_first():
    pages = paginate("entity", "entities/x/", "X", list(range(250)), 100, first=20)
    assert [len(p.items) for p in pages] == [20, 100, 100, 30]
    assert [p.items[0] for p in pages] == [0, 20, 120, 220] and {p.pages for p in pages} == {4}
    assert [p.src_uri for p in pages][:2] == ["entities/x/index.md", "entities/x/page/2/index.md"]
    assert [len(p.items) for p in paginate("entity", "e/", "E", list(range(5)), 100, first=20)] == [5]
    assert [len(p.items) for p in paginate("latest", "l/", "L", list(range(41)), 20)] == [20, 20, 1]


def test_browsing_listings_show_cards_first_then_compact_rows():
    pages = browse("category", "category/x/", "X", list(range(250)), 20, 100)
    assert [(len(p.items), p.compact) for p in pages] == [(20, False), (100, True), (100, True), (30, True)]
    assert [p.compact for p in paginate("archive", "a/", "A", list(range(5)), 100, compact_from=1)] == [True]
    assert not any(p.compact for p in paginate("latest", "l/", "L", list(range(41)), 20))


def test_months_are_compact_and_years_list_months_not_stories():
    import datetime as dt
    from types import SimpleNamespace
    arts = [SimpleNamespace(date=dt.datetime(y, m, 1), categories=[], authors=[])
            for y, m in ((2025, 2), (2025, 2), (2025, 1), (2024, 12))]
    out = {L.src_uri: L for L in build_listings(arts, {}, [], per_page=1, archive_per_page=50)}
    assert out["archive/2025/02/index.md"].compact and len(out["archive/2025/02/index.md"].items) == 2
    year = out["archive/2025/index.md"]
    assert year.kind == "archive-year" and year.items == [(2, "February", 2, "archive/2025/02/"),
                                                         (1, "January", 1, "archive/2025/01/")]
    assert "archive/2025/page/2/index.md" not in out
    assert [(len(L.items), L.compact) for L in build_listings(arts, {}, [], 1, 50) if L.kind == "latest"] == \
        [(1, False), (3, True)]


def test_squeeze_keeps_pre_script_and_text():
    html = "<div>\n    <p>a\n   b</p>\n\n  <pre>  x\n    y</pre>\n<script>\n  var s = `1\n  2`;\n</script>\n</div>"
    out = squeeze(html)
    assert "<pre>  x\n    y</pre>" in out and "var s = `1\n  2`;" in out
    assert "<p>a\nb</p>" in out and "\n\n" not in out.replace("</pre>", "")
    assert squeeze(out) == out


def test_squeeze_matches_tags_in_any_case_and_squeezes_an_unclosed_pre():
    assert squeeze("<PRE>\n  x\n</pre >\n  y") == "<PRE>\n  x\n</pre >\ny"
    assert squeeze("<pre>\n  never closed\n<Script>\n  a\n</SCRIPT>\n  z") == "<pre>\nnever closed\n<Script>\n  a\n</SCRIPT>\nz"
    assert squeeze("<prefix>\n  a<pre-x>\n b") == "<prefix>\na<pre-x>\nb"   # <prefix> is not <pre>


def test_memo_plans_only_changed_pages_after_a_commit():
    memo = Memo()
    assert memo.plan("site", {"a": "1", "b": "2"}) is None      # nothing to compare with: everything
    memo.commit()
    assert memo.plan("site", {"a": "1", "b": "3", "c": "4"}) == {"b", "c"}
    assert memo.plan("other-site", {"a": "1"}) is None          # another directory: everything
    memo.forget()
    assert memo.plan("site", {"a": "1"}) is None


def test_live_related_shows_the_last_ranking_until_the_new_one_is_in():
    from buzzhub.live import LiveRelated
    live, calls, done = LiveRelated(), [], []
    live.on_done = lambda: done.append(1)

    def rank(tag):
        calls.append(tag)
        return {"story": [tag]}
    assert live.related("k1", rank, "first") == ({"story": ["first"]}, True)      # nothing to show: waits
    assert live.related("k2", rank, "second") == ({"story": ["first"]}, False)    # stale, ranking behind
    live.wait()
    # Not while the build that asked runs (a forked child would make its every write a copy): after it.
    assert done == [] and live.related("k2", rank, "second") == ({"story": ["first"]}, False)
    live.build_done()
    live.wait()
    assert done == [1]
    assert live.related("k2", rank, "again") == ({"story": ["second"]}, True)     # settled, no new work
    assert calls[0] == "first"
