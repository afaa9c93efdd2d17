#!/usr/bin/env bash
# Page makeup swept down the page (issue #15): for each number of one-line paragraphs before
# it (0 to 36, the height of an A5 page), a book is built with (a) a two-line paragraph citing
# a note longer than a page, then (b) a ten-row table, and the PDF's word boxes
# (`pdftotext -bbox-layout`) are read: how often the citing paragraph is split (one line on
# each page, against widows and orphans of 2), how often it moves to the next page leaving
# three or more empty lines where the text before it ends, how often a page holds only one or
# two of the table's rows, and how often the table moves whole (with the room it left).
#
#   bash benches/makeup.sh [CHAPBOOK ...]   # default: this checkout's release build
#
# Give several binaries (an older commit's build, say) to print a line for each.
set -euo pipefail
source "$(dirname "$0")/common/binaries.sh"
python3 - "$work" "$@" <<'PY'
import os, re, subprocess, sys
import xml.etree.ElementTree as ET

work, binaries = sys.argv[1], sys.argv[2:]
POSITIONS = 37
# The body's line height in the word boxes (10 pt Noto Serif) and the text block's foot on an
# A5 page with the default 18 mm bottom margin, in points.
BODY = 13.6
FOOT = 595.3 - 18 * 72 / 25.4


def pages(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    return [[(float(l.get("yMin")), float(l.get("yMax")), " ".join(w.text for w in l.iter("word")))
             for l in page.iter("line")] for page in ET.fromstring(xml).iter("page")]


def page_of(pages, needle):
    return next(i for i, p in enumerate(pages) if any(needle in l[2] for l in p))


def room(page):
    """The empty height under the page's last body line."""
    return FOOT - max(l[1] for l in page if abs(l[1] - l[0] - BODY) < 0.3)


def build(binary, name, text):
    book = os.path.join(work, name)
    os.makedirs(os.path.join(book, "entries"), exist_ok=True)
    with open(os.path.join(book, "book.toml"), "w") as f:
        f.write('title = "Sweep"\nlanguage = "en"\n')
    with open(os.path.join(book, "entries", "a.md"), "w") as f:
        f.write('+++\ntitle = "Sweep"\n+++\n' + text)
    subprocess.run([binary, "build", book, "--out", book + "/out"], capture_output=True, check=True)
    return pages(book + "/out/sweep.pdf")


def lines(k, word="Before"):
    return "".join(f"{word} line {i}.\n\n" for i in range(1, k + 1))


NOTE = " ".join(f"Note sentence {i} goes on about the steppe and the bus." for i in range(1, 150))
TABLE = "| Stop | Leaves |\n|---|---|\n" + "".join(f"| Row{i:02} | 0{i}:00 |\n" for i in range(1, 11))

for binary in binaries:
    split = moved = alone = whole = 0
    rooms = []
    for k in range(POSITIONS):
        p = build(binary, f"note{k}", lines(k) + "Alpha cites the long note here.[^n] And the "
                  "paragraph goes on for a while longer so that it takes a second line, Omega.\n\n"
                  + lines(40, "After") + f"[^n]: {NOTE}\n")
        cited = page_of(p, "Alpha")
        split += cited != page_of(p, "Omega")
        before = page_of(p, f"Before line {k}.") if k else cited
        moved += cited != before and room(p[before]) >= 3 * 13.5
        p = build(binary, f"table{k}", lines(k) + TABLE + "\n" + lines(20, "After"))
        rows = [page_of(p, f"Row{i:02}") for i in range(1, 11)]
        alone += min(rows.count(r) for r in set(rows)) < 3
        before = page_of(p, f"Before line {k}.") if k else rows[0]
        if rows[0] != before:
            whole += 1
            rooms.append(f"{room(p[before]) / 13.5:.1f}")
    print(f"{binary}: {POSITIONS} positions; long note: paragraph split 1/1 {split}, moved on "
          f"leaving 3+ empty lines {moved}; ten-row table: 1-2 rows alone on a page {alone}, "
          f"moved whole {whole} (room left, in lines: {', '.join(rooms)})")
PY
