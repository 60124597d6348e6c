"""`buzzhub import`: Hugo and Jekyll fixtures into a copy of the fixture hub, checked file by file."""
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from buzzhub.article import build_article
from buzzhub.authors import load_authors
from buzzhub.importer import Options, UsageError, run_import
from buzzhub.importer.dates import parse_when
from buzzhub.importer.frontmatter import read_doc
from buzzhub.importer.report import as_dict, as_markdown
from buzzhub.source import read_source
from tests.build.conftest import make_fixture, run_build
from tests.conftest import FIXTURES

SRC = FIXTURES / "import"
HUGO, JEKYLL = SRC / "hugo", SRC / "jekyll"
BUZZHUB = str(Path(sys.executable).with_name("buzzhub"))
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def hub(tmp_path):
    return make_fixture(tmp_path / "hub")


def do_import(hub, source, **kw):
    kw.setdefault("category_map", str(SRC / "category-map.yml"))
    job = run_import(Options(source=str(source), config=str(hub / "mkdocs.yml"), now=NOW, **kw))
    return as_dict(job)


def by_source(report):
    return {Path(f["source"]).relative_to(report["source"]).as_posix(): f for f in report["files"]}


def article(hub, target):
    """A written file read back exactly as the hub reads it."""
    authors, _ = load_authors(str(hub / "data" / "authors.yml"))
    ctx = {"authors": authors, "categories": ["Policy", "Models", "Industry"], "description_max": 300}
    src = read_source(hub / target)
    art, problems = build_article(src, str(Path(target).relative_to("docs")), ctx)
    assert not problems, problems
    return art


def snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


HUGO_OUTCOMES = [
    ("content/_index.md", "skipped", None),
    ("content/posts/_index.md", "skipped", None),
    ("content/posts/notes.txt", "skipped", None),
    ("content/posts/draft-post.md", "skipped", None),
    ("content/posts/expired-post.md", "skipped", None),
    ("content/posts/broken-yaml.md", "rejected", None),
    ("content/posts/no-date.md", "rejected", None),
    ("content/posts/2024-03-01-plain-post.md", "changed", "docs/articles/2024/plain-post.md"),
    ("content/posts/toml-post.md", "changed", "docs/articles/2024/toml-post.md"),
    ("content/posts/crlf-post.md", "changed", "docs/articles/2024/crlf-post.md"),
    ("content/posts/json-post.md", "changed", "docs/articles/2024/json-post.md"),
    ("content/posts/llama-3-release.md", "changed", "docs/articles/2024/llama-3-release-2.md"),
    ("content/posts/2023/older-post.md", "changed", "docs/articles/2023/older-post.md"),
    ("content/posts/bundle-post/index.md", "changed", "docs/articles/2024/bundle-post.md"),
    ("content/posts/bundle-post/cover.png", "imported", "docs/articles/2024/bundle-post/cover.png"),
    ("content/posts/bundle-post/chart.png", "imported", "docs/articles/2024/bundle-post/chart.png"),
]


def test_hugo_report_lists_every_file_once_with_its_outcome(hub):
    report = do_import(hub, HUGO)
    files = by_source(report)
    on_disk = {p.relative_to(HUGO).as_posix() for p in HUGO.rglob("*") if p.is_file()}
    on_disk = {p for p in on_disk if p.startswith("content/")}  # a whole site: content/ holds the pages
    assert set(files) == on_disk and len(report["files"]) == len(on_disk)
    for rel, status, target in HUGO_OUTCOMES:
        assert files[rel]["status"] == status, (rel, files[rel])
        assert files[rel]["target"] == target
        if status in ("rejected", "skipped"):
            assert files[rel]["reasons"], rel
    totals = report["totals"]
    assert totals["files"] == len(on_disk) and totals["rejected"] == 2 and totals["skipped"] == 5
    assert report["from"] == "hugo"


@pytest.mark.parametrize("rel, reason", [
    ("content/posts/broken-yaml.md", "broken-yaml.md:5: front matter: invalid YAML"),
    ("content/posts/no-date.md", "no-date.md:1: date: required field is missing"),
    ("content/posts/expired-post.md", "expired-post.md:4: expirydate: expired on 2020-01-01"),
    ("content/posts/draft-post.md", "draft (draft: true)"),
    ("content/_index.md", "section page"),
])
def test_rejections_and_skips_say_why_with_a_location(hub, rel, reason):
    files = by_source(do_import(hub, HUGO))
    assert any(reason in r for r in files[rel]["reasons"]), files[rel]["reasons"]


def test_every_written_article_passes_the_hubs_validation_and_check(hub):
    report = do_import(hub, HUGO)
    for f in report["files"]:
        if f["target"] and f["target"].endswith(".md"):
            article(hub, f["target"])
    proc = subprocess.run([BUZZHUB, "check"], cwd=hub, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("target, field, expected", [
    ("docs/articles/2024/plain-post.md", "date", dt.datetime(2024, 3, 1, 8, 32, 24,
                                                             tzinfo=dt.timezone(dt.timedelta(hours=-4)))),
    ("docs/articles/2024/plain-post.md", "description", "Regulators published the final text on Friday."),
    ("docs/articles/2024/plain-post.md", "categories", ("Industry", "Policy")),  # open-data, AI Act via the map
    ("docs/articles/2024/plain-post.md", "redirect_from", ("old/plain-post/", "2024/03/01/plain-post/")),
    ("docs/articles/2024/plain-post.md", "updated", dt.datetime(2024, 3, 4, tzinfo=dt.timezone.utc)),
    ("docs/articles/2024/toml-post.md", "date", dt.datetime(2024, 3, 5, 12, tzinfo=dt.timezone.utc)),
    ("docs/articles/2024/toml-post.md", "authors", ("ana-lima", "dana-scully")),
    ("docs/articles/2024/toml-post.md", "categories", ("Models",)),
    ("docs/articles/2024/crlf-post.md", "title", "Windows line endings"),
    ("docs/articles/2024/crlf-post.md", "date", dt.datetime(2024, 3, 10, 9, tzinfo=dt.timezone.utc)),
    ("docs/articles/2024/crlf-post.md", "authors", ("bo-chen",)),
    ("docs/articles/2024/json-post.md", "categories", ("Industry",)),
    ("docs/articles/2024/json-post.md", "authors", ("staff",)),
    ("docs/articles/2024/bundle-post.md", "image", "articles/2024/bundle-post/cover.png"),
    ("docs/articles/2024/bundle-post.md", "image_alt", "A red square"),
    ("docs/articles/2024/bundle-post.md", "tags", ("Research",)),
    ("docs/articles/2024/bundle-post.md", "categories", ("Models",)),
    ("docs/articles/2023/older-post.md", "description",
     "An older post with no description, so the first paragraph is used. It is long enough to count."),
    ("docs/articles/2024/llama-3-release-2.md", "redirect_from", ()),  # the fixture hub already uses it
])
def test_front_matter_is_mapped_onto_hub_fields(hub, target, field, expected):
    do_import(hub, HUGO)
    assert getattr(article(hub, target), field) == expected


@pytest.mark.parametrize("rel, change", [
    ("content/posts/crlf-post.md", "file: removed the byte-order mark (BOM)"),
    ("content/posts/crlf-post.md", "file: converted CRLF line endings to LF"),
    ("content/posts/crlf-post.md", "front matter: removed 2 blank line(s) before the opening fence"),
    ("content/posts/crlf-post.md", "date: no time zone given; read as UTC"),
    ("content/posts/toml-post.md", "front matter: TOML (+++) converted to YAML"),
    ("content/posts/toml-post.md", "front matter: dropped keys the hub has no field for: summary_level (line 7)"),
    ("content/posts/toml-post.md", "toml-post.md:28: shortcode: 'newsletter-signup' has no equivalent; removed"),
    ("content/posts/toml-post.md", "toml-post.md:31: shortcode: 'gallery' has no equivalent; tags removed"),
    ("content/posts/json-post.md", "front matter: JSON converted to YAML"),
    ("content/posts/json-post.md", "authors: none given; used the default author 'staff'"),
    ("content/posts/2024-03-01-plain-post.md", "plain-post.md:18: ref: '/about/team.md' no imported source file"),
    ("content/posts/2024-03-01-plain-post.md", "front matter: dropped keys the hub has no field for: weight"),
    ("content/posts/llama-3-release.md", "slug: 'llama-3-release' is already used"),
    ("content/posts/llama-3-release.md", "redirect_from: '2024/04/llama-three/' is already used"),
    ("content/posts/2023/older-post.md", "categories: no source term maps to a hub category; used the default"),
    ("content/posts/2023/older-post.md", "description: none given; derived from the first paragraph"),
])
def test_every_change_is_reported(hub, rel, change):
    files = by_source(do_import(hub, HUGO))
    assert any(change in c for c in files[rel]["changes"]), files[rel]["changes"]


def test_shortcodes_become_markdown_and_code_is_left_alone(hub):
    do_import(hub, HUGO)
    body = article(hub, "docs/articles/2024/toml-post.md").body
    for expected in ["![A chip](https://cdn.example.org/chip.jpg)\n\n*The new chip*",
                     "[▶ Launch keynote (video on YouTube)](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
                     "(https://vimeo.com/123456)", "[Post by @ExampleLab on X](https://x.com/ExampleLab/status/1234567890)",
                     '```python\nprint("{{< not-a-shortcode >}}")\n```', "!!! warning\n    Benchmarks were run",
                     "Level 2 summary.", "Some *gallery* text.", "`` {{< youtube id >}} ``"]:
        assert expected in body, expected
    assert "newsletter" not in body and "{{% notice" not in body and "\n\n\n" not in body
    plain = article(hub, "docs/articles/2024/plain-post.md").body
    assert 'fmt.Println("{{< ref \\"toml-post.md\\" >}}")' in plain          # fenced code
    assert "    {{< youtube indented-code >}}" in plain                     # indented code
    assert '`{{< figure src="x.png" >}}`' in plain                          # inline code


def test_refs_become_relative_links_to_the_imported_files(hub):
    do_import(hub, HUGO)
    body = article(hub, "docs/articles/2024/plain-post.md").body
    assert '[the TOML story](toml-post.md "Read it")' in body
    assert "[bundle](bundle-post.md)" in body
    assert "[its chart](bundle-post.md#the-chart-section)" in body
    assert "[An older post](../2023/older-post.md)" in body
    assert "Gone: a page." in body                                          # unresolvable: text kept
    assert '<a href="../toml-post/">the TOML story</a>' in body             # raw HTML: the page URL
    assert "![Site logo](plain-post/site-logo.png)" in body                 # found in static/, copied
    assert (hub / "docs/articles/2024/plain-post/site-logo.png").is_file()


def test_bundle_images_are_copied_and_links_rewritten(hub):
    do_import(hub, HUGO)
    body = article(hub, "docs/articles/2024/bundle-post.md").body
    assert "![The chart](bundle-post/chart.png)" in body and "[chart file](bundle-post/chart.png)" in body
    for name in ("cover.png", "chart.png"):
        assert (hub / "docs/articles/2024/bundle-post" / name).read_bytes() == \
            (HUGO / "content/posts/bundle-post" / name).read_bytes()


def test_jekyll_site(hub):
    report = do_import(hub, JEKYLL)
    files = by_source(report)
    assert report["from"] == "jekyll"
    expected = {"_posts/2023-05-01-first-post.md": "changed", "_posts/2023-06-02-second-post.md": "changed",
                "_posts/2023-07-01-unpublished.md": "skipped", "_drafts/a-draft.md": "skipped",
                "about.md": "skipped", "_config.yml": "skipped", "_layouts/post.html": "skipped",
                "assets/img/pic.png": "imported"}
    assert {k: v["status"] for k, v in files.items()} == expected
    first = article(hub, "docs/articles/2023/first-post.md")
    assert first.date == dt.datetime(2023, 5, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert first.authors == ("jane-doe",) and first.categories == ("Policy",) and first.tags == ("ai",)
    assert first.redirect_from == ("old-first/",)  # 2023/first.html names a file: dropped, with a note
    assert first.description == "The first post of the blog."
    for expected_text in ["[second post](second-post.md)", 'called "First post: hello"',
                          "![A picture](first-post/pic.png)", '```ruby\nputs "{{ liquid }}"\n```',
                          "`Templates look like {{ this }}.`", "(https://www.youtube.com/watch?v=abc123XYZ_-)"]:
        assert expected_text in first.body, expected_text
    assert "editor's note" not in first.body and "{% include" not in first.body
    second = article(hub, "docs/articles/2023/second-post.md")
    assert second.title == "Second post" and second.date == dt.datetime(2023, 6, 2, tzinfo=dt.timezone.utc)
    assert second.authors == ("bo-chen",) and "[first post](first-post.md)" in second.body
    assert any("first-post.md:28: liquid: include 'newsletter' has no equivalent" in c
               for c in files["_posts/2023-05-01-first-post.md"]["changes"])
    authors = (hub / "data/authors.yml").read_text()
    assert authors.startswith((FIXTURES / "site/data/authors.yml").read_text())  # appended, nothing lost
    assert "jane-doe:\n  name: Jane Doe\n" in authors
    assert report["authors_added"] == [{"id": "jane-doe", "name": "Jane Doe"}]


@pytest.mark.parametrize("source", [HUGO, JEKYLL])
def test_a_second_run_changes_nothing(hub, source):
    first = do_import(hub, source)
    before = snapshot(hub)
    second = do_import(hub, source)
    assert snapshot(hub) == before
    assert [f["source"] for f in first["files"]] == [f["source"] for f in second["files"]]
    for a, b in zip(first["files"], second["files"]):
        assert (a["target"], a["changes"], a["reasons"]) == (b["target"], b["changes"], b["reasons"])
        assert b["status"] == ("unchanged" if a["status"] in ("imported", "changed") else a["status"])
    t1, t2 = first["totals"], second["totals"]
    assert t2["unchanged"] == t1["imported"] + t1["changed"] and t2["articles"] == t1["articles"]
    assert (t2["rejected"], t2["skipped"], t2["files"]) == (t1["rejected"], t1["skipped"], t1["files"])


def test_dry_run_writes_nothing_and_reports_the_same(hub):
    before = snapshot(hub)
    dry = do_import(hub, HUGO, dry_run=True)
    assert snapshot(hub) == before
    real = do_import(hub, HUGO)
    assert [(f["status"], f["target"]) for f in dry["files"]] == [(f["status"], f["target"]) for f in real["files"]]
    assert dry["dry_run"] and "Dry run: nothing was written." in as_markdown(dry)


def test_flags_keep_drafts_and_expired_posts(hub):
    files = by_source(do_import(hub, HUGO, keep_drafts=True, include_expired=True))
    assert files["content/posts/draft-post.md"]["status"] == "changed"
    assert article(hub, files["content/posts/draft-post.md"]["target"]).draft is True
    assert files["content/posts/expired-post.md"]["target"] == "docs/articles/2019/expired-post.md"


def test_an_edited_import_is_not_overwritten_without_overwrite(hub):
    do_import(hub, HUGO)
    path = hub / "docs/articles/2024/json-post.md"
    path.write_text(path.read_text().replace("Body of the JSON post.", "Edited by an editor."))
    files = by_source(do_import(hub, HUGO))
    assert files["content/posts/json-post.md"]["status"] == "skipped"
    assert "Edited by an editor." in path.read_text()
    files = by_source(do_import(hub, HUGO, overwrite=True))
    assert files["content/posts/json-post.md"]["status"] == "changed"
    assert "Body of the JSON post." in path.read_text()


def test_imported_hub_builds_strictly_without_link_warnings(hub):
    do_import(hub, HUGO)
    do_import(hub, JEKYLL)
    built = run_build(hub)
    assert built.ok, built.log
    assert "WARNING" not in built.log
    page = built.html("articles/plain-post/index.html").get_text()
    assert "The rulebook lands in" in page
    assert built.exists("articles/2024/bundle-post/chart.png")
    assert built.exists("old/plain-post/index.html")  # redirect_from


@pytest.mark.parametrize("value, expected, note", [
    ("2013-05-01 8:32:24 -0400", dt.datetime(2013, 5, 1, 8, 32, 24, tzinfo=dt.timezone(-dt.timedelta(hours=4))), ""),
    ("2020-03-05T12:00:00Z", dt.datetime(2020, 3, 5, 12, tzinfo=dt.timezone.utc), ""),
    ("2020-03-05T12:00:00", dt.datetime(2020, 3, 5, 12, tzinfo=dt.timezone.utc), "read as UTC"),
    ("2020-03-05", dt.date(2020, 3, 5), ""),
    (dt.date(2020, 3, 5), dt.date(2020, 3, 5), ""),
    (dt.datetime(2020, 3, 5, 1, 2), dt.datetime(2020, 3, 5, 1, 2, tzinfo=dt.timezone.utc), "read as UTC"),
    ("2021-08-24 10:00:00 +05:30", dt.datetime(2021, 8, 24, 10, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))), ""),
    ("May 1, 2013", dt.date(2013, 5, 1), ""),
    ("Wed, 01 May 2013 14:22:08 -0400", dt.datetime(2013, 5, 1, 14, 22, 8,
                                                    tzinfo=dt.timezone(-dt.timedelta(hours=4))), ""),
    ("yesterday", None, "not a date"),
    ("2013-02-30", None, "not a valid date"),
    (True, None, "not a date"),
])
def test_dates_in_every_real_form(value, expected, note):
    got, msg = parse_when(value)
    assert got == expected and note in msg


@pytest.mark.parametrize("raw, meta, change", [
    (b"\xef\xbb\xbf---\ntitle: A\n---\nx", {"title": "A"}, "byte-order mark"),
    (b"---\r\ntitle: A\r\n---\r\nx", {"title": "A"}, "CRLF"),
    (b"\n  \n---\ntitle: A\n---\nx", {"title": "A"}, "removed 2 blank line(s)"),
    (b'+++\ntitle = "A"\n[cover]\nimage = "c.png"\n+++\nx', {"title": "A", "cover": {"image": "c.png"}}, "TOML"),
    (b'{"title": "A"}\nx', {"title": "A"}, "JSON"),
    (b"title: A\ndate: 2024-01-01\n---\nx", {"title": "A", "date": dt.date(2024, 1, 1)}, "missing opening"),
])
def test_front_matter_defects_are_repaired_and_reported(raw, meta, change):
    doc = read_doc("p.md", raw)
    assert not doc.problems and doc.meta == meta and doc.body.strip() == "x"
    assert any(change in c for c in doc.changes), doc.changes


def test_front_matter_locations_survive_repairs():
    doc = read_doc("p.md", b"\n\n+++\ntitle = 'A'\ndate = 2024-01-01\n+++\nbody")
    assert doc.line_of("date") == 5 and doc.body_line == 7
    bad = read_doc("p.md", b"+++\ntitle = 'A'\ndate = = 2\n+++\n")
    assert str(bad.problems[0]).startswith("p.md:3: front matter: invalid TOML")


@pytest.mark.parametrize("args, message", [
    (["/no/such/dir"], "/no/such/dir: no such directory"),
    ([str(HUGO), "--category-map", "/no/map.yml"], "/no/map.yml: cannot be read"),
    ([str(HUGO), "--default-category", "Cooking"], "--default-category Cooking: not a category"),
    ([str(HUGO), "--dest", "docs/elsewhere"], "must be inside"),
    ([str(HUGO), "--config", "nope.yml"], "nope.yml"),
    ([str(HUGO), "--asset-base-url", "http://cdn.example.org"], "must be an absolute https URL"),
])
def test_usage_errors_exit_2_without_a_traceback(hub, args, message):
    proc = subprocess.run([BUZZHUB, "import", *args], cwd=hub, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_cli_writes_both_reports_and_exits_1_when_files_were_rejected(hub, tmp_path):
    proc = subprocess.run([BUZZHUB, "import", str(HUGO), "--dry-run", "--report", str(tmp_path / "r.json")],
                          cwd=hub, capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    data = json.loads((tmp_path / "r.json").read_text())
    assert set(data) >= {"files", "totals"}
    assert set(data["files"][0]) == {"source", "status", "target", "changes", "reasons"}
    assert "| rejected | 2 |" in proc.stdout and "## Rejected (2)" in proc.stdout


def test_hostile_input_is_reported_never_raised(hub, tmp_path):
    src = tmp_path / "junk"
    (src / "content").mkdir(parents=True)
    (src / "hugo.toml").write_text("")
    cases = {"binary.md": b"\x89PNG\x00\x01", "latin1.md": b"---\ntitle: caf\xe9\n---\n", "empty.md": b"",
             "only-fence.md": b"---\n", "list.md": b"---\n- a\n---\n", "deep.md": b"---\ntitle: " + b"[" * 500 + b"\n---\n",
             "unclosed-sc.md": b"---\ntitle: T\ndate: 2024-01-01\n---\n{{< figure src=\"x\" \n{{% notice %}}\n{{< /x >}}",
             "weird-types.md": b"---\ntitle: 5\ndate: 2024-01-01\ntags: {a: 1}\nauthors: [[x]]\nslug: [1]\nimage: {}\n"
                               b"aliases: 7\nexpirydate: soon\n---\nx", "toml.md": b"+++\ntitle = \n+++\n"}
    for name, data in cases.items():
        (src / "content" / name).write_bytes(data)
    report = do_import(hub, src, category_map="")
    assert len(report["files"]) == len(cases)
    for f in report["files"]:
        assert f["status"] in ("imported", "changed", "rejected", "skipped")
        assert f["status"] not in ("rejected", "skipped") or f["reasons"]


def test_category_map_errors_are_usage_errors(hub, tmp_path):
    bad = tmp_path / "map.yml"
    bad.write_text("ai: Cooking\n")
    with pytest.raises(UsageError, match="'ai' maps to 'Cooking'"):
        do_import(hub, HUGO, category_map=str(bad))


BODY_CASES = [  # (snippet in a Hugo post, what the hub file must contain)
    ('[a]({{< ref "other.md" >}})', "[a](other.md)"),
    ('[a]({{< ref "other.md#the-part" >}})', "[a](other.md#the-part)"),
    ('[a]({{< ref "other.md#gone" >}})', "[a](other.md)"),                    # missing anchor dropped
    ('[a]({{< ref "other.md" >}} "Say "hi"")', "[a](other.md \"Say 'hi'\")"),  # nested quotes in the title
    ("[a][d]\n\n[d]: {{< ref \"other.md\" >}}", "[d]: other.md"),
    ("[a][d]\n\n[d]: {{< ref \"nope.md\" >}}", "a\n"),                         # definition and link go
    ('<a href="{{< ref "other.md" >}}#the-part">x</a>', '<a href="../other/#the-part">x</a>'),
    ('<a href="{{< ref "nope.md" >}}">{{< figure src="https://e.org/i.png" alt="i" >}}</a>',
     "![i](https://e.org/i.png)"),
    ('<a name="legacy"></a>Text', '<a id="legacy"></a>Text'),
    ("[broken]((https://example.org/x))", "[broken](https://example.org/x)"),
    ('<a href="(https://example.org/z)" target="_blank">z</a>', '<a href="https://example.org/z" target="_blank">z</a>'),
    ("[broken](to https://example.org/y)", "[broken](https://example.org/y)"),
    ("[no target](just some words)", "no target"),
    ("[missing](missing.png) ![gone](missing.png)", "missing "),
    ("{{< youtube abc >}}", "(https://www.youtube.com/watch?v=abc)"),
    ('{{< tweet 1234 >}}', "[Post on X](https://x.com/i/web/status/1234)"),
    ('{{< gist alice 42 >}}', "[Gist by alice](https://gist.github.com/alice/42)"),
    ('{{< instagram BWNjjyYFxVx >}}', "(https://www.instagram.com/p/BWNjjyYFxVx/)"),
    ("{{< highlight >}}key point{{< /highlight >}}", "<mark>key point</mark>"),
    ('{{< quote-block text="To be." cite="Hamlet" >}}', "> To be.\n>\n> — Hamlet"),
    ('{{< details summary="More" >}}\nHidden *text*.\n{{< /details >}}',
     '<details markdown="1">\n<summary>More</summary>\n\nHidden *text*.\n\n</details>'),
    ('{{< box >}}Boxed.{{< /box >}}', '!!! note ""\n    Boxed.'),
    ('{{< note variant="action" >}}Do it.{{< /note >}}', "!!! tip\n    Do it."),
    ('{{< comment >}}hidden{{< /comment >}}after', "after"),
    ('{{< button href="https://e.org/go" text="Go" >}}', "[Go](https://e.org/go)"),
    ("{{< /orphan >}}x", "x"),
    ("# Post title\n\nFirst.", "First."),                                     # repeated title heading removed
]


@pytest.mark.parametrize("snippet, expected", BODY_CASES)
def test_body_conversions(hub, tmp_path, snippet, expected):
    src = tmp_path / "blog"
    src.mkdir()
    (src / "post.md").write_text(f"---\ntitle: Post title\ndate: 2024-05-01\n---\n\n{snippet}\n")
    (src / "other.md").write_text("---\ntitle: Other\ndate: 2024-05-02\n---\n\n## The part\n\nText.\n")
    job = run_import(Options(source=str(src), config=str(hub / "mkdocs.yml"), now=NOW, dry_run=True))
    post = next(i for i in job.items if i.rel == "post.md")
    assert post.status in ("imported", "changed"), post.reasons
    assert expected in post.body, post.body
    assert "{{<" not in post.body and "{{%" not in post.body  # no template text passes through


@pytest.mark.parametrize("snippet, expected, gone", [
    ('See [the webinar]({{< tmp "events/x.md" >}}) now.', "See the webinar now.", "]("),
    ('<a href="https://e.org/big.png">{{< legacy-img src="2014/x.png" >}}</a>Text', "Text", "<a"),
    ('[{{< legacy-img src="2014/x.png" >}}](https://e.org/big.png)Text', "Text", "]("),
])
def test_links_emptied_by_removed_templates_go(hub, tmp_path, snippet, expected, gone):
    src = tmp_path / "blog"
    src.mkdir()
    (src / "post.md").write_text(f"---\ntitle: T\ndate: 2024-05-01\n---\n\n{snippet}\n")
    job = run_import(Options(source=str(src), config=str(hub / "mkdocs.yml"), now=NOW, dry_run=True))
    body = job.items[0].body
    assert expected in body and gone not in body, body
