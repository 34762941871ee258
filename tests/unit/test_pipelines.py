"""The CI pipelines for GitLab and GitHub: valid for their servers, full clones, and the commands they run exist."""
import os
import re
import subprocess
import sys

import pytest
import yaml

from support import ROOT

GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github" / "workflows" / "ledger.yml"
GITLAB_KEYWORDS = {"variables", "workflow", "stages", "default", "include", "image", "services", "cache",
                   "before_script", "after_script"}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_sh_commands() -> set[str]:
    """The subcommands ./run.sh accepts (its case labels)."""
    return set(re.findall(r"^  ([a-z]+)\)", (ROOT / "run.sh").read_text(encoding="utf-8"), re.M))


def gitlab_jobs():
    return {name: job for name, job in load(GITLAB).items() if name not in GITLAB_KEYWORDS}


def github_steps(job) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


@pytest.mark.parametrize("path, schema", [(GITLAB, "vendor.gitlab-ci"), (GITHUB, "vendor.github-workflows")])
def test_pipeline_is_valid_for_its_server(path, schema):
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_clones_full_depth_checks_requests_and_publishes_main():
    config = load(GITLAB)
    assert str(config["variables"]["GIT_DEPTH"]) == "0"
    jobs = gitlab_jobs()
    on_merge_request = [line for job in jobs.values() if "rules" not in job for line in job["script"]]
    assert "./run.sh check" in on_merge_request and "bash .ci/run" in on_merge_request
    main_only = {name: job for name, job in jobs.items() if "rules" in job}
    for job in main_only.values():
        assert all(rule["if"] == '$CI_COMMIT_BRANCH == "main"' for rule in job["rules"])
    scripts = [line for job in main_only.values() for line in job["script"]]
    assert any(line.startswith("./run.sh build") for line in scripts)
    assert any(line.startswith("./run.sh bundle") for line in scripts)
    assert "./run.sh deploy" in scripts and "deploy/deploy.sh rollback" in scripts
    rollback = next(job for job in main_only.values() if "deploy/deploy.sh rollback" in job["script"])
    assert rollback["rules"][0]["when"] == "manual"


def test_github_clones_full_depth_checks_pull_requests_and_publishes_main():
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert "pull_request" not in jobs["check"].get("if", "")
    assert {"./run.sh check", "bash .ci/run"} <= set(github_steps(jobs["check"]))
    build_steps = " ".join(github_steps(jobs["build"]))
    assert "./run.sh build" in build_steps and "./run.sh bundle" in build_steps
    assert "./run.sh deploy" in github_steps(jobs["publish"])
    assert "deploy/deploy.sh rollback" in github_steps(jobs["rollback"])
    for name in ("check", "build", "publish"):
        checkout = next(step for step in jobs[name]["steps"] if step.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0, name


def test_every_command_the_pipelines_run_exists():
    lines = [line for job in gitlab_jobs().values() for line in job.get("script", [])]
    lines += [line for job in load(GITHUB)["jobs"].values() for step in github_steps(job)
              for line in step.splitlines()]
    known = run_sh_commands()
    for line in lines:
        for command in re.findall(r"\./run\.sh (\w+)", line):
            assert command in known, f"{line}：run.sh 没有 {command} 命令"
        for script in re.findall(r"(?:^|\s)((?:deploy|\.ci)/[\w./-]+)", line):
            path = ROOT / script
            assert path.is_file(), line
            assert line.startswith("bash ") or os.access(path, os.X_OK), f"{script} 不可执行"
