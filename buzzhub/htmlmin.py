"""Drop the indentation and blank lines that Jinja templates leave in every page.

Material's templates and ours indent for readability; in the output that is ~15 % of each page
(4-5 KB), times every article and listing page. Runs of whitespace that start with a line break
become one line break, which renders identically in HTML. <pre>, <textarea> and <script> contents
are kept byte for byte (whitespace there is meaningful or not ours to judge).
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.S | re.I)
_RUN = re.compile(r"\n\s+")   # starts with a literal newline: ~7x faster than also eating trailing blanks


def squeeze(html: str) -> str:
    parts = _KEEP.split(html)
    # split() with two groups yields [text, kept, tagname, text, kept, tagname, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_RUN.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
