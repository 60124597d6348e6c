"""Post-build safety scan of the generated HTML: what could run script on our origin.

Rules (each finding is `site-file:line: rule: detail`):

* event-handler — any `on…=` attribute (onclick, onerror, …) on any element.
* url           — a `javascript:`, `vbscript:` or `data:` URL in a URL attribute (href, src, action,
                  formaction, xlink:href, poster, srcset, …) or a meta refresh; the only data: URLs
                  allowed are raster images (`data:image/png|jpeg|gif|webp|avif`) in img/source.
* style         — `javascript:` or `expression(` inside a style attribute.
* embed         — iframe, frame, frameset, object, embed, applet, portal or base elements.
* script        — a `<script src>` that is not one of ours: Material's bundle
                  (`assets/javascripts/bundle.<hash>.min.js`) or a path listed in `extra_javascript`.
* inline-script — an inline `<script>` other than (a) `type="application/ld+json"` holding valid JSON,
                  (b) Material's `<script id="__config" type="application/json">` holding valid JSON,
                  (c) exactly one of the inline scripts of Material's own templates
                  (material/templates/partials/javascripts/*.html), where only their `{{ … }}` values
                  (paths such as the base URL) may vary and may contain no quotes or angle brackets.

The parser is the standard library's HTMLParser, which like browsers decodes character references in
attribute values and treats script/style content as raw text. `buzzhub/` never imports MkDocs, so the
allowed extra scripts are passed in by the caller.
"""
from __future__ import annotations

import importlib.util
import json
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite",
             "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "archive", "usemap", "icon"}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
RASTER_DATA = re.compile(r"data:image/(?:png|jpe?g|gif|webp|avif)[;,]")
MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js")
JSON_TYPES = {"application/ld+json", "application/json"}
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")   # browsers drop tabs/newlines inside URLs and trim the rest


@dataclass(frozen=True, order=True)
class Finding:
    path: str      # relative to the site directory
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.detail}"


def _scheme_of(value: str) -> str:
    return _URL_NOISE.sub("", value).lower()


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@lru_cache(maxsize=1)
def material_inline_scripts() -> tuple[re.Pattern, ...]:
    """Inline scripts of the installed Material templates as patterns (see the module docstring)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return ()
    folder = Path(list(spec.submodule_search_locations)[0]) / "templates" / "partials" / "javascripts"
    out = []
    for tpl in sorted(folder.glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", tpl.read_text(encoding="utf-8"), re.S):
            parts = re.split(r"\{\{.*?\}\}", body, flags=re.S)
            out.append(re.compile(r"[^\"'<>\\\s]*".join(re.escape(p) for p in parts)))
    return tuple(out)


class _Parser(HTMLParser):
    def __init__(self, rel: str, scripts: set[str], extra: tuple[re.Pattern, ...], site_url: str = ""):
        super().__init__(convert_charrefs=True)
        self.rel, self.scripts, self.extra = rel, scripts, extra
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.base_path = urlsplit(self.site_url).path or "/"
        self.findings: list[Finding] = []
        self._script: tuple[dict, int] | None = None   # attrs and line of the open inline script
        self._chunks: list[str] = []

    def _add(self, rule: str, detail: str, line: int | None = None) -> None:
        self.findings.append(Finding(self.rel, line or self.getpos()[0], rule, detail))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        amap = {}
        for name, value in attrs:
            value = value or ""
            amap.setdefault(name, value)
            if name.startswith("on") and len(name) > 2:
                self._add("event-handler", f"<{tag} {name}=\"{_short(value, 40)}\">")
            elif name in URL_ATTRS:
                self._check_url(tag, name, value)
            elif name in SRCSET_ATTRS:
                for candidate in value.split(","):
                    self._check_url(tag, name, (candidate.split() or [""])[0])
            elif name == "style":
                low = _scheme_of(value)
                if "javascript:" in low or "expression(" in low:
                    self._add("style", f"<{tag} style=\"{_short(value, 40)}\">")
        if tag in EMBEDS:
            self._add("embed", f"<{tag}> {_short(amap.get('src') or amap.get('data') or amap.get('href') or '')}")
        if tag == "meta" and amap.get("http-equiv", "").lower() == "refresh":
            target = re.sub(r"^\s*\d*\s*;?\s*(url\s*=\s*)?", "", amap.get("content", ""), flags=re.I)
            self._check_url(tag, "http-equiv=refresh", target.strip("'\" "))
        if tag == "script":
            if "src" in amap:
                self._check_script_src(amap["src"])
            self._script, self._chunks = (amap, self.getpos()[0]), []

    def handle_data(self, data):
        if self._script is not None:
            self._chunks.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            amap, line = self._script
            self._script = None
            if "src" not in amap:
                self._check_inline("".join(self._chunks), amap, line)

    def _check_url(self, tag, attr, value):
        low = _scheme_of(value)
        if not low.startswith(BAD_SCHEMES):
            return
        if tag in ("img", "source") and attr in ("src", "srcset") and RASTER_DATA.match(low):
            return
        self._add("url", f"<{tag} {attr}=\"{_short(value, 60)}\">")

    def _check_script_src(self, src):
        src = src.strip()
        if self.site_url and src.startswith(self.site_url):   # same site, written absolutely
            src = "/" + src[len(self.site_url):]
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            self._add("script", f"third-party or absolute script {_short(src)}")
            return
        path = parts.path
        if path.startswith(self.base_path):   # e.g. the 404 page links /<site path>/assets/…
            path = "/" + path[len(self.base_path):]
        here = posixpath.dirname("/" + self.rel)
        path = posixpath.normpath(posixpath.join(here, path)).lstrip("/")
        if not (MATERIAL_BUNDLE.fullmatch(path) or path in self.scripts):
            self._add("script", f"script {path} is neither Material's bundle nor listed in extra_javascript")

    def _check_inline(self, body, amap, line):
        kind = amap.get("type", "").strip().lower()
        if kind in JSON_TYPES:
            if kind == "application/json" and amap.get("id") != "__config":
                self._add("inline-script", f"JSON script other than Material's #__config: {_short(body)}", line)
                return
            try:
                json.loads(body)
            except ValueError as err:
                self._add("inline-script", f"{kind} is not valid JSON ({err.msg})", line)
            return
        if kind in ("", "text/javascript", "module") and any(p.fullmatch(body) for p in self.extra):
            return
        self._add("inline-script", f"not one of Material's own inline scripts: {_short(body)}", line)


def scan_html(html: str, rel: str = "page.html", scripts=(), site_url: str = "") -> list[Finding]:
    """Findings for one page; `scripts`: site-root-relative paths of our own extra_javascript;
    `site_url` (mkdocs.yml) lets absolute links to the site itself count as ours."""
    parser = _Parser(rel, {s.lstrip("/") for s in scripts}, material_inline_scripts(), site_url)
    parser.feed(html)
    parser.close()
    if parser._script is not None:  # an unclosed <script> runs to the end of the document in a browser
        parser._check_inline("".join(parser._chunks), *parser._script)
    return parser.findings


def scan_site(site_dir: str | Path, scripts=(), site_url: str = "") -> list[Finding]:
    """Every .html file under site_dir, in path order."""
    site = Path(site_dir)
    out: list[Finding] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        out += scan_html(path.read_text(encoding="utf-8", errors="replace"), rel, scripts, site_url)
    return out


def extra_scripts(extra_javascript) -> list[str]:
    """Paths from mkdocs.yml's extra_javascript (plain strings or {path: …} entries), for scan_site."""
    out = []
    for item in extra_javascript or ():
        path = item.get("path") if isinstance(item, dict) else getattr(item, "path", item)
        if isinstance(path, str) and not urlsplit(path).scheme:
            out.append(path.lstrip("/"))
    return out


def scripts_in(docs_dir: str | Path) -> list[str]:
    """JavaScript files committed under docs/ (reviewed like code), as the site paths they are copied to;
    templates may load these with <script src> even when extra_javascript does not list them."""
    docs = Path(docs_dir)
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.js") if p.is_file())
