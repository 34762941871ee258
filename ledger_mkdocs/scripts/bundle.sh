#!/usr/bin/env bash
# 离线版：把网站构建成可以直接从磁盘打开（file://）的版本并打成 zip，给没有网站服务器的单位。
# 解压后双击 ledger-offline/index.html 即可浏览，搜索可用，不访问任何其他主机。
#
#   ./run.sh bundle [输出文件.zip]（python -m ledger bundle）     默认 build/ledger-offline.zip
#
# 环境变量：PROJECT（项目文件夹，默认当前文件夹）、PYTHON（默认 项目/.venv/bin/python，没有则 python3）。
# 其余参数原样交给 mkdocs build。
set -euo pipefail
PROJECT=${PROJECT:-$(pwd)}
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$PROJECT/.venv/bin/python" ]; then PYTHON="$PROJECT/.venv/bin/python"; else PYTHON=python3; fi
fi
OUT=$(realpath -m "${1:-$PROJECT/build/ledger-offline.zip}")
if [ "$#" -gt 0 ]; then shift; fi
case "$OUT" in *.zip) ;; *) echo "输出文件应以 .zip 结尾：$OUT" >&2; exit 2 ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$PROJECT"
# mkdocs.offline.yml：mkdocs.yml 加上 offline 插件（链接写成 xxx.html，搜索索引内联成脚本）
# 不加 -q：页面里的宏出错时，说明哪一页出错的只是一条警告，-q 会把它吞掉
NO_MKDOCS_2_WARNING=1 "$PYTHON" -m mkdocs build --strict \
  -f "$PROJECT/mkdocs.offline.yml" -d "$work/ledger-offline" "$@"
mkdir -p "$(dirname "$OUT")"
"$PYTHON" -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2], "ledger-offline")' \
  "$work/bundle" "$work"
mv -f "$work/bundle.zip" "$OUT"
echo "离线版已生成：$OUT（解压后打开 ledger-offline/index.html）"
