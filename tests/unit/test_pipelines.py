"""The CI pipelines for GitLab and GitHub, this repository's and the ones `python -m ledger new` gives a unit:
valid for their servers, full clones, check and diff on merge requests, publish on merge, and every command
they run exists."""
import os
import re
import subprocess
import sys

import pytest
import yaml

from ledger.cli import build_parser
from ledger.unit import FILES
from support import ROOT

GITLAB_KEYWORDS = {"variables", "workflow", "stages", "default", "include", "image", "services", "cache",
                   "before_script", "after_script"}
# (folder, the command that runs the tests there): the tool's home runs its own suite, a unit its ./run.sh test
PIPELINES = {"repository": (ROOT, "bash .ci/run"), "unit": (FILES, "./run.sh test")}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def gitlab(where):
    return PIPELINES[where][0] / ".gitlab-ci.yml"


def github(where):
    return PIPELINES[where][0] / ".github" / "workflows" / "ledger.yml"


def run_sh_commands(where) -> set[str]:
    """The subcommands ./run.sh accepts: its case labels, and python -m ledger's commands it hands over."""
    text = (PIPELINES[where][0] / "run.sh").read_text(encoding="utf-8")
    labels = set(re.findall(r"^  ([a-z]+)\)", text, re.M))
    if '"$PY" -m ledger "$@"' in text:
        labels |= set(build_parser().command_names)
    return labels


def gitlab_jobs(where):
    return {name: job for name, job in load(gitlab(where)).items() if name not in GITLAB_KEYWORDS}


def github_steps(job) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


@pytest.mark.parametrize("where", PIPELINES)
@pytest.mark.parametrize("which, schema", [(gitlab, "vendor.gitlab-ci"), (github, "vendor.github-workflows")])
def test_pipeline_is_valid_for_its_server(where, which, schema):
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(which(where))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("where", PIPELINES)
def test_gitlab_clones_full_depth_checks_requests_and_publishes_main(where):
    config = load(gitlab(where))
    assert str(config["variables"]["GIT_DEPTH"]) == "0"
    jobs = gitlab_jobs(where)
    on_merge_request = [line for job in jobs.values() if "rules" not in job for line in job["script"]]
    assert {"./run.sh check", "./run.sh ci-diff", PIPELINES[where][1]} <= set(on_merge_request)
    main_only = {name: job for name, job in jobs.items() if "rules" in job}
    for job in main_only.values():
        assert all(rule["if"] == '$CI_COMMIT_BRANCH == "main"' for rule in job["rules"])
    scripts = [line for job in main_only.values() for line in job["script"]]
    assert any(line.startswith("./run.sh build") for line in scripts)
    assert any(line.startswith("./run.sh bundle") for line in scripts)
    assert "./run.sh deploy" in scripts and "./run.sh deploy rollback" in scripts
    rollback = next(job for job in main_only.values() if "./run.sh deploy rollback" in job["script"])
    assert rollback["rules"][0]["when"] == "manual"


@pytest.mark.parametrize("where", PIPELINES)
def test_github_clones_full_depth_checks_pull_requests_and_publishes_main(where):
    workflow = load(github(where))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert "pull_request" not in jobs["check"].get("if", "")
    assert {"./run.sh check", PIPELINES[where][1]} <= set(github_steps(jobs["check"]))
    assert "./run.sh ci-diff" in github_steps(jobs["diff"]) and jobs["diff"]["if"] == "github.event_name == 'pull_request'"
    build_steps = " ".join(github_steps(jobs["build"]))
    assert "./run.sh build" in build_steps and "./run.sh bundle" in build_steps
    assert "./run.sh deploy" in github_steps(jobs["publish"])
    assert "./run.sh deploy rollback" in github_steps(jobs["rollback"])
    for name in ("check", "build", "publish"):
        checkout = next(step for step in jobs[name]["steps"] if step.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0, name


@pytest.mark.parametrize("where", PIPELINES)
def test_every_command_the_pipelines_run_exists(where):
    lines = [line for job in gitlab_jobs(where).values() for line in job.get("script", [])]
    lines += [line for job in load(github(where))["jobs"].values() for step in github_steps(job)
              for line in step.splitlines()]
    known = run_sh_commands(where)
    for line in lines:
        for command in re.findall(r"\./run\.sh ([\w-]+)", line):
            assert command in known, f"{line}：run.sh 没有 {command} 命令"
        for script in re.findall(r"(?:^|\s)(\.ci/[\w./-]+)", line):
            path = PIPELINES[where][0] / script
            assert path.is_file(), line
            assert line.startswith("bash ") or os.access(path, os.X_OK), f"{script} 不可执行"
