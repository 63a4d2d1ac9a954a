from tests.security.matrix import Case, everyone

CASES = [
    Case("directives:list", get=everyone(200), post=everyone(200)),
]
