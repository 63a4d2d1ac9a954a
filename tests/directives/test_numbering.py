"""Acceptance 1: Party document numbers "Số {n}-{LOẠI}/{CƠ QUAN}" and terms (docs/domain.md,
"Documents and their numbers")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directives.numbering import (
    ABBREVIATION,
    InvalidNumber,
    InvalidTerm,
    PartyNumber,
    format_number,
    format_term,
    parse_number,
    parse_term,
)

ABBREVIATIONS = sorted(set(ABBREVIATION.values()))
ISSUERS = [
    "TW",
    "VPTW",
    "BTGTW",
    "BTGDVTW",
    "BCĐTW",
    "HVCTQG",
    "TU",
    "BTGTU",
    "BTGDVTU",
    "UBKTTU",
    "HU",
    "ĐU",
]
issuers = st.one_of(
    st.sampled_from(ISSUERS),
    st.from_regex(r"[A-ZĐ][A-ZĐ0-9]{0,14}", fullmatch=True),
)
numbers = st.builds(PartyNumber, st.integers(1, 99_999), st.sampled_from(ABBREVIATIONS), issuers)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("128-HD/BTGTW", (128, "HD", "BTGTW")),
        ("238-QĐ/TW", (238, "QĐ", "TW")),
        ("20-KH/TW", (20, "KH", "TW")),
        ("09-QC/TW", (9, "QC", "TW")),
        ("180-CV/TU", (180, "CV", "TU")),
        ("24-BS/UBKTTU", (24, "BS", "UBKTTU")),
        ("27-HD/BTGDVTW", (27, "HD", "BTGDVTW")),
        ("05-TB/BCĐTW", (5, "TB", "BCĐTW")),
        ("24-ĐA/TU", (24, "ĐA", "TU")),
        ("01-CTr/TU", (1, "CTr", "TU")),
    ],
)
def test_real_numbers_parse_into_their_parts(text, expected):
    parsed = parse_number(text)
    assert (parsed.sequence, parsed.abbreviation, parsed.issuer) == expected
    assert str(parsed) == text


@pytest.mark.parametrize(
    "typed",
    ["Số 128-HD/BTGTW", "Số: 128-HD/BTGTW", "128 - HD / BTGTW", "128-hd/btgtw", " so 128-Hd/BtgTW "],
)
def test_the_ways_people_type_a_number_give_the_printed_form(typed):
    assert str(parse_number(typed)) == "128-HD/BTGTW"


def test_qd_is_shared_by_decisions_and_regulations_and_qd_without_the_stroke_is_accepted():
    parsed = parse_number("238-QD/TW")
    assert str(parsed) == "238-QĐ/TW"
    assert set(parsed.types) == {"quyet_dinh", "quy_dinh"}
    assert parse_number("180-CV/TU").types == ["cong_van"]


def test_decomposed_unicode_is_read_as_the_same_number():
    import unicodedata

    assert str(parse_number(unicodedata.normalize("NFD", "238-QĐ/TW"))) == "238-QĐ/TW"
    assert str(parse_number(unicodedata.normalize("NFD", "05-TB/BCĐTW"))) == "05-TB/BCĐTW"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("128/HD-BTGTW", "không phải là số hiệu văn bản của Đảng"),
        ("HD-128", "không phải là số hiệu văn bản của Đảng"),
        ("HD/BTGTW", "không phải là số hiệu văn bản của Đảng"),
        ("128-HD", "không phải là số hiệu văn bản của Đảng"),
        ("128-HD/", "không phải là số hiệu văn bản của Đảng"),
        ("128HD/BTGTW", "không phải là số hiệu văn bản của Đảng"),
        ("00-HD/BTGTW", "bắt đầu từ 01"),
        ("12-XY/TW", "không phải là ký hiệu loại văn bản của Đảng"),
        ("12-QyĐ/TW", "không phải là ký hiệu loại văn bản của Đảng"),
        ("", "Nhập số hiệu văn bản"),
        ("   ", "Nhập số hiệu văn bản"),
        (None, "Nhập số hiệu văn bản"),
    ],
)
def test_malformed_numbers_are_refused_with_a_clear_vietnamese_message(text, message):
    with pytest.raises(InvalidNumber) as refused:
        parse_number(text)
    assert message in str(refused.value)
    if text and text.strip():
        assert (
            "128-HD/BTGTW" in str(refused.value)
            or "ký hiệu" in str(refused.value)
            or "01" in str(refused.value)
        )


@given(numbers)
def test_every_valid_number_round_trips(number):
    printed = str(number)
    assert parse_number(printed) == number
    assert str(parse_number(printed)) == printed
    # and so does the way a clerk might type it
    assert parse_number(f"Số {printed.lower()}") == number


@given(numbers)
def test_the_sequence_is_printed_with_at_least_two_digits(number):
    printed = str(number)
    assert printed.split("-")[0] == f"{number.sequence:02d}"
    assert format_number(number.sequence, number.abbreviation, number.issuer) == printed


@given(st.text(alphabet="0123456789-/ ", max_size=12))
def test_strings_without_letters_are_never_numbers(text):
    with pytest.raises(InvalidNumber):
        parse_number(text)


@given(st.text(max_size=30))
def test_any_text_is_either_a_number_that_round_trips_or_refused_with_a_message(text):
    outcome = None
    try:
        parsed = parse_number(text)
    except InvalidNumber as refused:
        outcome = str(refused)
    if outcome is None:
        assert parse_number(str(parsed)) == parsed
    else:
        assert len(outcome) > 10


@pytest.mark.parametrize(
    ("text", "term"),
    [("XIII", 13), ("xiii", 13), ("khóa XIII", 13), ("Khóa 12", 12), ("13", 13), ("X", 10), ("", None)],
)
def test_terms_are_read_in_roman_or_arabic_numerals(text, term):
    assert parse_term(text) == term


@pytest.mark.parametrize("text", ["IIII", "VX", "0", "XIIII", "khóa", "mười ba", "51"])
def test_malformed_terms_are_refused(text):
    with pytest.raises(InvalidTerm) as refused:
        parse_term(text)
    assert "không phải là khóa" in str(refused.value)


@given(st.integers(1, 50))
def test_every_term_round_trips_through_roman_numerals(term):
    assert parse_term(format_term(term)) == term
