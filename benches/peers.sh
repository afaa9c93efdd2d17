#!/usr/bin/env bash
# chapbook beside its peers (issue #18): one book of real text, built by each tool that is
# installed, interleaved (run 1 of every tool, then run 2, ...), the median of RUNS runs.
#
# The book: 100 entries, each a whole Universal Declaration of Human Rights from
# ../shared/corpora/udhr (Latin, Cyrillic and Arabic script: English, Russian, Kazakh, Kyrgyz,
# Ukrainian, Uzbek and Turkmen in both scripts, Arabic), its note as a footnote, articles as
# headings, lists as lists. Copy k of a declaration (k = 0..9) has the clauses of each of its
# paragraphs rotated by k places, so that no two entries are alike (no tool can set a
# paragraph once and reuse it) while every word is real text. The same Markdown goes to every
# tool, for the same A5 page, margins (16/18 mm top/bottom, 12/18 mm inner/outer), 10 pt Noto
# fonts (fonts/), justified and hyphenated:
#
#   chapbook PDF, chapbook EPUB      the release binary, `chapbook build --format pdf|epub`
#   comrak alone                     the same Markdown to HTML (examples/comrak_html.rs): the floor
#                                    of an EPUB build
#   Pandoc EPUB                      `pandoc book.md -o book.epub`
#   Typst, compile only              `typst.compile` (PyPI `typst`) of `pandoc -t typst`'s output
#   Typst with the conversion        the same, with `pandoc -t typst` timed too
#   XeLaTeX via Pandoc               `pandoc --pdf-engine=xelatex`, when xelatex is installed
#   Crowbook EPUB                    when `crowbook` is installed
#
# Printed: CPU seconds (user + system, children included), wall seconds, pages, ms of CPU per
# page, peak resident memory (the maximum RSS wait4 reports) and how many times chapbook's CPU time
# (per page, for PDF) is below each peer's, with the load average at the start: the machine
# is shared, so CPU time is the figure to compare. Nothing is asserted; the budgets of issue
# #18 are printed with "ok" or "MISSED".
#
#   bash benches/peers.sh                # RUNS=3
#   RUNS=5 KEEP=/tmp/peers bash benches/peers.sh   # keep the book and outputs in /tmp/peers
#   bash benches/peers.sh --make DIR     # only write the book (DIR/book, DIR/book.md)
#   CHAPBOOK=/tmp/old/chapbook bash benches/peers.sh   # time another chapbook binary
#   BEFORE=/tmp/old/chapbook bash benches/peers.sh     # and an older one beside it
#
# Pandoc and Typst come from PyPI (`pypandoc-binary` ships pandoc, `typst` ships Typst): the
# script installs them, pinned, into a venv of their own, PEERS_VENV (default
# ~/.cache/chapbook-tools/peers-venv), unless PEERS_INSTALL=0. XeLaTeX (Debian's
# texlive-xetex) and Crowbook (crates.io) are used when installed. Tools that are missing
# are skipped and named. Needs python3 and pdfinfo.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
venv=${PEERS_VENV:-$HOME/.cache/chapbook-tools/peers-venv}

# make DIR: the book folder DIR/book and the same text as one Markdown file DIR/book.md.
make_book() {
  python3 - "$repo" "$1" <<'PY'
import os, re, sys
repo, root = sys.argv[1], sys.argv[2]
corpus = os.path.join(repo, "..", "shared", "corpora", "udhr")
# file, language tag, right to left
langs = [("eng", "en", False), ("rus", "ru", False), ("kaz", "kk", False), ("arb", "ar", True),
         ("uzn_latn", "uz-Latn", False), ("ukr", "uk", False), ("kir", "ky", False),
         ("tuk_latn", "tk-Latn", False), ("uzn_cyrl", "uz-Cyrl", False), ("tuk_cyrl", "tk-Cyrl", False)]

def clean(s):
    s = (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
          .replace("&apos;", "'").replace("&amp;", "&"))
    return " ".join(s.split())

def escape(s):
    # Markdown's own characters, so that every tool reads the same text.
    return re.sub(r"([\\`*_\[\]<>#{}|~^$])", r"\\\1", s)

def rotate(p, k):
    """The clauses of p (split after , ; ، ؛ .) rotated by k places (its words, if it has one)."""
    if k == 0:
        return p
    parts = re.split(r"(?<=[,;،؛.])\s+", p)
    if len(parts) < 2:
        # One clause: its words rotated, the final stop kept last.
        parts = p.split()
        if len(parts) < 2:
            return p
        stop = parts[-1][-1] if parts[-1][-1] in ".:؛;" else ""
        parts[-1] = parts[-1].rstrip(".:؛;")
        k %= len(parts)
        return " ".join(parts[k:] + parts[:k]) + stop
    k %= len(parts)
    parts = parts[k:] + parts[:k]
    last = parts[-1].rstrip(",;،؛")
    return " ".join(parts[:-1] + [last])

def declaration(name):
    text = open(os.path.join(corpus, f"udhr_{name}.xml"), encoding="utf-8").read()
    title = clean(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    note = re.search(r"<note>(.*?)</note>", text, re.S)
    note = " ".join(clean(p) for p in re.findall(r"<para>(.*?)</para>", note.group(1), re.S)) if note else ""
    sections = []  # (heading, [blocks]); a block is ("p", text) or ("ol", [items])
    for tag, body in re.findall(r"<(preamble|article)[^>]*>(.*?)</\1>", text, re.S):
        heading = clean(re.search(r"<title>(.*?)</title>", body, re.S).group(1))
        blocks = []
        for m in re.finditer(r"<orderedlist>(.*?)</orderedlist>|<para>(.*?)</para>", body, re.S):
            if m.group(1) is not None:
                items = [clean(p) for p in re.findall(r"<para>(.*?)</para>", m.group(1), re.S)]
                blocks.append(("ol", [i for i in items if i]))
            elif clean(m.group(2)):
                blocks.append(("p", clean(m.group(2))))
        sections.append((heading, blocks))
    return title, note, sections

book = os.path.join(root, "book")
os.makedirs(os.path.join(book, "entries"), exist_ok=True)
open(os.path.join(book, "book.toml"), "w").write(
    'title = "Declarations"\nlanguage = "en"\ndate = 2026-01-01\nauthors = ["United Nations"]\n'
    '[pdf]\nqr = false\n')
decls = {name: declaration(name) for name, _, _ in langs}
whole = ["---\ntitle: Declarations\nauthor: United Nations\nlang: en\n---\n"]
words = 0
for i in range(100):
    name, lang, rtl = langs[i % len(langs)]
    copy = i // len(langs)
    title, note, sections = decls[name]
    body = []
    for heading, blocks in sections:
        body.append(f"## {escape(heading)}\n")
        for kind, block in blocks:
            if kind == "p":
                body.append(escape(rotate(block, copy)) + "\n")
            else:
                body.append("\n".join(f"{n}. {escape(rotate(item, copy))}"
                                      for n, item in enumerate(block, 1)) + "\n")
    if note:
        body[0] = body[0].rstrip("\n") + "\n"
        body.insert(1, f"{escape(rotate(note, copy))}[^note]\n")
        body.append(f"[^note]: {escape(note)}\n")
    text = "\n".join(body)
    words += len(re.sub(r"\\(.)", r"\1", text).split())
    entry_title = f"{title} ({copy + 1})"
    open(os.path.join(book, "entries", f"e{i:03}.md"), "w", encoding="utf-8").write(
        f'+++\ntitle = "{entry_title}"\ndate = 2026-01-01\nlang = "{lang}"\n+++\n{text}\n')
    # Pandoc: the entry as a chapter in a div with its language, headings one level down.
    dir_attr = ' dir="rtl"' if rtl else ""
    # Note names are per entry in a chapter, per book in one file.
    text = text.replace("[^note]", f"[^note{i}]")
    whole.append(f"::: {{lang={lang}{dir_attr}}}\n# {escape(entry_title)}\n\n{text}\n:::\n")
open(os.path.join(root, "book.md"), "w", encoding="utf-8").write("\n".join(whole))
print(f"{words} words in 100 entries")
PY
}

if [ "${1:-}" = "--make" ]; then
  make_book "$2"
  exit 0
fi

work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "$(date -u +%FT%TZ), chapbook $(git -C "$repo" rev-parse --short HEAD)"
(cd "$repo" && cargo build --release --quiet --bin chapbook --example comrak_html)
# CHAPBOOK=path times another build of chapbook (an older one, for a before and after).
bin=${CHAPBOOK:-$repo/target/release/chapbook}
comrak="$repo/target/release/examples/comrak_html"
make_book "$work" | sed 's/^/book: /'
export SOURCE_DATE_EPOCH=1767225600

# The peers that are installed.
if [ "${PEERS_INSTALL:-1}" != 0 ] && ! "$venv/bin/python" -c "import typst, pypandoc" 2>/dev/null; then
  echo "installing typst and pypandoc-binary from PyPI into $venv"
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "typst==0.15.2" "pypandoc-binary==1.17" ||
    echo "could not install them: Typst and Pandoc are skipped"
fi
pandoc=""
for p in "$venv"/lib/python3*/site-packages/pypandoc/files/pandoc "$(command -v pandoc || true)"; do
  if [ -n "$p" ] && [ -x "$p" ]; then pandoc=$p; break; fi
done
typst_py=""
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import typst" 2>/dev/null; then
  typst_py="$venv/bin/python"
fi
xelatex=$(command -v xelatex || true)
crowbook=$(command -v crowbook || true)
skipped=()
[ -n "$pandoc" ] || skipped+=("Pandoc (pip install pypandoc-binary into $venv)")
[ -n "$typst_py" ] || skipped+=("Typst (pip install typst into $venv)")
[ -n "$pandoc" ] || [ -z "$typst_py" ] || skipped+=("Typst: needs pandoc for its input")
[ -n "$xelatex" ] && [ -n "$pandoc" ] || skipped+=("XeLaTeX (apt-get install texlive-xetex)")
[ -n "$crowbook" ] || skipped+=("Crowbook (cargo install crowbook)")
for s in "${skipped[@]}"; do echo "skipped: $s"; done

fonts="$repo/fonts"
geometry="top=16mm,bottom=18mm,inner=12mm,outer=18mm"
# Typst's page, as chapbook's default style sets it (styles/default.toml).
cat >"$work/preamble.typ" <<'TYP'
#set document(title: "Declarations", author: "United Nations")
#set page(paper: "a5", margin: (top: 16mm, bottom: 18mm, inside: 12mm, outside: 18mm),
  numbering: "1")
#set text(font: ("Noto Serif", "Noto Naskh Arabic"), size: 10pt, lang: "en", hyphenate: true,
  top-edge: 1em, bottom-edge: 0pt) // with the leading, 13.5pt from baseline to baseline
#set par(justify: true, leading: 3.5pt, first-line-indent: 1.2em, spacing: 3.5pt)
#set page(header: context if here().page() > 1 { align(center, text(size: 8pt, style: "italic")[Declarations]) })
#show heading: set text(font: ("Noto Sans", "Noto Naskh Arabic"))
#show heading: set block(above: 1.2em, below: 0.4em)
#show heading.where(level: 1): it => { pagebreak(weak: true); text(size: 17pt, it) }
#show heading.where(level: 2): set text(size: 12.5pt)
#set footnote.entry(separator: line(length: 25%, stroke: 0.5pt))
#show footnote.entry: set text(size: 8pt)
#outline(depth: 1)
TYP
cat >"$work/compile-typst.py" <<'PY'
import sys, typst
typ, pdf, fonts = sys.argv[1:4]
typst.compile(typ, output=pdf, font_paths=[fonts], ignore_system_fonts=True, pdf_standards=["ua-1"])
PY
cat >"$work/to-typst.sh" <<SH
#!/bin/sh
set -e
cat "$work/preamble.typ" >"$work/typst/book.typ"
# Pandoc puts a div with a language into a block, where Typst allows no page break: a
# content block instead, so that each entry can start a page; and the entry's heading on a
# line of its own, where Typst reads it as a heading.
"$pandoc" "$work/book.md" -f markdown -t typst |
  sed -e 's/^#block\[\$/#[/' -e 's/^\(#set text([^)]*);\) = /\1\n= /' >>"$work/typst/book.typ"
SH
chmod +x "$work/to-typst.sh"
mkdir -p "$work/typst"

# The tools, one line each: name, format, output file, command.
tools=()
tools+=("chapbook|PDF|$work/out-pdf/declarations.pdf|$bin build $work/book --out $work/out-pdf --format pdf")
tools+=("chapbook|EPUB|$work/out-epub/declarations.epub|$bin build $work/book --out $work/out-epub --format epub")
tools+=("comrak alone (Markdown to HTML)|HTML|$work/comrak.html|$comrak $work/book/entries $work/comrak.html")
if [ -n "$pandoc" ]; then
  tools+=("Pandoc $("$pandoc" --version | head -1 | cut -d' ' -f2)|EPUB|$work/pandoc.epub|$pandoc $work/book.md -o $work/pandoc.epub")
  if [ -n "$typst_py" ]; then
    v=$("$typst_py" -c 'import typst; print(typst.__version__)')
    # Its input once, for the compile alone.
    "$work/to-typst.sh"
    cp "$work/typst/book.typ" "$work/book.typ"
    tools+=("Typst $v (its own compile only)|PDF|$work/typst-alone.pdf|$typst_py -I $work/compile-typst.py $work/book.typ $work/typst-alone.pdf $fonts")
    tools+=("Typst $v with pandoc -t typst|PDF|$work/typst/book.pdf|sh -c '$work/to-typst.sh && $typst_py -I $work/compile-typst.py $work/typst/book.typ $work/typst/book.pdf $fonts'")
  fi
  if [ -n "$xelatex" ]; then
    tools+=("XeLaTeX via Pandoc|PDF|$work/xelatex.pdf|$pandoc $work/book.md -o $work/xelatex.pdf --pdf-engine=xelatex -V papersize=a5 -V geometry=$geometry,twoside -V fontsize=10pt -V mainfont=NotoSerif-Regular.ttf -V mainfontoptions=Path=$fonts/,BoldFont=NotoSerif-Bold.ttf,ItalicFont=NotoSerif-Italic.ttf -V lang=en")
  fi
fi
if [ -n "$crowbook" ]; then
  # Crowbook reads one Markdown file per chapter, listed after its options: each entry
  # without its front matter, its title as the chapter's heading (as Pandoc is given it).
  mkdir -p "$work/crowbook"
  {
    echo "title: Declarations"; echo "author: United Nations"; echo "lang: en"
    echo "output.epub: $work/crowbook.epub"; echo
    for f in "$work"/book/entries/*.md; do
      chapter="$work/crowbook/$(basename "$f")"
      title=$(sed -n 's/^title = "\(.*\)"$/\1/p' "$f" | head -1)
      { echo "# $title"; echo; sed '1,/^+++$/d' "$f"; } >"$chapter"
      echo "+ $chapter"
    done
  } >"$work/crowbook.book"
  tools+=("Crowbook $("$crowbook" --version 2>&1 | head -1 | awk '{print $2}')|EPUB|$work/crowbook.epub|$crowbook $work/crowbook.book")
fi

# BEFORE=path: another chapbook binary (an older commit's) timed in the same rounds.
if [ -n "${BEFORE:-}" ]; then
  tools+=("chapbook before|PDF|$work/before-pdf/declarations.pdf|$BEFORE build $work/book --out $work/before-pdf --format pdf")
  tools+=("chapbook before|EPUB|$work/before-epub/declarations.epub|$BEFORE build $work/book --out $work/before-epub --format epub")
fi

# One timed run: appends "cpu wall rss_kb" to $work/times/<index>. CPU and peak memory come
# from wait4 (microseconds; GNU time rounds to hundredths, too coarse for comrak).
cat >"$work/timer.py" <<'PY'
import os, subprocess, sys, time
start = time.monotonic()
child = subprocess.Popen(["sh", "-c", sys.argv[1]], stdout=sys.stderr, stderr=sys.stderr)
_, status, usage = os.wait4(child.pid, 0)
wall = time.monotonic() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(1)
print(f"{usage.ru_utime + usage.ru_stime:.4f} {wall:.3f} {usage.ru_maxrss}")
PY
mkdir -p "$work/times"
timed() { # index command
  if ! python3 "$work/timer.py" "$2" >>"$work/times/$1" 2>"$work/times/$1.log"; then
    echo "failed: ${tools[$1]%%|*} (see $work/times/$1.log)" >&2
    tail -5 "$work/times/$1.log" >&2
  fi
  return 0
}
for ((r = 1; r <= runs; r++)); do
  for i in "${!tools[@]}"; do
    cmd=${tools[$i]##*|}
    timed "$i" "nice -n 10 $cmd"
  done
done

# The table: medians of CPU and wall, the highest peak.
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR ? a[int((NR + 1) / 2)] : "")}'; }
declare -A cpu wall rss pg
for i in "${!tools[@]}"; do
  IFS='|' read -r name format file cmd <<<"${tools[$i]}"
  [ -s "$work/times/$i" ] || continue
  cpu[$i]=$(cut -d' ' -f1 "$work/times/$i" | median)
  wall[$i]=$(cut -d' ' -f2 "$work/times/$i" | median)
  rss[$i]=$(cut -d' ' -f3 "$work/times/$i" | sort -n | tail -1)
  pg[$i]=""
  [ "$format" = PDF ] && pg[$i]=$(pages "$file")
done
echo
echo "medians of $runs interleaved runs (nice 10), CPU = user + system seconds:"
echo
echo "| tool | format | pages | CPU s | wall s | ms per page (CPU) | peak MB | chapbook is |"
echo "|---|---|---|---|---|---|---|---|"
for i in "${!tools[@]}"; do
  IFS='|' read -r name format file cmd <<<"${tools[$i]}"
  if [ -z "${cpu[$i]:-}" ]; then echo "| $name | $format | failed | | | | | |"; continue; fi
  ref=0 # chapbook's line of the same format
  [ "$format" = PDF ] || ref=1
  python3 - "$name" "$format" "${pg[$i]}" "${cpu[$i]}" "${wall[$i]}" "${rss[$i]}" \
    "${pg[$ref]:-}" "${cpu[$ref]:-}" "$i" "$ref" <<'PY'
import sys
name, fmt, pages, cpu, wall, rss, ref_pages, ref_cpu, i, ref = sys.argv[1:]
cpu, wall = float(cpu), float(wall)
per_page = f"{1000 * cpu / int(pages):.2f}" if pages else "–"
ratio = "–"
if i != ref and ref_cpu:
    if pages and ref_pages:
        r = (cpu / int(pages)) / (float(ref_cpu) / int(ref_pages))
        ratio = f"{r:.1f}× faster per page"
    else:
        r = cpu / float(ref_cpu)
        ratio = f"{r:.1f}× faster" if r >= 1 else f"{1 / r:.2f}× its time"
print(f"| {name} | {fmt} | {pages or '–'} | {cpu:.3f} | {wall:.2f} | {per_page} | {int(rss) / 1024:.0f} | {ratio} |")
PY
done

# The budgets of issue #18.
echo
echo "budgets (issue #18):"
find_tool() {
  for i in "${!tools[@]}"; do [[ ${tools[$i]%%|*} == $1 ]] && echo "$i" && return 0; done
  return 0
}
verdict() { # what value budget [less|more]
  python3 -c "
import sys
what, v, b, d = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
ok = v >= b if d == 'more' else v <= b
print(f'  {what}: {v:.2f} (budget {\"at least\" if d == \"more\" else \"at most\"} {b}) {\"ok\" if ok else \"MISSED\"}')
" "$@"
}
per_page() { python3 -c "import sys; print(float(sys.argv[1]) / int(sys.argv[2]))" "$1" "$2"; }
if [ -n "${cpu[0]:-}" ]; then
  cp_pp=$(per_page "${cpu[0]}" "${pg[0]}")
  verdict "chapbook PDF wall / CPU" "$(python3 -c "print(${wall[0]} / ${cpu[0]})")" 0.65 less
  t=$(find_tool "Typst*compile only)")
  [ -z "$t" ] || [ -z "${cpu[$t]:-}" ] || verdict "PDF per page vs Typst's own compile" \
    "$(python3 -c "print($(per_page "${cpu[$t]}" "${pg[$t]}") / $cp_pp)")" 3.5 more
  t=$(find_tool "Typst*with pandoc*")
  [ -z "$t" ] || [ -z "${cpu[$t]:-}" ] || verdict "PDF per page vs Typst with the conversion" \
    "$(python3 -c "print($(per_page "${cpu[$t]}" "${pg[$t]}") / $cp_pp)")" 8 more
fi
if [ -n "${cpu[1]:-}" ]; then
  t=$(find_tool "Pandoc*")
  [ -z "$t" ] || [ -z "${cpu[$t]:-}" ] || verdict "EPUB vs Pandoc" "$(python3 -c "print(${cpu[$t]} / ${cpu[1]})")" 80 more
  t=$(find_tool "Crowbook*")
  [ -z "$t" ] || [ -z "${cpu[$t]:-}" ] || verdict "EPUB vs Crowbook" "$(python3 -c "print(${cpu[$t]} / ${cpu[1]})")" 2.5 more
  [ -z "${cpu[2]:-}" ] || verdict "EPUB over comrak alone" "$(python3 -c "print(${cpu[1]} / ${cpu[2]})")" 1.5 less
fi
[ -z "${KEEP:-}" ] || echo "kept in $work"
