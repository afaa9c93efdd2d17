"""The text of a PDF as three extractors give it, page by page in their own order: PDFium
(Chrome's engine, through pypdfium2), MuPDF (PyMuPDF) and poppler (pdftotext). Each is
compared with the source's words as a bag (every source word found as a word of the
extraction counts once), since an extractor reads the page's layout and not the structure
tree: a note at the foot of a page comes where it is drawn.

    extractors.py FILE.pdf EXPECTED.txt [arabic]

(with `arabic`, only the source's words in Arabic script are counted) prints JSON: for each extractor that could run, the number of source words, how many were
found, and the words not found (with the extraction's nearest words); for each one that
could not, why.
"""

import collections
import json
import subprocess
import sys
import unicodedata


def words(text):
    # Soft hyphens and the direction marks poppler puts around right-to-left lines are not
    # letters a listener hears.
    for c in "\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        text = text.replace(c, "")
    return unicodedata.normalize("NFC", text).split()


def pdfium(path):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    out = []
    for page in pdf:
        out.append(page.get_textpage().get_text_range())
    return "\n".join(out)


def mupdf(path):
    import pymupdf

    doc = pymupdf.open(path)
    return "\n".join(page.get_text() for page in doc)


def poppler(path):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True, text=True
    ).stdout


def is_arabic(word):
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in word)


def compare(text, expected, only_arabic):
    got = collections.Counter(words(text))
    want = [w for w in words(expected) if is_arabic(w) or not only_arabic]
    missing = []
    found = 0
    for w in want:
        if got[w] > 0:
            got[w] -= 1
            found += 1
        else:
            missing.append(w)
    return {"source_words": len(want), "found": found, "missing": missing}


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    only_arabic = sys.argv[3:] == ["arabic"]
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read()
    report = {}
    for name, extract in (("pdfium", pdfium), ("mupdf", mupdf), ("poppler", poppler)):
        try:
            text = extract(path)
        except (ImportError, OSError, subprocess.CalledProcessError) as e:
            report[name] = {"error": f"{type(e).__name__}: {e}"}
            continue
        report[name] = compare(text, expected, only_arabic)
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
