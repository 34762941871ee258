#!/usr/bin/env bash
# 一键脚本：./run.sh serve（安装并预览样例数据站点）| ./run.sh edit（预览 + 表单编辑器 /admin/）| ./run.sh test（安装并运行全部测试）
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
  want=$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -r requirements-dev.txt
    "$PY" -m pip install --quiet --no-deps -e .
    echo "$want" > "$stamp"
  fi
}

# Debian packages the tests need: Chromium for browser tests, poppler-utils to read printed PDFs, CJK fonts so Chinese renders,
# nginx for the deploy test, node/npm for the editor-hints test. Installed only when missing (needs root and apt-get).
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

# The form editor's tools (editor/package.json, pinned): decap-server for ./run.sh edit
setup_editor() {
  command -v npm >/dev/null 2>&1 || setup_system
  local want have
  want=$(node -p "require('./editor/package.json').dependencies['decap-server']")
  have=$(node -p "try{require('./editor/node_modules/decap-server/package.json').version}catch(e){''}")
  if [ "$want" != "$have" ]; then
    echo "安装表单编辑器的本机服务（decap-server $want）"
    (cd editor && npm ci --no-audit --no-fund --silent)
  fi
}

case "${1:-}" in
  edit)  # 表单编辑器：本机预览 + Decap 的本机服务，浏览器打开 http://127.0.0.1:8000/admin/（见 README“表单编辑器（/admin/）”）
    setup_python
    setup_editor
    # MODE=fs：保存只写文件，不提交；提交由编辑人自己做（git commit 或 VS Code 的“源代码管理”）
    # 端口取 mkdocs.yml 里的 editor.local_port（默认 8081）；只监听本机 127.0.0.1，不需要登录
    port=$("$PY" -c 'import yaml; print((yaml.safe_load(open("mkdocs.yml"))["plugins"]["ledger"].get("editor") or {}).get("local_port", 8081))')
    MODE=fs BIND_HOST=127.0.0.1 PORT="$port" GIT_REPO_DIRECTORY="$PWD" LOG_LEVEL=warn \
      node editor/node_modules/decap-server/dist/index.js &
    decap=$!
    trap 'kill "$decap" 2>/dev/null || true' EXIT
    echo "表单编辑器：http://${ADDR:-127.0.0.1:8000}/admin/  （按 Ctrl+C 同时停止预览和编辑器服务）"
    "$VENV/bin/mkdocs" serve --dev-addr "${ADDR:-127.0.0.1:8000}"
    ;;
  format)  # 把 data/ 改写成表单编辑器保存时的格式（手改 YAML 之后运行一次；--check 只检查不改写）
    setup_python
    setup_editor
    "$PY" -m ledger.editor.decap | node editor/format.mjs "${@:2}" .
    ;;
  serve)
    setup_python
    "$PY" -m ledger check
    exec "$VENV/bin/mkdocs" serve --dev-addr "${ADDR:-127.0.0.1:8000}"
    ;;
  build)
    setup_python
    # --public：公开版，不含标为内部的记录和字段（mkdocs.public.yml，见 README“公开版与内部版”）
    args=() config=mkdocs.yml
    for arg in "${@:2}"; do
      if [ "$arg" = --public ]; then config=mkdocs.public.yml; else args+=("$arg"); fi
    done
    exec "$VENV/bin/mkdocs" build --strict -f "$config" "${args[@]+"${args[@]}"}"
    ;;
  test)
    setup_python
    setup_system
    exec "$PY" -m pytest "${@:2}"
    ;;
  check)
    setup_python
    exec "$PY" -m ledger check "${@:2}"
    ;;
  diff)  # 两个 git 版本的台账比较：./run.sh diff main HEAD（见 README“本期进展与台账变化”）
    setup_python
    exec "$PY" -m ledger diff "${@:2}"
    ;;
  deploy)  # 发布到本机 nginx：./run.sh deploy | ./run.sh deploy rollback | ./run.sh deploy list（见 deploy/deploy.sh）
    setup_python
    exec deploy/deploy.sh "${@:2}"
    ;;
  rollup)  # 汇总台账：./run.sh rollup examples/rollup-demo -d site-rollup（检查各单位后构建，见 README“汇总台账”）
    setup_python
    folder="${2:?用法：./run.sh rollup 汇总台账文件夹 [-d 输出文件夹]}"
    "$PY" -m ledger rollup check "$folder"
    exec "$VENV/bin/mkdocs" build --strict -f "$folder/mkdocs.yml" "${@:3}"
    ;;
  bundle)  # 离线版 zip（见 deploy/bundle.sh）
    setup_python
    exec deploy/bundle.sh "${@:2}"
    ;;
  *)
    echo "用法：./run.sh serve | ./run.sh edit | ./run.sh format | ./run.sh test | ./run.sh build | ./run.sh check | ./run.sh diff | ./run.sh deploy | ./run.sh bundle | ./run.sh rollup" >&2
    exit 2
    ;;
esac
