#!/usr/bin/env bash
# Serve's resident memory on a site: after it starts, and after each of 20 edits of
# one Markdown page (serve reports "… MB in all" after every build; this collects
# those figures). Prints Markdown table rows for bench/run.sh (BENCH_SERVE_MEMORY_CMD).
#
#   bench/serve-memory.sh SITE [BINARY]      # BINARY defaults to target/release/policy-site
#
# Works on a copy of SITE (in a temporary folder), so the site itself is not edited.
set -euo pipefail
SITE=${1:?usage: bench/serve-memory.sh SITE [BINARY]}
BIN=${2:-$(dirname "$0")/../target/release/policy-site}
EDITS=${SERVE_MEMORY_EDITS:-20}
work=$(mktemp -d)
serve_pid=
cleanup() { [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp -r "$SITE" "$work/site"
log=$work/serve.log
"$BIN" serve --root "$work/site" --port 0 >/dev/null 2>"$log" &
serve_pid=$!
# Waits (up to 10 minutes: only a hang takes that long) until the log holds $1 figures.
wait_for() {
    local deadline=$((SECONDS + 600))
    until [[ $(grep -c 'MB in all' "$log" || true) -ge $1 ]]; do
        kill -0 "$serve_pid" 2>/dev/null || { cat "$log" >&2; echo "serve-memory: serve stopped" >&2; exit 1; }
        ((SECONDS < deadline)) || { cat "$log" >&2; echo "serve-memory: no build $1" >&2; exit 1; }
        sleep 0.2
    done
}
wait_for 1
page=$work/site/content/pages/introduction.ja.md
for ((i = 1; i <= EDITS; i++)); do
    printf '\n編集 %d 回目。\n' "$i" >>"$page"
    wait_for $((i + 1))
done
figures=$(grep -o '[0-9]* MB in all' "$log" | cut -d' ' -f1)
first=$(head -1 <<<"$figures")
after=$(tail -n +2 <<<"$figures" | tr '\n' ' ' | sed 's/ $//')
last=$(tail -1 <<<"$figures")
second=$(sed -n 2p <<<"$figures")
echo "| serve: resident memory after start | $first MB |"
echo "| serve: resident memory after each of $EDITS edits | $after MB (first $second, last $last) |"
