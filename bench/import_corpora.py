"""`make bench-import`: import the public test corpora into a throwaway hub, build it, and measure.

Reports outcomes per file, import and build times, entity chips and related stories on the built
pages, and broken internal links (MkDocs' link warnings plus a check of every relative href/src in
the built article pages). Results: bench/results/import.json and import.md.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path("/work/shared/corpora")
WORK = ROOT / "bench" / "work" / "import-hub"
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
# digital.gov marked most posts expired on 2025-01-01 (its archive flag); importing them exercises the whole corpus
# --site-url: links to pages of the old sites that are not imported (topics, tutorials) point there
RUNS = [("haystack-blog", ["--site-url", "https://haystack.deepset.ai"]),
        ("digitalgov-news", ["--include-expired", "--site-url", "https://digital.gov"])]
TAG = re.compile(r"<(?:a|img|source|video|audio)\s[^>]*>", re.I)   # real tags: code shows them as &lt;a
ATTR = re.compile(r"""\s(?:href|src|poster)=["']([^"']+)["']""")
IDS = re.compile(r"""\sid=["']([^"']+)["']""")
CHIP = re.compile(r'class="bh-chip bh-chip--')
RELATED = re.compile(r'<aside class="bh-related".*?</aside>', re.S)


def fresh_hub() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "overrides", "data"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, WORK / name)
    shutil.copytree(ROOT / "docs", WORK / "docs", ignore=shutil.ignore_patterns("articles"))
    (WORK / "docs" / "articles").mkdir()


def buzzhub(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.perf_counter()
    proc = subprocess.run([str(BIN / "buzzhub"), "import", *args], cwd=WORK, capture_output=True, text=True)
    return proc, time.perf_counter() - t0


def import_corpus(name: str, flags: list[str]) -> dict:
    src = str(CORPORA / name)
    dry, _ = buzzhub(src, "--dry-run", "--report", str(WORK / f"{name}.default.json"), "--report-md", os.devnull)
    proc, seconds = buzzhub(src, *flags, "--report", str(WORK / f"{name}.json"),
                            "--report-md", str(WORK / f"{name}.md"))
    if proc.returncode not in (0, 1):
        raise SystemExit(f"import of {name} failed ({proc.returncode}):\n{proc.stderr}")
    again, seconds2 = buzzhub(src, *flags, "--report", str(WORK / f"{name}.again.json"), "--report-md", os.devnull)
    first, second = (json.loads((WORK / f"{name}{s}.json").read_text()) for s in ("", ".again"))
    default = json.loads((WORK / f"{name}.default.json").read_text())
    unexplained = [f["source"] for f in first["files"]
                   if f["status"] in ("rejected", "skipped") and not f["reasons"]]
    posts = [f for f in first["files"] if f["source"].endswith((".md", ".markdown"))]
    return {"corpus": name, "flags": flags, "files": first["totals"]["files"], "totals": first["totals"],
            "default_policy_totals": default["totals"], "import_seconds": round(seconds, 2),
            "second_run_seconds": round(seconds2, 2), "second_run_totals": second["totals"],
            "markdown_files": len(posts),
            "markdown_imported": sum(f["status"] in ("imported", "changed", "unchanged") for f in posts),
            "not_imported": {f["source"].split(name + "/", 1)[-1]: f["reasons"] for f in first["files"]
                             if f["status"] in ("rejected", "skipped")},
            "unexplained": unexplained, "authors_added": len(first["authors_added"])}


def build() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "BUZZHUB_NOW"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    t0 = time.perf_counter()
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "-f", str(WORK / "mkdocs.yml"), "-d", str(WORK / "site")],
                          cwd=WORK, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    warnings = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("WARNING")]
    links = [w for w in warnings if re.search(r"link|anchor", w)]
    (WORK / "build.log").write_text(proc.stdout + proc.stderr)
    return {"ok": proc.returncode == 0, "seconds": round(seconds, 1), "warnings": len(warnings),
            "link_warnings": len(links), "link_warning_examples": links[:10]}


def check_pages() -> dict:
    """Every relative href/src on built article pages must exist (with its #anchor for article links)."""
    site = WORK / "site"
    pages = sorted((site / "articles").glob("*/index.html"))
    ids: dict[Path, set] = {}
    out = {"article_pages": len(pages), "pages_with_chips": 0, "entity_chips": 0, "pages_with_related": 0,
           "related_links": 0, "internal_links": 0, "article_links": 0, "broken_article_links": 0,
           "broken_other": 0, "absolute_paths_left": 0, "broken_examples": []}
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        chips = len(CHIP.findall(html))
        related = sum(a.count("<li") for a in RELATED.findall(html))
        out["entity_chips"] += chips
        out["pages_with_chips"] += chips > 0
        out["related_links"] += related
        out["pages_with_related"] += related > 0
        base = "/" + page.relative_to(site).parent.as_posix() + "/"
        for tag in TAG.findall(html):
            for url in ATTR.findall(tag):
                _check(site, page, base, url, out, ids)
    return out


def _check(site: Path, page: Path, base: str, url: str, out: dict, ids: dict) -> None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "data:")):
        return
    if url.startswith("/"):
        out["absolute_paths_left"] += 1  # the old site's root-relative links, left as MkDocs leaves them
        return
    out["internal_links"] += 1
    path = unquote(urlsplit(urljoin(base, url)).path)
    target = site / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    into_article = path.startswith("/articles/") and path.count("/") == 3 and path != base
    out["article_links"] += into_article
    ok = target.is_file()
    if ok and into_article and parts.fragment:
        if target not in ids:
            ids[target] = set(IDS.findall(target.read_text(encoding="utf-8", errors="replace")))
        ok = unquote(parts.fragment) in ids[target]
    if not ok:
        out["broken_article_links" if into_article else "broken_other"] += 1
        if len(out["broken_examples"]) < 15:
            out["broken_examples"].append(f"{page.relative_to(site).parent}: {url}")


def write_results(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    lines = ["# Import benchmark", "", f"Corpora from `{CORPORA}`; hub built with `mkdocs build` (no BUZZHUB_NOW).", ""]
    lines += ["| corpus | flags | files | imported | changed | rejected | skipped | Markdown imported | "
              "import s | 2nd run unchanged |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in result["corpora"]:
        t = c["totals"]
        pct = 100 * c["markdown_imported"] / max(1, c["markdown_files"])
        lines.append(f"| {c['corpus']} | {' '.join(c['flags']) or '-'} | {c['files']} | {t['imported']} | "
                     f"{t['changed']} | {t['rejected']} | {t['skipped']} | {c['markdown_imported']}/"
                     f"{c['markdown_files']} ({pct:.1f}%) | {c['import_seconds']} | "
                     f"{c['second_run_totals']['unchanged']} |")
    lines += [""] + [f"- {c['corpus']} with default options (dry run): " + ", ".join(
        f"{k} {v}" for k, v in c["default_policy_totals"].items()) for c in result["corpora"]]
    lines += ["", "Not imported, with the reason the report gives:", ""]
    for c in result["corpora"]:
        lines += [f"- {c['corpus']}/{src}: {'; '.join(r)[:200]}" for src, r in c["not_imported"].items()]
    b, p = result["build"], result["pages"]
    lines += ["", f"Build: {'ok' if b['ok'] else 'FAILED'} in {b['seconds']} s, {b['warnings']} warnings "
                  f"({b['link_warnings']} about links).", "",
              f"Article pages: {p['article_pages']}; entity chips: {p['entity_chips']} on {p['pages_with_chips']} "
              f"pages; related-story links: {p['related_links']} on {p['pages_with_related']} pages.", "",
              f"Internal links checked: {p['internal_links']} (to other articles: {p['article_links']}); "
              f"broken article links: {p['broken_article_links']}; other broken: {p['broken_other']}; "
              f"root-relative paths of the old sites left as is: {p['absolute_paths_left']}.", ""]
    lines += [f"- {x}" for x in b["link_warning_examples"] + p["broken_examples"]]
    (RESULTS / "import.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    if not CORPORA.is_dir():
        print(f"bench-import: {CORPORA} is not present; nothing to measure")
        return 0
    fresh_hub()
    corpora = [import_corpus(name, flags) for name, flags in RUNS if (CORPORA / name).is_dir()]
    result = {"corpora": corpora, "build": build(), "pages": check_pages()}
    write_results(result)
    print((RESULTS / "import.md").read_text())
    return 0 if result["build"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
