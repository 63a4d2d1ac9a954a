"""Looking at a sealed PDF as a person would: the page rendered to an image (pdftoppm), the seal's
box found from its signature field, and its text measured. pdftotext reads text that pyHanko
spread over twice its width (its glyph-width trap) exactly; only the picture shows it."""

import io
import subprocess
from dataclasses import dataclass

from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

DPI = 150


@dataclass
class SealPicture:
    page: int
    box: tuple  # pixels: left, top, right, bottom (the border included)
    lines: list  # per line of text: (ink columns / columns from its first to its last ink)
    ink_inside: int
    ink_right_of_box: int

    @property
    def normal_spacing(self):
        return bool(self.lines) and min(self.lines) >= 0.6


def seal_field(data, field_name):
    """(page index, rect in points) of the signature field's widget."""
    reader = PdfFileReader(io.BytesIO(data))
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(index)[0].get_object()
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if str(widget.get("/T", "")) == field_name:
                return index, [float(v) for v in widget["/Rect"]], float(page["/MediaBox"][3])
    raise AssertionError(f"no signature field {field_name}")


def _is_ink(pixel):
    return min(pixel[:3]) < 140


def picture(pdf_path, field_name, tmp_path):
    data = pdf_path.read_bytes()
    page, (x1, y1, x2, y2), height = seal_field(data, field_name)
    prefix = tmp_path / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(DPI),
            "-f",
            str(page + 1),
            "-l",
            str(page + 1),
            "-singlefile",
            str(pdf_path),
            str(prefix),
        ],
        check=True,
    )
    image = Image.open(f"{prefix}.png").convert("RGB")
    scale = DPI / 72
    left, right = round(min(x1, x2) * scale), round(max(x1, x2) * scale)
    top, bottom = round((height - max(y1, y2)) * scale), round((height - min(y1, y2)) * scale)
    pixels = image.load()
    inset = 4  # the border
    rows = range(top + inset, bottom - inset)
    columns = range(left + inset, right - inset)
    # Lines of text are runs of rows with a fair share of ink: the rows of diacritics alone (above
    # capitals, below dots) carry little of it and would look like sparse lines of their own.
    counts = {y: sum(1 for x in columns if _is_ink(pixels[x, y])) for y in rows}
    body = max(counts.values(), default=0) / 4
    lines, current = [], []
    for y in rows:
        if counts[y] and counts[y] >= body:
            current.append(y)
        elif current:
            lines.append(current)
            current = []
    if current:
        lines.append(current)
    densities = []
    for band in lines:
        if len(band) < 3:
            continue
        inked = [x for x in columns if any(_is_ink(pixels[x, y]) for y in band)]
        extent = inked[-1] - inked[0] + 1
        densities.append(len(inked) / extent)
    outside = range(right + 2, min(image.width, right + 120))
    ink_right = sum(1 for y in range(top, bottom) for x in outside if _is_ink(pixels[x, y]))
    ink_inside = sum(1 for y in rows for x in columns if _is_ink(pixels[x, y]))
    return SealPicture(page, (left, top, right, bottom), densities, ink_inside, ink_right)


def seal_text(pdf_path, field_name):
    """What pdftotext reads inside the seal's box, line by line (NFC)."""
    import unicodedata

    page, (x1, y1, x2, y2), height = seal_field(pdf_path.read_bytes(), field_name)
    area = [
        "-x",
        str(int(min(x1, x2))),
        "-y",
        str(int(height - max(y1, y2))),
        "-W",
        str(int(abs(x2 - x1)) + 1),
    ]
    area += ["-H", str(int(abs(y2 - y1)) + 1)]
    out = subprocess.run(
        ["pdftotext", "-r", "72", "-f", str(page + 1), "-l", str(page + 1), *area, str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.strip() for line in unicodedata.normalize("NFC", out).splitlines() if line.strip()]
