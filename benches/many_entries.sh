#!/usr/bin/env bash
# A book of many entries (default 10,000), each with a paragraph, a footnote and, for one in
# ten, a short comment thread; built to EPUB and to PDF separately, each under
# /usr/bin/time -v, printing wall time and peak resident memory (maximum RSS).
#
#   bash benches/many_entries.sh [ENTRIES]     # default 10000
#
# Needs python3 (to write the book) and GNU time (/usr/bin/time).
set -euo pipefail
entries=${1:-10000}
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
open(f"{root}/book.toml", "w").write('title = "Ten Thousand"\nlanguage = "en"\ndate = 2026-01-01\n')
open(f"{root}/authors/ann.md", "w").write('+++\nname = "Ann Example"\n+++\nAnn writes a great deal.\n')
para = ("The bus left the station at dawn, and the road ran along the river for an hour "
        "before it climbed into the hills, where the snow still lay in the hollows. ")
for i in range(n):
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    open(f"{root}/entries/e{i:05}.md", "w").write(
        f'+++\ntitle = "Entry {i}"\nauthor = "ann"\ndate = 2025-{month:02}-{day:02}\n'
        f'tags = ["road", "t{i % 50}"]\n+++\n{para * 3}[^n]\n\n{para * 2}\n\n[^n]: A note to entry {i}.\n')
    if i % 10 == 0:
        open(f"{root}/entries/e{i:05}.comments.toml", "w").write(
            '[[comment]]\nid = "c1"\nauthor = "Reader"\nbody = "Thank you."\n\n'
            '[[comment]]\nid = "c2"\nparent = "c1"\nauthor = "Ann"\nbody = "You are welcome."\n')
PY
echo "book: $entries entries ($(du -sh "$work/book" | cut -f1) on disk)"
for format in epub pdf; do
    /usr/bin/time -v "$bin" build "$work/book" --out "$work/out" --format "$format" \
        >/dev/null 2>"$work/time-$format.txt" || { tail -20 "$work/time-$format.txt"; exit 1; }
    wall=$(grep "Elapsed (wall clock)" "$work/time-$format.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time-$format.txt" | awk '{print $NF}')
    size=$(du -h "$work/out/ten-thousand.$format" | cut -f1)
    echo "$format: wall $wall, peak RSS $((rss / 1024)) MB, output $size"
done
