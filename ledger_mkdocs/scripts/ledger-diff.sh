#!/usr/bin/env bash
# CI: what a merge request changes in the ledger (python -m ledger diff), shown where the reviewer reads it.
# - GitLab merge request pipeline: compares the target branch (where the request branched off it) with the
#   request, prints the result to the job log and saves ledger-diff.md (an artifact linked from the request).
# - GitHub pull request: the same comparison, appended as Markdown to the job summary ($GITHUB_STEP_SUMMARY).
# Outside a merge request (a pipeline on main) there is nothing to compare against: it says so and stops.
# Run as `python -m ledger ci-diff` (./run.sh ci-diff) in the unit's folder: PROJECT and PYTHON come from there.
set -euo pipefail
cd "${PROJECT:-.}"
PYTHON=${PYTHON:-python3}
target="${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-${GITHUB_BASE_REF:-}}"
if [ -z "$target" ]; then
  echo "不是合并请求，没有目标分支：不比较台账。"
  exit 0
fi
git fetch --quiet origin "$target"
base=$(git rev-parse --short "$(git merge-base "origin/$target" HEAD)")
echo "比较目标分支 $target（$base）与本次合并请求（$(git rev-parse --short HEAD)）的台账："
status=0
"$PYTHON" -m ledger diff "$base" HEAD --format text --out ledger-diff.md || status=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f ledger-diff.md ]; then
  cat ledger-diff.md >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"
