"""Hostile content in real builds: the raw-HTML trust model, the post-build scan, secrets, links and paths.

Trust model (README "Trust model for content"): with `extra.buzzhub.raw_html: sanitize` (the default)
an article's raw HTML is cleaned and the built site passes buzzhub.scan; with `allow` it is published as
written, and the scan finds the editor's script (which proves the scan can see it).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from buzzhub.config import read_mkdocs_yml
from buzzhub.scan import scan_site
from tests.build.conftest import make_fixture, run_build
from tests.build.hostile import dump_front_matter, jsonld_blocks, our_scripts, soup
from tests.conftest import ROOT

pytestmark = pytest.mark.build
FIXTURE_URL = "https://news.example.org/hub/"
MAIN_CONFIG = read_mkdocs_yml(str(ROOT / "mkdocs.yml"))

HOSTILE_BODY = """Zorblax said the attack began with a script.

## Timeline

| when | what |
|:-----|-----:|
| 09:00 | first payload |

!!! note "Editor's note"
    The payloads below are inert in the published page.

Footnoted claim.[^1]

[^1]: A footnote.

<script>alert("editor")</script>
<img src="https://evil.example/x.png" onerror="alert(1)" alt="pixel">
<a href="javascript:alert(1)">click me</a>
<a href="JaVaScRiPt&#58;alert(2)">entity-encoded</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/x.swf"></object>
<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">svg link</a></svg>
<div id="__config" data-md-component="search">{"search": "https://evil.example/worker.js"}</div>
<details open ontoggle="alert(1)"><summary>More</summary>hidden</details>
<div style="background:url(javascript:alert(1))">styled</div>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

[markdown link](javascript:alert(3))
"""


def write_hostile(root: Path, raw_html: str | None = None) -> None:
    meta = {"title": "<script>alert('title')</script> & \"quotes\"", "date": "2024-10-01", "authors": ["bo-chen"],
            "categories": ["Industry"], "description": "\" onmouseover=\"alert(1)\" data-x=\"",
            "tags": ["<img src=x onerror=alert(1)>", "]]></script>"],
            "image": "https://evil.example/hero.png", "image_alt": "\"><script>alert(1)</script>"}
    (root / "docs/articles/2024/hostile.md").write_text(dump_front_matter(meta, HOSTILE_BODY), encoding="utf-8")
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text())
    cfg["markdown_extensions"] = MAIN_CONFIG["markdown_extensions"]   # what the hub's own articles get
    if raw_html:
        cfg["extra"]["buzzhub"]["raw_html"] = raw_html
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))


@pytest.fixture(scope="module")
def sanitized(tmp_path_factory):
    root = make_fixture(tmp_path_factory.mktemp("trust") / "hub", write_hostile)
    built = run_build(root)
    assert built.ok, built.log
    return built


def test_sample_site_passes_the_scan(sample_site):
    assert [str(f) for f in scan_site(sample_site.site, our_scripts(ROOT), "https://example.github.io/ai-buzz-hub/")] == []


def test_hostile_article_sanitized_passes_the_scan(sanitized):
    assert [str(f) for f in scan_site(sanitized.site, our_scripts(sanitized.root), FIXTURE_URL)] == []


def test_sanitize_keeps_the_story(sanitized):
    body = sanitized.html("articles/hostile/index.html").select_one(".bh-body")
    text = body.get_text()
    for words in ("Zorblax said the attack", "first payload", "Editor's note", "A footnote.", "click me",
                  "More", "styled"):
        assert words in text, words
    assert body.select_one("h2#timeline") and body.select_one(".admonition.note")
    assert body.select_one('td[style="text-align:left"]') and body.select_one('a.footnote-ref[href="#fn:1"]')
    assert body.find("a", string="click me").get("href") is None          # the link text stays, the URL goes
    assert not body.select("[id^=__], [data-md-component], script, iframe, object, base, meta")


def test_raw_html_allow_is_published_as_written_and_the_scan_sees_it(tmp_path):
    root = make_fixture(tmp_path / "hub", lambda r: write_hostile(r, "allow"))
    built = run_build(root)
    assert built.ok, built.log
    findings = scan_site(built.site, our_scripts(root), FIXTURE_URL)
    assert {f.path for f in findings} == {"articles/hostile/index.html"}   # the front matter stayed text
    rules = {f.rule for f in findings}
    assert {"inline-script", "event-handler", "url", "embed", "style"} <= rules, rules
    assert any(f.rule == "inline-script" and 'alert("editor")' in f.detail for f in findings)


def test_unknown_raw_html_mode_is_a_config_error(tmp_path):
    root = make_fixture(tmp_path / "hub", lambda r: write_hostile(r, "trust-me"))
    built = run_build(root)
    assert not built.ok and "extra.buzzhub.raw_html: must be one of: allow, sanitize" in built.log
    assert "Traceback" not in built.log


def test_exactly_one_valid_json_ld_block_per_article(sample_site, sanitized):
    for built in (sample_site, sanitized):
        pages = sorted((built.site / "articles").glob("*/index.html"))
        assert pages
        for page in pages:
            [ld] = jsonld_blocks(soup(page))
            assert ld["@type"] == "NewsArticle", page
    [ld] = jsonld_blocks(sanitized.html("articles/hostile/index.html"))
    assert ld["headline"] == "<script>alert('title')</script> & \"quotes\""
    assert ld["keywords"] == ["<img src=x onerror=alert(1)>", "]]></script>"]


# ---- secrets: a planted key fails the build and names the article

@pytest.mark.parametrize("where", ["body", "description", "asset"])
def test_a_planted_secret_fails_the_build_naming_the_file(tmp_path, where):
    key = "AKIA" + "Z7Q4VXN2HJ5KL3WR"

    def plant(root):
        art = root / "docs/articles/2024/openai-profile.md"
        if where == "body":
            art.write_text(art.read_text() + f"\nThe config said `aws_key = {key}`.\n")
        elif where == "description":
            art.write_text(art.read_text().replace("A look at the lab's governance.", f"Leaked {key} key."))
        else:
            (root / "docs/assets/config.txt").write_text(f"region=eu\nkey={key}\n")
    built = run_build(make_fixture(tmp_path / "hub", plant))
    assert not built.ok
    lines = [ln for ln in built.log.splitlines() if "secret: looks like a credential (AWS access key id" in ln]
    assert lines, built.log
    assert key not in built.log                                     # the log does not republish it
    want = "assets/config.txt:2:" if where == "asset" else "openai-profile.md:"
    assert any(want in ln for ln in lines), lines


# ---- links: a broken internal link in an article fails the build

@pytest.mark.parametrize("link,reason", [
    ("[gone](../no-such-story/)", "does not resolve"),                        # a URL-style link MkDocs skips
    ('<a href="../meta-llama-defense/#no-such-section">raw</a>', "no element with id \"no-such-section\""),
    ("[old](/hub/latest/page/9/)", "does not resolve"),
])
def test_a_broken_internal_link_fails_the_build(tmp_path, link, reason):
    def add(root):
        art = root / "docs/articles/2024/llama-3-release.md"
        art.write_text(art.read_text() + f"\nSee {link}.\n")
    built = run_build(make_fixture(tmp_path / "hub", add))
    assert not built.ok
    line = next((ln for ln in built.log.splitlines() if ": link: " in ln and reason in ln), "")
    assert "llama-3-release.md:" in line and "(in " in line, built.log


def test_sample_and_fixture_sites_have_no_broken_links(sample_site, fixture_site):
    assert ": link: " not in sample_site.log and ": link: " not in fixture_site.log


# ---- paths: collisions, escapes and symlinks

def _write(root, rel, meta_extra="", body="Body.\n"):
    (root / "docs/articles" / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / "docs/articles" / rel).write_text(
        f"---\ntitle: Copy {rel}\ndate: 2024-02-02\nauthors: [ana-lima]\ncategories: [Policy]\n"
        f"description: A copy.\n{meta_extra}---\n{body}", encoding="utf-8")


@pytest.mark.parametrize("files,expect", [
    ({"2024/café.md": "", "2023/cafe.md": ""}, ("café.md", "cafe.md")),                      # Unicode-folded slug
    ({"2024/Llama-3-Release.md": ""}, ("Llama-3-Release.md", "llama-3-release.md")),          # case-folded file
    ({"2024/moved.md": "redirect_from: [2024/04/Llama-Three/]\n"}, ("moved.md", "llama-3-release.md")),
    ({"2024/moved.md": "redirect_from: [articles/openai-profile/]\n"}, ("moved.md", "openai-profile.md")),
    ({"2024/a.md": "slug: twin\n", "2023/b.md": "slug: twin\n"}, ("a.md", "b.md")),
])
def test_two_articles_writing_the_same_output_fail_naming_both(tmp_path, files, expect):
    def add(root):
        for rel, extra in files.items():
            _write(root, rel, extra)
    built = run_build(make_fixture(tmp_path / "hub", add))
    assert not built.ok
    line = next((ln for ln in built.log.splitlines() if "would be written to" in ln), "")
    assert all(name in line for name in expect), built.log
    assert "Traceback" not in built.log


@pytest.mark.parametrize("redirect", ["latest/", "category/policy/", "index.html/x/", "404.html/", "about/x/../"])
def test_redirects_never_overwrite_generated_pages(tmp_path, redirect):
    built = run_build(make_fixture(tmp_path / "hub", lambda r: _write(r, "2024/moved.md",
                                                                      f"redirect_from: ['{redirect}']\n")))
    assert not built.ok and "Traceback" not in built.log
    assert any("redirect_from" in ln and "moved.md" in ln for ln in built.log.splitlines()), built.log


def test_image_and_file_symlinks_out_of_the_repository_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_rsa.png").write_text("not really a key")

    def add(root):
        os.symlink(outside / "id_rsa.png", root / "docs/assets/hero.png")
        os.symlink(outside, root / "docs/assets/linked-dir")
        _write(root, "2024/pic.md", "image: assets/hero.png\nimage_alt: A hero.\n")
        _write(root, "2024/up.md", "image: ../../outside/id_rsa.png\nimage_alt: Up.\n")
    built = run_build(make_fixture(tmp_path / "hub", add))
    assert not built.ok and "Traceback" not in built.log
    log = built.log
    assert "pic.md:7: image: resolves outside docs/" in log, log
    assert "up.md:7: image: must be a relative path that stays inside docs/" in log, log
    assert "hero.png:1: file: is a symlink to a file outside the repository" in log, log
    assert "linked-dir/id_rsa.png:1: file: is a symlink to a file outside the repository" in log, log
    assert not list(built.site.rglob("id_rsa.png")) and not (built.site / "assets/hero.png").exists()


def test_article_symlink_out_of_the_repository_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: Outside\ndate: 2024-01-01\nauthors: [ana-lima]\ncategories: [Policy]\n"
                       "description: From outside.\n---\nSecret body.\n")
    built = run_build(make_fixture(tmp_path / "hub", lambda r: os.symlink(outside, r / "docs/articles/2024/x.md")))
    assert not built.ok and "x.md:1: file: is a symlink pointing outside the repository" in built.log
    assert "Secret body" not in built.all_text()


# ---- editors' files that read like their clean twin, in a real build

def test_bom_crlf_cr_and_leading_blank_lines_build_like_the_clean_file(tmp_path):
    clean = (ROOT / "tests/fixtures/site/docs/articles/2024/openai-profile.md").read_text()
    variants = {"bom": "\ufeff" + clean, "crlf": clean.replace("\n", "\r\n"), "cr": clean.replace("\n", "\r"),
                "blank": "\n\n" + clean, "spaces": clean.replace("---\n", "---   \n")}

    def add(root):
        for name, text in variants.items():
            (root / f"docs/articles/2024/{name}.md").write_bytes(
                text.replace("title: OpenAI at a crossroads", f"title: Twin {name}").encode("utf-8"))
    built = run_build(make_fixture(tmp_path / "hub", add))
    assert built.ok, built.log
    want = built.html("articles/openai-profile/index.html").select_one(".bh-body").decode_contents()
    for name in variants:
        page = built.html(f"articles/{name}/index.html")
        assert page.select_one("article h1").get_text() == f"Twin {name}"
        assert page.select_one(".bh-body").decode_contents() == want, name


def test_bad_files_in_a_build_give_located_problems_not_tracebacks(tmp_path):
    def add(root):
        d = root / "docs/articles/2024"
        (d / "bomb.md").write_text("---\ntitle: &a x\ndescription: *a\n---\n")
        (d / "deep.md").write_text("---\ntitle: " + "[" * 5000 + "\n---\n")
        (d / "nul.md").write_bytes(b"---\ntitle: x\x00\n---\n")
        (d / "latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
        (d / "big.md").write_bytes(b"---\ntitle: big\n---\n" + b"x" * (20 * 1024 * 1024))
        (d / "empty.md").write_bytes(b"")
        (d / "ctrl.md").write_text("---\ntitle: a\x1bb\n---\n")
        (d / "late.md").write_text("Intro\n\n---\ntitle: Zebrafinch\n---\n")
    built = run_build(make_fixture(tmp_path / "hub", add))
    assert not built.ok and "Traceback" not in built.log
    for name, line, words in [("bomb", 2, "anchors and aliases"), ("deep", 2, "nested deeper"),
                              ("nul", 2, "NUL byte"), ("latin1", 2, "not valid UTF-8"), ("big", 1, "too large"),
                              ("empty", 1, "missing"), ("ctrl", 2, "U+001B"), ("late", 1, "must start with")]:
        assert any(f"{name}.md:{line}: " in ln and words in ln for ln in built.log.splitlines()), (name, built.log)
    assert "Zebrafinch" not in built.all_text()


def test_material_search_index_holds_front_matter_as_text(tmp_path):
    """With `search: material`, Material's UI inserts index titles and tags with innerHTML."""
    def material(root):
        write_hostile(root)
        cfg = yaml.safe_load((root / "mkdocs.yml").read_text())
        cfg["extra"]["buzzhub"]["search"] = "material"
        (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    built = run_build(make_fixture(tmp_path / "hub", material))
    assert built.ok, built.log
    docs = json.loads((built.site / "search/search_index.json").read_text())["docs"]
    [doc] = [d for d in docs if d["location"] == "articles/hostile/"]
    as_text = [BeautifulSoup(v, "html.parser") for v in [doc["title"], *doc["tags"]]]
    assert [s.find(True) for s in as_text] == [None] * len(as_text)
    assert [s.get_text() for s in as_text] == ["<script>alert('title')</script> & \"quotes\"",
                                               "<img src=x onerror=alert(1)>", "]]></script>"]
