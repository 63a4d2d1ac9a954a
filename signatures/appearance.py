"""How the Ban's seal looks and where it sits.

- Where: the Party layout's signature block holds an empty box with the id `signature-place`
  (templates/reports/pdf/base.html, shared by notices and reports). WeasyPrint writes every id as
  a named destination, which gives the box's page and top-left corner; its size is fixed by the
  stylesheet (.signature-place) and repeated here. A PDF without it gets the seal at the bottom
  right of its last page.
- How: the seal's lines in an OpenType font, so that Vietnamese names keep their diacritics. pyHanko
  0.38 writes glyph widths in the font's own units instead of thousandths of an em, which spreads
  the text of fonts with 2048 units per em (Liberation, DejaVu) about twice too wide; pdftotext does
  not see it, a rendered page does. `_MilliEmGlyphs` scales HarfBuzz to 1000 units and the widths with it.
"""

import logging

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from .demo import DEMO_NOTE

logger = logging.getLogger(__name__)
# fontTools says at every seal that it drops a table the seal does not need.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

PLACE_ID = "signature-place"
MM = 72 / 25.4
# The size of .signature-place in static/pdf/party-document.css.
SEAL_WIDTH = 80 * MM
SEAL_HEIGHT = 22 * MM
# Without a signature place: the bottom right of the last page, inside the page's margins.
FALLBACK_MARGIN_RIGHT = 15 * MM
FALLBACK_MARGIN_BOTTOM = 20 * MM
SEAL_COLOUR = (0.75, 0.05, 0.05)
TIME_FORMAT = "%d/%m/%Y %H:%M:%S %z"


class _MilliEmGlyphs(GlyphAccumulator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._to_milli_em = 1000 / self.units_per_em
        self.hb_font.scale = (1000, 1000)
        self.units_per_em = 1000

    def _get_cid_and_width(self, glyph_id):
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = (cid, round(width * self._to_milli_em))
        return self._glyphs[glyph_id]


class VietnameseFont(GlyphAccumulatorFactory):
    """pyHanko's OpenType font factory, with glyph widths in the units PDF expects."""

    def create_font_engine(self, writer, obj_stream=None):
        handle = open(self.font_file, "rb")  # noqa: SIM115 (pyHanko reads it while it writes the PDF)
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _MilliEmGlyphs(
            writer=writer,
            font_handle=handle,
            font_size=self.font_size,
            obj_stream=obj_stream,
            bcp47_lang_code="vi",
        )


def seal_lines(*, demo):
    """The seal's text; %(signer)s is the certificate's name, %(ts)s the signing time."""
    lines = ["Ký bởi:", "%(signer)s", "Thời gian ký: %(ts)s"]
    if demo:
        lines.append(DEMO_NOTE)
    return "\n".join(lines)


def seal_style(*, font, demo):
    return TextStampStyle(
        stamp_text=seal_lines(demo=demo),
        timestamp_format=TIME_FORMAT,
        text_box_style=TextBoxStyle(
            font=VietnameseFont(font, font_size=9), leading=11, text_color=SEAL_COLOUR
        ),
        border_width=1,
        border_color=SEAL_COLOUR,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(4),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _page_count(reader):
    return int(reader.root["/Pages"]["/Count"])


def _named_destinations(reader):
    """name -> destination array, from the catalogue's /Names /Dests tree (flat or with kids)."""
    found = {}
    names = reader.root.get("/Names")
    tree = names.get("/Dests") if names else None
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        pairs = node.get("/Names", [])
        for index in range(0, len(pairs) - 1, 2):
            found[str(pairs[index])] = pairs[index + 1]
        stack.extend(node.get("/Kids", []))
    return found


def signature_place(reader):
    """(page index, (x1, y1, x2, y2)) of the seal: the signature place, or the fallback."""
    destination = _named_destinations(reader).get(PLACE_ID)
    if destination is not None:
        try:
            target = destination.raw_get(0)
            left, top = float(destination[2]), float(destination[3])
            for index in range(_page_count(reader)):
                if reader.find_page_for_modification(index)[0].idnum == target.idnum:
                    return index, (left, top - SEAL_HEIGHT, left + SEAL_WIDTH, top)
        except (AttributeError, IndexError, TypeError, ValueError):
            logger.warning("the signature place of this PDF cannot be read; the seal goes to the last page")
    last = _page_count(reader) - 1
    page = reader.find_page_for_modification(last)[0].get_object()
    width = float(page["/MediaBox"][2])
    x2, y1 = width - FALLBACK_MARGIN_RIGHT, FALLBACK_MARGIN_BOTTOM
    return last, (x2 - SEAL_WIDTH, y1, x2, y1 + SEAL_HEIGHT)
