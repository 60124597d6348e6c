"""Every real-world date form Hugo and Jekyll accept, read into a date or an aware datetime."""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

LOOSE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$", re.I)
WORDY = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%B %d %Y")


def parse_when(value) -> tuple[dt.date | dt.datetime | None, str]:
    """(value, note): a date, or an aware datetime; a note when something was assumed.

    On failure the value is None and the note says why.
    """
    if isinstance(value, bool) or value is None:
        return None, f"{value!r} is not a date"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc), "no time zone given; read as UTC"
        return value, ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, (int, float)) and 0 < value < 10**11:
        return dt.datetime.fromtimestamp(value, dt.timezone.utc), "a Unix timestamp; read as UTC"
    if isinstance(value, str) and value.strip():
        return _from_text(value.strip())
    return None, f"{value!r} is not a date"


def _from_text(s: str) -> tuple[dt.date | dt.datetime | None, str]:
    m = LOOSE.match(s)
    if m:
        return _from_match(m, s)
    for fmt in WORDY:
        try:
            return dt.datetime.strptime(s, fmt).date(), ""
        except ValueError:
            pass
    try:
        value = parsedate_to_datetime(s)  # RFC 2822, as in RSS exports
    except (TypeError, ValueError, IndexError):
        return None, f"'{s}' is not a date this importer understands (write 2024-11-04 or 2024-11-04T09:30:00+00:00)"
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc), "no time zone given; read as UTC"
    return value, ""


def _from_match(m: re.Match, s: str) -> tuple[dt.date | dt.datetime | None, str]:
    y, mo, d, hh, mm, ss, frac, tz = m.groups()
    try:
        if hh is None:
            if tz:
                return None, f"'{s}' has a time zone but no time"
            return dt.date(int(y), int(mo), int(d)), ""
        micro = int((frac or "0")[:6].ljust(6, "0"))
        naive = dt.datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), micro)
    except ValueError as err:
        return None, f"'{s}' is not a valid date ({err})"
    if not tz:
        return naive.replace(tzinfo=dt.timezone.utc), "no time zone given; read as UTC"
    return naive.replace(tzinfo=_zone(tz)), ""


def _zone(tz: str) -> dt.timezone:
    if tz.upper() in ("Z", "UTC", "GMT"):
        return dt.timezone.utc
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def aware(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def for_yaml(value: dt.date | dt.datetime) -> dt.date | str:
    """Plain dates stay dates; datetimes are written as ISO text with their offset (as `buzzhub new` does)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value
