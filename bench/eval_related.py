"""Related-story quality: our ranker vs. Hugo's default Related Content vs. plain TF-IDF.

usage: .venv/bin/python bench/eval_related.py [--gold FILE] [--entities auto|oracle|gold|own] [--verbose]

Scores exactly as ../shared/eval/evaluate.py does (precision@3 with optional links ignored, recall@5,
hard negatives in the top 3, links given to standalone articles) and prints one Markdown table.
--entities: where our ranker's entities come from. `oracle` = the gold annotations (salience estimated
from mention counts); `gold`/`own` = the project's tagger with the gold set's registry / data/entities;
`auto` = `gold` when the tagger is installed, else `oracle`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "bench")]

from baselines import hugo_related, tfidf_related  # noqa: E402

from buzzhub.loose import load_loose  # noqa: E402
from buzzhub.related import Document, Ranker  # noqa: E402

DEFAULT_GOLD = os.path.join(ROOT, "..", "shared", "devset", "gold.yaml")
if not os.path.exists(DEFAULT_GOLD):
    DEFAULT_GOLD = "/work/shared/devset/gold.yaml"


def load_gold(path: str) -> dict:
    """Both layouts evaluate.py reads: a mapping keyed by slug, or a list of articles."""
    g = yaml.safe_load(open(path, encoding="utf-8"))
    raw = g["articles"]
    raw = [dict(v, slug=k) for k, v in raw.items()] if isinstance(raw, dict) else raw
    root = os.path.dirname(os.path.abspath(path))
    arts = {}
    for a in raw:
        arts[a["slug"]] = {
            "path": os.path.join(root, a["file"]), "related": list(a.get("related") or []),
            "optional": set(a.get("related_optional") or []),
            "not_related": {x["slug"] if isinstance(x, dict) else x for x in a.get("not_related") or []},
            "entities": a.get("entities") or []}
    return {"articles": arts, "registry": g.get("entities") or []}


def _salience(ent: dict, title: str, body: str) -> float:
    """Oracle mode only: a stand-in for the tagger's salience from where and how often a name occurs."""
    forms = ent.get("aliases_in_text") or [ent.get("name", "")]
    count = sum(body.count(f) for f in forms if f)
    lead = body.strip().split("\n\n")[0]
    score = 0.5 * any(f in title for f in forms) + 0.2 * any(f in lead for f in forms) + 0.1 * count
    return round(min(1.0, score), 3)


def oracle_documents(gold: dict) -> list[Document]:
    paths = {os.path.realpath(a["path"]): s for s, a in gold["articles"].items()}
    loose, _ = load_loose(list(paths), need_date=True)
    out = []
    for ld in loose:
        slug = paths[os.path.realpath(ld.path)]
        ents = gold["articles"][slug]["entities"]
        out.append(Document(slug, ld.title, ld.body, ld.date, ld.categories, ld.tags,
                            {e["id"]: _salience(e, ld.title, ld.body) for e in ents},
                            {e["id"]: e["name"] for e in ents}))
    return out


def tagger_documents(gold: dict, which: str) -> list[Document]:
    """The CLI's own path: load_loose, the tagger, front-matter overrides; slugs are the gold set's."""
    from dataclasses import replace

    from buzzhub.commands.related import load_tagger, to_document
    paths = {os.path.realpath(a["path"]): s for s, a in gold["articles"].items()}
    with tempfile.TemporaryDirectory() as tmp:
        registry = None
        if which == "gold":
            registry = os.path.join(tmp, "registry.yml")
            with open(registry, "w", encoding="utf-8") as fh:
                yaml.safe_dump(project_registry(gold["registry"]), fh, allow_unicode=True, sort_keys=False)
        tagger, problems = load_tagger(registry)
    loose, more = load_loose(list(paths), need_date=True)
    for p in problems + more:
        print(p, file=sys.stderr)
    return [replace(to_document(ld, tagger), slug=paths[os.path.realpath(ld.path)]) for ld in loose]


def project_registry(registry: list) -> list:
    """The gold registry in the project's schema (as evaluate.py converts it)."""
    out = []
    for e in registry:
        t = {"gov_body": "government", "org": "organization", "other": "organization"}.get(e["type"], e["type"])
        amb = list(e.get("ambiguous_aliases") or e.get("context_dependent_aliases") or [])
        item = {"id": e["id"], "name": e["name"], "type": t,
                "aliases": [x for x in sorted(set(e.get("aliases") or []) | {e["name"]}) if x not in amb],
                "ambiguous_aliases": amb}
        item.update({k: e[k] for k in ("parent", "wikidata") if e.get(k)})
        item["description"] = e.get("note") or e["name"]
        out.append(item)
    return out


def score(gold: dict, related: dict, k: int = 3) -> dict:
    """The same arithmetic as evaluate.py's score_related."""
    p_num = p_den = r_num = r_den = noise = 0
    neg = []
    for slug, links in related.items():
        a = gold["articles"].get(slug)
        if a is None:
            continue
        top = [x for x in links[:k] if x not in a["optional"]]
        p_num += sum(1 for x in top if x in a["related"])
        p_den += len(top)
        noise += 0 if a["related"] else len(top)
        r_num += len(set(links[:5]) & set(a["related"]))
        r_den += len(a["related"])
        neg += [f"{slug} -> {x}" for x in links[:k] if x in a["not_related"]]
    return {"p": p_num / p_den if p_den else 0.0, "r": r_num / r_den if r_den else 0.0,
            "neg": neg, "noise": noise, "links": sum(len(v) for v in related.values())}


def ours(docs: list[Document], now: dt.datetime) -> dict[str, list[str]]:
    return {s: [link.slug for link in links] for s, links in Ranker().rank(docs, now).items()}


def misses(gold: dict, related: dict) -> list[str]:
    out = []
    for slug, links in sorted(related.items()):
        want = gold["articles"][slug]["related"]
        wrong = [x for x in links[:3] if x not in want]
        lost = [x for x in want if x not in links[:5]]
        if wrong or lost:
            out.append(f"  {slug}: extra in top 3 {wrong}; missing from top 5 {lost}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=DEFAULT_GOLD)
    ap.add_argument("--entities", choices=["auto", "oracle", "gold", "own"], default="auto")
    ap.add_argument("--verbose", action="store_true", help="list wrong and missing links per article")
    args = ap.parse_args(argv)
    if not os.path.exists(args.gold):
        print(f"skipped: no gold file at {args.gold}")
        return 0
    gold = load_gold(args.gold)
    source = args.entities
    if source == "auto":
        try:
            import buzzhub.entities  # noqa: F401
            source = "gold"
        except ImportError:
            source = "oracle"
    docs = oracle_documents(gold) if source == "oracle" else tagger_documents(gold, source)
    now = max(d.date for d in docs)  # every story is published: "now" excludes nothing
    label = {"oracle": "gold annotations", "gold": "tagger + dev-set registry", "own": "tagger + data/entities"}
    runs = [(f"buzzhub ranker ({label[source]})", ours(docs, now)),
            ("Hugo Related Content (default config)", hugo_related(docs)),
            ("TF-IDF cosine, top 5, no threshold", tfidf_related(docs))]
    print(f"{len(docs)} articles from {args.gold}\n")
    print("| ranker | P@3 | R@5 | hard negatives in top 3 | links on standalone | links |")
    print("|---|---|---|---|---|---|")
    for name, related in runs:
        s = score(gold, related)
        print(f"| {name} | {s['p']:.3f} | {s['r']:.3f} | {len(s['neg'])} | {s['noise']} | {s['links']} |")
    if args.verbose:
        for name, related in runs:
            print(f"\n{name}: {', '.join(score(gold, related)['neg']) or 'no hard negatives'}")
            print("\n".join(misses(gold, related)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
