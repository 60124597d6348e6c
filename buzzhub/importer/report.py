"""The import report: JSON for tools, Markdown for people. Every source file appears exactly once."""
from __future__ import annotations

import json

from .model import STATUSES, Job


def as_dict(job: Job) -> dict:
    files = [{"source": job.shown(i), "status": i.status, "target": i.target or None,
              "changes": list(i.changes), "reasons": list(i.reasons)} for i in job.items]
    totals = {s: 0 for s in STATUSES}
    for f in files:
        totals[f["status"]] += 1
    totals["files"] = len(files)
    totals["articles"] = sum(1 for i in job.items if i.kind == "article"
                             and i.status in ("imported", "changed", "unchanged"))
    return {"source": job.options.source, "from": job.flavor, "dry_run": job.options.dry_run,
            "files": files, "totals": totals,
            "authors_added": [{"id": k, "name": v} for k, v in sorted(job.new_authors.items())],
            "not_scanned": job.not_scanned}


def write_json(data: dict, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def as_markdown(data: dict) -> str:
    t = data["totals"]
    out = [f"# Import report: {data['source']} ({data['from']})", ""]
    if data["dry_run"]:
        out += ["Dry run: nothing was written.", ""]
    out += ["| outcome | files |", "|---|---:|"] + [f"| {s} | {t[s]} |" for s in STATUSES]
    out += [f"| **total** | **{t['files']}** |", ""]
    if data["authors_added"]:
        verb = "would be added" if data["dry_run"] else "added"
        out += [f"Authors {verb} to the authors file: "
                + ", ".join(f"`{a['id']}` ({a['name']})" for a in data["authors_added"]), ""]
    if data["not_scanned"]:
        out += ["Not scanned (generated or hidden folders): " + ", ".join(f"`{d}`" for d in data["not_scanned"]), ""]
    for status, heading in (("rejected", "Rejected"), ("skipped", "Skipped"), ("changed", "Imported with changes"),
                            ("unchanged", "Already imported (unchanged)"), ("imported", "Imported as is")):
        rows = [f for f in data["files"] if f["status"] == status]
        if rows:
            out += [f"## {heading} ({len(rows)})", ""] + [ln for f in rows for ln in _entry(f)] + [""]
    return "\n".join(out)


def _entry(f: dict) -> list[str]:
    head = f"- `{f['source']}`" + (f" → `{f['target']}`" if f["target"] else "")
    return [head] + [f"  - {_md(r)}" for r in f["reasons"]] + [f"  - {_md(c)}" for c in f["changes"]]


def _md(text: str) -> str:
    """Messages quote template text; keep it from being read as Markdown or HTML."""
    return text.replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_")
