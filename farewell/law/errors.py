"""`LawInputError`, alone in a module so that `farewell law` can name it before the engine is imported."""

from __future__ import annotations


class LawInputError(ValueError):
    """An input the engine does not understand; `field` names it (None: not JSON at all)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __reduce__(self):  # picklable, for the CLI's worker processes
        return LawInputError, (self.field, self.message)

    def within(self, prefix: str) -> LawInputError:
        """The same error seen from a containing list: `[3]` + `hire_date` → `[3].hire_date`."""
        return LawInputError(f"{prefix}.{self.field}" if self.field else prefix, self.message)
