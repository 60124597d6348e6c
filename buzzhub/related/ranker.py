"""Related stories: shared rare entities + similar wording + shared taxonomy, decayed by time apart."""
from __future__ import annotations

import datetime as dt

from . import reasons
from .corpus import Corpus, check
from .model import Document, Link, validate

FOLLOW_UP_FACTOR = 1.5   # a newer story must be this many thresholds close to count as the same thread
DECAY_FLOOR = 0.5        # an old story of the same thread is still related; time only reorders


class Ranker:
    def __init__(self, config: dict | None = None):
        self.config = validate(config)

    def rank(self, docs, now: dt.datetime) -> dict[str, list[Link]]:
        docs = list(docs)
        check(docs, now)
        corpus = Corpus(docs)
        return {d.slug: self.links(corpus, i, now) for i, d in enumerate(docs)}

    def links(self, c: Corpus, i: int, now: dt.datetime) -> list[Link]:
        doc = c.docs[i]
        pins = [self._link(c, i, j, self.score(c, i, j)) for j in self._pinned(c, i, now)]
        room = self.config["top"] - len(pins)
        if room <= 0:
            return pins  # the editor's picks all stay, even beyond `top`
        taken = {doc.slug, *doc.excluded, *(p.slug for p in pins)}
        found = self._candidates(c, i, now, taken)
        found.sort(key=lambda sj: (-sj[0], -c.days[sj[1]], c.docs[sj[1]].slug))
        return pins + [self._link(c, i, j, s) for s, j in found[:room]]

    def _weights(self, c: Corpus, i: int) -> tuple[float, float, float]:
        cfg = self.config
        ew = cfg["entity_weight"] if c.ents.vectors[i] else 0.0  # untagged story: let the words speak
        total = ew + cfg["text_weight"] + cfg["taxonomy_weight"]
        return (ew / total, cfg["text_weight"] / total, cfg["taxonomy_weight"] / total) if total else (0, 0, 0)

    def decay(self, days_apart: float) -> float:
        half = 0.5 ** (abs(days_apart) / self.config["half_life_days"])
        return DECAY_FLOOR + (1 - DECAY_FLOOR) * half

    def score(self, c: Corpus, i: int, j: int, ent: float | None = None, text: float | None = None) -> float:
        ew, tw, xw = self._weights(c, i)
        ent = c.ents.cosine(i, j) if ent is None else ent
        text = c.text.cosine(i, j) if text is None else text
        raw = ew * ent + tw * text + xw * c.overlap(i, j)
        return round(raw * self.decay(c.days[j] - c.days[i]), 4)

    def _candidates(self, c: Corpus, i: int, now: dt.datetime, taken: set) -> list[tuple[float, int]]:
        ew, tw, xw = self._weights(c, i)
        ents, text = c.ents.neighbours(i), c.text.neighbours(i)
        threshold, follow_ups = self.config["threshold"], self.config["follow_ups"]
        out = []
        for j in ents.keys() | text.keys():
            e, t = ents.get(j, 0.0), text.get(j, 0.0)
            if ew * e + tw * t + xw < threshold:
                continue  # cannot reach the threshold even with identical taxonomy and no decay
            newer = c.days[j] > c.days[i]
            if (newer and not follow_ups) or not c.visible(j, now) or c.docs[j].slug in taken:
                continue
            s = self.score(c, i, j, e, t)
            if s >= threshold * (FOLLOW_UP_FACTOR if newer else 1):
                out.append((s, j))
        return out

    def _pinned(self, c: Corpus, i: int, now: dt.datetime) -> list[int]:
        doc, out = c.docs[i], []
        for slug in doc.pinned:
            j = c.index.get(slug)
            if j is not None and j != i and j not in out and slug not in doc.excluded and c.visible(j, now):
                out.append(j)
        return out

    def _link(self, c: Corpus, i: int, j: int, score: float) -> Link:
        apart = c.days[j] - c.days[i]
        why = reasons.names(c.ents.shared(i, j), c.names(i, j)) + [reasons.distance(apart)]
        return Link(c.docs[j].slug, score, tuple(why), follow_up=apart > 0)


def rank(docs: list[Document], now: dt.datetime, config: dict | None = None) -> dict[str, list[Link]]:
    return Ranker(config).rank(docs, now)
