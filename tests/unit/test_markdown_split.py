"""hooks/buzzhub_markdown.py: a forked child converts a share of the stories spread among them; the parent takes
its HTML only for pages whose Markdown it would convert to the same string, and logs the child's warnings."""
from __future__ import annotations

import logging
import os
import sys
import time

import pytest

from buzzhub import background
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import buzzhub_markdown  # noqa: E402

pytestmark = pytest.mark.skipif(not background.can_fork(), reason="needs fork and a second core")


class _File:
    def __init__(self, src):
        self.src_uri = src


class _Page:
    def __init__(self, src, sources):
        self.file, self.sources, self.markdown = _File(src), sources, None

    def read_source(self, config):
        self.markdown = self.sources[self.file.src_uri]

    def render(self, config, files):
        if "BROKEN" in self.markdown:
            logging.getLogger("mkdocs.structure.pages").warning("%s: a broken link", self.file.src_uri)
        self.content = f"<p>{self.markdown}</p><!-- pid {os.getpid()} -->"
        self.toc, self._title_from_render, self.present_anchor_ids = ["toc"], None, {"a"}


class _Plugins:
    def on_page_markdown(self, markdown, page, config, files):
        return markdown.upper()


class _Config:
    markdown_extensions, mdx_configs, plugins = [], {}, _Plugins()


def _build(sources, change=None, kind=None, after=None):
    """What MkDocs does per page, in order: read, the on_page_markdown chain, render (then after(page))."""
    pages = [(kind or _Page)(src, sources) for src in sources]
    split = buzzhub_markdown.Split()
    split.start(pages, _Config(), None, clean=lambda html: html.replace("<p>", "<p class=clean>"))
    if change:
        sources.update(change)    # the parent's Markdown differs from what the child converted
    for page in pages:
        page.read_source(_Config())
        page.markdown = _Config.plugins.on_page_markdown(page.markdown, page, _Config(), None)
        page.render(_Config(), None)
        if after is not None:
            after(page)
    split.close()
    return pages, split


def test_the_childs_share_is_spread_among_the_parents_pages():
    sources = {f"s{i}.md": f"story {i}" for i in range(10)}
    pages, _ = _build(sources)
    by_child = [f"pid {os.getpid()}" not in p.content for p in pages]
    assert by_child == [False, True] * 5
    assert [p.content.split("<!--")[0] for p in pages] == [f"<p>STORY {i}</p>" for i in range(10)]
    assert all(p.toc == ["toc"] and p.present_anchor_ids == {"a"} for p in pages)
    assert all("render" not in p.__dict__ for p in pages)    # the class's render again


def test_a_page_whose_markdown_changed_is_converted_by_the_parent():
    sources = {f"s{i}.md": f"story {i}" for i in range(4)}
    pages, _ = _build(sources, change={"s3.md": "edited"})
    assert "STORY 1" in pages[1].content and f"pid {os.getpid()}" not in pages[1].content
    assert pages[3].content.startswith("<p>EDITED</p>") and f"pid {os.getpid()}" in pages[3].content


def test_the_childs_warnings_are_logged_once_when_the_parent_reaches_the_page(caplog):
    sources = {"a.md": "fine", "b.md": "broken one", "c.md": "fine too", "d.md": "broken two"}
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        _build(sources)
    assert [r.getMessage() for r in caplog.records] == ["b.md: a broken link", "d.md: a broken link"]


def test_sanitised_html_is_reused_only_while_it_is_the_childs_html():
    sources = {f"s{i}.md": f"story {i}" for i in range(2)}
    pages = [_Page(src, sources) for src in sources]
    split = buzzhub_markdown.Split()
    split.start(pages, _Config(), None, clean=lambda html: "CLEAN " + html)
    for page in pages:
        page.read_source(_Config())
        page.markdown = page.markdown.upper()
        page.render(_Config(), None)
    assert split.cleaned(pages[1], pages[1].content).startswith("CLEAN <p>STORY 1")
    assert split.cleaned(pages[1], pages[1].content) is None          # handed out once
    assert split.cleaned(pages[0], pages[0].content) is None          # the parent converted it
    split.close()


class _SlowPage(_Page):
    def render(self, config, files):
        time.sleep(30)      # three of these in the child: 90 s, were it waited for


def test_closing_stops_a_child_that_is_still_converting():
    """A build that fails half-way reports at once instead of waiting for the child's pages."""
    sources = {f"s{i}.md": f"story {i}" for i in range(6)}
    pages = [_SlowPage(src, sources) for src in sources]
    split = buzzhub_markdown.Split()
    split.start(pages, _Config(), None)
    pid, path = split._pid, split._path
    t0 = time.monotonic()
    split.close()
    assert time.monotonic() - t0 < 25      # not a speed target: far below one page of the child's
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)        # reaped: nothing left running
    assert not os.path.exists(path)


class _WaitingPage(_Page):
    """The child's last page waits for the parent to have taken the child's first page."""
    marker = ""

    def render(self, config, files):
        super().render(config, files)
        if self.file.src_uri == "s5.md" and os.getpid() != PARENT:
            for _ in range(200):          # at most 10 s: a parent that waits for the child's end never comes
                if os.path.exists(self.marker):
                    break
                time.sleep(0.05)
            self.content += " saw-marker" if os.path.exists(self.marker) else " alone"


PARENT = os.getpid()


def test_the_parent_takes_each_page_while_the_child_still_converts(tmp_path):
    _WaitingPage.marker = str(tmp_path / "taken")

    def after(page):
        if page.file.src_uri == "s1.md":           # the child's first page
            assert f"pid {os.getpid()}" not in page.content
            open(_WaitingPage.marker, "w").close()
    pages, _ = _build({f"s{i}.md": f"story {i}" for i in range(6)}, kind=_WaitingPage, after=after)
    assert pages[5].content.endswith("saw-marker")


class _DyingPage(_Page):
    def render(self, config, files):
        if self.file.src_uri == "s7.md" and os.getpid() != PARENT:
            os._exit(3)                   # the child dies after writing s1, s3 and s5
        super().render(config, files)


def test_a_child_that_dies_half_way_leaves_the_rest_to_the_parent():
    pages, _ = _build({f"s{i}.md": f"story {i}" for i in range(10)}, kind=_DyingPage)
    by_child = [f"pid {os.getpid()}" not in p.content for p in pages]
    assert by_child == [False, True] * 3 + [False] * 4
    assert [p.content.split("<!--")[0] for p in pages] == [f"<p>STORY {i}</p>" for i in range(10)]


class _FailingPage(_WaitingPage):
    def render(self, config, files):
        if self.file.src_uri == "s1.md" and os.getpid() != PARENT:
            raise ValueError("the child cannot convert this one")
        super().render(config, files)


def test_a_page_the_child_cannot_convert_is_converted_by_the_parent_without_waiting(tmp_path):
    _WaitingPage.marker = str(tmp_path / "taken")

    def after(page):
        if page.file.src_uri == "s1.md":           # the child's first page, which it could not convert
            assert page.content.startswith("<p>STORY 1</p>") and f"pid {os.getpid()}" in page.content
            open(_WaitingPage.marker, "w").close()
    pages, _ = _build({f"s{i}.md": f"story {i}" for i in range(6)}, kind=_FailingPage, after=after)
    assert pages[5].content.endswith("saw-marker")  # the parent went on while the child still converted
