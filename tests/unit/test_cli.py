"""`buzzhub check` and `buzzhub new` as an editor runs them."""
import subprocess
import sys
from pathlib import Path

import pytest

from tests.build.conftest import make_fixture

BUZZHUB = str(Path(sys.executable).with_name("buzzhub"))


def run(*args, cwd):
    return subprocess.run([BUZZHUB, *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def hub(tmp_path):
    return make_fixture(tmp_path / "hub")


def test_check_passes_on_a_clean_hub(hub):
    proc = run("check", cwd=hub)
    assert proc.returncode == 0, proc.stderr
    assert "ok: 6 articles" in proc.stdout


def test_check_reports_every_problem_once_with_location(hub):
    arts = hub / "docs" / "articles" / "2024"
    (arts / "bad-one.md").write_text("---\ntitle: One\ndate: 2024-01-01\nauthors: [ghost]\ncategories: [Policy]\n"
                                     "description: D.\n---\nx\n")
    (arts / "bad-two.md").write_text("---\ntitle: Two\ndate: 2024-01-01\nauthors: [ana-lima]\ncategories: [Policy]\n"
                                     "description: D.\nrelated: [no-such-story]\nentities: [no_such_entity]\n---\nx\n")
    (arts / "bad-three.md").write_bytes(b"---\ntitle: \xff\n---\n")
    proc = run("check", cwd=hub)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert "docs/articles/2024/bad-one.md:4: authors: unknown author 'ghost'" in proc.stderr
    assert "bad-two.md:7: related: no article has the slug 'no-such-story'" in proc.stderr
    assert "bad-two.md:8: entities: no entity has the id 'no_such_entity'" in proc.stderr
    assert "bad-three.md:2: file: not valid UTF-8" in proc.stderr
    assert lines[-1] == "4 problem(s) found"
    assert "Traceback" not in proc.stderr


def test_check_reports_config_mistakes(hub):
    cfg = hub / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("per_page: 2", "per_page: two\n    catgories: [X]"))
    proc = run("check", cwd=hub)
    assert proc.returncode == 1
    assert "mkdocs.yml:27: extra.buzzhub.per_page: must be a whole number" in proc.stderr
    assert "mkdocs.yml:28: extra.buzzhub.catgories: unknown setting; did you mean 'categories'?" in proc.stderr


def test_new_writes_a_valid_draft_with_a_unique_slug(hub):
    first = run("new", "Meta releases Llama 3", "--author", "bo-chen", "--category", "Models", cwd=hub)
    assert first.returncode == 0, first.stderr
    path = hub / first.stdout.strip()
    assert path.name == "meta-releases-llama-3.md"  # the fixture's llama-3-release has another slug
    second = run("new", "Meta releases Llama 3", "--author", "bo-chen", "--category", "Models", cwd=hub)
    assert Path(second.stdout.strip()).name == "meta-releases-llama-3-2.md"
    text = path.read_text()
    assert "draft: true" in text and "title: Meta releases Llama 3" in text
    assert run("check", cwd=hub).returncode == 0


def test_new_refuses_unknown_author_and_category(hub):
    proc = run("new", "Title", "--author", "nobody", "--category", "Sport", cwd=hub)
    assert proc.returncode == 1
    assert "authors: unknown author 'nobody'" in proc.stderr
    assert "categories: unknown category 'Sport'" in proc.stderr
