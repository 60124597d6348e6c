"""Find registry surface forms in text: one Aho-Corasick pass, whole words, leftmost-longest.

Text and forms are compared after NFC and a one-to-one character folding (any
whitespace -> space, curly apostrophes -> ', Unicode hyphens -> -), so offsets in the
folded text map straight back to the original.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
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
            # Whether each end of the form is a gluing character is known now, not per match; so are
            # its index in the first list (-1: none) and its (list number, index) in the others.
            others_of = tuple((k, idx) for k, idx in owned.items() if k)
            entries[key] = (len(key), _glues(key[0]), _glues(key[-1]), owned.get(0, -1), others_of)
        firsts = {key[0] for key in entries}
        for ch in _SCAN_ORDER:
            if ch not in firsts:  # in no list
                entries[ch + _NEVER] = (2, False, False, -1, ())
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
        first, others = self.scan(probe)
        return [first, *others()]

    def scan(self, probe: Probe) -> tuple[list[tuple[int, int, int]], Callable[[], list]]:
        """`spans` of the first list, and a function giving the other lists' (found in the same pass, sorted
        out only if asked: the tagger reads context matches only in the stories with ambiguous names)."""
        first, later = [], []  # the first list's kept spans; the other lists' matches, in order
        if self._empty or not probe.text:
            return first, lambda: [[] for _ in range(self._lists - 1)]
        text = _PAD + probe.text + _PAD  # padded: a match at `end` spans [end - length, end) unpadded
        last_start = last_end = 0  # the last kept span of the first list
        for end, (length, glue_first, glue_last, idx, others) in self._auto.iter(text):
            start = end - length
            if glue_first:
                ch = text[start]  # a space or punctuation, nearly always: one set lookup answers
                if ch not in _ASCII_APART and (ch in _ASCII_WORD or _glues(ch)):
                    continue
            if glue_last:
                ch = text[end + 1]
                if ch not in _ASCII_APART and (ch in _ASCII_WORD or _glues(ch)):
                    continue
            if idx >= 0:  # _keep, its commonest cases inline: this runs for most matches
                if start >= last_end:  # after the last kept span
                    first.append((start, end, idx))
                    last_start, last_end = start, end
                elif start <= last_start and _keep(first, start, end, idx):  # not inside it: may cover it
                    last_start, last_end = start, end
            if others:  # a context string too ("Anthropic"), or only
                later.append((start, end, others))
        where = probe.where
        return _mapped(first, where), lambda: self._others(later, where)

    def _others(self, later: list, where: list[int] | None) -> list[list[tuple[int, int, int]]]:
        """`spans` of the lists after the first, from their matches in Aho-Corasick's order."""
        found = [[] for _ in range(self._lists)]
        for start, end, others in later:
            for k, idx in others:
                found[k].append((start, end, idx))
        return [_mapped(_leftmost_longest(m), where) for m in found[1:]]


def _leftmost_longest(matches: list) -> list[tuple[int, int, int]]:
    """Leftmost, then longest, of matches in Aho-Corasick's order: by end, and at one end longest first.
    No sort: each match is weighed against the kept ones as it comes (_keep)."""
    kept = []
    for start, end, idx in matches:
        _keep(kept, start, end, idx)
    return kept


def _keep(kept: list, start: int, end: int, idx: int) -> bool:
    """Add a match ending at or after all of `kept` if leftmost-longest picks it: unless it starts inside
    the last kept match before it, it beats the ones it covers (they start no earlier, end no later)."""
    i = len(kept)
    while i and kept[i - 1][0] >= start:
        i -= 1
    if i and kept[i - 1][1] > start:
        return False  # covered ones stay: a greedy pick skips this match, then takes them as before
    del kept[i:]
    kept.append((start, end, idx))
    return True


def _mapped(spans: list, where: list[int] | None) -> list:
    """Spans in the caller's text, from the NFC text's offsets."""
    return spans if where is None else [(where[start], where[end], idx) for start, end, idx in spans]


_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_ASCII_APART = frozenset(map(chr, range(128))) - _ASCII_WORD  # ASCII characters that join no words


def _scan_rank(key: str) -> list[int]:
    return [_SCAN_ORDER.get(ch, 0x110000 + ord(ch)) for ch in key]


def _glues(ch: str) -> bool:
    """A word character outside the spaceless scripts: it joins the words on either side."""
    return is_word_char(ch) and not no_space_script(ch)
