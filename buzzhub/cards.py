"""Social card images: a 1200x630 PNG per article (site name, category, headline, date).

Drawing is the slow part, so each card is cached under .cache/ by a hash of everything drawn on
it (and of the font); a rebuild only copies files. The PNG carries no metadata, so bytes repeat.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import zlib
from functools import lru_cache

from . import background
from .seo import CARD_SIZE, SITE_CARD, card_path

VERSION = "4"   # bump when the layout or encoding changes, to invalidate cached cards
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
BG, INK, ACCENT = (22, 24, 29), (255, 255, 255), (255, 107, 127)
MID = tuple((b + i) // 2 for b, i in zip(BG, INK))   # anti-aliasing edges, the rule
PALETTE = BG + MID + INK + ACCENT                    # indices 0..3: a 2-bit PNG
EDGE, SOLID = 85, 170                                # glyph coverage: below EDGE bg, from SOLID full ink
MARGIN = 80
PARALLEL_MIN = 64                                    # cards to draw before a second process pays off


def _font_path(bold: bool) -> str | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        path = os.path.join(d, name)
        if os.path.isfile(path):
            return path
    return None


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False):
    from PIL import ImageFont
    path = _font_path(bold)
    # Pillow >= 10.1 ships a scalable default font, so cards still render without DejaVu.
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to `width` pixels; the last kept line gets an ellipsis if text remains."""
    lines, line = [], ""
    words = text.split()
    for i, word in enumerate(words):
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
            continue
        lines.append(line)
        line = word
        if len(lines) == max_lines:
            return _ellipsize(draw, lines, font, width)
    if line:
        lines.append(line)
    return lines if len(lines) <= max_lines else _ellipsize(draw, lines[:max_lines], font, width)


def _ellipsize(draw, lines: list[str], font, width: int) -> list[str]:
    last = lines[-1]
    while last and draw.textlength(last + "…", font=font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return lines[:-1] + [last + "…"]


def draw_card(site_name: str, kicker: str, title: str, date_text: str) -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw
    w, h = CARD_SIZE
    img = Image.new("P", CARD_SIZE, 0)
    img.putpalette(PALETTE)

    def paint(full: int, edge: int, draw) -> None:
        # Text is drawn as a coverage mask, then posterized to bg / edge / full: four colours in all
        # keep the PNG at ~6 KB (32 quantized colours: ~13 KB) and the headline still smooth.
        mask = Image.new("L", CARD_SIZE, 0)
        draw(ImageDraw.Draw(mask))
        box = mask.getbbox()             # only where it drew: whole-card passes were half the time
        if box:
            mask = mask.crop(box)
            img.paste(mask.point(lambda v: full if v >= SOLID else edge), box,
                      mask.point(lambda v: 255 if v >= EDGE else 0))

    paint(3, 3, lambda d: d.rectangle([0, 0, w, 12], fill=255))
    paint(2, 1, lambda d: d.text((MARGIN, 60), site_name, font=_font(40, bold=True), fill=255))
    paint(3, 1, lambda d: d.text((MARGIN, 140), kicker.upper(), font=_font(30, bold=True), fill=255))
    size = 64 if len(title) < 70 else 54
    font = _font(size, bold=True)

    def headline(d) -> None:
        y = 195
        for line in wrap(d, title, font, w - 2 * MARGIN, 4 if size == 54 else 3):
            d.text((MARGIN, y), line, font=font, fill=255)
            y += int(size * 1.22)

    paint(2, 1, headline)
    paint(1, 1, lambda d: d.line([MARGIN, h - 110, w - MARGIN, h - 110], fill=255, width=2))
    paint(2, 1, lambda d: d.text((MARGIN, h - 85), date_text, font=_font(30), fill=255))
    out = BytesIO()
    # No pnginfo: no timestamps, deterministic bytes. zlib's run-length strategy: 1.5 ms a card
    # against 25 ms at level 9 (5 minutes for 10,000 cold cards), for files ~6 % bigger.
    img.save(out, format="PNG", bits=2, compress_level=9, compress_type=zlib.Z_RLE)
    return out.getvalue()


@lru_cache(maxsize=1)
def _fonts() -> str:
    return "|".join(str(_font_path(b)) for b in (True, False))


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join((VERSION, _fonts()) + parts).encode("utf-8")).hexdigest()


def _cache_path(cache_dir: str, site_name: str, kicker: str, title: str, date_text: str) -> str:
    return os.path.join(cache_dir, _key(site_name, kicker, title, date_text) + ".png")


def _store(path: str, texts: tuple) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(draw_card(*texts))
    os.replace(tmp, path)   # atomic: a parallel build never reads half a card


def cached_card(cache_dir: str, site_name: str, kicker: str, title: str, date_text: str) -> str:
    """Path of the cached PNG for these texts, drawing it first if needed."""
    path = _cache_path(cache_dir, site_name, kicker, title, date_text)
    if not os.path.isfile(path):
        _store(path, (site_name, kicker, title, date_text))
    return path


def write_cards(articles, site: dict, site_dir: str, cache_dir: str, fmt_date) -> int:
    """One card per article plus the site card; returns how many were written."""
    jobs = [(card_path(a.slug), (site["name"], a.categories[0] if a.categories else "", a.title, fmt_date(a.date)))
            for a in articles]
    jobs.append((SITE_CARD, (site["name"], "", site["description"] or site["name"], "")))   # other pages
    paths = [_cache_path(cache_dir, *texts) for _, texts in jobs]
    missing = [(path, texts) for path, (_, texts) in zip(paths, jobs) if not os.path.isfile(path)]

    def draw(todo: list) -> int:
        for path, texts in todo:
            _store(path, texts)
        return len(todo)

    if len(missing) >= PARALLEL_MIN and background.can_fork():
        # A first build of a big hub (or a new font or layout): half the cards drawn on the other core.
        background.split_run(draw, missing)
    else:
        draw(missing)
    for (rel, _), src in zip(jobs, paths):
        dest = os.path.join(site_dir, *rel.split("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        _place(src, dest)
    return len(jobs)


def _place(src: str, dest: str) -> None:
    """A hard link to the cached card where the file system allows (copying 10,000 PNGs took ~10 s);
    cache files are only ever replaced whole (os.replace), never written in place."""
    if os.path.lexists(dest):
        os.remove(dest)    # a dirty rebuild: never write through a link into the cache
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
