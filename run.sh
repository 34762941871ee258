#!/usr/bin/env bash
# 一键脚本：./run.sh serve（安装并预览样例数据站点）| ./run.sh edit（预览 + 表单编辑器 /admin/）| ./run.sh test（安装并运行全部测试）
# 其余命令都交给工具：./run.sh X 即 python -m ledger X（单位仓库的 run.sh 也一样，见 README“一个新单位的台账”）
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1
VENV=.venv
PY="$VENV/bin/python"

setup_python() {
  if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed" want
  want=$(cat requirements.txt requirements-dev.txt pyproject.toml setup.py | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -r requirements-dev.txt
    "$PY" -m pip install --quiet --no-deps -e .
    echo "$want" > "$stamp"
  fi
}

# Debian packages the tests need: Chromium for browser tests, poppler-utils to read printed PDFs, CJK fonts so Chinese renders,
# nginx for the deploy test, node/npm for the editor-hints and format-reference tests. Installed only when missing (needs root and apt-get).
setup_system() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # pdftotext/pdfinfo: the print tests read the PDFs Chromium prints (page numbers, page sizes)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -n "$(fc-list 2>/dev/null | grep -i 'Noto Sans CJK' | head -1)" ] || missing+=(fonts-noto-cjk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  # node + npm: the editor-hints test runs the YAML language server behind VS Code's YAML extension
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # LibreOffice (headless): the Excel round-trip test re-saves the 台账 through another office suite
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "安装系统软件包：${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "缺少系统软件包：${missing[*]}。请以 root 运行或先执行：sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
}

# Everything else is the tool's (python -m ledger …, the same commands a unit's run.sh hands over to);
# here, the tool's home, it runs from this checkout (pip install -e .) and `test` runs the tool's own tests.
case "${1:-}" in
  test)
    setup_python
    setup_system
    exec "$PY" -m pytest "${@:2}"
    ;;
  "" | help | -h | --help)
    echo "用法：./run.sh serve | ./run.sh edit | ./run.sh test | ./run.sh check | ./run.sh build | ./run.sh format | ./run.sh diff | ./run.sh deploy | ./run.sh bundle | ./run.sh rollup | ./run.sh new …（全部命令：./run.sh commands）" >&2
    [ -n "${1:-}" ] && exit 0 || exit 2
    ;;
  commands)
    setup_python
    exec "$PY" -m ledger --help
    ;;
  rollup)  # 汇总台账：./run.sh rollup examples/rollup-demo -d site-rollup（检查各单位后构建，见 README“汇总台账”）
    setup_python
    folder="${2:?用法：./run.sh rollup 汇总台账文件夹 [-d 输出文件夹]}"
    "$PY" -m ledger rollup check "$folder"
    exec "$VENV/bin/mkdocs" build --strict -f "$folder/mkdocs.yml" "${@:3}"
    ;;
  *)  # serve（检查后预览）、edit（预览 + 表单编辑器 /admin/）、check、build [--public]、diff、deploy、bundle、new、upgrade……
    setup_python
    exec "$PY" -m ledger "$@"
    ;;
esac
