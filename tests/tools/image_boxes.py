"""Where a PDF draws its images: for each image of the pages asked for, the box it covers on
the page (the image's unit square through the current transformation matrix, followed
through q/Q, cm and form XObjects), its size in pixels and the page's MediaBox, as JSON.

    image_boxes.py FILE.pdf [PAGE...]

PAGE numbers count from 1; without them, every page. Prints a list of objects
{"page", "pixels": [w, h], "box": [x0, y0, x1, y1], "media_box": [x0, y0, x1, y1]}, in
PDF units with the origin at the page's bottom left.

Needs pikepdf (PyPI).
"""

import json
import sys

import pikepdf


def multiply(a, b):
    """The matrix `a` then `b` (PDF's row-vector convention: [a b c d e f])."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def unit_square(m):
    """The box (x0, y0, x1, y1) that matrix `m` maps the unit square to."""
    corners = [(0, 0), (1, 0), (0, 1), (1, 1)]
    xs = [m[0] * x + m[2] * y + m[4] for x, y in corners]
    ys = [m[1] * x + m[3] * y + m[5] for x, y in corners]
    return [min(xs), min(ys), max(xs), max(ys)]


def walk(stream_owner, resources, ctm, found, depth=0):
    """Appends (pixels, box) for every image that `stream_owner`'s content draws."""
    if depth > 8:
        return
    stack = []
    xobjects = resources.get("/XObject", {}) if resources is not None else {}
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = multiply([float(v) for v in operands], ctm)
        elif op == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is None:
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                pixels = [int(xobject.get("/Width")), int(xobject.get("/Height"))]
                found.append((pixels, unit_square(ctm)))
            elif subtype == "/Form":
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                inner = xobject.get("/Resources", resources)
                walk(xobject, inner, multiply(matrix, ctm), found, depth + 1)


def main():
    pdf = pikepdf.open(sys.argv[1])
    wanted = [int(n) for n in sys.argv[2:]] or range(1, len(pdf.pages) + 1)
    out = []
    for number in wanted:
        page = pdf.pages[number - 1]
        found = []
        walk(page, page.obj.get("/Resources"), [1, 0, 0, 1, 0, 0], found)
        media_box = [float(v) for v in page.obj.get("/MediaBox")]
        for pixels, box in found:
            out.append(
                {"page": number, "pixels": pixels, "box": box, "media_box": media_box}
            )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
