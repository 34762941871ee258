#!/usr/bin/env bash
# Vendor the Decap CMS bundle (pinned in editor/package.json) into the package: ledger_mkdocs/assets/admin/vendor/decap-cms/.
# Run after changing the version: npm ci in editor/, then this script, then commit that folder.
# The site adapter copies this folder to /admin/vendor/decap-cms/ of the internal build: the build
# needs no network and the editor page asks no other host.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/decap-cms ] || npm ci --no-audit --no-fund
src=node_modules/decap-cms/dist
dest=../ledger_mkdocs/assets/admin/vendor/decap-cms
rm -rf "$dest"
mkdir -p "$dest"
# The main bundle, the chunks it loads on demand (webpack: next to the bundle) and their wasm; no source maps
cp "$src"/decap-cms.js "$src"/*.decap-cms.js "$src"/*.wasm "$dest"/
sed -i '/^\/\/# sourceMappingURL=/d' "$dest"/*.js
cp "$src"/decap-cms.js.LICENSE.txt "$dest"/THIRD-PARTY-NOTICES.txt
# decap-cms is MIT; its npm package carries no LICENSE file, the monorepo's packages do (same text)
cp node_modules/decap-cms-core/LICENSE "$dest"/LICENSE 2>/dev/null || cp node_modules/decap-cms-lib-auth/LICENSE "$dest"/LICENSE
version=$(node -p "require('./node_modules/decap-cms/package.json').version")
printf 'decap-cms %s (npm), MIT licence: LICENSE; bundled third-party notices: THIRD-PARTY-NOTICES.txt.\nCopied from node_modules/decap-cms/dist by editor/vendor.sh; do not edit.\n' "$version" > "$dest"/VERSION.txt
du -sh "$dest"
