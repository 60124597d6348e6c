"""The ranker's narrow interface: what a story must tell it, what it answers, and its settings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..config import SCHEMA, Opt, _nonneg


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


# Keys the ranker needs beyond the site's schema (buzzhub/config.py), until the site declares them.
EXTRA = {
    "reciprocal": Opt(int, 3, _nonneg, "link only stories that count this one among their N nearest; 0 = off"),
}
# The site's schema is the single source of defaults and checks for the keys it declares.
_OPTS = {**EXTRA, **SCHEMA["related"]}
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
