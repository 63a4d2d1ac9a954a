"""Threads in tests: a new thread starts outside any province scope (context variables are not
inherited), as a real second process would; `in_my_scope(fn)` runs fn in the scope of the thread
that made it."""

from khoagiao.scoping import get_scope, scope


def in_my_scope(function):
    state = dict(get_scope())

    def run(*args, **kwargs):
        with scope(**state):
            return function(*args, **kwargs)

    return run
