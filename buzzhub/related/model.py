"""The ranker's narrow interface: what a story must tell it, what it answers, and its settings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..config import SCHEMA, Opt, _nonneg, _positive


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


# Defaults measured on the dev set (bench/eval_related.py); buzzhub/config.py should declare the same.
# Words carry most of the signal: entity ids are too fine ('Claude 3' vs 'Claude 4') and cross threads
# ('Amazon' in nuclear-power and in model stories), but they add rarity and disambiguation.
OPTIONS = {
    "top": Opt(int, 5, _positive, "links per story"),
    "threshold": Opt((int, float), 0.03, _nonneg, "lowest score linked"),
    "entity_weight": Opt((int, float), 0.1, _nonneg),
    "text_weight": Opt((int, float), 0.87, _nonneg),
    "taxonomy_weight": Opt((int, float), 0.03, _nonneg),
    "half_life_days": Opt((int, float), 730, _positive, "time apart that halves the time-sensitive part"),
    "follow_ups": Opt(bool, True, help="older stories may list clearly-same-thread newer ones"),
    "reciprocal": Opt(int, 3, _nonneg, "link only stories that count this one among their N nearest; 0 = off"),
}
_OPTS = {**OPTIONS, **{k: v for k, v in SCHEMA["related"].items() if k not in OPTIONS}}
DEFAULTS: dict = {key: opt.default for key, opt in _OPTS.items()}


def validate(config: dict | None) -> dict:
    """Defaults filled in; a ValueError names the first bad key."""
    given = dict(config or {})
    unknown = sorted(set(given) - set(_OPTS))
    if unknown:
        raise ValueError(f"related.{unknown[0]}: unknown setting")
    out = dict(DEFAULTS)
    for key, value in given.items():
        opt = _OPTS[key]
        if isinstance(value, bool) and opt.kind is not bool or not isinstance(value, opt.kind):
            raise ValueError(f"related.{key}: wrong type {type(value).__name__}")
        msg = opt.check(value)
        if msg:
            raise ValueError(f"related.{key}: {msg}")
        out[key] = value
    if out["entity_weight"] + out["text_weight"] + out["taxonomy_weight"] <= 0:
        raise ValueError("related: at least one of the weights must be above 0")
    return out
