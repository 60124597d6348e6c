"""The ranker's narrow interface: what a story must tell it, what it answers, and its settings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    body: str
    date: dt.datetime                      # aware
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    entities: dict = field(default_factory=dict)       # entity id -> salience (0..1)
    entity_names: dict = field(default_factory=dict)   # entity id -> display name
    draft: bool = False
    pinned: tuple[str, ...] = ()           # editor's `related:` slugs, shown first in this order
    excluded: tuple[str, ...] = ()         # editor's `related_exclude:` slugs, never shown


@dataclass(frozen=True)
class Link:
    slug: str
    score: float
    reasons: tuple[str, ...] = ()
    follow_up: bool = False                # a newer story of the same thread


@dataclass(frozen=True)
class Option:
    """One setting; same fields as buzzhub.config.Opt, so the site schema can embed OPTIONS as they are."""
    kind: type | tuple
    default: object
    check: Callable = lambda v: None  # returns a message when invalid
    help: str = ""


def _positive(v):
    return None if v > 0 else "must be greater than 0"


def _nonneg(v):
    return None if v >= 0 else "must be 0 or more"


# Defaults measured on the dev set (bench/eval_related.py). Words carry most of the signal: entity ids
# are too fine ('Claude 3' vs 'Claude 4') and cross threads ('Amazon' in power and in model stories),
# but they add rarity and tell look-alike names apart.
OPTIONS = {
    "top": Option(int, 5, _positive, "links per story"),
    "threshold": Option((int, float), 0.03, _nonneg, "lowest score linked"),
    "entity_weight": Option((int, float), 0.1, _nonneg, "shared rare, salient entities"),
    "text_weight": Option((int, float), 0.87, _nonneg, "TF-IDF cosine of title and body words"),
    "taxonomy_weight": Option((int, float), 0.03, _nonneg, "shared categories and tags"),
    "half_life_days": Option((int, float), 730, _positive, "time apart that halves the time-sensitive part"),
    "follow_ups": Option(bool, True, help="older stories may list newer ones of the same thread"),
    "reciprocal": Option(int, 3, _nonneg, "link only stories that count this one among their N nearest; "
                                            "0 = off"),
    "reciprocal_wide": Option(int, 5, _nonneg, "looser mutual rank that may fill a box after the close links"),
}
DEFAULTS: dict = {key: opt.default for key, opt in OPTIONS.items()}


def validate(config: dict | None) -> dict:
    """Defaults filled in; a ValueError names the first bad key."""
    given = dict(config or {})
    unknown = sorted(set(given) - set(OPTIONS))
    if unknown:
        raise ValueError(f"related.{unknown[0]}: unknown setting")
    out = dict(DEFAULTS)
    for key, value in given.items():
        opt = OPTIONS[key]
        if isinstance(value, bool) and opt.kind is not bool or not isinstance(value, opt.kind):
            raise ValueError(f"related.{key}: wrong type {type(value).__name__}")
        msg = opt.check(value)
        if msg:
            raise ValueError(f"related.{key}: {msg}")
        out[key] = value
    if out["entity_weight"] + out["text_weight"] + out["taxonomy_weight"] <= 0:
        raise ValueError("related: at least one of the weights must be above 0")
    return out
