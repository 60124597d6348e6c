"""Make Pagefind's output reproducible: it writes filter values (and the list of filters) in hash-map
order, which changes from run to run, and names each file after a hash of its content. Two builds of
the same commit would publish different `filter/*.pf_filter` and `pagefind.*.pf_meta` files.

This rewrites those files in a canonical order (values and filter names sorted) and renames them after a
hash of the new content, updating the references in the meta file and in pagefind-entry.json. Nothing
else changes: the data is the same, only its order. Files are Pagefind's CBOR behind a gzip header and
the `pagefind_dcd` signature; only the few CBOR items we reorder are parsed, the rest is copied as bytes.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re

SIGNATURE = b"pagefind_dcd"


def _head(b: bytes, i: int) -> tuple[int, int, int]:
    """(major type, argument, offset after the head) of the CBOR item at i."""
    first = b[i]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, i + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError("indefinite-length CBOR is not expected in Pagefind files")
    return major, int.from_bytes(b[i + 1: i + 1 + size], "big"), i + 1 + size


def _end(b: bytes, i: int) -> int:
    """Offset just after the CBOR item at i."""
    major, arg, j = _head(b, i)
    if major in (2, 3):
        return j + arg
    if major == 4:
        for _ in range(arg):
            j = _end(b, j)
        return j
    if major == 5:
        for _ in range(2 * arg):
            j = _end(b, j)
        return j
    if major == 6:
        return _end(b, j)
    return j


def _items(b: bytes, i: int) -> tuple[bytes, list[bytes], int]:
    """The array at i as (its head bytes, each element's bytes, offset after it)."""
    major, n, j = _head(b, i)
    if major != 4:
        raise ValueError("expected a CBOR array")
    out = []
    for _ in range(n):
        k = _end(b, j)
        out.append(b[j:k])
        j = k
    return b[i:_head(b, i)[2]], out, j


def _text(item: bytes) -> str:
    """The first text string inside an item (the sort key of [name, ...] pairs)."""
    major, arg, j = _head(item, 0)
    if major == 4:
        major, arg, j = _head(item, j)
    return item[j:j + arg].decode("utf-8") if major == 3 else ""


def _sorted_pairs(array_head: bytes, items: list[bytes]) -> bytes:
    return array_head + b"".join(sorted(items, key=lambda it: (_text(it), it)))


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        data = gzip.decompress(fh.read())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return data[len(SIGNATURE):]


def _write(path: str, body: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(gzip.compress(SIGNATURE + body, mtime=0))


def _digest(body: bytes, n: int) -> str:
    return hashlib.sha256(body).hexdigest()[:n]


def canonicalize(bundle: str) -> None:
    """Rewrite the Pagefind bundle folder (site/pagefind) in place; a no-op without filters."""
    entry_path = os.path.join(bundle, "pagefind-entry.json")
    if not os.path.isfile(entry_path):
        return
    with open(entry_path, encoding="utf-8") as fh:
        entry = json.load(fh)
    for lang, info in sorted(entry.get("languages", {}).items()):
        renames = _filters(bundle, lang)
        meta_path = os.path.join(bundle, f"pagefind.{info['hash']}.pf_meta")
        body = _meta(_read(meta_path), renames)
        new_hash = f"{lang}_{_digest(body, len(info['hash']) - len(lang) - 1)}"
        os.remove(meta_path)
        _write(os.path.join(bundle, f"pagefind.{new_hash}.pf_meta"), body)
        info["hash"] = new_hash
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    with open(entry_path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _filters(bundle: str, lang: str) -> dict[str, str]:
    """Sort each filter's values; returns old file id -> new file id."""
    folder = os.path.join(bundle, "filter")
    renames = {}
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    for name in names:
        m = re.fullmatch(rf"({re.escape(lang)}_)([0-9a-f]+)\.pf_filter", name)
        if not m:
            continue
        body = _read(os.path.join(folder, name))
        head, (filter_name, values), _ = _items(body, 0)
        vhead, entries, _ = _items(values, 0)
        new = head + filter_name + _sorted_pairs(vhead, entries)
        new_id = m.group(1) + _digest(new, len(m.group(2)))
        os.remove(os.path.join(folder, name))
        _write(os.path.join(folder, f"{new_id}.pf_filter"), new)
        renames[m.group(1) + m.group(2)] = new_id
    return renames


def _meta(body: bytes, renames: dict[str, str]) -> bytes:
    """Point the meta file's filter list at the renamed files, sorted by filter name. Ids keep their
    length, so every other byte (and every CBOR length) stays as it was."""
    head, items, _ = _items(body, 0)
    for i, item in enumerate(items):
        try:
            fhead, pairs, _ = _items(item, 0)
        except ValueError:
            continue
        if not pairs or not all(_is_filter_pair(p) for p in pairs):
            continue
        for old, new in renames.items():
            pairs = [p.replace(old.encode(), new.encode()) for p in pairs]
        items[i] = _sorted_pairs(fhead, pairs)
    return head + b"".join(items)


def _is_filter_pair(item: bytes) -> bool:
    """[name, "<lang>_<hex>"]: two text strings, the second a file id."""
    try:
        major, n, j = _head(item, 0)
        if major != 4 or n != 2:
            return False
        k = _end(item, j)
        m2, arg, j2 = _head(item, k)
        return _head(item, j)[0] == 3 and m2 == 3 and bool(re.fullmatch(rb"[a-z-]+_[0-9a-f]+", item[j2:j2 + arg]))
    except (IndexError, ValueError):
        return False

