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


def test_two_checkouts_build_byte_identical_sites(tmp_path):
    epoch = _make_epoch(ROOT) if shutil.which("make") else FALLBACK_EPOCH
    a, b = tmp_path / "one" / "hub", tmp_path / "two" / "elsewhere" / "checkout"
    for dest in (a, b):
        shutil.copytree(ROOT, dest, ignore=SKIP)
    _build(a, tmp_path / "site-a", epoch, "1", "UTC")
    _build(b, tmp_path / "site-b", epoch, "4242", "Pacific/Kiritimati")
    one, two = _tree(tmp_path / "site-a"), _tree(tmp_path / "site-b")
    assert sorted(one) == sorted(two)
    differ = [rel for rel in one if one[rel] != two[rel]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:10]}"
    assert str(tmp_path) not in "".join(v.decode("utf-8", "replace") for k, v in one.items()
                                        if k.endswith((".html", ".xml", ".json")))
