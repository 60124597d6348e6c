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


class SurfaceIndex:
    """All surface forms compiled once; `find` is linear in the text plus the matches."""

    def __init__(self, forms: list[str]):
        self.forms = list(forms)
        self._auto = ahocorasick.Automaton()
        for idx, form in enumerate(self.forms):
            key = fold(unicodedata.normalize("NFC", form))
            if key and key not in self._auto:
                self._auto.add_word(key, (idx, len(key)))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def find(self, text: str) -> list[Hit]:
        if self._empty or not text:
            return []
        norm, where = nfc_with_map(text)
        probe = fold(norm)
        cands = []
        for end, (idx, length) in self._auto.iter(probe):
            start, stop = end - length + 1, end + 1
            if _bounded(probe, start, stop):
                cands.append((start, -stop, idx))
        cands.sort()
        hits, last = [], 0
        for start, neg_stop, idx in cands:  # leftmost, then longest, never overlapping
            if start >= last:
                hits.append(Hit(start, -neg_stop, idx) if where is None
                            else Hit(where[start], where[-neg_stop], idx))
                last = -neg_stop
        return hits


def _bounded(text: str, start: int, stop: int) -> bool:
    """No word character glued to either end (unless that end is in a spaceless script)."""
    first, last = text[start], text[stop - 1]
    if start > 0 and is_word_char(first) and not no_space_script(first):
        before = text[start - 1]
        if is_word_char(before) and not no_space_script(before):
            return False
    if stop < len(text) and is_word_char(last) and not no_space_script(last):
        after = text[stop]
        if is_word_char(after) and not no_space_script(after):
            return False
    return True
