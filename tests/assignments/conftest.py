# The upload folder fixture, for every test of this folder (tests/security imports it itself).
from tests.assignments.helpers import private_root  # noqa: F401
