from tests.cases.conftest import soon, staffed  # noqa: F401  (shared fixtures)
