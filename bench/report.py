"""bench/results/latest.json and latest.md from the rows bench/run.py measured."""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path

TARGETS = {"wall_ratio": 1.3, "hub_peak_rss_mb": 1024, "output_bytes_per_article": 25 * 1024,
           "search_first_query_bytes": 500 * 1024, "preview_reload_s": 3.0}


def _kb(v) -> str:
    return "–" if v is None else f"{v / 1024:,.0f} KB"


def _s(v) -> str:
    return "–" if v is None else f"{v:,.1f} s"


def table(rows: list[dict]) -> str:
    lines = ["| articles | hub wall | bare wall | wall ratio | CPU ratio | hub / bare peak RSS | output per article "
             "(hub / bare) | first query (hub) | bare search_index.json | preview reload | related settled | full rebuild |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['n']:,} | {_s(r['hub_wall_s'])} | {_s(r['bare_wall_s'])} | {r['wall_ratio']:.2f}× | "
                     f"{r['cpu_ratio']:.2f}× | {r['hub_peak_rss_mb']:,.0f} / {r['bare_peak_rss_mb']:,.0f} MB | "
                     f"{_kb(r['output_bytes_per_article'])} / {_kb(r['bare_output_bytes_per_article'])} | "
                     f"{_kb(r['search_first_query_bytes'])} | {_kb(r['bare_search_index_bytes'])} | "
                     f"{_s(r['preview_reload_s'])} | {_s(r.get('preview_related_settled_s'))} | "
                     f"{_s(r['full_rebuild_s'])} |")
    return "\n".join(lines)


def rounds(rows: list[dict]) -> str:
    out = []
    for r in rows:
        pairs = zip(r.get("hub_walls_s", []), r.get("bare_walls_s", []))
        out.append(f"- {r['n']:,} rounds (hub / bare): " + ", ".join(f"{h:.1f} / {b:.1f} s ({h / b:.2f}×)" for h, b in pairs))
    return "\n".join(out)


def phases(rows: list[dict]) -> str:
    keys = []
    for r in rows:
        keys += [k for k in r["phases_s"] if k not in keys]
    head = "| phase | " + " | ".join(f"{r['n']:,}" for r in rows) + " |"
    out = [head, "|---" + "|---:" * len(rows) + "|"]
    for k in keys:
        out.append(f"| {k} | " + " | ".join(_s(r["phases_s"].get(k)) for r in rows) + " |")
    out.append("| tagging alone (% of bare wall) | " + " | ".join(
        f"{_s(r['tagging_s'])} ({r['tagging_pct_of_bare']:.0f} %)" for r in rows) + " |")
    out.append("| related alone (% of bare wall) | " + " | ".join(
        f"{_s(r['related_s'])} ({r['related_pct_of_bare']:.0f} %)" for r in rows) + " |")
    out.append("| social cards alone, cold cache | " + " | ".join(_s(r.get("cards_cold_s")) for r in rows) + " |")
    return "\n".join(out)


def breakdown(rows: list[dict]) -> str:
    kinds = ["pages", "feeds", "search", "images", "other"]
    out = ["| output per article | " + " | ".join(f"{r['n']:,}" for r in rows) + " |", "|---" + "|---:" * len(rows) + "|"]
    for k in kinds:
        out.append(f"| {k} | " + " | ".join(_kb(r["output_breakdown"].get(k, 0) / r["n"]) for r in rows) + " |")
    return "\n".join(out)


def verdicts(rows: list[dict]) -> str:
    out = []
    for r in rows:
        bad = [f"{k} {r[k]} > {v}" for k, v in TARGETS.items() if r.get(k) is not None and r[k] > v]
        checked = r["preview"].get("checked", {})
        missing = [k for k, ok in checked.items() if not ok]
        out.append(f"- {r['n']:,}: " + ("all targets met" if not bad else "over target: " + "; ".join(bad))
                   + ("" if not missing else f"; preview change missing from: {', '.join(missing)}"))
    return "\n".join(out)


def write_reports(rows: list[dict], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "python": platform.python_version(),
            "machine": platform.machine(), "targets": TARGETS}
    (out_dir / "latest.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    md = [f"# Benchmark: hub vs bare Material ({meta['when']})", "",
          "Produced by `make bench`; hub and bare builds alternate in one run (ratios are same-run). Walls are "
          "medians over the rounds; the wall ratio is the median of each round's hub/bare ratio (a round builds "
          "both back to back).", "",
          table(rows), "", rounds(rows), "", "## Hub phases (last hub build) and model costs alone", "", phases(rows), "",
          "## Where the output bytes go (hub)", "", breakdown(rows), "",
          "## Targets", "", verdicts(rows), "",
          "Preview: one article's title changed in a `mkdocs serve --dirty` loop; its page, a `latest/` "
          "listing and a related box that links to it must show the new title. *Preview reload*: save to "
          "rebuilt pages. *Related settled*: save to the end of the second rebuild that the preview runs "
          "once related stories are ranked again in the background (buzzhub/live.py). Search indexing in "
          "the preview also runs after the reload, in the background. Tagging, related and cards "
          "\"alone\" are buzzhub's APIs called directly on the same corpus; cards are drawn with an empty "
          "cache there, so the hub builds above copy cached cards.", ""]
    (out_dir / "latest.md").write_text("\n".join(md))
