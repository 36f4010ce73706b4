"""The `farewell` command: `farewell law ...` runs the pure-Python law engine without Django, and so
do `farewell risk evaluate` and `farewell talks classify`; everything else is a Django management command (`farewell migrate`, `farewell demo-data`, ...)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "law":
        # Pinned interface: needs no settings, database or environment variables.
        from farewell.law.cli import main as law_main

        return law_main(argv[1:])
    if argv[:2] == ["risk", "evaluate"]:
        # Any outside CSV: pandas and scikit-learn only, no settings or database either.
        from farewell.insights.riskcli import main as risk_evaluate

        return risk_evaluate(argv[2:])
    if argv[:2] == ["talks", "classify"]:
        # JSON lines in, labels out: the shipped classifier, no settings or database either.
        from farewell.talks.classify_cli import main as talks_classify

        return talks_classify(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["farewell", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
