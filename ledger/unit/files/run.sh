#!/usr/bin/env bash
# 工作台账：./run.sh serve（安装并预览网站）| ./run.sh test（安装并检查记录、构建网站、生成汇报和台账）
# 其余命令：edit（预览 + 表单编辑器）、check、build、report、export、import、diff、deploy、bundle、upgrade……
# （./run.sh help 列出全部）。工具的版本只写在 requirements.txt 一行里；本文件由工具生成（python -m ledger upgrade 更新），请勿手改。
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1
VENV=.venv
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$VENV/.installed" ] || [ "$(cat "$VENV/.installed")" != "$want" ]; then
  echo "安装工作台账工具（requirements.txt）……"
  "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$VENV/.installed"
fi
case "${1:-help}" in
  help | -h | --help) exec "$PY" -m ledger --help ;;
  *) exec "$PY" -m ledger "$@" ;;
esac
