"""Find registry surface forms in text: one Aho-Corasick pass, whole words, leftmost-longest.

Text and forms are compared after NFC and a one-to-one character folding (any
whitespace -> space, curly apostrophes -> ', Unicode hyphens -> -), so offsets in the
folded text map straight back to the original.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import ahocorasick

FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-",
                      "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\n": " ", "\r": " "})
_FOLD_PAIRS = tuple((chr(k), v) for k, v in FOLD.items())
# Scripts written without spaces between words: no boundary check next to them.
_NO_SPACE = ((0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3100, 0x312F), (0x3190, 0x31FF), (0x3400, 0x4DBF),
             (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x1000, 0x109F),
             (0x1780, 0x17FF), (0x20000, 0x3FFFF))
# Characters by how often prose holds them. pyahocorasick looks a character up among a node's
# children one by one, in the order they were added: keys added in this order, and every one of
# these characters made a child of the root, find the common ones first (scans ~2x faster).
_SCAN_ORDER = {ch: rank for rank, ch in enumerate(
    " etaoinsrhldcumfpgwyb.,vk-xjqz'\"TSACIMPEBGDWRFNLHOJKUVYQXZ0123456789")}
_NEVER = "\uffff"  # a noncharacter: ends the keys that only make a root child
# Around a scanned text, so that every match has a character on either side: folding leaves none.
_PAD = "\n"


def fold(text: str) -> str:
    """One-to-one, so offsets survive; chained replace is far faster than str.translate."""
    for src, dst in _FOLD_PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


def no_space_script(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x0E00 and any(lo <= o <= hi for lo, hi in _NO_SPACE)


def is_word_char(ch: str) -> bool:
    """Letters, digits, underscore and combining marks continue a word (Unicode-aware)."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def nfc_with_map(text: str) -> tuple[str, list[int] | None]:
    """NFC of `text` and, for each output position, the input position it came from (None: same)."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out, where, i = [], [], 0
    while i < len(text):
        j = i + 1
        # Grow the cluster while NFC would compose across its end (combining marks, jamo).
        while j < len(text) and unicodedata.normalize("NFC", text[i:j + 1]) != \
                unicodedata.normalize("NFC", text[i:j]) + unicodedata.normalize("NFC", text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        where += [i] * len(piece)
        i = j
    where.append(len(text))
    return "".join(out), where


@dataclass(frozen=True)
class Hit:
    start: int   # offsets in the caller's (unfolded, un-normalised) text
    end: int
    form: int    # index into SurfaceIndex.forms


class Probe:
    """A text made ready for matching once (NFC, folded), for any number of indexes."""

    __slots__ = ("text", "where")

    def __init__(self, text: str):
        norm, self.where = nfc_with_map(text)
        self.text = fold(norm)


class SurfaceIndex:
    """All surface forms compiled once; `find` is linear in the text plus the matches.

    More form lists (`others`) can share the automaton, so one pass over a text finds them all.
    """

    def __init__(self, forms: list[str], *others: list[str]):
        self.forms = list(forms)
        owners: dict[str, dict[int, int]] = {}  # key -> {list number: first form index}
        for k, listed in enumerate([self.forms, *others]):
            for idx, form in enumerate(listed):
                key = fold(unicodedata.normalize("NFC", form))
                if key:
                    owners.setdefault(key, {}).setdefault(k, idx)
        self._lists = 1 + len(others)
        entries = {}
        for key, owned in owners.items():
            # Whether each end of the form is a gluing character is known now, not per match.
            (k, idx), *more = owned.items()
            entries[key] = (len(key), _glues(key[0]), _glues(key[-1]), k, idx, tuple(more))
        firsts = {key[0] for key in entries}
        for ch in _SCAN_ORDER:
            if ch not in firsts:  # its matches go to one more list, never read
                entries[ch + _NEVER] = (2, False, False, self._lists, 0, ())
        self._auto = ahocorasick.Automaton()
        for key in sorted(entries, key=_scan_rank):
            self._auto.add_word(key, entries[key])
        self._empty = not owners
        if not self._empty:
            self._auto.make_automaton()

    def find(self, text: str) -> list[Hit]:
        if self._empty or not text:
            return []
        return [Hit(*span) for span in self.spans(Probe(text))[0]]

    def spans(self, probe: Probe) -> list[list[tuple[int, int, int]]]:
        """For each form list, (start, end, form index) of its matches: leftmost, then longest,
        never overlapping."""
        kept = [[] for _ in range(self._lists + 1)]
        if self._empty or not probe.text:
            return kept[:-1]
        text = _PAD + probe.text + _PAD  # padded: a match at `end` spans [end - length, end) unpadded
        for end, (length, glue_first, glue_last, k, idx, more) in self._auto.iter(text):
            if glue_first:
                ch = text[end - length]  # ASCII, nearly always: a set lookup answers
                if ch in _ASCII_WORD or (ch > "\x7f" and _glues(ch)):
                    continue
            if glue_last:
                ch = text[end + 1]
                if ch in _ASCII_WORD or (ch > "\x7f" and _glues(ch)):
                    continue
            _keep(kept[k], end - length, end, idx)
            if more:  # a key in several lists ("Anthropic": a name and a context)
                for k2, idx2 in more:
                    _keep(kept[k2], end - length, end, idx2)
        where = probe.where
        if where is None:
            return kept[:-1]
        return [[(where[start], where[end], idx) for start, end, idx in found] for found in kept[:-1]]


def _keep(kept: list, start: int, end: int, idx: int) -> None:
    """Leftmost-longest as the matches stream in: by end, and at one end longest first (Aho-Corasick's
    order). A match ending later but starting no later beats the kept ones it covers; one starting
    inside the last kept match loses to it. No sort, and no second pass over the matches."""
    while kept and kept[-1][0] >= start:
        kept.pop()
    if not kept or kept[-1][1] <= start:
        kept.append((start, end, idx))


_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _scan_rank(key: str) -> list[int]:
    return [_SCAN_ORDER.get(ch, 0x110000 + ord(ch)) for ch in key]


def _glues(ch: str) -> bool:
    """A word character outside the spaceless scripts: it joins the words on either side."""
    return is_word_char(ch) and not no_space_script(ch)
