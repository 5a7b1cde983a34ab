#!/usr/bin/env bash
# Refreshes the front-end libraries embedded in the binary from the npm lock
# file (crates/web/frontend/package-lock.json). Run after changing versions
# there; the copies under crates/web/static/vendor are committed so that a
# build needs no npm.
set -euo pipefail
cd "$(dirname "$0")/../crates/web/frontend"
npm ci --no-audit --no-fund
dest=../static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$dest/htmx.LICENSE"
echo "vendored: htmx $(node -p "require('./node_modules/htmx.org/package.json').version")"
