"""Markdown conversion of bench stories with and without buzzhub/markdown_gate.py, alternating in one run,
and a check that both give the same HTML.

    .venv/bin/python bench/markdown_gate.py [N] [ROUNDS]   (defaults 1500, 3)

Each story gets a new Markdown instance with MkDocs' extension list and the hub's, as Page.render does.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from buzzhub.markdown_gate import InlineGate  # noqa: E402
from corpus import articles  # noqa: E402

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "footnotes", "md_in_html"]


def convert(bodies: list[str], gate: bool) -> list[str]:
    exts = EXTENSIONS + ([InlineGate()] if gate else [])
    return [markdown.Markdown(extensions=exts, extension_configs={"toc": {"permalink": False}}).convert(b)
            for b in bodies]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    bodies = [text.split("\n---\n", 1)[1] for _, text in articles(ROOT, n)]
    if convert(bodies, True) != convert(bodies, False):
        sys.exit("markdown_gate: the HTML differs with the gate")
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(rounds):
        for gate in (False, True):
            t0 = time.perf_counter()
            convert(bodies, gate)
            times[gate].append(time.perf_counter() - t0)
    plain, gated = statistics.median(times[False]), statistics.median(times[True])
    print(f"{n} stories, median of {rounds}: without the gate {plain:.2f} s, with it {gated:.2f} s "
          f"({gated / plain:.2f}x); same HTML")


if __name__ == "__main__":
    main()
