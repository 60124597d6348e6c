"""News-scale benchmark: the full hub build against a bare Material build of the same articles.

usage: .venv/bin/python bench/run.py [--n N [N ...]] [--repeat R] [--workdir DIR]

For each N (default 1000 5000 10000), in one run and alternating bare/hub so that both see the same
machine load: wall and CPU time and peak RSS of each build (a fresh child per build), output bytes,
the search payload (bare: search_index.json; hub: bytes a first Pagefind query fetches), the hub's
per-phase timings (BUZZHUB_TIMINGS=1), tagging and related alone, and the preview: one article saved
in a `mkdocs serve --dirty` loop, timed, and checked in its page, a listing and a related box.
Writes bench/results/latest.json and latest.md (results only; sites stay in the work directory).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_reports  # noqa: E402
from workdirs import ROOT, breakdown, prepare, tree_bytes  # noqa: E402

PY = sys.executable
MKDOCS = str(Path(PY).with_name("mkdocs"))
NOW = "2026-01-01T00:00:00+00:00"   # every corpus date is before it; drafts stay drafts
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", BUZZHUB_NOW=NOW, PYTHONDONTWRITEBYTECODE="1")

# A fresh Python per measurement: its RUSAGE_CHILDREN covers exactly one build (and what it ran).
_CHILD = """import json, resource, subprocess, sys, time
t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
w = time.perf_counter() - t; r = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": p.returncode, "wall_s": w, "cpu_s": r.ru_utime + r.ru_stime, "peak_rss_mb": r.ru_maxrss / 1024,
           "log": (p.stdout + p.stderr)[-20000:]}, sys.stdout)"""


def measured(cmd: list[str], env: dict) -> dict:
    out = subprocess.run([PY, "-c", _CHILD, *cmd], capture_output=True, text=True, env=env, check=True)
    res = json.loads(out.stdout)
    if res["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{res['log'][-4000:]}")
    return res


TRASH = ".trash"   # in each N's work directory: old sites, deleted when the run is over


def set_aside(path: Path, trash: Path | None = None) -> None:
    """Moves an old site out of the way instead of deleting it now. On a file system without a journal
    (this VM's ext4), creating files within minutes of deleting many others costs ~10x more (ext4 skips
    recently freed inodes one by one: 20,000 files took 5.6 s instead of 0.5 s, 70 s after a delete),
    so a build would pay for the previous one's cleanup. A CI machine starts with no old site at all."""
    if path.exists():
        trash = trash or path.parent / TRASH
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{len(os.listdir(trash))}")


def empty_trash(workdir: Path) -> None:
    for trash in sorted(workdir.glob(f"n*/{TRASH}")):
        shutil.rmtree(trash, ignore_errors=True)


def build(root: Path, site: Path, timings: bool = False) -> dict:
    set_aside(site)   # never time MkDocs cleaning an old site, nor its after-effects (set_aside)
    os.sync()   # nor the disk flushing the last build's writes and deletes (it slowed the next one's reads)
    env = dict(ENV, BUZZHUB_TIMINGS="1") if timings else ENV
    # Both at MkDocs' default verbosity: its INFO lines carry the hub's phases. `-v` logged two DEBUG
    # lines per page (~1.5 s of a 10k build) and was once given to the hub builds only.
    res = measured([MKDOCS, "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)], env)
    res["output_bytes"] = tree_bytes(site)
    m = re.findall(r"phases: (.*)", res.pop("log"))
    res["phases"] = {k: float(v.rstrip("s")) for k, v in (p.split("=") for p in m[-1].split(", "))} if m else {}
    return res


def first_query(site: Path, query: str) -> dict | None:
    """Bytes a first query moves (Pagefind loader, WebAssembly, metadata, index chunks, result fragments)."""
    if not shutil.which("node"):
        return None
    out = subprocess.run(["node", str(ROOT / "bench" / "pagefind_query.mjs"), str(site), query, "{}", "8"],
                         capture_output=True, text=True, check=True, env=dict(os.environ, UI="1"))
    d = json.loads(out.stdout)
    return {"query": query, "hits": d["count"], "bytes": d["bytes"] + d["worker_bytes"], "files": len(d["files"]) + 1}


def _query_word(hub: Path) -> str:
    """What a reader would type: the first word of the oldest story's headline (an entity name)."""
    first = min((hub / "docs" / "articles").rglob("*.md"))
    return re.search(r'^title: "([^" ]+)', first.read_text(encoding="utf-8"), re.M).group(1)


def model_costs(hub: Path) -> dict:
    out = subprocess.run([PY, str(ROOT / "bench" / "model_costs.py"), str(hub)], capture_output=True, text=True,
                         env=ENV, check=True)
    return json.loads(out.stdout)


def _related_pair(site: Path) -> tuple[str, str] | None:
    """(an article slug, the slug of a story whose related box links to it), from a built hub."""
    for page in sorted((site / "articles").glob("*/index.html")):
        box = re.search(r'<aside class="bh-related".*?</aside>', page.read_text(encoding="utf-8"), re.S)
        if box:
            link = re.search(r'href="\.\./([^/"]+)/"', box.group(0))
            if link:
                return link.group(1), page.parent.name
    return None


def preview(hub: Path, built: Path, work: Path) -> dict:
    """Save one article in a serve --dirty loop; time the rebuild and check where the change shows."""
    pair = _related_pair(built)
    if pair is None:
        return {"error": "no related box in the built site"}
    target, linker = pair
    src = next((hub / "docs" / "articles").rglob(f"{target}.md"))
    title = re.search(r'^title: "(.*)"$', src.read_text(encoding="utf-8"), re.M).group(1)
    new = title + " (updated)"
    site = work / "serve-site"
    set_aside(site)
    try:
        out = subprocess.run([PY, str(ROOT / "bench" / "serve_loop.py"), "-f", str(hub / "mkdocs.yml"), "-d", str(site),
                              "--edit", str(src), "--find", f'title: "{title}"', "--replace", f'title: "{new}"'],
                             capture_output=True, text=True, env=ENV, check=True)
    finally:  # the corpus stays as generated, for the next run
        text = src.read_text(encoding="utf-8")
        src.write_text(text.replace(f'title: "{new}"', f'title: "{title}"'), encoding="utf-8")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    import html
    shown = html.escape(new, quote=False)

    def has(rel: str) -> bool:
        p = site / rel
        return p.exists() and shown in p.read_text(encoding="utf-8")
    listing = next((r for r in res["rendered"] if r.startswith("latest/") and has(r)), None)
    res["checked"] = {"article": has(f"articles/{target}/index.html"), "listing": listing is not None,
                      "related_box": has(f"articles/{linker}/index.html")}
    res["rendered_count"] = len(res.pop("rendered"))
    res["rendered_at_reload_count"] = len(res.pop("rendered_at_reload"))
    return res


def run_n(n: int, repeat: int, workdir: Path) -> dict:
    hub, bare = prepare(workdir, n)
    work = workdir / f"n{n}"
    costs = model_costs(hub)   # first: it also fills the hub's card cache (cold cost reported apart)
    runs = {"bare": [], "hub": []}
    for i in range(repeat):   # alternate, and swap who goes first each round
        order = ("bare", "hub") if i % 2 == 0 else ("hub", "bare")
        for kind in order:
            root = bare if kind == "bare" else hub
            runs[kind].append(build(root, work / f"{kind}-site", timings=kind == "hub"))
            print(f"  n={n} {kind}: {runs[kind][-1]['wall_s']:.1f}s", flush=True)
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("wall_s", "cpu_s", "peak_rss_mb", "output_bytes")}
           for k, v in runs.items()}
    hub_site, bare_site = work / "hub-site", work / "bare-site"
    query = first_query(hub_site, _query_word(hub)) if (hub_site / "pagefind").exists() else None
    prev = preview(hub, hub_site, work)
    b, h = med["bare"], med["hub"]
    row = {"n": n, "repeat": repeat,
           "hub_wall_s": round(h["wall_s"], 2), "bare_wall_s": round(b["wall_s"], 2),
           # Each round builds bare and hub back to back: the median of their ratios is steadier than the ratio
           # of medians on a VM whose speed drifts over minutes.
           "wall_ratio": round(statistics.median(hr["wall_s"] / br["wall_s"] for hr, br in zip(runs["hub"], runs["bare"])), 3),
           "hub_walls_s": [round(r["wall_s"], 2) for r in runs["hub"]],
           "bare_walls_s": [round(r["wall_s"], 2) for r in runs["bare"]],
           "hub_cpu_s": round(h["cpu_s"], 2), "bare_cpu_s": round(b["cpu_s"], 2),
           "cpu_ratio": round(h["cpu_s"] / b["cpu_s"], 3),
           "hub_peak_rss_mb": round(h["peak_rss_mb"], 1), "bare_peak_rss_mb": round(b["peak_rss_mb"], 1),
           "rss_ratio": round(h["peak_rss_mb"] / b["peak_rss_mb"], 3),
           "hub_output_bytes": int(h["output_bytes"]), "bare_output_bytes": int(b["output_bytes"]),
           "output_bytes_per_article": round(h["output_bytes"] / n), "output_breakdown": breakdown(hub_site), "bare_output_bytes_per_article": round(b["output_bytes"] / n),
           "bare_search_index_bytes": (bare_site / "search" / "search_index.json").stat().st_size,
           "search_first_query_bytes": query["bytes"] if query else None, "search_first_query": query,
           "phases_s": runs["hub"][-1]["phases"],
           "tagging_s": costs["tagging_s"], "related_s": costs["related_s"], "cards_cold_s": costs["cards_s"],
           "tagging_pct_of_bare": round(100 * costs["tagging_s"] / b["wall_s"], 1),
           "related_pct_of_bare": round(100 * costs["related_s"] / b["wall_s"], 1),
           "model_costs": costs,
           "preview_reload_s": prev.get("rebuild_s"), "preview_related_settled_s": prev.get("related_settled_s"),
           "full_rebuild_s": round(h["wall_s"], 2), "preview": prev}
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--repeat", type=int, default=3, help="builds of each kind per N (medians reported)")
    ap.add_argument("--workdir", default=str(ROOT / ".cache" / "bench"))
    args = ap.parse_args(argv)
    workdir = Path(args.workdir)
    rows = []
    try:
        for n in args.n:
            print(f"n={n}: preparing {workdir}/n{n}", flush=True)
            rows.append(run_n(n, args.repeat, workdir))
            write_reports(rows, ROOT / "bench" / "results")   # after each N: a long run still leaves results
    finally:
        empty_trash(workdir)   # last: nothing is timed after it
    print((ROOT / "bench" / "results" / "latest.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
