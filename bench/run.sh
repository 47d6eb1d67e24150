#!/usr/bin/env bash
# Build benchmark: policy-site (release build) against Hugo on the same synthetic
# pages, at several sizes. See bench/README.md for the method and how fair it is.
#
#   bench/run.sh                 # N = 1000 and 10000 pages per language
#   bench/run.sh 500 2000 5000   # any sizes (the first and last give the growth ratio)
#
# Environment: BENCH_RUNS (timed runs per tool and size, default 3; one warmup run
# comes first), BENCH_WORK (scratch folder, default target/bench; needs ~2 GB at 10k),
# BENCH_OUT (the Markdown table, default bench/results.md), BENCH_REV (how to name the
# measured version in the table; default: the git commit), BENCH_SERVE_CMD,
# BENCH_SEARCH_CMD and BENCH_SERVE_MEMORY_CMD (extra rows for the largest site; see
# below and bench/README.md).
#
# Installs hyperfine, hugo, GNU time and jq with apt-get when missing. The default
# sizes take 5 to 8 minutes on 2 cores (more when the machine is busy).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000)
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "bench: '$n' is not a number of pages" >&2; exit 2; }
done
RUNS=${BENCH_RUNS:-3}
WORK=${BENCH_WORK:-$ROOT/target/bench}
RESULTS=${BENCH_OUT:-$ROOT/bench/results.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

log() { printf '\n== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v hugo >/dev/null || need+=(hugo)
[[ -x /usr/bin/time ]] || need+=(time)
command -v jq >/dev/null || need+=(jq)
if [[ ${#need[@]} -gt 0 ]]; then
    log "installing ${need[*]}"
    SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get install -y "${need[@]}" || { $SUDO apt-get update && $SUDO apt-get install -y "${need[@]}"; }
fi

log "building policy-site and the synth example (release)"
cargo build --release --quiet --bin policy-site --example synth
# Measure copies, so a rebuild in the same tree during the run cannot swap the binary.
mkdir -p "$WORK"
cp "$TARGET/release/policy-site" "$WORK/policy-site"
cp "$TARGET/release/examples/synth" "$WORK/synth"
OURS=$WORK/policy-site
SYNTH=$WORK/synth
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src themes Cargo.toml 2>/dev/null || REV="$REV with uncommitted changes"

# --- helpers ---------------------------------------------------------------
# Runs a command under GNU time; prints "max_rss_kb user_s sys_s".
measure() {
    local report
    report=$(mktemp)
    /usr/bin/time -v -o "$report" "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; cat "$report" >&2; exit 1; }
    awk -F': ' '/Maximum resident set size/ {rss=$2} /User time/ {u=$2} /System time/ {s=$2}
        END {print rss, u, s}' "$report"
    rm -f "$report"
}
fmt_s() { awk -v x="$1" 'BEGIN {printf (x < 10 ? "%.2f" : "%.1f"), x}'; }
fmt_mb() { awk -v kb="$1" 'BEGIN {printf "%.0f", kb / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
json() { jq -r "$2" "$1"; }

# The average size of an HTML page, print views aside (KB).
per_page_kb() { find "$1" -name '*.html' ! -name print.html -printf '%s\n' | awk '{s += $1; n++} END {printf "%.1f", s / n / 1024}'; }
# The same, gzip'd (what a phone downloads from a server that compresses): a sample of
# every 50th page, each compressed alone with gzip -6.
per_page_gzip_kb() {
    find "$1" -name '*.html' ! -name print.html | sort | awk 'NR % 50 == 1' |
        while read -r f; do gzip -6 -c "$f" | wc -c; done | awk '{s += $1; n++} END {printf "%.1f", s / n / 1024}'
}

declare -A MEAN SD CPU RSS FILES BYTES PAGEKB GZKB

# --- the measurements --------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${SIZES[@]}"; do
    site=$WORK/site-$n hugo_site=$WORK/hugo-$n
    out_ours=$WORK/out-ours-$n out_hugo=$WORK/out-hugo-$n
    log "N=$n: writing the synthetic sites"
    "$SYNTH" "$n" "$site" --hugo "$hugo_site" >&2
    rm -rf "$out_ours" "$out_hugo"

    log "N=$n: checking that both build cleanly"
    if ! "$OURS" build --root "$site" --out "$out_ours" >"$WORK/ours-$n.log" 2>&1; then
        cat "$WORK/ours-$n.log" >&2; echo "bench: policy-site failed on the N=$n site" >&2; exit 1
    fi
    if grep -q '^error' "$WORK/ours-$n.log"; then
        cat "$WORK/ours-$n.log" >&2; echo "bench: policy-site reported errors" >&2; exit 1
    fi
    hugo --quiet --source "$hugo_site" --destination "$out_hugo" >"$WORK/hugo-$n.log" 2>&1 || {
        cat "$WORK/hugo-$n.log" >&2; echo "bench: hugo failed on the N=$n site" >&2; exit 1; }
    FILES[ours,$n]=$(find "$out_ours" -name '*.html' | wc -l)
    FILES[hugo,$n]=$(find "$out_hugo" -name '*.html' | wc -l)
    BYTES[ours,$n]=$(du -sm "$out_ours" | cut -f1)
    BYTES[hugo,$n]=$(du -sm "$out_hugo" | cut -f1)
    PAGEKB[ours,$n]=$(per_page_kb "$out_ours")
    PAGEKB[hugo,$n]=$(per_page_kb "$out_hugo")
    GZKB[ours,$n]=$(per_page_gzip_kb "$out_ours")
    GZKB[hugo,$n]=$(per_page_gzip_kb "$out_hugo")

    log "N=$n: wall time (hyperfine, warmup 1, $RUNS runs)"
    # Both tools write a fresh output tree every run: the old one is removed (untimed) first.
    hyperfine --style basic --warmup 1 --runs "$RUNS" \
        --prepare "rm -rf '$out_ours' '$out_hugo'" \
        --export-json "$WORK/hyperfine-$n.json" \
        -n policy-site "'$OURS' build --root '$site' --out '$out_ours'" \
        -n hugo "hugo --quiet --source '$hugo_site' --destination '$out_hugo'" >&2
    for i in 0 1; do
        tool=$([[ $i == 0 ]] && echo ours || echo hugo)
        MEAN[$tool,$n]=$(json "$WORK/hyperfine-$n.json" ".results[$i].mean")
        SD[$tool,$n]=$(json "$WORK/hyperfine-$n.json" ".results[$i].stddev // 0")
        CPU[$tool,$n]=$(json "$WORK/hyperfine-$n.json" ".results[$i].user + .results[$i].system")
    done

    log "N=$n: peak memory (/usr/bin/time -v)"
    rm -rf "$out_ours"
    stats=$(measure "$OURS" build --root "$site" --out "$out_ours")
    RSS[ours,$n]=${stats%% *}
    rm -rf "$out_hugo"
    stats=$(measure hugo --quiet --source "$hugo_site" --destination "$out_hugo")
    RSS[hugo,$n]=${stats%% *}
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# serve on the largest site: BENCH_SERVE_CMD, run with the site folder as its one
# argument, prints one Markdown table row per figure. By default the ignored test
# save_to_browser_latency in tests/serve_browser.rs (release build, headless Chromium)
# serves a copy of the site, saves a Markdown page and a YAML file BENCH_SERVE_SAVES
# times each (default 21) and times each save to the first paint of the reloaded page.
# BENCH_SERVE_CMD= (empty) skips it.
serve_figures() {
    local log=$WORK/serve-figures.log
    if SERVE_LATENCY_SITE=$1 SERVE_LATENCY_SAVES=${BENCH_SERVE_SAVES:-21} cargo test --release --quiet \
        --test serve_browser -- --ignored --exact save_to_browser_latency --nocapture >"$log" 2>&1; then
        grep '^| serve:' "$log"
    else
        echo "| serve: save to browser reload | failed: see ${log#"$ROOT"/} |"
    fi
}
export -f serve_figures
BENCH_SERVE_CMD=${BENCH_SERVE_CMD-serve_figures}
# Search on the largest site, in headless Chromium (/usr/bin/chromium, or $CHROMIUM):
# BENCH_SEARCH_CMD, same contract. By default the ignored test search_figures_for_bench
# in tests/search_browser.rs builds the site with the measured binary and prints the
# index size, the longest task while loading it, and the query time (about 15 s, plus
# compiling the test the first time). BENCH_SEARCH_CMD= (empty) skips it.
search_figures() {
    local log=$WORK/search-figures.log
    if POLICY_SITE_BIN=$OURS SEARCH_BENCH_SITE=$1 cargo test --quiet --test search_browser \
        -- --ignored --exact search_figures_for_bench --nocapture >"$log" 2>&1; then
        grep '^| search:' "$log"
    else
        echo "| search: query time in headless Chromium | failed: see ${log#"$ROOT"/} |"
    fi
}
export -f search_figures
# serve's resident memory on the largest site, after it starts and after each of 20
# edits (bench/serve-memory.sh, with the measured binary). BENCH_SERVE_MEMORY_CMD=
# (empty) skips it.
serve_memory_figures() { "$ROOT/bench/serve-memory.sh" "$1" "$OURS"; }
export -f serve_memory_figures
export WORK OURS ROOT
BENCH_SEARCH_CMD=${BENCH_SEARCH_CMD-search_figures}
BENCH_SERVE_MEMORY_CMD=${BENCH_SERVE_MEMORY_CMD-serve_memory_figures}
last=${SIZES[-1]}
EXTRA_ROWS=()
declare -A HOOK_LABEL=(
    [BENCH_SERVE_CMD]="serve: save to browser reload"
    [BENCH_SEARCH_CMD]="search: query time in headless Chromium"
    [BENCH_SERVE_MEMORY_CMD]="serve: resident memory"
)
for hook in BENCH_SERVE_CMD BENCH_SEARCH_CMD BENCH_SERVE_MEMORY_CMD; do
    cmd=${!hook:-}
    if [[ -n $cmd ]]; then
        log "running $hook on the N=$last site"
        rows=$(bash -c "$cmd \"\$1\"" _ "$WORK/site-$last") || { echo "bench: $hook failed" >&2; exit 1; }
        EXTRA_ROWS+=("$rows")
    else
        EXTRA_ROWS+=("| ${HOOK_LABEL[$hook]} | not measured yet (set $hook; TODO in bench/run.sh) |")
    fi
done
log "revisions on the N=$last site (bench/revisions.sh)"; EXTRA_ROWS+=("$(OURS=$OURS SYNTH=$SYNTH bench/revisions.sh "$last" || echo "| revisions: build with versions recorded / without | failed: see the log above |")")

# --- the report ------------------------------------------------------------
first=${SIZES[0]}
{
    echo "## Build benchmark: policy-site and Hugo"
    echo
    echo "Synthetic site from \`cargo run --release --example synth -- N DIR --hugo DIR2\`:"
    echo "the bundled policy plus N Markdown pages per language (Japanese and English,"
    echo "about 1.5 KB each, sections of 50). Wall time is the mean of $RUNS hyperfine runs"
    echo "after one warmup; CPU is user + system time; peak memory is GNU time's maximum"
    echo "resident set size. Method and fairness: [bench/README.md](bench/README.md)."
    echo
    echo "| pages per language | tool | wall time | CPU time | peak memory | HTML files | output | per page (print views aside) | gzip'd |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    for n in "${SIZES[@]}"; do
        for tool in ours hugo; do
            name=$([[ $tool == ours ]] && echo policy-site || echo "Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)")
            echo "| $n | $name | $(fmt_s "${MEAN[$tool,$n]}") s ± $(fmt_s "${SD[$tool,$n]}") | $(fmt_s "${CPU[$tool,$n]}") s | $(fmt_mb "${RSS[$tool,$n]}") MB | ${FILES[$tool,$n]} | ${BYTES[$tool,$n]} MB | ${PAGEKB[$tool,$n]} KB | ${GZKB[$tool,$n]} KB |"
        done
    done
    echo
    echo "| pages per language | Hugo time / ours (wall) | Hugo / ours (CPU) | our peak memory / Hugo's |"
    echo "|---:|---:|---:|---:|"
    for n in "${SIZES[@]}"; do
        echo "| $n | $(ratio "${MEAN[hugo,$n]}" "${MEAN[ours,$n]}")× | $(ratio "${CPU[hugo,$n]}" "${CPU[ours,$n]}")× | $(ratio "${RSS[ours,$n]}" "${RSS[hugo,$n]}")× |"
    done
    if [[ $first != "$last" ]]; then
        echo
        echo "| growth from $first to $last pages per language ($(ratio "$last" "$first")× the pages) | wall time | CPU time | peak memory |"
        echo "|---|---:|---:|---:|"
        for tool in ours hugo; do
            name=$([[ $tool == ours ]] && echo policy-site || echo Hugo)
            echo "| $name | $(ratio "${MEAN[$tool,$last]}" "${MEAN[$tool,$first]}")× | $(ratio "${CPU[$tool,$last]}" "${CPU[$tool,$first]}")× | $(ratio "${RSS[$tool,$last]}" "${RSS[$tool,$first]}")× |"
        done
    fi
    echo
    echo "| other figures on the $last-page site | |"
    echo "|---|---|"
    printf '%s\n' "${EXTRA_ROWS[@]}"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
    echo "$(free -h | awk '/^Mem:/ {print $2}') memory, $(uname -sr); load average $LOAD_BEFORE before, $LOAD_AFTER after."
    echo "policy-site ${BENCH_REV:-$REV},"
    echo "$(rustc --version | cut -d' ' -f1-2), $(hugo version | cut -d' ' -f1-2), $(hyperfine --version)."
} >"$RESULTS"

log "results (also in ${RESULTS#"$ROOT"/})"
cat "$RESULTS"
