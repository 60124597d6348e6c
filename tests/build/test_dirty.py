"""Dirty rebuilds: saving one article re-renders exactly the pages that show it (buzzhub/incremental.py),
in the `mkdocs serve --dirty` loop (bench/serve_loop.py runs it without the HTTP server) and in a
`mkdocs build --dirty` from a new process."""
import json
import os
import subprocess
import sys

import pytest

from tests.build.conftest import MKDOCS, make_fixture, run_build
from tests.conftest import ROOT

OLD, NEW = "title: Meta releases Llama 3", "title: Meta ships Llama 3, edited"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", BUZZHUB_NOW="2025-01-01T00:00:00+00:00")


def serve_edit(root, engine="material"):
    if engine != "material":
        cfg = root / "mkdocs.yml"
        cfg.write_text(cfg.read_text().replace("search: material", f"search: {engine}"))
    cmd = [sys.executable, str(ROOT / "bench" / "serve_loop.py"), "-f", str(root / "mkdocs.yml"),
           "-d", str(root / "site"), "--snapshot", str(root / "before"),
           "--edit", str(root / "docs/articles/2024/llama-3-release.md"), "--find", OLD, "--replace", NEW]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    root = make_fixture(tmp_path_factory.mktemp("dirty") / "hub")
    return root, serve_edit(root)


def text(root, rel, site="site"):
    return (root / site / rel).read_text(encoding="utf-8")


def test_the_article_its_listings_and_a_related_box_change(edited):
    root, out = edited
    shown = "Meta ships Llama 3, edited"
    for rel in ("articles/llama-3-release/index.html",       # its page
                "category/models/index.html",                # a listing that shows it
                "articles/meta-llama-defense/index.html",    # links to it in its related box
                "entities/llama/index.html", "author/bo-chen/index.html"):
        assert rel in out["rendered"], rel
        assert shown in text(root, rel) and shown not in text(root, rel, "before"), rel
    box = text(root, "articles/meta-llama-defense/index.html").split('class="bh-related"')[1]
    assert shown in box.split("</aside>")[0]
    for feed in ("feed.json", "category/models/feed.json", "entities/llama/atom.xml"):   # feeds follow
        assert shown in text(root, feed) and shown not in text(root, feed, "before"), feed
    unrelated = root / "site" / "entities/openai/feed.xml"
    assert unrelated.stat().st_mtime_ns == (root / "before" / "entities/openai/feed.xml").stat().st_mtime_ns


def test_unrelated_pages_are_not_rendered_again(edited):
    root, out = edited
    for rel in ("articles/openai-profile/index.html", "articles/escaping/index.html", "category/policy/index.html",
                "entities/openai/index.html", "author/ana-lima/index.html", "about/index.html"):
        if (root / "site" / rel).exists():
            assert rel not in out["rendered"], rel
            assert (root / "site" / rel).read_bytes() == (root / "before" / rel).read_bytes(), rel
    assert len(out["rendered"]) < len(list((root / "site").rglob("*.html"))) / 2


def test_preview_renders_drafts_but_never_indexes_them(tmp_path):
    if not __import__("shutil").which("node"):
        pytest.skip("querying Pagefind's index needs node")
    root = make_fixture(tmp_path / "hub")
    out = serve_edit(root, "pagefind")
    assert "Draft" in text(root, "articles/a-draft/index.html")           # the preview shows it...
    found = subprocess.run(["node", str(ROOT / "bench/pagefind_query.mjs"), str(root / "site"), "Secret draft"],
                           capture_output=True, text=True, check=True)
    assert json.loads(found.stdout)["count"] == 0                          # ...search does not
    hits = subprocess.run(["node", str(ROOT / "bench/pagefind_query.mjs"), str(root / "site"), "edited"],
                          capture_output=True, text=True, check=True)
    assert "/articles/llama-3-release/" in [r["url"] for r in json.loads(hits.stdout)["results"]]
    assert out["search_s"] >= 0


def test_dirty_build_in_a_new_process_is_still_right(tmp_path):
    root = make_fixture(tmp_path / "hub")
    assert run_build(root, strict=False).ok
    path = root / "docs/articles/2024/llama-3-release.md"
    path.write_text(path.read_text().replace(OLD, NEW))
    proc = subprocess.run([MKDOCS, "build", "--dirty", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                          capture_output=True, text=True, env=ENV, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Meta ships Llama 3, edited" in text(root, "articles/meta-llama-defense/index.html")
    assert "Meta ships Llama 3, edited" in text(root, "category/models/index.html")
