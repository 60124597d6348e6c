"""Raw HTML in article bodies, reduced to a safe subset (`extra.buzzhub.raw_html: sanitize`).

Runs on the HTML that Markdown produced for an article, so it keeps everything our Markdown
extensions emit (headings with ids, tables with alignment, admonitions, footnotes, code blocks)
and drops what only hand-written HTML could add: scripts, event handlers, iframes/objects/forms,
inline styles, `javascript:`/`data:` URLs, and `data-*` attributes that Material's JavaScript reacts to.
The allow-lists are explicit so a reviewer can read what an article may contain.
"""
from __future__ import annotations

import nh3

TAGS = {
    # text and structure (Markdown + md_in_html)
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "kbd", "samp", "var",
    "abbr", "cite", "q", "dfn", "time", "wbr", "bdi", "bdo", "ruby", "rp", "rt",
    "ul", "ol", "li", "dl", "dt", "dd", "details", "summary", "figure", "figcaption", "aside", "section",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img", "picture", "video", "audio", "source", "track",
}

_CELL = {"colspan", "rowspan", "scope", "headers", "align", "style"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "preload", "muted", "loop"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "label", "srclang", "default"},
    "th": _CELL, "td": _CELL,
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "abbr": {"title"}, "details": {"open"},
    "col": {"span"}, "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}   # plus relative URLs; never javascript:, data:, vbscript:
STYLE_PROPERTIES = {"text-align"}                   # what the tables extension writes for :--: columns


def _attribute(tag: str, attr: str, value: str) -> str | None:
    # Material's own elements use ids starting with "__" (#__config holds its settings as JSON, #__search,
    # #__drawer …); an article element with such an id would take their place in getElementById.
    if attr == "id" and value.startswith("__"):
        return None
    return value


# Built once: nh3.clean() converts these allow-lists for every call, ~35 us of its ~40 us on a story.
_CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_attribute, url_schemes=URL_SCHEMES,
                       filter_style_properties=STYLE_PROPERTIES, strip_comments=True, link_rel=None,
                       clean_content_tags={"script", "style"})


def clean(html: str) -> str:
    return _CLEANER.clean(html)
