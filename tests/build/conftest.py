"""Real `mkdocs build --strict` runs of the fixture site and of the sample hub, parsed with bs4."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import FIXTURES, ROOT

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


class Built:
    def __init__(self, root: Path, site: Path, proc):
        self.root, self.site, self.proc = root, site, proc

    @property
    def ok(self):
        return self.proc.returncode == 0

    @property
    def log(self):
        return self.proc.stdout + self.proc.stderr

    def html(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / rel).read_text(encoding="utf-8"), "html.parser")

    def exists(self, rel: str) -> bool:
        return (self.site / rel).exists()

    def all_text(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted(self.site.rglob("*")) if p.is_file() and p.suffix in (".html", ".xml", ".json"))


def make_fixture(dest: Path, mutate=None) -> Path:
    shutil.copytree(FIXTURES / "site", dest)
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets", dirs_exist_ok=True)
    cfg = (dest / "mkdocs.yml.in").read_text().replace("@ROOT@", str(ROOT))
    (dest / "mkdocs.yml").write_text(cfg)
    if mutate:
        mutate(dest)
    return dest


def run_build(root: Path, env_extra=None, strict=True, site_name="site") -> Built:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BUZZHUB_NOW="2025-01-01T00:00:00+00:00")
    env.update(env_extra or {})
    site = root / site_name
    cmd = [MKDOCS, "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)] + (["--strict"] if strict else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root)
    return Built(root, site, proc)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    root = make_fixture(tmp_path_factory.mktemp("fx") / "hub")
    built = run_build(root)
    assert built.ok, built.log
    return built


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The repository's own sample hub, built strictly as CI and Pages do."""
    site = tmp_path_factory.mktemp("sample") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([MKDOCS, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    built = Built(ROOT, site, proc)
    assert built.ok, built.log
    return built
