#!/usr/bin/env bash
# Growth: does time grow in proportion to the book, and does memory stay flat? Four kinds of
# input are each grown tenfold, and each size is built by the release binary under
# /usr/bin/time, which prints the wall time and the peak resident memory:
#
#   comments    one entry with N comments in its comments file (`chapbook check`, then EPUB)
#   paragraph   one entry that is one paragraph of N words of real prose (EPUB, PDF)
#   line        one entry whose text is one word of N letters with no space (EPUB, PDF)
#   entries     a book of N entries of about 1,800 words each (EPUB, PDF; the budget of
#               issue #14 is a peak under 300 MB for a 1,500-page PDF, 400 MB for 7,000)
#
# For each kind, the time of the large size over the time of the small one (budget: at most
# 12x for 10x the input).
#
#   bash benches/growth.sh [KIND...]        # default: all four kinds
#   SCALE=0.1 bash benches/growth.sh        # every size a tenth (a quick look)
#   bash benches/growth.sh --make KIND N DIR # only write the book of size N (to profile it)
#
# The prose is the Universal Declaration of Human Rights (English, Russian, Kazakh) from
# ../shared/corpora/udhr and the sample book's paragraphs, recombined clause by clause, so
# that no two paragraphs are alike. Timings are measured here, never asserted in tests.
# Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

# make KIND N DIR: writes the book.
make() {
  python3 - "$repo" "$1" "$2" "$3" <<'PY'
import os, re, sys
repo, kind, n, root = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def udhr(name):
    path = os.path.join(repo, "..", "shared", "corpora", "udhr", name)
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8").read()
    out = []
    for p in re.findall(r"<para>(.*?)</para>", text, re.S):
        p = (p.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
              .replace("&apos;", "'").replace("&amp;", "&"))
        p = " ".join(p.split())
        if p:
            out.append(p)
    return out

sample = []
entries_dir = os.path.join(repo, "book", "entries")
for name in sorted(os.listdir(entries_dir)):
    if name.endswith(".md"):
        body = open(os.path.join(entries_dir, name), encoding="utf-8").read().split("+++", 2)[-1]
        for para in body.split("\n\n"):
            para = para.strip()
            if para[:1].isalpha() and "[^" not in para and "|" not in para:
                sample.append(para.replace("\n", " "))

def clauses(paras):
    out = []
    for p in paras:
        for c in re.split(r"[,;.]", p):
            c = c.strip()
            # Markdown's own characters are left out: the prose is to be set, not parsed.
            if len(c.split()) >= 3 and not re.search(r"[\\*_`\[\]<>#{}\"]", c):
                out.append(c)
    return out

pools = {
    "en": clauses(udhr("udhr_eng.xml") + sample) or clauses(sample),
    "ru": clauses(udhr("udhr_rus.xml")) or clauses(sample),
    "kk": clauses(udhr("udhr_kaz.xml")) or clauses(sample),
}

class Lcg:
    """Knuth's MMIX constants: every run makes the same book."""
    def __init__(self, seed):
        self.s = seed
    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return self.s >> 33

def paragraph(pool, rng, clauses_min=4, clauses_max=9):
    k = clauses_min + rng.next() % (clauses_max - clauses_min + 1)
    parts = [pool[rng.next() % len(pool)] for _ in range(k)]
    text = parts[0][:1].upper() + parts[0][1:]
    for i, c in enumerate(parts[1:], 1):
        text += ("; " if i % 3 == 0 else ", ") + c
    return text + "."

def words(pool, rng, count):
    out, total = [], 0
    while total < count:
        p = paragraph(pool, rng)
        out.append(p)
        total += len(p.split())
    return " ".join(" ".join(out).split()[:count])

os.makedirs(os.path.join(root, "entries"))
open(os.path.join(root, "book.toml"), "w").write(
    'title = "Growth"\nlanguage = "en"\ndate = 2026-01-01\nauthors = ["Bench Writer"]\n')
def entry(name, title, body, lang="en", day=1):
    open(os.path.join(root, "entries", name + ".md"), "w", encoding="utf-8").write(
        f'+++\ntitle = "{title}"\ndate = 2026-01-{day:02}\nlang = "{lang}"\n+++\n{body}\n')

rng = Lcg(n * 7 + 1)
en = pools["en"]
if kind == "comments":
    entry("post", "Many comments", paragraph(en, rng))
    with open(os.path.join(root, "entries", "post.comments.toml"), "w", encoding="utf-8") as f:
        for i in range(n):
            parent = f'parent = "c{i // 2}"\n' if i % 2 == 1 else ""
            f.write(f'[[comment]]\nid = "c{i}"\n{parent}author = "Reader {i % 97}"\n'
                    f'date = 2026-01-02T10:{i % 60:02}:00Z\n'
                    f'body = """\n{paragraph(en, rng)}\n\n{paragraph(en, rng, 2, 4)}\n"""\n\n')
elif kind == "paragraph":
    entry("post", "One paragraph", words(en, rng, n))
elif kind == "line":
    # One word of n letters: a long run of the prose's letters with the spaces taken out.
    letters = "".join(c for c in words(en, rng, n // 4 + 10) if c.isascii() and c.isalpha())
    while len(letters) < n:
        letters += letters
    entry("post", "One long word", "Before it: " + letters[:n] + " and after it.")
elif kind == "entries":
    for i in range(n):
        lang = {3: "ru", 4: "kk"}.get(i % 5, "en")
        pool, rng = pools[lang], Lcg(i * 0x9E3779B9 + 1)
        body, count, paras, notes = [], 0, 0, []
        while count < 1800:
            p = paragraph(pool, rng)
            if paras % 6 == 0:
                body.append(f"## Part {paras // 6 + 1}\n")
            if paras % 5 == 2 and len(notes) < 3:
                notes.append(paragraph(pool, rng))
                p += f"[^n{len(notes)}]"
            body.append(p + "\n")
            count += len(p.split())
            paras += 1
        for k, note in enumerate(notes, 1):
            body.append(f"[^n{k}]: {note}\n")
        entry(f"e{i:05}", f"Road {i + 1}", "\n".join(body), lang, i % 28 + 1)
        c = lambda: paragraph(pool, rng).replace('"', "'")
        open(os.path.join(root, "entries", f"e{i:05}.comments.toml"), "w", encoding="utf-8").write(
            f'[[comment]]\nid = "c1"\nauthor = "Reader One"\nbody = "{c()}"\n\n'
            f'[[comment]]\nid = "c2"\nparent = "c1"\nauthor = "Bench Writer"\nbody = "{c()}"\n\n'
            f'[[comment]]\nid = "c3"\nauthor = "Reader Two"\nbody = "{c()}"\n')
PY
}

if [ "${1:-}" = --make ]; then
  make "$2" "$3" "$4"
  exit
fi
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(comments paragraph line entries)
scale=${SCALE:-1}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="${CHAPBOOK_BIN:-$repo/target/release/chapbook}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run LABEL COMMAND...: prints the label, the wall time, the CPU time (user + system, both
# cores) and the peak memory; sets $secs and $cpu. A run under 2 s is made three times and the
# fastest kept. The machine may be shared: the CPU time is the steadier figure then.
run() {
  local label=$1; shift
  local best="" bestcpu="" kb=0 t k u s
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out.log" 2>&1 || {
      echo "$label: failed"; tail -5 "$work/out.log"; exit 1; }
    read -r t k u s <"$work/time"
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then
      best=$t; bestcpu=$(python3 -c "print(f'{$u + $s:.2f}')")
    fi
    [ "$k" -gt "$kb" ] && kb=$k
    python3 -c "import sys; sys.exit(0 if $t < 2 else 1)" || break
  done
  secs=$best
  cpu=$bestcpu
  printf '  %-26s %8.2f s %8.2f s CPU %7d MB\n' "$label" "$secs" "$cpu" $((kb / 1024))
}

# pages BOOK: the page count of its PDF.
pages() {
  python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
m = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data) or re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)
print(max(int(x) for x in m) if m else "?")
PY
}

sizes() {
  case $1 in
    comments) echo 500 5000 ;;
    paragraph) echo 10000 100000 ;;
    line) echo 100000 1000000 ;;
    entries) echo 100 1000 ;;
  esac
}

declare -A ratio
for kind in "${kinds[@]}"; do
  read -r small large <<<"$(sizes "$kind")"
  small=$(python3 -c "print(max(1, round($small * $scale)))")
  large=$(python3 -c "print(max(1, round($large * $scale)))")
  echo "$kind:"
  declare -A first=() firstcpu=()
  for n in $small $large; do
    book="$work/$kind-$n"
    make "$kind" "$n" "$book"
    echo " $kind $n ($(du -sh "$book" | cut -f1) of sources)"
    if [ "$kind" = comments ]; then
      run "check" "$bin" check "$book"; t=$secs; tc=$cpu
      run "EPUB" "$bin" build "$book" --out "$work/out" --format epub
      steps=("check $t $tc" "EPUB $secs $cpu")
    else
      run "EPUB" "$bin" build "$book" --out "$work/out" --format epub; e=$secs; ec=$cpu
      run "PDF" "$bin" build "$book" --out "$work/out" --format pdf
      echo "  PDF pages: $(pages "$work/out/growth.pdf")"
      steps=("EPUB $e $ec" "PDF $secs $cpu")
    fi
    for step in "${steps[@]}"; do
      read -r what t c <<<"$step"
      if [ "$n" = "$small" ]; then
        first[$what]=$t
        firstcpu[$what]=$c
      else
        ratio["$kind $what"]=$(python3 -c "print(f'{$t / max(${first[$what]}, 0.01):.1f}x wall {$c / max(${firstcpu[$what]}, 0.01):.1f}x CPU')")
      fi
    done
    rm -rf "$book" "$work/out"
  done
done
echo "10x the input, time ratio (budget 12x):"
for key in "${!ratio[@]}"; do
  printf '  %-20s %s\n' "$key" "${ratio[$key]}"
done | sort
