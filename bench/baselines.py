"""Two reference rankers to measure ours against, both over buzzhub.related.Document lists.

hugo_related: Hugo's Related Content with its default configuration
    (indices keywords 100, date 10 with the year as keyword, tags 80; threshold 80; includeNewer false).
    Our categories go into `keywords`, as Hugo sites usually feed their section/category terms there.
tfidf_related: plain TF-IDF cosine over title + body (smoothed IDF, L2 norm, no stopwords), top 5, no threshold.
Both return {slug: [slug, ...]} in rank order.
"""
from __future__ import annotations

import math
import re
from collections import Counter

HUGO_INDICES = (("keywords", 100), ("date", 10), ("tags", 80))
HUGO_THRESHOLD = 80


def _hugo_keywords(doc, index: str) -> list[str]:
    if index == "keywords":
        return list(doc.categories)
    if index == "tags":
        return list(doc.tags)
    return [f"{doc.date.year:04d}"]  # Hugo's default date pattern "2006": the year


def _hugo_norm(num: int, lo: int, hi: int) -> int:
    return int(math.floor((num - lo) / (hi - lo) * 100 + 0.5))


def hugo_related(docs, top: int = 5) -> dict[str, list[str]]:
    """Hugo's searchDate: per match, summed weight and match count; avg weight vs threshold/matches."""
    lo = min(0, *(w for _, w in HUGO_INDICES))
    hi = max(0, *(w for _, w in HUGO_INDICES))
    index = {name: {} for name, _ in HUGO_INDICES}
    for d in docs:
        for name, _ in HUGO_INDICES:
            for kw in _hugo_keywords(d, name):
                index[name].setdefault(kw, []).append(d)
    out = {}
    for d in docs:
        ranks: dict[str, list] = {}
        for name, weight in HUGO_INDICES:
            for kw in _hugo_keywords(d, name):
                for other in index[name].get(kw, []):
                    if other.date > d.date:  # includeNewer: false
                        continue
                    r = ranks.setdefault(other.slug, [other, 0, 0])
                    r[1] += weight
                    r[2] += 1
        kept = [r for r in ranks.values()
                if r[0].slug != d.slug and _hugo_norm(r[1] // r[2], lo, hi) >= HUGO_THRESHOLD // r[2]]
        kept.sort(key=lambda r: (-r[1], -r[0].date.timestamp(), r[0].slug))
        out[d.slug] = [r[0].slug for r in kept[:top]]
    return out


def _plain_terms(doc) -> Counter:
    return Counter(re.findall(r"(?u)\b\w\w+\b", f"{doc.title}\n{doc.body}".lower()))


def tfidf_related(docs, top: int = 5) -> dict[str, list[str]]:
    bags = [_plain_terms(d) for d in docs]
    n = len(docs)
    df = Counter(t for bag in bags for t in bag)
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    vecs = []
    for bag in bags:
        v = {t: c * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    out = {}
    for i, d in enumerate(docs):
        sims = []
        for j, o in enumerate(docs):
            if j != i:
                a, b = (vecs[i], vecs[j]) if len(vecs[i]) < len(vecs[j]) else (vecs[j], vecs[i])
                sims.append((-round(sum(x * b.get(t, 0.0) for t, x in a.items()), 6), o.slug))
        out[d.slug] = [slug for _, slug in sorted(sims)[:top]]
    return out
