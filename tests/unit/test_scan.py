"""The post-build safety scan (buzzhub/scan.py), the sanitizer (buzzhub/sanitize.py), and the secret
and link checkers on small inputs; whole-site runs are in tests/build/test_trust.py."""
from __future__ import annotations

import pytest

from buzzhub import linkcheck, sanitize, scan, secretscan

FLAGGED = {
    '<img src=x onerror=alert(1)>': "event-handler",
    '<img src="x"onerror="alert(1)">': "event-handler",
    '<body onload="x()">': "event-handler",
    '<details open ontoggle=alert(1)>': "event-handler",
    '<a href="javascript:alert(1)">x</a>': "url",
    '<a href=" JaVa&#x09;ScRiPt&colon;alert(1)">x</a>': "url",
    '<a href="vbscript:x">x</a>': "url",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>': "url",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">': "url",
    '<form action="javascript:alert(1)"></form>': "url",
    '<button formaction="javascript:alert(1)">x</button>': "url",
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>': "url",
    '<img srcset="ok.png 1x, javascript:alert(1) 2x">': "url",
    '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">': "url",
    '<div style="background:url(javascript:alert(1))">': "style",
    '<iframe src="https://example.org/"></iframe>': "embed",
    '<object data="x.swf"></object>': "embed",
    '<embed src="x">': "embed",
    '<base href="https://evil.example/">': "embed",
    '<script>alert(1)</script>': "inline-script",
    '<script type="text/javascript">alert(1)</script>': "inline-script",
    '<script>unclosed': "inline-script",
    '<script type="application/ld+json">{"a": </script>': "inline-script",
    '<script type="application/json" id="other">{}</script>': "inline-script",
    '<script src="https://cdn.example/x.js"></script>': "script",
    '<script src="//cdn.example/x.js"></script>': "script",
    '<script src="assets/evil.js"></script>': "script",
    '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>': "script",   # resolves outside
}


@pytest.mark.parametrize("html", sorted(FLAGGED))
def test_each_rule_fires(html):
    assert FLAGGED[html] in {f.rule for f in scan.scan_html(html, "articles/x/index.html")}


ALLOWED = [
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<a href="https://example.org/?q=javascript:">x</a>',       # the word in a query is not a scheme
    '<a href="mailto:desk@example.org">x</a>',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "\\u003c/script\\u003e"}</script>',
    '<script id="__config" type="application/json">{"base": ".."}</script>',
    '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>',
    '<script src="../../assets/buzzhub.js"></script>',
    '<script src="/hub/assets/buzzhub.js"></script>',                 # the 404 page's absolute paths
    '<script src="https://news.example.org/hub/assets/buzzhub.js"></script>',
    '<p>Text about onerror= and javascript: in prose.</p>',
    '<pre><code>&lt;img src=x onerror=alert(1)&gt;</code></pre>',
]


@pytest.mark.parametrize("html", ALLOWED)
def test_safe_markup_is_not_flagged(html):
    assert scan.scan_html(html, "articles/x/index.html", ["assets/buzzhub.js"], "https://news.example.org/hub/") == []


def test_materials_inline_scripts_pass_and_any_change_to_them_is_caught():
    patterns = scan.material_inline_scripts()
    assert len(patterns) >= 4, "Material's partials/javascripts/*.html were not found"
    scope = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
             '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
             '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')
    assert scan.scan_html(f"<script>{scope}</script>") == []
    for bad in (scope + ";alert(1)", scope.replace('"../.."', '"x",alert(1),"'), scope.replace("localStorage", "x")):
        assert [f.rule for f in scan.scan_html(f"<script>{bad}</script>")] == ["inline-script"]


def test_findings_name_file_and_line():
    [f] = scan.scan_html("<p>\n\n<img src=x onerror=alert(1)></p>", "articles/x/index.html")
    assert str(f).startswith("articles/x/index.html:3: event-handler: <img onerror=")


# ---- sanitizer: what Markdown writes survives, what only raw HTML can add does not

def test_sanitize_keeps_markdown_output():
    html = ('<h2 id="reaction">Reaction</h2><div class="admonition note"><p class="admonition-title">N</p></div>'
            '<table><tr><th style="text-align: left;">a</th></tr></table>'
            '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> <a href="../y/">y</a>'
            '<img alt="a" src="i.png" width="20"></p><pre><code class="language-py">&lt;b&gt;</code></pre>')
    out = sanitize.clean(html)
    for keep in ('id="reaction"', 'class="admonition note"', 'style="text-align:left"', 'href="#fn:1"',
                 'href="../y/"', 'src="i.png"', 'class="language-py"', "&lt;b&gt;"):
        assert keep in out, keep


@pytest.mark.parametrize("html", sorted(FLAGGED))
def test_sanitized_html_passes_the_scan(html):
    assert scan.scan_html(sanitize.clean(html), "articles/x/index.html") == []


def test_sanitize_drops_material_ids_and_data_attributes():
    out = sanitize.clean('<div id="__config" data-md-component="search">{}</div><h2 id="ok">x</h2>')
    assert "__config" not in out and "data-md" not in out and 'id="ok"' in out


# ---- secrets

KEYS = {
    "AKIA" + "IOSFODNN7EXAMPLE": "AWS access key id",
    "ghp_" + "a1B2c3D4" * 4 + "e5F6": "GitHub token",
    "github_pat_" + "11ABCDEFG0" + "a1B2c3D4e5" * 6: "GitHub token",
    "xoxb-" + "123456789012-abcdefghij": "Slack token",
    "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc": "Stripe live key",
    "sk-" + "A1b2C3d4" * 6: "OpenAI API key",
    "sk-proj-" + "Ab1_Cd2-" * 6: "OpenAI API key",
    "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q": "Google API key",
    "-----BEGIN " + "RSA PRIVATE KEY-----": "private key",
    "-----BEGIN " + "OPENSSH PRIVATE KEY-----": "private key",
    'api_key = "' + '9f8e7d6c5b4a3f2e1d0c9b8a"': "assigned secret",
    '"client_secret": "' + 'Zx9Qw8Er7Ty6Ui5Op4As3Df2"': "assigned secret",
    # the name's last character right before the sign, in either case; a tab, a quote before it
    "ACCESS_TOKEN='" + "Zx9Qw8Er7Ty6Ui5Op4As3Df2'": "assigned secret",
    "Passwd:\t'" + "Zx9Qw8Er7Ty6Ui5Op4As3Df2'": "assigned secret",
    "<div data-auth-token=\"" + "Zx9Qw8Er7Ty6Ui5Op4As3Df2\">": "assigned secret",
}


@pytest.mark.parametrize("text", sorted(KEYS))
def test_secret_shapes_are_found_and_masked(text):
    [leak] = secretscan.scan_text(f"<p>intro\n{text} trailing</p>", "x.html")
    assert (leak.line, leak.kind) == (2, KEYS[text])
    assert text not in str(leak) and leak.preview.endswith(text.rstrip('"\'>')[-2:])


@pytest.mark.parametrize("text", [
    "the task-force report", 'password: "correct horse battery staple"', 'token: "aaaaaaaaaaaaaaaaaaaa"',
    "AKIAIOSFODNN7EXAMPLEX", "xAKIAIOSFODNN7EXAMPLE", "ask-" + "A1b2C3d4" * 6, "sk-learn and sk-image",
    'title: "9f8e7d6c5b4a3f2e1d0c9b8a"', "-----BEGIN PUBLIC KEY-----", 'tokens="9f8e7d6c5b4a3f2e1d0c9b8a"',
    'keys: "9f8e7d6c5b4a3f2e1d0c9b8a"',
])
def test_prose_and_ids_are_not_secrets(text):
    assert secretscan.scan_text(text) == []


def test_html_escaped_assignment_is_found(tmp_path):
    (tmp_path / "p.html").write_text('<code>api_key = &quot;9f8e7d6c5b4a3f2e1d0c9b8a&quot;</code>')
    assert [x.kind for x in secretscan.scan_dir(tmp_path)] == ["assigned secret"]


def test_repeated_lines_are_scanned_once_and_findings_keep_their_line():
    """Seen skips lines scanned on earlier pages (the theme's chrome), but finds what is new, where it is."""
    chrome = "<header>\n<nav>menu</nav>\n</header>\n"
    key, other = "ghp_" + "A1b2C3d4" * 5, "AKIA" + "IOSFODNN7EXAMPLE"
    first = chrome + f"<p>{key}</p>\n<footer>end</footer>"
    second = chrome + "<p>news</p>\n" + f'<code>token = &quot;9f8e7d6c5b4a{other}&quot;</code>\n<p>{key}</p>'
    seen = secretscan.Seen()
    assert seen.scan(first, "a.html", ".html") == secretscan.scan_content(first, "a.html", ".html")
    found = seen.scan(second, "b.html", ".html")
    # line 5 is new (an escaped assignment); line 6 repeats line 4 of a.html
    assert [(x.path, x.line, x.kind) for x in found] == [("b.html", 5, "assigned secret")]
    assert seen.scan(second, "c.html", ".html") == []


# ---- links

def _site(tmp_path, pages: dict):
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def test_linkcheck_resolves_paths_and_anchors(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<a href="a/">a</a><a href="a/#sec">s</a><a href="a/index.html#top">t</a><a href="#here">h</a>'
                      '<p id="here"></p><a href="https://elsewhere.example/x">e</a><a href="mailto:x@y">m</a>'
                      '<a href="/hub/a/">abs</a><a href="https://news.example.org/hub/a/">own</a>'
                      '<img src="img.png"><a href="a">no slash</a><a href="caf%C3%A9/">pct</a>',
        "a/index.html": '<h2 id="sec">S</h2><a name="top"></a><a href="../">up</a>',
        "img.png": "x", "café/index.html": "ok",
    })
    assert linkcheck.check_site(site, "https://news.example.org/hub/") == []


def test_linkcheck_reports_missing_files_anchors_and_escapes(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<a href="nope/">1</a>\n<a href="a/#missing">2</a>\n<a href="../../etc/">3</a>\n'
                      '<a href="/other-site/">4</a>\n<img src="gone.png">\n<!-- <a href="ignored/"> -->\n'
                      '<script>var s = "<a href=\'ignored/\'>";</script><code>&lt;a href="ignored/"&gt;</code>',
        "a/index.html": '<h2 id="sec">S</h2>',
    })
    got = [(b.line, b.url) for b in linkcheck.check_site(site, "https://news.example.org/hub/")]
    assert got == [(1, "nope/"), (2, "a/#missing"), (3, "../../etc/"), (4, "/other-site/"), (5, "gone.png")]


# ---- checks while the site renders (outputchecks.Checker)

def _render(site, pages: dict, checker):
    """As MkDocs does: the hook names a page, then the page is written, then the next one."""
    for rel, text in pages.items():
        checker.page(rel)
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)


@pytest.mark.parametrize("parallel", [True, False])
def test_checks_during_rendering_find_what_a_whole_site_pass_finds(tmp_path, parallel):
    from buzzhub import outputchecks
    site = tmp_path / "site"
    site.mkdir()
    checker = outputchecks.Checker(str(site), "https://news.example.org/hub/", parallel)
    pages = {f"articles/s{i}/index.html": f'<a href="../s{i + 1}/">next</a><h2 id="s{i}">x</h2>' for i in range(150)}
    pages["articles/s7/index.html"] = '<a href="../s8/#nowhere">bad anchor</a>\n<p>token = "Zq8Vb3Nx7Kp2Lm9Rt4Wy6"</p>'
    _render(site, pages, checker)
    # A feed, named once written (as the hook names each feed): scanned for credentials, not parsed for links.
    (site / "entities" / "x").mkdir(parents=True)
    (site / "entities/x/feed.xml").write_text('<rss>\n<description>password = "Qw3Er5Ty7Ui9Op1As2Df"</description>\n'
                                              '<link>https://news.example.org/hub/nowhere/</link></rss>')
    checker.page("entities/x/feed.xml")
    # Written by no page render: found by the final pass (redirects, 404, assets).
    (site / "404.html").write_text('<a href="articles/s3/">ok</a>\n<a href="gone/">gone</a>')
    (site / "feed.json").write_text('{"api_key": "AKIAABCDEFGHIJKLMNOP"}')
    got = sorted(str(p) for p in checker.finish({}))
    want = sorted(str(p) for p in outputchecks.check_site(str(site), "https://news.example.org/hub/", {}))
    assert got == want
    assert any("s8/#nowhere" in g for g in got) and any("gone/" in g for g in got)
    assert any("articles/s150/" in g for g in got)          # the last page's link is checked too
    assert sum("credential" in g for g in got) == 3
    assert any("entities/x/feed.xml:2: secret" in g for g in got)


def test_an_abandoned_check_worker_stops(tmp_path):
    from buzzhub import outputchecks
    checker = outputchecks.Checker(str(tmp_path), "", True)
    checker.page("a/index.html")
    checker.abandon()                  # returns: the worker saw the pipe close


@pytest.mark.parametrize("site_url", ["https://news.example.org/hub/", ""])
def test_link_targets_shared_between_pages_are_the_targets_of_each_page_alone(site_url):
    """Targets memoises what a link's target depends on; every page must still get its own answer."""
    urls = ["../../x/", "../../../y", "../../../../z", "./z/../w", "..", "../", "../../", "?q#f", "#top", "",
            "/hub/a/", "/elsewhere/", "https://news.example.org/hub/b/#c", "//cdn.example/y", "mailto:x",
            "../b/./../c/index.html#t", "notes/", "../sibling/#s", "../../entities/llama/"]
    html = "".join(f'<a href="{u}">l</a>' for u in urls)
    folders = ["index.html", "about/index.html", "a/b/index.html", "a/c/index.html", "articles/x/index.html",
               "articles/y/index.html", "a/b/c/index.html", "a/b/d/index.html", "articles/x/notes/index.html"]
    shared = linkcheck.Targets(site_url)
    for rel in folders * 2:
        together, alone = linkcheck.parse_page(html), linkcheck.parse_page(html)
        shared.add(rel, together)
        linkcheck.Targets(site_url).add(rel, alone)
        assert together.targets == alone.targets, rel


def test_parsing_with_the_tag_memo_finds_what_parsing_alone_finds(monkeypatch):
    pages = ['<a href="../x/" id="a">x</a>\n<img src="i.png">\n<a name="n" href="#a">n</a>',
             '<a href="../x/" id="a">x</a>\n<meta property="og:url" content="https://e.org/p/">'
             '<link rel="preconnect" href="https://cdn.example">\n<A HREF="../Y/" ID="b">y</A>',
             '<!-- <a href="hidden/"> --><script src="s.js">var a = "<a href=\\"no/\\">";</script>'
             '<a href="../x/" id="a">x</a>']
    monkeypatch.setattr(linkcheck, "_MEMO_MAX", 3)    # the memo is also cleared on the way
    memo = {}
    for html in pages * 3:
        alone, memoised = linkcheck.parse_page(html), linkcheck.parse_page(html, memo)
        assert (memoised.ids, memoised.links) == (alone.ids, alone.links)
        assert len(memo) <= 3


def test_links_in_comments_scripts_styles_and_textareas_are_not_followed():
    page = ('<!-- <a href="c/"> --><SCRIPT src="s.js">"<a href=\'in-script/\'>"</Script >'
            '<style>a[href="st/"]{}</style><textarea><a href="ta/"></textarea>'
            '<a href="kept/">k</a><!-- never closed <a href="after-open-comment/">')
    urls = [u for _, u in linkcheck.parse_page(page).links]
    # An unclosed comment is not a comment (as in the regex this replaced): the link after it counts.
    assert urls == ["s.js", "kept/", "after-open-comment/"]
    assert [u for _, u in linkcheck.parse_page('<script>\n<a href="x/">').links] == ["x/"]   # never closed
