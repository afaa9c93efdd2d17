"""Reads a tagged PDF as a screen reader does: the structure tree in order, each element's
marked content decoded through its font's ToUnicode map, /ActualText (on marked content and
on structure elements) in place of what it covers, /Alt in place of an element, artifacts
skipped, /ReversedChars read back in logical order (see `logical`). No space is guessed from the glyphs'
positions: the text is what the file says.

    structure_text.py FILE.pdf [EXPECTED.txt]

Without EXPECTED, prints the text: one line per block element. With EXPECTED (the source's
words, UTF-8), compares the two word for word (in order, as a diff does) and prints JSON:
the number of source words, how many the PDF gives back in order, and the source words it
misses and the PDF's words the source does not have, each with a little context.

Needs pikepdf (PyPI).
"""

import difflib
import json
import re
import sys
import unicodedata

import pikepdf

# Elements read inside the running text: no break before or after them. Everything else is
# a block (a screen reader announces it on its own).
INLINE = {"/Span", "/Link", "/Code", "/Quote", "/Reference", "/BibEntry", "/Annot", "/Lbl"}


def cmap_of(font):
    """The font's ToUnicode map: code (int) -> text; and the code width in bytes."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    table = {}
    stream = font.get("/ToUnicode")
    if stream is None:
        return table, width
    data = stream.read_bytes().decode("latin-1")

    def utf16(hexa):
        raw = bytes.fromhex(hexa)
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            table[int(src, 16)] = utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, rest in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                for i, dst in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    table[lo + i] = utf16(dst)
            else:
                base = bytes.fromhex(rest[1:-1])
                for i in range(hi - lo + 1):
                    last = int.from_bytes(base[-2:], "big") + i
                    table[lo + i] = (base[:-2] + last.to_bytes(2, "big")).decode(
                        "utf-16-be", errors="replace"
                    )
    return table, width


def glyph_texts(raw, font):
    table, width = font
    out = []
    for i in range(0, len(raw) - width + 1, width):
        code = int.from_bytes(raw[i : i + width], "big")
        out.append(table.get(code, "\ufffd"))
    return out


def text_string(obj):
    """A PDF text string (UTF-16BE with a byte-order mark, or PDFDocEncoding)."""
    return str(obj)


# Marks a piece read from a /ReversedChars sequence (removed before the text is given).
RTL = "\x00"


def logical(pieces):
    """The text of one marked-content sequence (chapbook gives each run of one direction its
    own). Right-to-left text is drawn in visual order, as PDFium, MuPDF and poppler expect:
    each word a /ReversedChars sequence (PDF 1.7, 14.8.2.3.3) when its glyphs map one to one,
    else glyph by glyph with an /ActualText span for each cluster with marks. Like those
    extractors, the reader takes a sequence whose first strong character is right to left
    as visual and reads its pieces from the last to the first."""
    text = "".join(p.removeprefix(RTL) for p in pieces)
    if any(p.startswith(RTL) for p in pieces) or first_strong_rtl(text):
        pieces = pieces[::-1]
    return "".join(p.removeprefix(RTL) for p in pieces)


def first_strong_rtl(text):
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


class Page:
    """The text of each marked-content id on one page."""

    def __init__(self, page):
        self.texts = {}
        self.fonts = {}
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        fonts = resources.get("/Font", pikepdf.Dictionary())
        properties = resources.get("/Properties", pikepdf.Dictionary())
        for name, font in fonts.items():
            self.fonts[name] = cmap_of(font)
        # Each open marked-content sequence: [mcid, actual text, artifact, reversed, pieces]
        stack = []
        font = ({}, 1)
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                tag, props = operands
                if isinstance(props, pikepdf.Name):
                    props = properties.get(props, pikepdf.Dictionary())
                mcid = props.get("/MCID")
                actual = props.get("/ActualText")
                stack.append(
                    [
                        int(mcid) if mcid is not None else None,
                        text_string(actual) if actual is not None else None,
                        tag == "/Artifact",
                        False,
                        [],
                    ]
                )
            elif op == "BMC":
                tag = operands[0]
                stack.append([None, None, tag == "/Artifact", tag == "/ReversedChars", []])
            elif op == "EMC":
                if not stack:
                    continue
                mcid, actual, artifact, reversed_chars, pieces = stack.pop()
                if artifact:
                    continue
                if actual is not None:
                    pieces = [actual]
                elif reversed_chars:
                    # Characters in reverse order: read back as one piece, in logical order.
                    pieces = [RTL + "".join(pieces[::-1])]
                if mcid is not None:
                    self.texts[mcid] = self.texts.get(mcid, "") + logical(pieces)
                elif stack:
                    stack[-1][4].extend(pieces)
            elif op == "Tf":
                font = self.fonts.get(operands[0], ({}, 1))
            elif op in ("Tj", "'", '"'):
                self.show([operands[-1]], font, stack)
            elif op == "TJ":
                self.show([o for o in operands[0] if isinstance(o, pikepdf.String)], font, stack)

    def show(self, strings, font, stack):
        if not stack or any(entry[2] for entry in stack):
            return
        for s in strings:
            stack[-1][4].extend(glyph_texts(bytes(s), font))


class Reader:
    def __init__(self, pdf):
        self.pdf = pdf
        self.pages = {}
        self.out = []

    def page(self, ref):
        key = ref.objgen
        if key not in self.pages:
            self.pages[key] = Page(pikepdf.Page(ref))
        return self.pages[key]

    def block(self):
        if self.out and self.out[-1] != "\n":
            self.out.append("\n")

    def walk(self, node, page):
        if isinstance(node, int) or (
            isinstance(node, pikepdf.Object) and node._type_code == pikepdf.ObjectType.integer
        ):
            if page is not None:
                self.out.append(self.page(page).texts.get(int(node), ""))
            return
        if isinstance(node, pikepdf.Array):
            for kid in node:
                self.walk(kid, page)
            return
        if not isinstance(node, pikepdf.Dictionary):
            return
        if "/Pg" in node:
            page = node.Pg
        kind = node.get("/Type")
        if kind == "/MCR":
            self.out.append(self.page(node.get("/Pg", page)).texts.get(int(node.MCID), ""))
            return
        if kind == "/OBJR":
            return
        role = str(node.get("/S", ""))
        inline = role in INLINE
        if not inline:
            self.block()
        if "/ActualText" in node:
            self.out.append(text_string(node.ActualText))
        elif "/Alt" in node:
            # Alternative text is said in place of the element, as a phrase of its own.
            self.out.append(" " + text_string(node.Alt) + " ")
        elif "/K" in node:
            self.walk(node.K, page)
        if not inline:
            self.block()


def read(path):
    with pikepdf.open(path) as pdf:
        reader = Reader(pdf)
        reader.walk(pdf.Root.StructTreeRoot.get("/K", pikepdf.Array()), None)
        return "".join(reader.out)


def words(text):
    """Words as a listener hears them: split at white space, soft hyphens dropped, NFC."""
    text = unicodedata.normalize("NFC", text.replace("\u00ad", ""))
    return text.split()


def context(seq, at, n=4):
    return " ".join(seq[max(0, at - n) : at + n])


def compare(read_text, expected_text):
    got, want = words(read_text), words(expected_text)
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    missing, extra = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            missing.append({"words": " ".join(want[i1:i2]), "pdf": context(got, j1)})
        if tag in ("replace", "insert"):
            extra.append({"words": " ".join(got[j1:j2]), "source": context(want, i1)})
    return {
        "source_words": len(want),
        "pdf_words": len(got),
        "matched": matched,
        "missing": missing,
        "extra": extra,
    }


def main():
    text = read(sys.argv[1])
    if len(sys.argv) < 3:
        sys.stdout.write(text)
        return
    with open(sys.argv[2], encoding="utf-8") as f:
        expected = f.read()
    json.dump(compare(text, expected), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
