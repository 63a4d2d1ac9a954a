"""Spreadsheet safety shared by every export path (admin, views, Celery).

django-import-export only strips a leading "=" and only in the admin (docs/operations.md G15);
ASVS 1.2.10 asks for = + - @ TAB CR (and NUL) to be neutralised with a leading apostrophe.
Numbers stay numbers: -5 is a value, "-5+3" typed as text is a formula.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def escape_cell(value):
    """The value to write into a CSV/XLSX cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def escape_row(row):
    return [escape_cell(value) for value in row]


def escape_dataset(dataset):
    """Escape every cell of a tablib Dataset in place (used by import-export resources)."""
    for index, row in enumerate(dataset):
        dataset[index] = tuple(escape_row(row))
    return dataset
