"""Front-matter `entities:` / `entities_exclude:` ids that the registry does not know."""
from __future__ import annotations

from ..problems import Problem

FIELDS = ("entities", "entities_exclude")


def unknown_refs(path: str, doc, registry, line_of) -> list[Problem]:
    """`doc` has the two id lists; `line_of(field)` gives the field's line (called only on a problem)."""
    return [Problem(path, line_of(fld), fld, f"no entity has the id '{eid}' in the registry")
            for fld in FIELDS for eid in getattr(doc, fld) if eid not in registry.by_id]
