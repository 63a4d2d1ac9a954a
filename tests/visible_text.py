"""What a reader sees on a page, and which of its words are not Vietnamese.

A Vietnamese word is a string of syllables, each of a strict shape: an initial consonant from a
short list, a vowel group from another, and at most one of eight final consonants (c, ch, m, n,
ng, nh, p, t). English words almost never fit ("Export", "Log", "password", "short", "Access");
the few that do ("to", "in", "no", "run") never make an English sentence on their own, so a page
with English on it always shows some word that fails. Identifiers (user names, task paths,
codes: anything joined to digits, dots, underscores, @ or hyphens) and proper names of software
are not prose and are left out.
"""

import re
import unicodedata

from lxml import html as lxml_html

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_INITIAL = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Longest first, so that the alternation tries "uyê" before "uy" and "u".
_VOWELS = sorted(
    set(
        re.findall(
            r"\S+",
            """iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu ai ao au ay âu ây eo êu ia iê iu
            oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê a ă â e ê i o ô ơ u ư y""",
        )
    ),
    key=len,
    reverse=True,
)
_FINAL = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"^(?:{_INITIAL})?(?:{'|'.join(_VOWELS)})(?:{_FINAL})?$")
# A word: letters only. Identifier characters glued to it make the whole run an identifier.
_RUN = re.compile(r"[\w.@/:+&#%=*-]+")
_LETTERS = re.compile(r"^[^\W\d_]+$")
_IDENTIFIER_MARKS = re.compile(r"[\d_.@/:=#*]|[^\W\d_]-[^\W\d_]")

# Attributes a reader meets: tooltips, screen-reader labels, placeholders, button captions.
_SPOKEN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
_BUTTON_TYPES = {"submit", "button", "reset"}


def untoned(word):
    """The word without its tone mark (vowel shapes kept): "Được" -> "đươc"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))


def is_vietnamese_syllable(word):
    return bool(_SYLLABLE.match(untoned(word)))


def foreign_words(text, allowed=frozenset()):
    """Words of `text` that are neither Vietnamese syllables nor in `allowed` (compared
    case-insensitively). Identifiers, single letters (a truncated word, "điểm a") and all-capital
    abbreviations of up to five letters (CSV, PDF, ID) are skipped."""
    allowed = {word.lower() for word in allowed}
    found = []
    for run in _RUN.findall(text):
        run = run.strip(".:/-+&#%=,")
        if not run or _IDENTIFIER_MARKS.search(run):
            continue
        for word in re.split(r"[-+&#%=]", run):
            if len(word) < 2 or not _LETTERS.match(word):
                continue
            if word.isupper() and len(word) <= 5:
                continue
            if word.lower() in allowed or is_vietnamese_syllable(word):
                continue
            found.append(word)
    return found


def visible_text(page_html, skip_xpath=None):
    """The text a reader sees or hears: text nodes outside script, style and form values, plus
    titles, alt texts, placeholders, ARIA labels and button captions. `skip_xpath` names elements
    whose content is data, not interface (a record's own values)."""
    tree = lxml_html.fromstring(page_html)
    for element in tree.xpath("//script|//style|//textarea|//noscript|//template"):
        element.drop_tree()
    if skip_xpath:
        for element in tree.xpath(skip_xpath):
            element.drop_tree()
    parts = [text for text in tree.xpath("//text()") if text.strip()]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _SPOKEN_ATTRIBUTES:
            if element.get(name):
                parts.append(element.get(name))
        if element.tag == "input" and (element.get("type") or "").lower() in _BUTTON_TYPES:
            parts.append(element.get("value") or "")
    return "\n".join(parts)
