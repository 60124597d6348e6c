"""A deterministic synthetic news corpus in the hub's own format, for benchmarks.

    write_corpus(root, docs_dir, n) -> list of written paths

Stories are grouped in threads (a few main entities, a few topic words) so that tagging, related
ranking and search all have realistic work to do. Entity names come from the registry
(data/entities/*.yaml: names and safe aliases, never ambiguous ones); authors and categories from
data/authors.yml and mkdocs.yml. The RNG is seeded and nothing iterates a set or dict whose order
depends on hashing, so the same N (and the same registry) gives byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

SEED = 20241104
POOL = 300                # entities drawn from the registry: "a few hundred"
YEARS = (2019, 2025)      # dates spread over these years, inclusive
OFFSETS = ("+00:00", "+01:00", "+02:00", "-05:00", "-08:00", "+05:30", "+09:00")
DRAFT_EVERY = 397         # a few drafts, so benchmarks see them skipped like production does

TOPICS = """chips export-rules data-centres safety copyright lawsuit licensing funding valuation
open-weights benchmarks reasoning agents robotics healthcare drug-discovery elections deepfakes
privacy antitrust energy cloud smartphones search advertising education hiring layoffs
partnership acquisition regulation standards red-teaming watermarking supply-chain""".split()

# Everyday newsroom words; each thread draws a handful so its stories share wording.
WORDS = """accelerator agreement analysts approval architecture assistant audit authority benchmark
billing board budget capacity chatbot chief circuit cluster committee compliance compute consortium
contract court customers dataset deadline deal debate deployment developer disclosure dispute
division earnings engineers enterprise evaluation executive export factory filing fine forecast
framework guidance hardware hearing infrastructure injunction inquiry investors judge lab launch
lawmakers lawyers license margin memo ministry model network outage patent pilot platform policy
precedent pricing prototype quarter regulator release researchers revenue review roadmap rollout
ruling safeguards sanctions scrutiny semiconductor settlement shareholders shortage software
startup subsidy subscription supplier testing tokens training treaty trial upgrade users vendor
venture warning workforce""".split()

VERBS = ("unveils", "expands", "delays", "wins approval for", "faces questions over", "bets on",
         "cuts prices of", "opens", "pauses", "defends", "scales up", "settles dispute over")

TITLES = ("{a} {verb} {topic} push as {b} watches", "{a} and {b} strike {topic} deal",
          "{a} {verb} its {topic} plans", "Regulators look at {a} over {topic}",
          "Why {a}'s {topic} strategy matters for {b}", "{a} {verb} {topic} after {b} talks",
          "Inside {a}'s race with {b} on {topic}", "{a} says {topic} {word} is on track")

SENTENCES = (
    "{a} said on {day} that its {word} for {topic} would reach {n} {word2} by the end of the {span}.",
    "The move puts {a} in direct competition with {b}, which announced a similar {word} in {month}.",
    "Analysts at {org} estimate the {topic} market could be worth ${n} billion within {k} years.",
    "{person}, who leads the {word} team at {a}, told reporters the {word2} was \"the hardest part\".",
    "{b} declined to comment on the {word}, but people familiar with the talks said {c} was involved.",
    "Critics argue the {word} leaves too much to {a}, and that {topic} rules are still unclear.",
    "Shares of {a} rose {k} per cent in {place} after the {word} was made public.",
    "The {word} follows months of pressure from {b} and from {org} over {topic}.",
    "According to a filing seen by this newsroom, {a} spent ${n} million on {word2} last {span}.",
    "{person} of {org} said the real test would be whether {c} follows with its own {word}.",
    "Engineers at {a} have been testing the {word2} with {n} customers since {month}.",
    "It is the {ordinal} {word} of its kind this year, after earlier moves by {b} and {c}.",
    "The {code} project, first reported in {month}, is expected to ship in {place} first.",
    "{a} did not say how the {word} would affect its existing {word2} with {b}.",
    "People briefed on the plan said {person} had pushed for a faster {word2} of {topic} tools.",
    "A spokesperson for {b} said the company \"welcomes scrutiny\" of its {topic} work.",
)

HEADINGS = ("What changes", "The {topic} question", "Why {a} is moving now", "What {b} says",
            "The numbers", "What comes next")

SYLLABLES = "ka lo ri mu ne sa vo te zi ra ul en or an is ter val dor mex qui bel fen gar".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()


def _pseudo(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class _Lexicon:
    """The long tail real news has: people, places and codenames that are not in the registry."""

    def __init__(self, rng: random.Random):
        self.people = [f"{_pseudo(rng, 2)} {_pseudo(rng, 3)}" for _ in range(1500)]
        self.places = [_pseudo(rng, 3) for _ in range(300)]
        self.codes = [f"{_pseudo(rng, 2)}-{rng.randint(2, 99)}" for _ in range(800)]


def entity_pool(root: Path, rng: random.Random) -> list[list[str]]:
    """[[name, safe alias, ...], ...] for POOL registry entities, chosen by the seeded RNG."""
    sys.path.insert(0, str(root))
    from buzzhub.entities.registry import load_registry
    registry, _ = load_registry(root / "data" / "entities")
    everyone = sorted(registry, key=lambda e: e.id)
    chosen = rng.sample(everyone, min(POOL, len(everyone)))
    return [[e.name] + [a for a in e.aliases if a[:1].isupper()] for e in chosen]


def _settings(root: Path) -> tuple[list[str], list[str]]:
    import yaml
    sys.path.insert(0, str(root))
    from buzzhub.config import read_mkdocs_yml
    authors = sorted(yaml.safe_load((root / "data" / "authors.yml").read_text(encoding="utf-8")))
    cats = read_mkdocs_yml(str(root / "mkdocs.yml"))["extra"]["buzzhub"]["categories"]
    return authors, list(cats)


class _Thread:
    def __init__(self, rng, pool, cats):
        self.main = rng.sample(pool, 3)
        self.topic = rng.choice(TOPICS).replace("-", " ")
        self.words = rng.sample(WORDS, 8)
        self.cats = rng.sample(cats, 2)


class _Writer:
    def __init__(self, rng, pool, lex):
        self.rng, self.pool, self.lex = rng, pool, lex

    def _name(self, ent):
        # The first mention uses the canonical name; later ones sometimes an alias, like a reporter.
        return ent[0] if len(ent) == 1 or self.rng.random() < 0.7 else self.rng.choice(ent[1:])

    def slots(self, th, cast):
        r = self.rng
        return {"a": self._name(cast[0]), "b": self._name(cast[1]), "c": self._name(r.choice(cast)),
                "org": self._name(r.choice(self.pool)), "topic": th.topic, "word": r.choice(th.words),
                "word2": r.choice(WORDS), "n": r.randint(2, 900), "k": r.randint(2, 12),
                "day": r.choice(DAYS), "month": r.choice(MONTHS), "span": r.choice(("quarter", "year")),
                "person": r.choice(self.lex.people), "place": r.choice(self.lex.places),
                "code": r.choice(self.lex.codes), "ordinal": r.choice(("second", "third", "fourth")),
                "verb": r.choice(VERBS)}

    def body(self, th, cast, words: int) -> str:
        r, out, count = self.rng, [], 0
        while count < words:
            if out and r.random() < 0.25:
                out.append("## " + r.choice(HEADINGS).format(**self.slots(th, cast)))
            para = " ".join(r.choice(SENTENCES).format(**self.slots(th, cast)) for _ in range(r.randint(3, 6)))
            out.append(para)
            count += len(para.split())
        return "\n\n".join(out) + "\n"


def _date(rng: random.Random, i: int, n: int) -> str:
    """Story i of n lands in its own slice of the years, so a thread's stories are weeks apart."""
    start = dt.datetime(YEARS[0], 1, 1)
    span = (dt.datetime(YEARS[1], 12, 31) - start).total_seconds()
    when = start + dt.timedelta(seconds=int((i + rng.random()) / n * span))
    return when.strftime("%Y-%m-%dT%H:%M:00") + rng.choice(OFFSETS)


def _slugify(text: str) -> str:
    import re
    import unicodedata
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def articles(root: Path, n: int):
    """Yield (relative path, file text) for n articles, deterministically."""
    rng = random.Random(SEED)
    pool = entity_pool(root, rng)
    authors, cats = _settings(root)
    lex = _Lexicon(rng)
    writer = _Writer(rng, pool, lex)
    threads: list[_Thread] = []
    for i in range(n):
        if not threads or rng.random() < 0.18:
            threads.append(_Thread(rng, pool, cats))
        th = threads[-1] if rng.random() < 0.5 else rng.choice(threads[-40:])
        cast = th.main[:] + rng.sample(pool, 2)
        rng.shuffle(cast)
        s = writer.slots(th, cast)
        title = rng.choice(TITLES).format(**s)
        title = title[0].upper() + title[1:]
        desc = rng.choice(SENTENCES).format(**s)
        if len(desc) > 300:  # the validator's description_max
            desc = desc[:299].rsplit(" ", 1)[0] + "…"
        date = _date(rng, i, n)
        slug = f"{_slugify(title)[:70].strip('-')}-{i:05d}"
        meta = {"title": title, "date": date,
                "authors": rng.sample(authors, 1 if rng.random() < 0.8 else 2),
                "categories": th.cats[:1] if rng.random() < 0.6 else th.cats,
                "description": desc, "tags": [th.topic.replace(" ", "-")]}
        body = writer.body(th, cast, rng.randint(300, 900))
        if i % DRAFT_EVERY == DRAFT_EVERY - 1:
            meta["draft"] = True
            body += f"\nUnpublished draft marker zq{i:05d}draft.\n"
        lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()] + ["---", ""]
        yield f"{date[:4]}/{slug}.md", "\n".join(lines) + body


def write_corpus(root: Path | str, articles_dir: Path | str, n: int) -> list[Path]:
    """Write n articles under articles_dir (created; must not hold other articles)."""
    out = []
    for rel, text in articles(Path(root), n):
        path = Path(articles_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        out.append(path)
    return out


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", help="directory to write <year>/<slug>.md files into")
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    print(f"{len(write_corpus(here, args.dest, args.n))} articles in {os.path.abspath(args.dest)}")
