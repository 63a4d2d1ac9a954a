"""Vietnamese text: stored in NFC, searched in a folded form without accents or case.

Folding happens in Python and is stored next to the text (`search_text`), so that search is
accent-insensitive and Unicode-form-insensitive on PostgreSQL and on the embedded SQLite alike:
"khoa giao", "KHOA GIÁO" and the decomposed (NFD) "khoa giáo" all fold to "khoa giao".
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d plus a combining mark: NFD leaves them alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text):
    """Text as we store it: NFC, trimmed; None and "" stay as they are."""
    if not text:
        return text
    return unicodedata.normalize("NFC", str(text)).strip()


def fold(text):
    """Lower case, no diacritics, đ→d, single spaces. fold("Quyết Định") == "quyet dinh"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.translate(_LETTERS).casefold()).strip()


def search_terms(query):
    """Split a user's query into folded terms; every term must match."""
    return [term for term in fold(query).split(" ") if term]


_FINAL_STOP = re.compile(r"(?<!v\.v)[\s.;,:]+$")


def clause(text):
    """`text` as a part of a longer sentence: without the full stop (or ";", ",", ":") it ends
    with, so that "… giáo dục. (chủ trì: …)." prints as "… giáo dục (chủ trì: …)." A closing
    "v.v." keeps its dots; "…", "?" and "!" stay."""
    return _FINAL_STOP.sub("", str(text or "")).rstrip()
