"""What the templates' source can get wrong without any page failing."""

import re

from tests.conftest import ROOT


def test_every_one_line_comment_closes_on_its_line():
    # Django's {# #} is a one-line comment: one spread over two lines is printed on the page
    # (the meeting page did, until this test). {% comment %} is the one for several lines.
    unclosed = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" in path.parts or "var" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\{#(?!.*#\})", line):
                unclosed.append(f"{path.relative_to(ROOT)}:{number}")
    assert unclosed == []
