#!/usr/bin/env bash
# Search quality: the queries of bench/search-queries.tsv (as staff type them, each
# with the page that should come in the first three) through our search, in headless
# Chromium from file://, and side by side through Pagefind on the same built pages
# (main content marked data-pagefind-body, served over a loopback HTTP server, since
# Pagefind cannot run from file://). Prints each query's rank in both, then success
# at 3 and mean reciprocal rank.
#
#   bench/search-quality.sh            # POLICY_SITE_BIN=path to use a built binary
#
# Installs Pagefind from npm (PAGEFIND_VERSION, default 1.6.0) into $WORK/pagefind.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${BENCH_WORK:-$ROOT/target/bench}/search-quality
VERSION=${PAGEFIND_VERSION:-1.6.0}
mkdir -p "$WORK"

if [[ -z ${POLICY_SITE_BIN:-} ]]; then
    cargo build --release --quiet --bin policy-site
    POLICY_SITE_BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/policy-site
fi
if [[ ! -x $WORK/pagefind/node_modules/.bin/pagefind ]]; then
    echo "search-quality: installing pagefind@$VERSION from npm" >&2
    npm install --silent --prefix "$WORK/pagefind" "pagefind@$VERSION" >&2
fi

echo "search-quality: building the bundled site" >&2
rm -rf "$WORK/site" "$WORK/pagefind-site"
"$POLICY_SITE_BIN" build --root "$ROOT" --out "$WORK/site" >&2
# Pagefind's copy: the same pages, main content marked for Pagefind (not the search,
# 404 and print pages, which are not content).
cp -r "$WORK/site" "$WORK/pagefind-site"
find "$WORK/pagefind-site" -name '*.html' ! -name search.html ! -name 404.html ! -name print.html \
    -exec sed -i 's/<main id="main"/<main data-pagefind-body id="main"/' {} +
"$WORK/pagefind/node_modules/.bin/pagefind" --site "$WORK/pagefind-site" >"$WORK/pagefind.log" 2>&1 || {
    cat "$WORK/pagefind.log" >&2; exit 1; }

PORT=${PAGEFIND_PORT:-8765}
python3 -m http.server --bind 127.0.0.1 "$PORT" --directory "$WORK/pagefind-site" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/ja/index.html" && break
    sleep 0.1
done

SEARCH_QUALITY_SITE=$WORK/site PAGEFIND_BASE=http://127.0.0.1:$PORT \
    cargo test --quiet --test search_browser -- --ignored --exact search_quality_for_bench --nocapture \
    2>/dev/null | grep '^|'
