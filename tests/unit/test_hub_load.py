"""load_hub(parallel=True): a one-off build parses half of the stories in a forked child; what it
returns (stories, problems, their order) is exactly what one process gives."""
import sys

import pytest

from buzzhub import background, hub
from buzzhub.config import load_settings, read_mkdocs_yml
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

pytestmark = pytest.mark.skipif(not background.can_fork(), reason="needs fork and a second core")


def test_parallel_load_gives_the_same_stories_and_problems_in_the_same_order(tmp_path):
    docs = tmp_path / "docs"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "authors.yml").write_bytes((ROOT / "data" / "authors.yml").read_bytes())
    corpus.write_corpus(ROOT, docs / "articles", background.PARALLEL_MIN)
    files = sorted((docs / "articles").rglob("*.md"))
    # Broken stories in both halves: every problem is reported, wherever it was parsed.
    for f in (files[3], files[-3]):
        f.write_text(f.read_text().replace("title:", "titel:", 1))
    files[-5].write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    settings, problems = load_settings(read_mkdocs_yml(str(ROOT / "mkdocs.yml"))["extra"]["buzzhub"])
    assert not problems

    def load(parallel):
        hub._PARSE_CACHE.clear()
        hub._STAT_CACHE.clear()
        h = hub.load_hub(str(tmp_path), str(docs), settings, parallel=parallel)
        return [vars(a) for a in h.articles], [str(p) for p in h.problems], len(hub._PARSE_CACHE)

    one, two = load(False), load(True)
    assert len(one[1]) >= 3 and any("titel" in p for p in one[1]) and str(files[-5]) in " ".join(one[1])
    assert two[:2] == one[:2]
    assert one[2] == len(files) and two[2] < len(files)   # the child's half really was parsed elsewhere
