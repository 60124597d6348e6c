"""Tagging and related ranking alone, through buzzhub's own APIs (no MkDocs), for one hub root.

    python bench/model_costs.py HUB_ROOT [--no-cards]  ->  JSON {"loading_s", "registry_s", "tagging_s", "related_s",
                                                   "cards_s", "articles"}

Run in a child process so that nothing is cached in memory from an earlier measurement. Social cards
are drawn into the hub's own card cache (HUB_ROOT/.cache/buzzhub/cards), as a first build would: the
hub builds that follow then copy them, so `cards_s` is the cold cost, reported on its own.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(root: str, cards_too: bool = True) -> dict:
    import tempfile

    from buzzhub import cards, clock, site, templating
    from buzzhub.config import load_settings, read_mkdocs_yml
    from buzzhub.entities.matcher import Tagger
    from buzzhub.entities.registry import load_registry
    from buzzhub.hub import load_hub

    settings, _ = load_settings(read_mkdocs_yml(os.path.join(root, "mkdocs.yml")).get("extra", {}).get("buzzhub"))
    t0 = time.perf_counter()
    hub = load_hub(root, os.path.join(root, "docs"), settings)
    t1 = time.perf_counter()
    registry, _ = load_registry(os.path.join(root, settings["entities_dir"]))
    tagger = Tagger(registry)
    t2 = time.perf_counter()
    now = clock.now()
    articles = site.visible(hub, now, False)
    tagged = site.tag_all(articles, registry, tagger)
    t3 = time.perf_counter()
    site.rank_related(articles, tagged, settings, now)
    t4 = time.perf_counter()
    cfg = read_mkdocs_yml(os.path.join(root, "mkdocs.yml"))
    if cards_too and settings.get("social_cards"):
        from run import set_aside   # not deleted now: see set_aside
        set_aside(Path(root, ".cache", "buzzhub", "cards"), Path(root).parent / ".trash")   # cold, truly
        with tempfile.TemporaryDirectory() as out:
            cards.write_cards(articles, {"name": cfg["site_name"], "description": cfg.get("site_description", "")},
                              out, os.path.join(root, ".cache", "buzzhub", "cards"), templating.fmt_date)
    t5 = time.perf_counter()
    return {"articles": len(articles), "loading_s": round(t1 - t0, 3), "registry_s": round(t2 - t1, 3),
            "tagging_s": round(t3 - t2, 3), "related_s": round(t4 - t3, 3), "cards_s": round(t5 - t4, 3)}


if __name__ == "__main__":
    json.dump(main(sys.argv[1], "--no-cards" not in sys.argv[2:]), sys.stdout)
    sys.stdout.write("\n")
