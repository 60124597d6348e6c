"""A Python-Markdown extension that skips patterns which cannot match a text: same HTML, half the time.

Python-Markdown tries each of its ~15 inline patterns on every paragraph, and each block processor's
search on every block. Each needs a certain character to match at all (`[` for links, `*` or `_` for
emphasis, `<` for HTML, `>` for a quote, `#` for a heading...), and several of these regular expressions
begin with a look-behind or `(?:^|\n)`, so the regex engine tries them at every position of the text. A
substring test for that character is far cheaper; when it fails the pattern is not tried: it could not have
matched, so the HTML is the same. A paragraph holding no character any inline pattern needs skips the
pattern loop altogether. Measured on 1,500 bench stories with MkDocs' extension list: 2.16 -> 0.96 s; the
same HTML there, on 2,339 real-world posts, fixtures and READMEs, and in tests/unit/test_markdown_gate.py.

Only Markdown's own patterns are gated, and only while they are the ones this table was written for (same
name, same regular expression): a pattern another extension adds or replaces is always tried, and then no
paragraph skips the loop.
"""
from __future__ import annotations

from markdown import inlinepatterns as ip
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor

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
# The same for the block processors' and the fenced-code preprocessor's searches over each block (or the
# whole text): (registry, name, attribute) -> (its regular expression, substrings).
BLOCK_NEEDS = {
    ("parser.blockprocessors", "hashheader", "RE"): (
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)", ("#",)),
    ("parser.blockprocessors", "hr", "SEARCH_RE"): (
        r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$",
        ("-", "_", "*")),
    ("parser.blockprocessors", "quote", "RE"): (r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    ("parser.blockprocessors", "reference", "RE"): (
        r"""^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
        ("]:",)),
    ("parser.blockprocessors", "footnote", "RE"): (r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$", ("[^",)),
    ("parser.blockprocessors", "admonition", "RE"): (
        r'(?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$)', ("!!!",)),
    ("preprocessors", "fenced_code_block", "FENCED_BLOCK_RE"): (FencedBlockPreprocessor.FENCED_BLOCK_RE.pattern,
                                                                ("~~~", "```")),
}


class _Gated:
    """A compiled pattern whose search() and finditer() find nothing at once in a text without any of the
    needles; everything else is the pattern's own."""

    __slots__ = ("regex", "needles")

    def __init__(self, regex, needles: tuple[str, ...]):
        self.regex, self.needles = regex, needles

    def finditer(self, text: str, *args):
        return self.regex.finditer(text, *args) if _holds(text, self.needles) else iter(())

    def search(self, text: str, *args):
        return self.regex.search(text, *args) if _holds(text, self.needles) else None

    def __getattr__(self, name):
        return getattr(self.regex, name)


class InlineGate(Extension):
    """Add it after every other extension (MkDocs: appended in the hook's on_config)."""

    def extendMarkdown(self, md) -> None:
        inline = _by_name(md.inlinePatterns, NEEDS)
        for name, (regex, needles) in NEEDS.items():
            pattern = inline.get(name)
            if isinstance(pattern, ip.InlineProcessor):
                _gate(pattern, "compiled_re", regex, needles)
        _skip_plain_text(md)
        names = {name for _, name, _ in BLOCK_NEEDS}
        registries = {"parser.blockprocessors": _by_name(md.parser.blockprocessors, names),
                      "preprocessors": _by_name(md.preprocessors, names)}
        for (where, name, attribute), (regex, needles) in BLOCK_NEEDS.items():
            owner = registries[where].get(name)
            if owner is not None:
                _gate(owner, attribute, regex, needles)


def _by_name(registry, names) -> dict:
    """name -> item, for at least these names. MkDocs builds a Markdown instance per page: the registry's own
    dict, where it has one, spares ~40 us a page of its public lookups (each sorts and type-checks)."""
    data = vars(registry).get("_data")
    if isinstance(data, dict):
        return data
    return {name: registry[name] for name in names if name in registry}


def _skip_plain_text(md) -> None:
    """When every inline pattern is gated, a text holding none of their needles (most paragraphs of a
    news story) skips the pattern loop as a whole: each pattern would return it unchanged. Which patterns
    there are is read at the first text, so an extension registered after this one counts too."""
    inline = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
    handle = getattr(inline, "_InlineProcessor__handleInline", None)   # Python-Markdown's private loop
    if handle is None or "_InlineProcessor__handleInline" in vars(inline):
        return
    known: list = []     # [needles of all inline patterns, or None when one of them is not gated]

    def handle_inline(data: str, patternIndex: int = 0) -> str:
        if not known:
            known.append(_all_needles(md.inlinePatterns))
        if known[0] is not None and not _holds(data, known[0]):
            return data
        return handle(data, patternIndex)

    inline._InlineProcessor__handleInline = handle_inline     # on the instance: shadows the method


def _all_needles(patterns) -> tuple[str, ...] | None:
    gated = [getattr(p, "compiled_re", None) for p in patterns]
    if not all(isinstance(g, _Gated) for g in gated):
        return None
    return tuple(sorted({n for g in gated for n in g.needles}))


def _holds(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:      # a loop, not any(): this runs for every pattern of every paragraph
        if needle in text:
            return True
    return False


def _gate(owner, attribute: str, regex: str, needles: tuple[str, ...]) -> None:
    """Gate owner.attribute if it is the expected expression; set on the instance, never on the class."""
    compiled = getattr(owner, attribute, None)
    if not isinstance(compiled, _Gated) and getattr(compiled, "pattern", None) == regex:
        setattr(owner, attribute, _Gated(compiled, needles))
