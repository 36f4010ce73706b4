"""Civil servants (公务员法 2018, jurisdiction `CN-civil-service`); prc_rules §6.

The Labour Contract Law does not govern them: no economic compensation, no LCL 50 steps.
辞退费 follows the state's pay rules and is entered by HR as `extra_compensation`; untaken
leave follows the organ's own pay rules. What the engine checks is CSL 89 (barred
dismissals) and lists the CSL 85, 90, 91 and 95 steps.
"""

from __future__ import annotations

from .calendar import WorkCalendar
from .inputs import Input
from .money import ZERO
from .options import Options
from .procedure import steps
from .protections import civil_service_check
from .result import Result, extra_line


def assess(inp: Input, options: Options, calendar: WorkCalendar) -> Result:
    """CSL 85–95 (§6): legality and procedure only; the money is HR's (extra_compensation)."""
    violations = civil_service_check(inp.ground, inp.protected_status)
    procedure, _ = steps(inp, options, calendar, False)
    lines = ()
    if inp.extra_compensation is not None:
        lines = (extra_line(inp.extra_compensation),)
    return Result(
        lawful=not violations,
        violations=tuple(violations),
        compensation_months=None,
        monthly_base=None,
        economic_compensation=None,
        notice_pay=None,
        annual_leave_pay=None,
        double_wage=None,
        unlawful_termination_damages=None,
        total=lines[0].amount if lines else ZERO,
        lines=lines,
        procedure=tuple(procedure),
        ground=inp.ground.code,
    )
