#!/usr/bin/env bash
# What handouts cost: the sample book's five entries copied COPIES times (default 20: 100
# entries of real prose in English, Russian and Kazakh, with notes, comments, an image, a table
# and QR codes; each copy's slugs made unique), built to PDF by the release binary without and
# with --handouts, on one thread and on two (RAYON_NUM_THREADS), three runs each under
# /usr/bin/time -v: the median wall time and the largest peak resident memory. Then the sample
# book itself. Record the load average (printed) beside the figures.
#
#   bash benches/handouts.sh [COPIES]     # default 20
#
# Needs python3 (to copy the book) and GNU time (/usr/bin/time).
set -euo pipefail
copies=${1:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/chapbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$repo/book" "$work/book" "$copies" <<'PY'
import pathlib, re, shutil, sys
sample, root, copies = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
for folder in ("authors", "images"):
    shutil.copytree(sample / folder, root / folder)
(root / "entries").mkdir()
toml = (sample / "book.toml").read_text()
# Without its list of entries: they are ordered by date, then file name.
(root / "book.toml").write_text(re.sub(r"(?ms)^entries = \[.*?\]\n", "", toml))
for n in range(copies):
    for source in sorted((sample / "entries").iterdir()):
        stem, _, rest = source.name.partition(".")
        text = re.sub(r'(?m)^slug = "(.*)"$', rf'slug = "\1-{n}"', source.read_text())
        (root / "entries" / f"{stem}-{n:03}.{rest}").write_text(text)
PY
entries=$(find "$work/book/entries" -name '*.md' | wc -l)
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
        if ((rss > peak)); then peak=$rss; fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
    local handouts
    handouts=$(ls "$work/out/handouts" 2>/dev/null | grep -c '\.pdf$' || true)
    local pages
    pages=$(pdfinfo "$work/out/"*.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
    printf '%-28s %s thread(s): %6.2f s, peak %4d MB, %s pages, %d handouts\n' \
        "$label" "$threads" "$median" $((peak / 1024)) "$pages" "$handouts"
}
for threads in 1 2; do
    measure "$work/book" "$entries entries" "$threads"
    measure "$work/book" "$entries entries --handouts" "$threads" --handouts
    measure "$repo/book" "book/" "$threads"
    measure "$repo/book" "book/ --handouts" "$threads" --handouts
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
