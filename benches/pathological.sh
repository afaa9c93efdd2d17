#!/usr/bin/env bash
# Markdown built to make parsers slow (comrak's and CommonMark's known quadratic cases) and
# nesting past chapbook's limits: each pattern is written as one entry at two sizes and built
# to EPUB; the wall time of each build is printed. Timings are measured here, not asserted
# in tests, because the machine is shared.
#
#   bash benches/pathological.sh [REPEATS]     # default 10000; the second size is 5×
set -euo pipefail
n=${1:-10000}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/chapbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$n" <<'PY'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
patterns = {
    "open brackets [[[[": lambda k: "[" * k,
    "links [a]( unclosed": lambda k: "[a](" * k,
    "emphasis *_ pairs": lambda k: "*_" * k,
    "strong **a unclosed": lambda k: "**a " * k,
    "nested *a _b ... b_ a*": lambda k: "*a _b " * k + "x" + " b_ a*" * k,
    "backticks": lambda k: "`" * (k // 2) + " x `" * (k // 2),
    "open angle <<<<": lambda k: "<" * k,
    "quotes >>>> (past the limit)": lambda k: ">" * k + " deep",
    "lists - - - (past the limit)": lambda k: "- " * k + "x",
    "language spans [[...]{lang=kk}": lambda k: "[" * k + "x" + "]{lang=kk}" * k,
    "link reference definitions": lambda k: "".join(f"[l{i}]: /u{i}\n" for i in range(k)) + "[l1]",
    "table of many rows": lambda k: "| a | b |\n|---|---|\n" + "| x | y |\n" * k,
    "footnotes citing each other": lambda k: "Start[^0].\n\n" + "".join(f"[^{i}]: Note[^{i+1}].\n\n" for i in range(k)) + f"[^{k}]: End.\n",
}
for size in (n, 5 * n):
    for index, (name, make) in enumerate(patterns.items()):
        book = f"{work}/{size}-{index:02}"
        os.makedirs(f"{book}/entries")
        open(f"{book}/book.toml", "w").write('title = "P"\ndate = 2026-01-01\n')
        open(f"{book}/entries/p.md", "w").write(f'+++\ntitle = "P"\n+++\n{make(size)}\n')
        open(f"{book}/name", "w").write(name)
PY
printf '%-36s %8s %10s %8s\n' pattern repeats "bytes" seconds
for book in "$work"/*-*; do
    [ -d "$book" ] || continue
    size=${book##*/}; size=${size%-*}
    bytes=$(stat -c %s "$book/entries/p.md")
    start=$(date +%s%N)
    status=ok
    "$bin" build "$book" --out "$work/out" --format epub >/dev/null 2>&1 || status="error (expected past a limit)"
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    printf '%-36s %8s %10s %4d.%03d %s\n' "$(cat "$book/name")" "$size" "$bytes" $((ms / 1000)) $((ms % 1000)) "$status"
done
