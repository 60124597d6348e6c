"""Reproducible builds: the same commit gives a byte-identical site/ whatever the hash seed, time zone
and checkout directory, with SOURCE_DATE_EPOCH taken from the commit as `make build` does."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.build.conftest import MKDOCS
from tests.conftest import ROOT

pytestmark = pytest.mark.build
FALLBACK_EPOCH = "1704067200"     # the Makefile's value outside git
SKIP = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "tests", "bench", "node_modules", "*.egg-info",
                              "__pycache__", ".pytest_cache", ".hypothesis")


def _make_epoch(cwd: Path) -> str:
    """The SOURCE_DATE_EPOCH `make build` would pass (make -n prints, runs nothing)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = subprocess.run(["make", "-n", "build"], cwd=cwd, capture_output=True, text=True, env=env).stdout
    m = re.search(r"SOURCE_DATE_EPOCH=(\d+) \S*mkdocs build --strict", out)
    assert m, out
    return m.group(1)


def test_make_build_takes_the_epoch_from_the_last_commit():
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    head = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    assert _make_epoch(ROOT) == head.stdout.strip()


def test_make_build_has_a_fixed_epoch_outside_git(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    env_dir = tmp_path / "nogit"
    shutil.copytree(tmp_path, env_dir, ignore=shutil.ignore_patterns("nogit"))
    (env_dir / ".git").write_text("gitdir: /nonexistent\n")     # stop git from finding an enclosing repo
    assert _make_epoch(env_dir) == FALLBACK_EPOCH


def _build(src: Path, out: Path, epoch: str, seed: str, tz: str):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=epoch, PYTHONHASHSEED=seed, TZ=tz)
    env.pop("BUZZHUB_NOW", None)
    env["BUZZHUB_NOW"] = "2026-01-01T00:00:00+00:00"   # both builds must agree on "now" (a real build: the clock)
    proc = subprocess.run([MKDOCS, "build", "--strict", "-f", str(src / "mkdocs.yml"), "-d", str(out)],
                          cwd=src, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same(one: dict[str, bytes], two: dict[str, bytes]) -> None:
    assert sorted(one) == sorted(two)
    differ = [rel for rel in one if one[rel] != two[rel]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:10]}"


def test_two_checkouts_build_byte_identical_sites(tmp_path):
    epoch = _make_epoch(ROOT) if shutil.which("make") else FALLBACK_EPOCH
    a, b = tmp_path / "one" / "hub", tmp_path / "two" / "elsewhere" / "checkout"
    for dest in (a, b):
        shutil.copytree(ROOT, dest, ignore=SKIP)
    _build(a, tmp_path / "site-a", epoch, "1", "UTC")
    _build(b, tmp_path / "site-b", epoch, "4242", "Pacific/Kiritimati")
    one, two = _tree(tmp_path / "site-a"), _tree(tmp_path / "site-b")
    _assert_same(one, two)
    assert str(tmp_path) not in "".join(v.decode("utf-8", "replace") for k, v in one.items()
                                        if k.endswith((".html", ".xml", ".json")))


def test_cached_chrome_gives_the_same_site_as_rendering_it_on_every_page(tmp_path):
    """buzzhub/chrome.py renders the tabs, drawer, header, footer and scripts once per link base; the
    nav here also links below a story folder and to a listing page, so some pages need their own."""
    from tests.build.conftest import make_fixture, run_build

    def deeper_nav(root: Path):
        cfg = (root / "mkdocs.yml").read_text()
        cfg = cfg.replace("  - Archive: archive/index.md\n",
                          "  - Archive: archive/index.md\n  - Llama: entities/llama/\n"
                          "  - Notes: articles/escaping/notes/\n")
        (root / "mkdocs.yml").write_text(cfg)

    root = make_fixture(tmp_path / "hub", deeper_nav)
    on = run_build(root, strict=False, site_name="on")
    off = run_build(root, {"BUZZHUB_CHROME_CACHE": "0"}, strict=False, site_name="off")
    assert on.ok and off.ok, on.log + off.log
    one, two = _tree(on.site), _tree(off.site)
    _assert_same(one, two)
    # The story whose folder holds a nav entry links it from there; its neighbours go up first.
    assert b'href="notes/"' in one["articles/escaping/index.html"]
    assert b'href="../escaping/notes/"' in one["articles/openai-profile/index.html"]
    # A page in the nav marks its own entry; the listing's page 2, outside the nav, marks none.
    assert b'md-nav__link--active' in one["latest/index.html"]
    assert b'md-nav__link--active' not in one["latest/page/2/index.html"]


def test_markdown_converted_in_a_second_process_gives_the_same_site_and_warnings(tmp_path):
    """hooks/buzzhub_markdown.py: a forked child converts half of the stories (forced on for this small
    site). The site, and the warnings for broken links in stories on either side, match a one-process build."""
    from tests.build.conftest import make_fixture, run_build

    def broken_links(root: Path):
        for md in sorted((root / "docs" / "articles" / "2024").glob("*.md")):
            text = md.read_text()
            md.write_text(text + f"\n\nSee [the notes](missing-{md.stem}.md) and [that part](#no-{md.stem}).\n")

    root = make_fixture(tmp_path / "hub", broken_links)
    split = run_build(root, {"BUZZHUB_SPLIT_MARKDOWN": "1"}, strict=False, site_name="split")
    alone = run_build(root, {"BUZZHUB_SPLIT_MARKDOWN": "0"}, strict=False, site_name="alone")
    assert split.ok and alone.ok, split.log + alone.log
    one, two = _tree(split.site), _tree(alone.site)
    _assert_same(one, two)

    def warnings(built) -> list[str]:
        log = built.log.replace(str(built.site), "SITE")
        return [line for line in log.splitlines() if "missing-" in line or "#no-" in line]
    published = ["escaping", "llama-3-release", "meta-llama-defense", "openai-profile"]
    assert warnings(split) == warnings(alone)
    for stem in published:     # each story's broken links are reported (MkDocs and our check: both)
        assert any(f"missing-{stem}.md" in w and "buzzhub" not in w for w in warnings(split)), split.log
