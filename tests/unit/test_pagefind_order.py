"""buzzhub/pagefind_order.py on a synthetic Pagefind bundle: values and filters end up sorted, files are
renamed after their new content and every reference follows, and two orders give the same bytes."""
from __future__ import annotations

import gzip
import json

from buzzhub import pagefind_order


def cbor(x) -> bytes:
    """Just enough CBOR for Pagefind's files: ints, text, arrays."""
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for info, size in ((24, 1), (25, 2), (26, 4)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | info]) + n.to_bytes(size, "big")
        raise ValueError(n)
    if isinstance(x, int):
        return head(0, x)
    if isinstance(x, str):
        return head(3, len(x.encode())) + x.encode()
    return head(4, len(x)) + b"".join(cbor(i) for i in x)


def write(path, obj):
    path.write_bytes(gzip.compress(b"pagefind_dcd" + cbor(obj)))


def bundle(tmp_path, order):
    b = tmp_path / f"b{order}" / "pagefind"
    (b / "filter").mkdir(parents=True)
    values = [["Policy", [0, 2]], ["Models", [1]], ["Health", list(range(30))]]
    filters = {"category": values if order else values[::-1], "year": [["2025", [0]], ["2024", [1, 2]]]}
    refs = []
    for n, (name, vals) in enumerate(sorted(filters.items(), reverse=bool(order))):
        fid = f"en_{order}{n}abcde"
        write(b / "filter" / f"{fid}.pf_filter", [name, vals])
        refs.append([name, fid])
    write(b / "pagefind.en_0123456789.pf_meta",
          ["1.5.2", [["en_aaaaaaa", 500]], [["a", "m", "en_bbbbbbb"]], refs, [], ["category", "title"]])
    (b / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "wasm": "en", "page_count": 3}}}))
    return b


def read(path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data[12:]


def test_two_orders_give_identical_sorted_bundles(tmp_path):
    one, two = bundle(tmp_path, 0), bundle(tmp_path, 1)
    for b in (one, two):
        pagefind_order.canonicalize(str(b))
    files = lambda b: {p.relative_to(b).as_posix(): p.read_bytes() for p in sorted(b.rglob("*")) if p.is_file()}
    assert files(one) == files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text())
    meta = read(one / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    names = sorted(p.stem for p in (one / "filter").iterdir())
    assert all(n.encode() in meta for n in names) and len(names) == 2
    assert meta.index(b"category") < meta.index(b"year") < meta.rindex(b"category")   # filter list sorted
    cat = next(read(p) for p in (one / "filter").iterdir() if b"category" in read(p))
    assert cat.index(b"Health") < cat.index(b"Models") < cat.index(b"Policy")


def test_bundle_without_entry_file_is_left_alone(tmp_path):
    (tmp_path / "x").mkdir()
    pagefind_order.canonicalize(str(tmp_path / "x"))
    assert list((tmp_path / "x").iterdir()) == []
