"""What a page does with a panel builder's result (common/panels.py): a Reads built from its queries' rows."""

from __future__ import annotations

from farewell.common.panels import Reads


def built(result):
    if isinstance(result, Reads):
        return result.build([prepared(*values) for prepared, values in result.calls])
    return result
