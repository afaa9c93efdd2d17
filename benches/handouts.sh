#!/usr/bin/env bash
# What handouts cost: a book of many entries (default 100; each a few paragraphs, a footnote
# and, for one in five, a short comment thread, one author page) built to PDF by the release
# binary without and with --handouts, on one thread and on two (RAYON_NUM_THREADS), three runs
# each under /usr/bin/time -v: the median wall time and the largest peak resident memory.
# Then the sample book the same way. Record the load average (printed) beside the figures.
#
#   bash benches/handouts.sh [ENTRIES]     # default 100
#
# Needs python3 (to write the book) and GNU time (/usr/bin/time).
set -euo pipefail
entries=${1:-100}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/chapbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/book" "$entries" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{root}/entries")
os.makedirs(f"{root}/authors")
open(f"{root}/book.toml", "w").write('title = "Handouts"\nlanguage = "en"\ndate = 2026-01-01\n')
open(f"{root}/authors/ann.md", "w").write('+++\nname = "Ann Example"\n+++\nAnn writes a great deal.\n')
para = ("The bus left the station at dawn, and the road ran along the river for an hour "
        "before it climbed into the hills, where the snow still lay in the hollows. ")
for i in range(n):
    open(f"{root}/entries/e{i:04}.md", "w").write(
        f'+++\ntitle = "Entry {i}"\nauthor = "ann"\ndate = 2025-01-{1 + i % 28:02}\n'
        f'url = "https://example.org/{i}/"\n+++\n'
        + "".join(f"{para * 4}\n\n" for _ in range(6)) + "A note.[^n]\n\n[^n]: The note.\n")
    if i % 5 == 0:
        open(f"{root}/entries/e{i:04}.comments.toml", "w").write(
            '[[comment]]\nid = "c1"\nauthor = "Reader"\nbody = "Thank you."\n\n'
            '[[comment]]\nid = "c2"\nparent = "c1"\nauthor = "Ann"\nbody = "You are welcome."\n')
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() {
    local book=$1 label=$2 threads=$3
    shift 3
    local times=() peak=0
    for run in 1 2 3; do
        rm -rf "$work/out"
        RAYON_NUM_THREADS=$threads /usr/bin/time -v "$bin" build "$book" --out "$work/out" \
            --format pdf "$@" >/dev/null 2>"$work/time.txt" || { tail -20 "$work/time.txt"; exit 1; }
        times+=("$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}' | awk -F: '{print $(NF-1)*60 + $NF}')")
        rss=$(grep "Maximum resident" "$work/time.txt" | awk '{print $NF}')
        ((rss > peak)) && peak=$rss
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
    local handouts
    handouts=$(find "$work/out/handouts" -name '*.pdf' 2>/dev/null | wc -l)
    printf '%-28s %s thread(s): %6.2f s, peak %4d MB, %d handouts\n' \
        "$label" "$threads" "$median" $((peak / 1024)) "$handouts"
}
for threads in 1 2; do
    measure "$work/book" "$entries entries" "$threads"
    measure "$work/book" "$entries entries --handouts" "$threads" --handouts
    measure "$repo/book" "book/" "$threads"
    measure "$repo/book" "book/ --handouts" "$threads" --handouts
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
