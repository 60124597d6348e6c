"""Credentials that must never be published: a scan of the built site for key- and token-shaped text.

Named secretscan (not secrets) so it never shadows the standard library's `secrets` module.
A finding shows only the first and last characters of the match, so the build log does not
republish what it caught.
"""
from __future__ import annotations

import dataclasses
import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .paths import files_under

# (name, pattern). Each starts with literal text, which lets the regex engine skip ahead quickly
# (a leading \b would make it try every position: 10x slower on a large site); word boundaries are
# checked in scan_text instead. Each is specific enough to be rare in prose and minified JavaScript.
PATTERNS = [
    ("AWS access key id", r"(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}(?![0-9A-Za-z])"),
    ("GitHub token", r"(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![0-9A-Za-z_])"),
    ("Slack token", r"xox[abposr]-[A-Za-z0-9-]{10,250}"),
    ("Slack webhook", r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+"),
    ("Stripe live key", r"(?:sk|rk)_live_[A-Za-z0-9]{16,255}(?![0-9A-Za-z])"),
    ("Anthropic API key", r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{40,}"),
    ("OpenAI API key", r"sk-(?:proj-|svcacct-|admin-)[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"
                       r"(?![0-9A-Za-z])|sk-[A-Za-z0-9]{48}(?![0-9A-Za-z])"),
    ("Google API key", r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"),
    ("private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
]
# `api_key = "…"`, `"client_secret": "…"`, `token: '…'`: the quoted value is found first, then the name
# before it; reported only when the value looks random (see MIN_ENTROPY).
# One pattern per sign: with a literal first character the regex engine skips ahead at memchr speed, where
# `[:=]` is tried at every position (4x slower: ~1.5 s of the checks worker at 10,000 stories).
_ASSIGNED_VALUES = [re.compile(sign + r"[ \t]*[\"']([A-Za-z0-9+/=_.~-]{16,200})[\"']") for sign in "=:"]
_ASSIGNED_NAMES = tuple(base.format(sep) for base in ("api{}key", "api{}secret", "secret{}key", "client{}secret",
                                                       "access{}token", "auth{}token", "access{}key", "private{}key")
                        for sep in ("_", "-", "")) + ("password", "passwd", "secret", "token")
_NAME_LAST = frozenset("yYtTnNdD \t\"'")   # what may stand just before the sign: a name's last letter, or space/quote
# Text a pattern cannot match without, for the one whose start is not literal text: the regex engine
# skips ahead to a literal start as fast as a substring test (5-10 us a story page per pattern), but tries
# `(?:sk|rk)` at every position (60 us). Needles for the others cost more than their regexes (measured).
_NEEDLES = {"Stripe live key": ("_live_",)}
_COMPILED = [(name, re.compile(pat), _NEEDLES.get(name)) for name, pat in PATTERNS]
_WORD = re.compile(r"[0-9A-Za-z_]")
MIN_ENTROPY = 3.5        # bits per character: random keys score ~4.5-6, words and ids ~2.5-3.3
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".js", ".mjs", ".css", ".txt", ".svg", ".map", ".md",
                 ".yml", ".yaml", ".csv", ".webmanifest", ".atom", ".rss"}


@dataclass(frozen=True, order=True)
class Leak:
    path: str        # relative to the scanned directory
    line: int
    kind: str
    preview: str     # masked
    value: str = field(default="", repr=False, compare=False)   # to locate it in a source file; never printed

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: secret: looks like a credential ({self.kind}: {self.preview}); never publish keys"


def entropy(s: str) -> float:
    counts = Counter(s)
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())


def _mask(s: str) -> str:
    return s[:4] + "…" + s[-2:] if len(s) > 8 else "…"


def _specific(text: str) -> list[tuple[int, str, str]]:
    found = []
    for name, rx, needles in _COMPILED:
        if needles and not any(n in text for n in needles):
            continue
        for m in rx.finditer(text):
            if m.start() and name != "private key" and _WORD.match(text, m.start() - 1):
                continue             # inside a longer word: "task-…", "mask_live_…"
            found.append((m.start(), name, m.group(0)))
    return found


def _assigned(text: str) -> list[tuple[int, str, str]]:
    found = []
    for m in _values(text):
        value, at = m.group(1), m.start()
        # the name just before `=`/`:`: most values follow `class=`, `id=` and the like, ruled out by one character
        if at == 0 or text[at - 1] not in _NAME_LAST:
            continue
        if not text[max(0, at - 40): at].lower().rstrip(" \t\"'").endswith(_ASSIGNED_NAMES):
            continue
        if entropy(value) < MIN_ENTROPY or not re.search(r"\d", value):
            continue                 # `password: "correct-horse-battery"` is prose, not a credential
        found.append((m.start(1), "assigned secret", value))
    return found


def _values(text: str):
    """Candidate values, by sign (callers sort what they report)."""
    for rx in _ASSIGNED_VALUES:
        yield from rx.finditer(text)


def _leaks(text: str, rel: str, found) -> list[Leak]:
    return [Leak(rel, text.count("\n", 0, pos) + 1, name, _mask(value), value) for pos, name, value in sorted(found)]


def scan_text(text: str, rel: str = "") -> list[Leak]:
    return _leaks(text, rel, _specific(text) + _assigned(text))


def scan_content(text: str, rel: str, suffix: str) -> list[Leak]:
    leaks = scan_text(text, rel)
    if suffix in (".html", ".htm", ".xml", ".svg") and ("&quot;" in text or "&#" in text):
        # `api_key = &quot;…&quot;` in an attribute or feed: look again with the quotes decoded.
        # Entities never contain newlines, so line numbers stay right.
        decoded = html.unescape(text)
        seen = {(x.line, x.value) for x in leaks}
        leaks += [x for x in _leaks(decoded, rel, _assigned(decoded)) if (x.line, x.value) not in seen]
    return leaks


class Seen:
    """Lines scanned on earlier pages (their hashes). Every pattern matches within one line, and the theme's
    header, drawer, footer and widgets repeat on every page: ~55 % of a story page's bytes. A credential on
    a repeated line is reported once, where it was first seen."""

    def __init__(self):
        self._hashes: set[int] = set()

    def scan(self, text: str, rel: str, suffix: str) -> list[Leak]:
        seen, keep, numbers = self._hashes, [], []
        lines = text.split("\n")
        for number, (line, h) in enumerate(zip(lines, map(hash, lines)), 1):
            if h not in seen:
                seen.add(h)
                keep.append(line)
                numbers.append(number)
        return [dataclasses.replace(x, line=numbers[x.line - 1]) for x in scan_content("\n".join(keep), rel, suffix)]


def scan_dir(root: str | Path, skip_re: str = "", done: frozenset = frozenset(), seen: Seen | None = None) -> list[Leak]:
    """Every text file under root (by suffix), in path order, outside top-level folders matching skip_re
    and apart from the relative paths in done (scanned already). Lines in `seen` are not scanned again."""
    root, seen = Path(root), seen or Seen()
    return [leak for path in files_under(root, skip_re=skip_re) if path.suffix.lower() in TEXT_SUFFIXES
            for rel in [path.relative_to(root).as_posix()] if rel not in done
            for leak in seen.scan(path.read_text(encoding="utf-8", errors="replace"), rel, path.suffix)]
