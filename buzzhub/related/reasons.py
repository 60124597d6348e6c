"""Reader-facing words for why a story is linked: shared names and how far apart in time."""
from __future__ import annotations

MAX_NAMES = 3
MIN_SALIENCE = 0.2  # a name only mentioned in passing, in either story, is not why they belong together
MINOR_SHARE = 0.25  # a name adding under a quarter of the top name's share is noise to a reader


def distance(days: float) -> str:
    """'same day', '2 days earlier', '3 months later': days > 0 means the linked story is newer."""
    span = abs(days)
    if span < 1:
        return "same day"
    for limit, unit, size in ((14, "day", 1), (60, "week", 7), (365, "month", 30.44)):
        if span < limit:
            break
    else:
        unit, size = "year", 365.25
    n = max(1, round(span / size))
    if unit == "month" and n == 12:
        unit, n = "year", 1
    return f"{n} {unit}{'s' if n > 1 else ''} {'later' if days > 0 else 'earlier'}"


def names(shared: list[tuple[float, str]], entity_names: dict) -> list[str]:
    """Display names of the shared entities that carry the link, strongest first."""
    if not shared:
        return []
    top = shared[0][0]
    out: list[str] = []
    for share, eid in shared:
        name = entity_names.get(eid) or str(eid)
        if share < MINOR_SHARE * top or len(out) == MAX_NAMES:
            break
        if name not in out:
            out.append(name)
    return out
