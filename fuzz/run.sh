#!/usr/bin/env bash
# Runs every fuzz target for a fixed time and prints a summary.
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     # default 60 s, all targets
#
# Targets (fuzz/fuzz_targets/):
#   entry      front matter + Markdown → model (frontmatter::split/parse, markdown::parse,
#              quotes::localise), in memory
#   comments   NAME.comments.toml → threaded responses (comments::parse), in memory
#   linebreak  boxes, glue and penalties → lines (typeset::linebreak), checking that lines
#              end at legal breaks, in order, and end the paragraph
#   book       the whole build of a one-entry book (entry, NUL, comments file) to EPUB and
#              PDF in a temporary folder: errors and nothing written, or complete files
#   wxr        a WordPress export (any bytes) → a book folder's files (import::wordpress,
#              import::write), checking that file names stay safe
#   feed       an RSS or Atom feed → a book folder's files (import::feed, import::write)
#   site       a static site's folder (Jekyll, Hugo, Zola or Eleventy config by the first byte;
#              a post, a Staticman comment and a Disqus export split at NUL bytes) → files
#              (import::site, staticman, disqus, write), names safe, no e-mail address leaked
#   yaml       any text → import::yaml's tree or an error with its line (aliases bounded)
#   blogger    a Blogger export (Takeout or the older Atom) → files (import::blogger)
#   ghost      a Ghost JSON export → files (import::ghost)
#   nesting    deep nesting (a program of open, close and repeat steps) → import::html on a
#              2 MB stack: no overflow, no word lost, quotes no deeper than the Markdown takes
#
# cargo-fuzz drives libFuzzer, which needs the compiler's unstable sanitizer-coverage
# options. Only stable Rust is installed here, so the build sets RUSTC_BOOTSTRAP=1, which lets
# a stable rustc accept nightly flags; this is the toolchain's own escape hatch, nothing is
# downloaded. The instrumented code is the same stable compiler's. Install once with
# `cargo install cargo-fuzz`. SANITIZER=address turns on AddressSanitizer (slower; the
# default `none` is enough for safe Rust: panics, stack overflows, hangs and memory blow-ups
# are all caught by libFuzzer itself).
#
# Inputs that reach new code are added to fuzz/corpus/TARGET/ (only the seed-* files there are
# committed). A crash is saved in fuzz/artifacts/TARGET/; reproduce it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -O --sanitizer none TARGET fuzz/artifacts/TARGET/FILE
# then fix the cause in src/ and add a test to tests/regressions.rs. Exit status 1 when a
# target crashed.
set -uo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(entry comments linebreak book wxr feed nesting site yaml blogger ghost)
sanitizer=${SANITIZER:-none}
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
    exit 2
fi
build_log=$(mktemp)
cargo fuzz build -O --sanitizer "$sanitizer" >/dev/null 2>"$build_log" || {
    cat "$build_log" >&2
    exit 2
}
rm -f "$build_log"
max_len() {
    case $1 in
        entry | comments) echo 16384 ;;
        book) echo 8192 ;;
        *) echo 4096 ;;
    esac
}
summary=()
crashed=0
total_execs=0
total_seconds=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    before=$(ls "artifacts/$target" | wc -l)
    log=$(mktemp)
    cargo fuzz run -O --sanitizer "$sanitizer" "$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=20 \
        -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1
    status=$?
    # libFuzzer's own count of runs and seconds of fuzzing (the build is not counted).
    done_line=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1)
    elapsed=$(echo "$done_line" | awk '{print $5}')
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    corpus=$(ls "corpus/$target" | wc -l)
    after=$(ls "artifacts/$target" | wc -l)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="? (exit $status)"; fi
    if [ "$crashes" != 0 ]; then
        crashed=1
        echo "== $target: crash; the end of libFuzzer's log:" >&2
        grep -E "panicked|ERROR|SUMMARY|deadly|overflow|Test unit written" "$log" | head -10 >&2
    fi
    summary+=("$(printf '%-10s %6ss %12s %8s %9s MB  %s' "$target" "${elapsed:-?}" "${execs:-?}" "$corpus" "${rss:-?}" "$crashes")")
    total_execs=$((total_execs + ${execs:-0}))
    total_seconds=$((total_seconds + ${elapsed:-0}))
    rm -f "$log"
done
echo
printf '%-10s %7s %12s %8s %12s  %s\n' target time executions corpus "peak RSS" crashes
printf '%s\n' "${summary[@]}"
printf '%-10s %6ss %12s\n' total "$total_seconds" "$total_execs"
exit $crashed
