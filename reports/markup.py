"""The plain markup of a report's sections: what staff type in a textarea, what the PDF prints.

A line starting with "- " is a bullet; consecutive bullets make one list; other lines are
paragraphs (a blank line is just a separator). Nothing else means anything: the text is never
HTML, and the templates print the blocks with autoescaping, so "<b>" is printed as typed.
"""

from dataclasses import dataclass, field

BULLET = "- "


@dataclass
class Block:
    kind: str  # "paragraph" or "bullets"
    text: str = ""
    items: list = field(default_factory=list)


def blocks(text):
    """The paragraphs and bullet lists of `text`, in order."""
    result = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(BULLET) or line == "-":
            item = line[len(BULLET) :].strip() if line != "-" else ""
            if not item:
                continue
            if result and result[-1].kind == "bullets":
                result[-1].items.append(item)
            else:
                result.append(Block("bullets", items=[item]))
        else:
            result.append(Block("paragraph", text=line))
    return result


def bullet(text):
    """One bullet line: the passage on one line (a unit's report may hold line breaks)."""
    return BULLET + " ".join((text or "").split())
