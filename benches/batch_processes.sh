#!/usr/bin/env bash
# What building each book of a batch in a process of its own costs: N small books (one entry
# each) built with `batch --force`, then again up to date, EPUB only and EPUB + PDF, with
# `--jobs 2`; wall time of each run and per book. Pass other chapbook binaries to compare (an
# older one built books on threads in one process).
#
#   bash benches/batch_processes.sh [N] [CHAPBOOK...]   # default 40 books, this repo's release build
#
# Needs python3 (to write the books).
set -euo pipefail
n=${1:-40}
shift || true
source "$(dirname "$0")/common/binaries.sh"
python3 - "$work" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
para = "The bus left the station at dawn, and the road ran along the river for an hour. " * 6
manifest = []
for i in range(n):
    b = f"{root}/b{i:03}"
    os.makedirs(f"{b}/entries")
    open(f"{b}/book.toml", "w").write(f'title = "Book {i}"\nlanguage = "en"\ndate = 2026-01-01\n')
    open(f"{b}/entries/a.md", "w").write(f'+++\ntitle = "Entry"\ndate = 2026-01-02\n+++\n{para}\n')
    manifest.append(f'[[book]]\npath = "b{i:03}"\n')
for formats in ("epub", "epub-pdf"):
    fl = '["epub"]' if formats == "epub" else '["epub", "pdf"]'
    open(f"{root}/{formats}.toml", "w").write(f"formats = {fl}\nout = \"out-{formats}\"\n\n" + "\n".join(manifest))
PY
now() { date +%s.%N; }
printf '%-44s %-9s %12s %12s\n' binary formats "built (s)" "up to date (s)"
for bin in "$@"; do
    for formats in epub epub-pdf; do
        rm -rf "$work/out-$formats"
        t0=$(now)
        "$bin" batch "$work/$formats.toml" --force --jobs 2 --quiet >/dev/null
        t1=$(now)
        "$bin" batch "$work/$formats.toml" --jobs 2 --quiet >/dev/null
        t2=$(now)
        built=$(echo "$t1 - $t0" | bc)
        fresh=$(echo "$t2 - $t1" | bc)
        printf '%-44s %-9s %7.2f (%.3f/book) %7.2f (%.3f/book)\n' "$bin" \
            "$formats" "$built" "$(echo "$built / $n" | bc -l)" "$fresh" "$(echo "$fresh / $n" | bc -l)"
    done
done
