"""bench/corpus.py: byte-identical for the same N, and every article passes the hub's own validation."""
import sys

from buzzhub.config import load_settings, read_mkdocs_yml
from buzzhub.hub import load_hub
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

N = 25


def _tree(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*.md"))}


def test_same_n_same_bytes(tmp_path):
    corpus.write_corpus(ROOT, tmp_path / "a", N)
    corpus.write_corpus(ROOT, tmp_path / "b", N)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert len(a) == N and a == b


def test_articles_are_valid_hub_articles(tmp_path):
    docs = tmp_path / "docs"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "authors.yml").write_bytes((ROOT / "data" / "authors.yml").read_bytes())
    corpus.write_corpus(ROOT, docs / "articles", N)
    settings, problems = load_settings(read_mkdocs_yml(str(ROOT / "mkdocs.yml"))["extra"]["buzzhub"])
    assert not problems
    hub = load_hub(str(tmp_path), str(docs), settings)
    assert not hub.problems, hub.problems[:3]
    assert len(hub.articles) == N
    years = {a.date.year for a in hub.articles}
    assert len(years) >= 3 and all(a.date.tzinfo is not None for a in hub.articles)
    assert all(300 <= a.words <= 1000 for a in hub.articles)
    assert all(1 <= len(a.categories) <= 2 and set(a.categories) <= set(settings["categories"]) for a in hub.articles)
    assert len({x for a in hub.articles for x in a.authors}) >= 3
    assert all(len(a.description) <= settings["description_max"] for a in hub.articles)
