from tests.security.matrix import Case, everyone

CASES = [
    Case("reports:list", get=everyone(200), post=everyone(200)),
]
