#!/usr/bin/env bash
# Revision benchmark: how much recorded versions add to a build. On the synthetic site
# (N pages per language, default 10000), 1.0 is recorded, the site edited, 1.1
# recorded, edited again, 1.2 recorded (two revisions: pages reworded, a paragraph
# inserted, a page added and then removed, a mindset reworded). That site is built
# with its versions recorded, and as the same content with none recorded (its records
# removed, its history entries kept as history only): the target is under 1.5x
# (issue #13). For comparison with runs before December 2026, it is also set against
# the synthetic site before the edits, whose translation lock is 50 KB, not the 18 MB
# the edits' `translations --confirm --all` made (a cost of the lock, not of versions).
# The builds are run in turns, one of each per round, so that a machine whose speed
# drifts slows them alike.
#
#   bench/revisions.sh [N]        # prints table rows: | figure | value |
#
# bench/run.sh calls it for the largest size and adds the rows to its report. Alone,
# it builds the release binary and the generator (or uses the copies named by OURS
# and SYNTH). Environment: BENCH_RUNS (timed runs, default 3, after one warmup),
# BENCH_WORK (scratch folder, default target/bench; about 1.5 GB more at 10,000).
# Installs hyperfine and jq with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${1:-10000}
[[ $N =~ ^[0-9]+$ && $N -gt 0 ]] || { echo "bench: '$N' is not a number of pages" >&2; exit 2; }
RUNS=${BENCH_RUNS:-3}
WORK=${BENCH_WORK:-$ROOT/target/bench}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
log() { printf '\n== %s\n' "$*" >&2; }
mkdir -p "$WORK"
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v jq >/dev/null || need+=(jq)
if [[ ${#need[@]} -gt 0 ]]; then
    log "installing ${need[*]}"
    SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get install -y "${need[@]}" || { $SUDO apt-get update && $SUDO apt-get install -y "${need[@]}"; }
fi
if [[ -z ${OURS:-} || -z ${SYNTH:-} ]]; then
    log "building policy-site and the synth example (release)"
    cargo build --release --quiet --bin policy-site --example synth
    cp "$TARGET/release/policy-site" "$WORK/rev-policy-site"
    cp "$TARGET/release/examples/synth" "$WORK/rev-synth"
    OURS=$WORK/rev-policy-site SYNTH=$WORK/rev-synth
fi

plain=$WORK/rev-plain-$N revised=$WORK/rev-revised-$N
log "N=$N: writing the synthetic site, with no version recorded"
"$SYNTH" "$N" "$plain" >&2
# The bundled content it copies has version 1.0 recorded: drop the record, and keep
# the history entry as history only (no `version:`).
rm -rf "$plain/content/revisions"
sed -i -E '/^version: /d; /^  - version: /{N; s/^  - version: [^\n]*\n    /  - /}' "$plain/content/site.yaml"
rm -rf "$revised" && cp -a "$plain" "$revised"

log "N=$N: recording 1.0, 1.1 and 1.2"
site() { "$OURS" --messages en "$@" --root "$revised" >&2; }
pages=$revised/content/pages
mapfile -t ja_pages < <(find "$pages" -path '*/s[0-9]*/p*.ja.md' | sort)
first_section=$(dirname "${ja_pages[0]}")
site revise 1.0 --date 2027-04-01 --note "ja=初版" --note "en=First version"
# 1.1: a paragraph inserted in the middle of 50 pages in each language, a page
# added, a mindset reworded.
for f in "${ja_pages[@]:0:50}"; do
    sed -i '0,/^## /s//この段落は改定で加えました。\n\n## /' "$f"
    sed -i '0,/^## /s//This paragraph was added in a revision.\n\n## /' "${f%.ja.md}.en.md"
done
printf -- '---\ntitle: 改定で加えたページ\nweight: 999\n---\n\n改定で加えたページです。\n' >"$first_section/revised.ja.md"
printf -- '---\ntitle: A page added in a revision\nweight: 999\n---\n\nA page added in a revision.\n' >"$first_section/revised.en.md"
sed -i 's/高い倫理観を持ち/高い倫理観と責任感を持ち/' "$revised/content/mindsets.yaml"
site translations --confirm --all >/dev/null
site revise 1.1 --date 2027-10-01 --note "ja=研修の記述を改めた" --note "en=Training revised"
# 1.2: a word changed on 100 pages in each language, the added page removed.
for f in "${ja_pages[@]:50:100}"; do
    sed -i 's/研修/研修（OJT を含む）/' "$f"
    sed -i 's/training/training (on the job too)/' "${f%.ja.md}.en.md"
done
rm "$first_section/revised.ja.md" "$first_section/revised.en.md"
site translations --confirm --all >/dev/null
site revise 1.2 --date 2028-04-01 --note "ja=用語を改めた" --note "en=Terms revised"

# The same content with no version recorded: the records removed, the history kept.
same=$WORK/rev-same-$N
rm -rf "$same" && cp -a "$revised" "$same"
rm -rf "$same/content/revisions"
sed -i -E '/^version: /d; /^  - version: /{N; s/^  - version: [^\n]*\n    /  - /}' "$same/content/site.yaml"

log "N=$N: checking that each builds cleanly"
for s in plain same revised; do
    dir=$WORK/rev-$s-$N
    if ! "$OURS" build --root "$dir" --out "$dir.out" >"$dir.log" 2>&1 || grep -q '^error' "$dir.log"; then
        cat "$dir.log" >&2; echo "bench: the $s site did not build" >&2; exit 1
    fi
done
files=$(find "$revised.out" -path '*/revisions*' -name '*.html' | wc -l)

log "N=$N: with and without the versions, in turns (hyperfine, 1 warmup round, $RUNS rounds)"
for round in $(seq 0 "$RUNS"); do
    hyperfine --style basic --runs 1 \
        --prepare "rm -rf '$plain.out' '$same.out' '$revised.out'" \
        --export-json "$WORK/rev-hyperfine-$N-$round.json" \
        -n "before the edits, no version recorded" "'$OURS' build --root '$plain' --out '$plain.out'" \
        -n "the same content, no version recorded" "'$OURS' build --root '$same' --out '$same.out'" \
        -n "1.0, 1.1 and 1.2 recorded" "'$OURS' build --root '$revised' --out '$revised.out'" >&2
done
# The mean over the rounds after the warmup (round 0) of each build's wall and CPU time.
rounds=$(for round in $(seq 1 "$RUNS"); do echo "$WORK/rev-hyperfine-$N-$round.json"; done)
# shellcheck disable=SC2086
mean() { jq -s "[.[].results[$1] | $2] | add / length" $rounds; }
wall_plain=$(mean 0 .mean) wall_same=$(mean 1 .mean) wall=$(mean 2 .mean)
cpu_plain=$(mean 0 '.user + .system') cpu_same=$(mean 1 '.user + .system') cpu=$(mean 2 '.user + .system')
awk -v files="$files" -v w="$wall" -v c="$cpu" -v ws="$wall_same" -v cs="$cpu_same" \
    -v wp="$wall_plain" -v cp="$cpu_plain" 'BEGIN {
    printf "| revisions: build with 1.0, 1.1 and 1.2 recorded (%d revision pages and print views) / the same content with none recorded, wall | %.1f s / %.1f s = %.2f× (target < 1.5×) |\n", files, w, ws, w / ws
    printf "| revisions: the same, CPU (user + system) | %.1f s / %.1f s = %.2f× |\n", c, cs, c / cs
    printf "| revisions: against the site before its edits (as in earlier runs), wall; CPU | %.1f s / %.1f s = %.2f×; %.1f s / %.1f s = %.2f× |\n", w, wp, w / wp, c, cp, c / cp
}'
