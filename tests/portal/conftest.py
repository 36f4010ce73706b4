from tests.cases.conftest import media_root, soon, staffed  # noqa: F401  (shared fixtures)
