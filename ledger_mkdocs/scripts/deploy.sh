#!/usr/bin/env bash
# 发布到内网网站服务器（nginx 配置：./run.sh nginx 打印，即 python -m ledger nginx）。
# 由 python -m ledger deploy（./run.sh deploy）在台账仓库的文件夹里运行：
#
#   ./run.sh deploy [deploy] [mkdocs 参数…]   构建到一个新的发布目录，构建成功后才把 current 原子地指向它
#   ./run.sh deploy rollback                  一条命令切回上一个发布（按时间排在正在使用的发布之前的那个）
#   ./run.sh deploy rollback <发布名>         切到指定的一个保留的发布
#   ./run.sh deploy list                      列出保留的发布，* 标出正在使用的
#
# 目录：$LEDGER_ROOT/releases/<时间>-<提交号>/ 是各次发布，$LEDGER_ROOT/current 是指向其中之一的符号链接，
# nginx 只读 current。构建失败（例如记录有错）时 current 不动，网站保持原样。
#
# 环境变量：LEDGER_ROOT（默认 /srv/ledger）、KEEP（保留最近几个发布，默认 5，至少 2 才能回退）、
#           PROJECT（项目文件夹，默认当前文件夹）、PYTHON（默认 项目/.venv/bin/python，没有则 python3）。
set -euo pipefail
umask 022

PROJECT=${PROJECT:-$(pwd)}
LEDGER_ROOT=${LEDGER_ROOT:-/srv/ledger}
KEEP=${KEEP:-5}
RELEASES="$LEDGER_ROOT/releases"
CURRENT="$LEDGER_ROOT/current"

say() { echo "$*"; }
fail() { echo "错误：$*" >&2; exit 1; }
log() { echo "$(date '+%Y-%m-%d %H:%M:%S') $*" >> "$LEDGER_ROOT/deploy.log"; }

python_bin() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"
  elif [ -x "$PROJECT/.venv/bin/python" ]; then echo "$PROJECT/.venv/bin/python"
  else echo python3
  fi
}

# Completed releases, oldest first (names start with a sortable time stamp; unfinished builds start with a dot).
releases() {
  [ -d "$RELEASES" ] || return 0
  find "$RELEASES" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' | LC_ALL=C sort
}

current_release() {
  [ -L "$CURRENT" ] || return 0
  basename "$(readlink "$CURRENT")"
}

new_release_name() {
  local stamp sha name n=1
  stamp=$(date +%Y%m%d-%H%M%S)
  sha=$(git -C "$PROJECT" rev-parse --short=8 HEAD 2>/dev/null || echo nogit)
  name="$stamp-$sha"
  while [ -e "$RELEASES/$name" ]; do n=$((n + 1)); name="$stamp-$sha-$n"; done
  echo "$name"
}

# Point current at a release in one step: a new symlink renamed over the old one (rename is atomic).
switch_to() {
  local name=$1 tmp="$LEDGER_ROOT/.current.$$"
  ln -sfn "releases/$name" "$tmp"
  mv -T "$tmp" "$CURRENT"
}

# Keep the newest $KEEP releases, and always the one in use.
prune() {
  local in_use name
  in_use=$(current_release)
  releases | head -n "-$KEEP" | while read -r name; do
    [ "$name" = "$in_use" ] && continue
    rm -rf "${RELEASES:?}/$name"
    log "删除旧发布 $name"
  done
  # builds that were killed half-way (we hold the lock, so none is running)
  find "$RELEASES" -mindepth 1 -maxdepth 1 -type d -name '.building-*' -exec rm -rf {} +
}

lock() {
  mkdir -p "$RELEASES"
  exec 9> "$LEDGER_ROOT/.deploy.lock"
  flock -n 9 || fail "另一次发布或回退正在进行，请稍后再试"
}

cmd_deploy() {
  case "$KEEP" in '' | *[!0-9]*) fail "KEEP 应当是正整数，现在是「$KEEP」" ;; esac
  [ "$KEEP" -ge 1 ] || fail "KEEP 至少为 1"
  if [ -e "$CURRENT" ] && [ ! -L "$CURRENT" ]; then
    fail "$CURRENT 是普通文件夹而不是符号链接：请先把其中的文件移走（例如改名为 current.old），再发布"
  fi
  lock
  local name previous
  name=$(new_release_name)
  BUILDING="$RELEASES/.building-$name"
  previous=$(current_release)
  trap 'rm -rf "$BUILDING"' EXIT
  say "构建发布 $name（项目：$PROJECT）"
  # 不加 -q：页面（docs/*.md）里的宏出错时，mkdocs-macros 只以警告级别说明是哪一页、什么错，-q 会把它吞掉
  if ! (cd "$PROJECT" && NO_MKDOCS_2_WARNING=1 "$(python_bin)" -m mkdocs build --strict \
          -f "$PROJECT/mkdocs.yml" -d "$BUILDING" "$@"); then
    log "构建失败 $name，网站保持 ${previous:-（尚无发布）}"
    fail "构建没有通过，网站保持原样（仍是 ${previous:-尚无发布}）。请按上面的提示改正后重新发布。"
  fi
  [ -f "$BUILDING/index.html" ] && [ -f "$BUILDING/404.html" ] || fail "构建结果缺少 index.html 或 404.html，网站保持原样"
  mv -T "$BUILDING" "$RELEASES/$name"
  switch_to "$name"
  log "发布 $name（上一个：${previous:-无}）"
  say "已发布：$name"
  prune
}

cmd_rollback() {
  lock
  local in_use previous=${1:-}
  in_use=$(current_release)
  [ -n "$in_use" ] || fail "还没有发布过，无法回退"
  if [ -n "$previous" ]; then
    releases | grep -qxF -- "$previous" || fail "没有名为 $previous 的发布（./run.sh deploy list 列出保留的发布）"
  else
    previous=$(releases | awk -v cur="$in_use" '$0 == cur { print prev; exit } { prev = $0 }')
    [ -n "$previous" ] || fail "$in_use 之前没有保留的发布，无法回退"
  fi
  switch_to "$previous"
  log "回退 $in_use → $previous"
  say "已回退：$in_use → $previous"
}

cmd_list() {
  local in_use name
  in_use=$(current_release)
  releases | while read -r name; do
    if [ "$name" = "$in_use" ]; then echo "* $name"; else echo "  $name"; fi
  done
}

case "${1:-deploy}" in
  deploy) shift $(($# > 0 ? 1 : 0)); cmd_deploy "$@" ;;
  rollback) cmd_rollback "${2:-}" ;;
  list) cmd_list ;;
  *) echo "用法：./run.sh deploy [deploy] | rollback [发布名] | list" >&2; exit 2 ;;
esac
