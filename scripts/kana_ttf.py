#!/usr/bin/env python3
"""Writes fonts/NotoSansCJKjp-Kana.ttf, the bundled kana font with TrueType outlines, from the
CFF kana subset that fonts/README.md says how to make (NotoSansCJKjp-Kana.otf):

    python3 scripts/kana_ttf.py NotoSansCJKjp-Kana.otf fonts/NotoSansCJKjp-Kana.ttf

Why: krilla embeds a CFF font as a CID-keyed CFF program whose Top DICT carries FontMatrix
[0.001 0 0 0.001 0 0] as real numbers, and page-validation 0.11.0 reads real numbers in a DICT
as operators: it takes that matrix for 0, every glyph's width for 0, and fails
PDFUA1-FONT-GLYPH-WIDTH-001 (see tests/checkers.rs). With TrueType outlines the font is
embedded as the other bundled fonts are (CIDFontType2), widths read from hmtx.

Each cubic curve becomes quadratic ones within 1 font unit (of 1000 per em) of it (fontTools'
cu2qu; contours reversed, as TrueType winds them the other way round); the
advances, vertical metrics, cmap, layout tables and names are kept; the CFF hints are dropped
(TrueType instructions are not written; PDF readers draw unhinted outlines anyway). Needs
fontTools (pip install fonttools); the output is the same bytes on every run.
"""
import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0  # font units


def main(source: str, target: str) -> None:
    font = TTFont(source, recalcTimestamp=False)
    assert font.sfntVersion == "OTTO", f"{source} has no CFF outlines"
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: the kana subset's are CIDs
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(target, reorderTables=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
