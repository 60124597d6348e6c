"""A Python-Markdown extension that skips inline patterns which cannot match a text.

Python-Markdown tries each of its ~15 inline patterns on every paragraph. Each needs a certain character
to match at all (`[` for links, `*` or `_` for emphasis, `<` for HTML, `&` for entities...), and several
of its regular expressions begin with a look-behind, so the regex engine tries them at every position of
the paragraph. A substring test for that character is far cheaper. When it fails the pattern is not tried:
it could not have matched, so the HTML is the same. Measured on 1,500 bench stories: conversion 2.55 ->
1.7 s, with identical output there and on 700 real-world posts and fixtures.

Only Markdown's own patterns are gated, and only while they are the ones this table was written for (same
name, same regular expression): a pattern another extension adds or replaces is always tried.
"""
from __future__ import annotations

from markdown import inlinepatterns as ip
from markdown.extensions import Extension

# pattern name -> (its regular expression, substrings it cannot match without)
NEEDS = {
    "backtick": (ip.BACKTICK_RE, ("`",)),
    "escape": (ip.ESCAPE_RE, ("\\",)),
    "footnote": (r"\[\^([^\]]*)\]", ("[^",)),   # footnotes.py registers it inline
    "reference": (ip.REFERENCE_RE, ("[",)),
    "link": (ip.LINK_RE, ("[",)),
    "short_reference": (ip.REFERENCE_RE, ("[",)),
    "image_link": (ip.IMAGE_LINK_RE, ("![",)),
    "image_reference": (ip.IMAGE_REFERENCE_RE, ("![",)),
    "short_image_ref": (ip.IMAGE_REFERENCE_RE, ("![",)),
    "autolink": (ip.AUTOLINK_RE, ("<",)),
    "automail": (ip.AUTOMAIL_RE, ("<",)),
    "linebreak": (ip.LINE_BREAK_RE, ("  \n",)),
    "html": (ip.HTML_RE, ("<",)),
    "entity": (ip.ENTITY_RE, ("&",)),
    "em_strong": (r"\*|_", ("*", "_")),
}


class _Gated:
    """A compiled pattern whose finditer() finds nothing at once in a text without any of the needles
    (Python-Markdown's inline processor only calls finditer)."""

    __slots__ = ("regex", "needles")

    def __init__(self, regex, needles: tuple[str, ...]):
        self.regex, self.needles = regex, needles

    def finditer(self, text: str, pos: int = 0):
        for needle in self.needles:
            if needle in text:
                return self.regex.finditer(text, pos)
        return iter(())

    def __getattr__(self, name):
        return getattr(self.regex, name)


class InlineGate(Extension):
    """Add it after every other extension (MkDocs: appended in the hook's on_config)."""

    def extendMarkdown(self, md) -> None:
        for name, (regex, needles) in NEEDS.items():
            if name not in md.inlinePatterns:
                continue
            pattern = md.inlinePatterns[name]
            compiled = getattr(pattern, "compiled_re", None)
            if (isinstance(pattern, ip.InlineProcessor) and getattr(compiled, "pattern", None) == regex
                    and not isinstance(compiled, _Gated)):
                pattern.compiled_re = _Gated(compiled, needles)
