"""Small pieces behind news-scale builds: entity pagination, HTML squeezing, dirty-build planning."""
from buzzhub.htmlmin import squeeze
from buzzhub.incremental import Memo
from buzzhub.listings import paginate


def test_entity_pages_hold_more_rows_after_the_first():
    pages = paginate("entity", "entities/x/", "X", list(range(250)), 100, first=20)
    assert [len(p.items) for p in pages] == [20, 100, 100, 30]
    assert [p.items[0] for p in pages] == [0, 20, 120, 220] and {p.pages for p in pages} == {4}
    assert [p.src_uri for p in pages][:2] == ["entities/x/index.md", "entities/x/page/2/index.md"]
    assert [len(p.items) for p in paginate("entity", "e/", "E", list(range(5)), 100, first=20)] == [5]
    assert [len(p.items) for p in paginate("latest", "l/", "L", list(range(41)), 20)] == [20, 20, 1]


def test_squeeze_keeps_pre_script_and_text():
    html = "<div>\n    <p>a\n   b</p>\n\n  <pre>  x\n    y</pre>\n<script>\n  var s = `1\n  2`;\n</script>\n</div>"
    out = squeeze(html)
    assert "<pre>  x\n    y</pre>" in out and "var s = `1\n  2`;" in out
    assert "<p>a\nb</p>" in out and "\n\n" not in out.replace("</pre>", "")
    assert squeeze(out) == out


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
    assert done == [1]
    assert live.related("k2", rank, "again") == ({"story": ["second"]}, True)     # settled, no new work
    assert calls[0] == "first"
