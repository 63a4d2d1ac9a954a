"""Run as its own process by reader.py: python-calamine reads one workbook under a memory and CPU
limit, and the rows go back pickled on stdout.

Why a process of its own: calamine (Rust) allocates the whole rectangle of a sheet, and a
workbook of a few KB whose two cells lie far apart makes it abort the process (SIGABRT), which no
`except` can catch (docs/operations.md, "The directive import's jobs"). Here that kills only this
child; the web or worker process that started it reads the exit status and refuses the file.

This file must not import Django or the portal: it is started with the bare interpreter, so that
the child costs ~0.1 s and no database connection.

    python sheet_child.py PATH FIRST|OTHERS MEMORY_MB CPU_SECONDS
"""

import pickle
import resource
import sys

HEADER_SEARCH_ROWS = 20


def _limit(memory_mb, cpu_seconds):
    # Set before the file is opened: an allocation over the limit fails (calamine then aborts,
    # which is what we want) instead of taking the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1048576, memory_mb * 1048576))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _error_kind(exc):
    text = str(exc).lower()
    if "entity" in text or "doctype" in text or "dtd" in text:
        return "forbidden"
    if "limit" in text:  # calamine's own cap on the cells a sheet may ask for
        return "too_large"
    if type(exc).__name__ == "PasswordError" or "password" in text or "encrypt" in text:
        return "password"
    return "damaged"


def read(path, mode):
    import python_calamine

    try:
        with python_calamine.CalamineWorkbook.from_path(path) as book:
            names = book.sheet_names
            if not names:
                return {"error": "damaged"}
            if mode == "FIRST":
                # skip_empty_area=False: row 0 is the sheet's row 1 and column 0 its column A,
                # so that messages name the row and column the user sees.
                rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
                return {"rows": rows, "sheet": names[0]}
            others = []
            for index, name in enumerate(names[1:], start=1):
                rows = book.get_sheet_by_index(index).to_python(
                    skip_empty_area=False, nrows=HEADER_SEARCH_ROWS
                )
                others.append((name, rows[:HEADER_SEARCH_ROWS]))
            return {"others": others}
    except Exception as exc:  # calamine's own errors: broken zip, XML, BIFF records
        return {"error": _error_kind(exc), "detail": f"{type(exc).__name__}: {str(exc)[:300]}"}


def main():
    path, mode, memory_mb, cpu_seconds = sys.argv[1:5]
    _limit(int(memory_mb), int(cpu_seconds))
    result = read(path, mode)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
