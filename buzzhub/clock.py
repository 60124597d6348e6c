"""The build's notion of "now", injectable for tests and previews via BUZZHUB_NOW."""
from __future__ import annotations

import datetime as dt
import os

from .problems import Problem


def now() -> dt.datetime:
    raw = os.environ.get("BUZZHUB_NOW", "").strip()
    if raw:
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise SystemExit(str(Problem("BUZZHUB_NOW", 1, "env", f"'{raw}' is not an ISO datetime")))
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)
