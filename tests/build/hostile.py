"""Building blocks for hostile-input build tests: text strategies and a fixture hub that carries
chosen values in every text field (articles, an author, a category, an entity)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import yaml
from bs4 import BeautifulSoup
from hypothesis import strategies as st

from buzzhub.article import slugify
from buzzhub.config import read_mkdocs_yml
from buzzhub.scan import extra_scripts, scripts_in

# Pieces that have broken real sites: markup, entities, template syntax, CDATA ends, quotes of every
# kind, URL-ish text, bidi controls, combining marks, emoji sequences, non-Latin scripts.
SPICE = ["<", ">", "&", '"', "'", "`", "</script>", "<script>alert(1)</script>", "]]>", "<![CDATA[", "{{ 7*7 }}",
         "{% raw %}", "{#", "</title>", "<!--", "-->", "&amp;", "&lt;b&gt;", "&#x3C;", "javascript:alert(1)",
         "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "' autofocus onfocus='x", "\\", "\\u003c",
         "%3Cscript%3E", "${x}", "?a=1&b=2#c", "\u202eRTL-override\u202c", "\u200f", "שלום", "مرحبا بالعالم",
         "日本語", "é", "e\u0301", "😀", "👩\u200d💻", "🇪🇺", "\u00a0", "Ünïcödé", "ﬁ", "ß", "İ"]


def _norm(s: str) -> str:
    return " ".join(s.split())


# Characters YAML can carry and HTML keeps as text: no C0/C1 controls, no surrogates, no noncharacters.
_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff\ufeff")
_ATOM = st.one_of(st.sampled_from(SPICE), st.text(_CHARS, min_size=1, max_size=12))
# Values as the loaders keep them (single spaces, no outer blanks), so expected == given.
hostile_text = st.lists(_ATOM, min_size=1, max_size=6).map("".join).map(_norm).filter(bool)

PLAIN = "Plain value"
N_VALUES = 16           # how many hostile values one build carries (see place())
SITE_NAME = "Fixture Hub"


def dump_front_matter(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n" + body


def place(root: Path, v: list[str]) -> dict:
    """Write v[0..N_VALUES) into one fixture hub; returns where each value should come out."""
    assert len(v) == N_VALUES
    category = f"Cat {v[13]}"                 # categories need letters for their URL slug
    cfg = root / "mkdocs.yml"
    data = yaml.safe_load(cfg.read_text())
    data["extra"]["buzzhub"]["categories"].append(category)
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    authors = yaml.safe_load((root / "data/authors.yml").read_text())
    authors["hx-author"] = {"name": v[11], "role": "Hostile", "bio": v[12]}
    (root / "data/authors.yml").write_text(yaml.safe_dump(authors, allow_unicode=True, sort_keys=False))
    entity = {"id": "hx_entity", "name": v[14], "type": "company", "description": v[15],
              "aliases": ["Zorblax Quantum"]}
    (root / "data/entities/hostile.yaml").write_text(yaml.safe_dump([entity], allow_unicode=True, sort_keys=False))
    arts = []
    for i in range(3):
        slug = f"hx-{i}"
        meta = {"title": v[i], "date": f"2024-12-0{i + 1}", "authors": ["hx-author"],
                "categories": [category, "Policy"], "description": v[3 + i],
                "tags": [v[9], v[10]] if i == 0 else [v[9]],
                "image": "assets/logo.svg", "image_alt": v[6 + i], "entities": ["hx_entity"],
                "related": [f"hx-{(i + 1) % 3}"]}
        body = ("Zorblax Quantum said on Monday that Zorblax Quantum would publish its findings.\n\n"
                "## Details\n\nThe Pentagon and Meta Platforms were not involved.\n")
        (root / "docs/articles/2024" / f"{slug}.md").write_text(dump_front_matter(meta, body), encoding="utf-8")
        arts.append({"slug": slug, "title": v[i], "description": v[3 + i], "alt": v[6 + i], "tags": meta["tags"]})
    return {"articles": arts, "author": {"id": "hx-author", "name": v[11], "bio": v[12]},
            "category": category, "category_slug": slugify(category), "entity": {"name": v[14], "description": v[15]}}


# ---- reading what came out

def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta_content(page, key):
    tags = page.find_all("meta", attrs={"property": key}) + page.find_all("meta", attrs={"name": key})
    return [t.get("content") for t in tags]


def jsonld_blocks(page) -> list:
    return [json.loads(s.string) for s in page.find_all("script", attrs={"type": "application/ld+json"})]


def shape(page) -> set:
    """Every (tag, attribute) pair on a page: markup that escaped from a value adds a pair."""
    out = set()
    for el in page.find_all(True):
        out.add((el.name, None))
        out.update((el.name, a) for a in el.attrs)
    return out


def share_values(page) -> list[list[str]]:
    """Decoded query values of every share link."""
    return [[v for vals in parse_qs(urlsplit(a["href"]).query, keep_blank_values=True).values() for v in vals]
            for a in page.select(".bh-share a[href]")]


def feed_texts(path: Path) -> dict:
    """Exact texts of an RSS or Atom feed, by XML element (ElementTree: no HTML heuristics)."""
    root = ET.fromstring(path.read_bytes())
    out: dict[str, list] = {}
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if el.text and el.text.strip():
            out.setdefault(tag, []).append(el.text)
        if tag == "category" and "term" in el.attrib:
            out.setdefault("term", []).append(el.attrib["term"])
    return out


def our_scripts(root: Path) -> list[str]:
    """Scripts the scan accepts besides Material's: JS committed under docs/ and extra_javascript."""
    cfg = read_mkdocs_yml(str(root / "mkdocs.yml"))
    return scripts_in(root / cfg.get("docs_dir", "docs")) + extra_scripts(cfg.get("extra_javascript"))
