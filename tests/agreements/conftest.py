# The upload folder fixture, for every test of this folder.
from tests.assignments.helpers import private_root  # noqa: F401
