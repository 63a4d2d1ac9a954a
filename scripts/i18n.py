#!/usr/bin/env python3
"""Keep the Vietnamese catalogue in step with the code, safely from several shells at once.

    python scripts/i18n.py [TRANSLATIONS.tsv ...]

Under a lock on locale/.lock: extract strings (makemessages), fill msgstr from the given
tab-separated files (English msgid <TAB> Vietnamese msgstr; "\\n" for a newline), compile the
.mo, and list what is still untranslated. The compiled .mo is committed so that `make run`
needs no gettext tools.
"""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
ENV = dict(os.environ, DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "i18n-only"))


def read_tsv(path):
    pairs = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if "\t" not in line:
            sys.exit(f"{path}:{number}: expected 'msgid<TAB>msgstr'")
        msgid, msgstr = line.split("\t", 1)
        pairs[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    return pairs


def check():
    """CI: the committed catalogue covers every string in the code, all translated, and the
    committed .mo is what msgfmt makes of the committed .po. Leaves the files as they were."""
    import shutil
    import tempfile

    lock = open(ROOT / "locale" / ".lock", "w")  # noqa: SIM115 (held until exit)
    fcntl.flock(lock, fcntl.LOCK_EX)
    committed = polib.pofile(str(PO))
    backup = Path(tempfile.mkdtemp()) / "django.po"
    shutil.copy2(PO, backup)
    try:
        subprocess.run(
            [
                *MANAGE,
                "makemessages",
                "-l",
                "vi",
                "--no-obsolete",
                "--add-location",
                "file",
                "--ignore",
                ".venv/*",
                "--ignore",
                "var/*",
                "--ignore",
                "tests/*",
            ],
            cwd=ROOT,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        extracted = polib.pofile(str(PO))
    finally:
        shutil.copy2(backup, PO)
    problems = [
        f"not in the catalogue: {e.msgid!r}" for e in extracted if e.msgid not in {c.msgid for c in committed}
    ]
    problems += [
        f"untranslated: {e.msgid!r}"
        for e in committed
        if not (e.msgstr or e.msgstr_plural.get(0)) or "fuzzy" in e.flags
    ]
    compiled = backup.with_suffix(".mo")
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    if compiled.read_bytes() != PO.with_suffix(".mo").read_bytes():
        problems.append("django.mo is not compiled from django.po: run scripts/i18n.py")
    for problem in problems:
        print(problem)
    print(f"{len(committed)} strings, {len(problems)} problem(s)")
    return 1 if problems else 0


def main(paths):
    (ROOT / "locale").mkdir(exist_ok=True)
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [
                *MANAGE,
                "makemessages",
                "-l",
                "vi",
                "--no-obsolete",
                "--add-location",
                "file",
                "--ignore",
                ".venv/*",
                "--ignore",
                "var/*",
                "--ignore",
                "tests/*",
            ],
            cwd=ROOT,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        catalogue = polib.pofile(str(PO), wrapwidth=100)
        catalogue.metadata.update(
            {
                "Language": "vi",
                "Content-Type": "text/plain; charset=UTF-8",
                "Plural-Forms": "nplurals=1; plural=0;",
            }
        )
        entries = {entry.msgid: entry for entry in catalogue}
        missing = []
        for path in paths:
            for msgid, msgstr in read_tsv(path).items():
                entry = entries.get(msgid)
                if entry is None:
                    missing.append(msgid)
                    continue
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: msgstr}
                else:
                    entry.msgstr = msgstr
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        catalogue.save()
        subprocess.run(
            [*MANAGE, "compilemessages", "-l", "vi", "--ignore", ".venv/*"],
            cwd=ROOT,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for msgid in missing:
        print(f"not in the code (yet): {msgid!r}")
    untranslated = [
        e.msgid for e in catalogue if not (e.msgstr or e.msgstr_plural.get(0)) or "fuzzy" in e.flags
    ]
    for msgid in untranslated:
        print(f"untranslated: {msgid!r}")
    print(f"{len(catalogue) - len(untranslated)}/{len(catalogue)} strings translated")


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    main(sys.argv[1:])
