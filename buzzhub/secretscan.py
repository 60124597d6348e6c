"""Credentials that must never be published: a scan of the built site for key- and token-shaped text.

Named secretscan (not secrets) so it never shadows the standard library's `secrets` module.
A finding shows only the first and last characters of the match, so the build log does not
republish what it caught.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# (name, pattern). Each starts with literal text, which lets the regex engine skip ahead quickly
# (a leading \\b would make it try every position: 10x slower on a large site); word boundaries are
# checked in scan_text instead. Each is specific enough to be rare in prose and minified JavaScript.
PATTERNS = [
    ("AWS access key id", r"(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}(?![0-9A-Za-z])"),
    ("GitHub token", r"(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![0-9A-Za-z_])"),
    ("Slack token", r"xox[abposr]-[A-Za-z0-9-]{10,250}"),
    ("Slack webhook", r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+"),
    ("Stripe live key", r"[rs]k_live_[A-Za-z0-9]{16,255}(?![0-9A-Za-z])"),
    ("Anthropic API key", r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{40,}"),
    ("OpenAI API key", r"sk-(?:proj-|svcacct-|admin-)[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"
                       r"(?![0-9A-Za-z])|sk-[A-Za-z0-9]{48}(?![0-9A-Za-z])"),
    ("Google API key", r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"),
    ("private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
]
# `api_key = "…"`, `"client_secret": "…"`, `token: '…'`: the quoted value is found first, then the name
# before it; reported only when the value looks random (see MIN_ENTROPY).
_ASSIGNED_VALUE = re.compile(r"[:=][ \t]*[\"']([A-Za-z0-9+/=_.~-]{16,200})[\"']")
_ASSIGNED_NAME = re.compile(r"(?i)(?:api[_-]?key|api[_-]?secret|secret[_-]?key|client[_-]?secret|access[_-]?token"
                            r"|auth[_-]?token|access[_-]?key|private[_-]?key|password|passwd|secret|token)"
                            r"[\"']?[ \t]*$")
_COMPILED = [(name, re.compile(pat)) for name, pat in PATTERNS]
_WORD = re.compile(r"[0-9A-Za-z_]")
MIN_ENTROPY).
PATTERNS = [
    ("AWS access key id", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b"),
    ("GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})\b"),
    ("Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,250}"),
    ("Slack webhook", r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+"),
    ("Stripe live key", r"\b[rs]k_live_[A-Za-z0-9]{16,255}\b"),
    ("Anthropic API key", r"\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{40,}"),
    ("OpenAI API key", r"\bsk-(?:proj-|svcacct-|admin-)[A-Za-z0-9_-]{40,}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b"
                       r"|\bsk-[A-Za-z0-9]{48}\b"),
    ("Google API key", r"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"),
    ("private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    # `api_key = "…"`, `"client_secret": "…"`, `token: '…'`
    ("assigned secret", r"(?i:\b(?:api[_-]?key|api[_-]?secret|secret[_-]?key|client[_-]?secret|access[_-]?token"
                        r"|auth[_-]?token|access[_-]?key|private[_-]?key|password|passwd|secret|token)\b[\"']?"
                        r"\s*[:=]\s*[\"'])(?P<value>[A-Za-z0-9+/=_.~-]{16,200})[\"']"),
]
_ALL = re.compile("|".join(f"(?P<p{i}>{pat.replace('(?P<value>', f'(?P<v{i}>')})"
                           for i, (_, pat) in enumerate(PATTERNS)))
MIN_ENTROPY = 3.5        # bits per character: random keys score ~4.5-6, words and ids ~2.5-3.3
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".js", ".mjs", ".css", ".txt", ".svg", ".map", ".md",
                 ".yml", ".yaml", ".csv", ".webmanifest", ".atom", ".rss"}


@dataclass(frozen=True, order=True)
class Leak:
    path: str        # relative to the scanned directory
    line: int
    kind: str
    preview: str     # masked

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: secret: looks like a {self.kind} ({self.preview})"


def entropy(s: str) -> float:
    counts = Counter(s)
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())


def _mask(s: str) -> str:
    return s[:4] + "…" + s[-2:] if len(s) > 8 else "…"


def scan_text(text: str, rel: str = "") -> list[Leak]:
    found: list[tuple[int, str, str]] = []
    for name, rx in _COMPILED:
        for m in rx.finditer(text):
            if m.start() and name != "private key" and _WORD.match(text, m.start() - 1):
                continue             # inside a longer word: "task-…", "mask_live_…"
            found.append((m.start(), name, m.group(0)))
    for m in _ASSIGNED_VALUE.finditer(text):
        value = m.group(1)
        if not _ASSIGNED_NAME.search(text, max(0, m.start() - 40), m.start()):
            continue
        if entropy(value) < MIN_ENTROPY or not re.search(r"\d", value):
            continue                 # `password: "correct-horse-battery"` is prose, not a credential
        found.append((m.start(1), "assigned secret", value))
    return [Leak(rel, text.count("\n", 0, pos) + 1, name, _mask(value)) for pos, name, value in sorted(found)]


def scan_file(path: Path, rel: str) -> list[Leak]:
    text = path.read_text(encoding="utf-8", errors="replace")
    leaks = scan_text(text, rel)
    if path.suffix in (".html", ".htm", ".xml", ".svg") and "&" in text:
        # `api_key = &quot;…&quot;` in a code block: scan the decoded text too (line numbers stay close:
        # entities never contain newlines).
        seen = {(x.line, x.kind) for x in leaks}
        leaks += [x for x in scan_text(html.unescape(text), rel) if (x.line, x.kind) not in seen]
    return leaks


def scan_dir(root: str | Path) -> list[Leak]:
    """Every text file under root (by suffix), in path order."""
    root = Path(root)
    out: list[Leak] = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
            out += scan_file(path, path.relative_to(root).as_posix())
    return out
