"""The configurable rules of prc_rules.md, as named options with their defaults.

| option | default | alternative | rule |
| --- | --- | --- | --- |
| `pre2008_counting` | `"segmented"` | `"one_span"`, `"from_hire"` | §2: pre-/post-2008 remainders rounded separately (MOHRSS) or, when the ground gave compensation in both periods, the whole service counted as one LCL 47 span; `from_hire` counts that span as 粤高法〔2012〕284号 Art. 32(2) does: pre-2008 years at most 12 where the 1994 Measures capped them (mutual, incompetence), and a high earner's 12-year cap (LCL 47 ¶2) on the years from 2008 only |
| `union_notification_severity` | `"violation"` | `"warning"` | §4, LCL 43: `union_notified: false` makes `lawful` false, or only warns |
| `day_off_reading` | `"broad"` | `"narrow"` | §4, 民法典 203: 法定休假日 = every day off in the official calendar (weekends included), or holiday spans only |
| `damages_counting` | `"whole_service"` | `"segmented"` | §5, LCL 87: 2N over the whole service (Reg. 25), or pre-2008 service counted under the 1994 Measures |
| `pre2008_local_rule` | `None` | a `LocalPre2008Rule` | §2: a province whose regulations gave compensation before 2008 for grounds the national rules did not (expiry, closure) |
| `average_overtime` | `"included"` | `"excluded"` | §2, Reg. 27: whether overtime pay (`overtime_pay_included`) counts in the 12-month average for N and 2N |
| `notice_pay_base` | `"previous_month"` | `"average"` | §5, Reg. 20: the wage in lieu of notice is the previous month's wage, or the 12-month average |
| `notice_pay_floor` | `"none"` | `"minimum_wage"` | §5, Reg. 20: the previous month's wage as it is, or raised to `local_min_wage` when below it (苏高法审委〔2009〕47号 Art. 20) |
| `leave_year_days` | `"365"` | `"actual"` | §5, Leave Measures 12: the days passed are divided by 365 also in a leap year, or by 366 in one |
| `practice` | `None` | a code of practices.PRACTICES | the provincial practice these options were taken from: named, with its source, in every explanation |

`practices.options_for_city(city)` gives the options of the city's provincial practice; the CLI
and `compute` without options use the defaults above (prc_rules.md as written).
"""

from __future__ import annotations

from .records import FrozenRecord

TYPE_CHECKING = False  # typing is not imported at run time: its import costs every CLI run 13M instructions
if TYPE_CHECKING:
    from typing import Literal

SEGMENTED = "segmented"
ONE_SPAN = "one_span"
FROM_HIRE = "from_hire"
WHOLE_SERVICE = "whole_service"
BROAD = "broad"
NARROW = "narrow"
VIOLATION = "violation"
WARNING = "warning"
INCLUDED = "included"
EXCLUDED = "excluded"
PREVIOUS_MONTH = "previous_month"
AVERAGE = "average"
DAYS_365 = "365"
ACTUAL_YEAR_DAYS = "actual"
NO_FLOOR = "none"
MINIMUM_WAGE = "minimum_wage"


class LocalPre2008Rule(FrozenRecord):
    """A provincial rule that gave compensation before 2008 for grounds the 1994 Measures did not.

    Each full year of pre-2008 service gives one month's wage, a part of a year a full month,
    uncapped, unless `year_cap` says otherwise. The HR admin supplies the citation of the
    provincial regulation: the engine ships none, so that none is cited unverified.
    """

    __slots__ = _fields = ("province", "grounds", "citation", "year_cap")

    def __init__(self, province: str, grounds: frozenset[str], citation: str, year_cap: int | None = None) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "province", province)
        setattr_(self, "grounds", grounds)
        setattr_(self, "citation", citation)
        setattr_(self, "year_cap", year_cap)


class Options(FrozenRecord):
    """The configurable rules (module docstring); `Options()` is what the CLI uses."""

    __slots__ = _fields = (
        "pre2008_counting", "union_notification_severity", "day_off_reading", "damages_counting",
        "pre2008_local_rule", "average_overtime", "notice_pay_base", "notice_pay_floor", "leave_year_days",
        "practice",
    )

    def __init__(
        self,
        pre2008_counting: Literal["segmented", "one_span", "from_hire"] = SEGMENTED,
        union_notification_severity: Literal["violation", "warning"] = VIOLATION,
        day_off_reading: Literal["broad", "narrow"] = BROAD,
        damages_counting: Literal["whole_service", "segmented"] = WHOLE_SERVICE,
        pre2008_local_rule: LocalPre2008Rule | None = None,
        average_overtime: Literal["included", "excluded"] = INCLUDED,
        notice_pay_base: Literal["previous_month", "average"] = PREVIOUS_MONTH,
        notice_pay_floor: Literal["none", "minimum_wage"] = NO_FLOOR,
        leave_year_days: Literal["365", "actual"] = DAYS_365,
        practice: str | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "pre2008_counting", pre2008_counting)
        setattr_(self, "union_notification_severity", union_notification_severity)
        setattr_(self, "day_off_reading", day_off_reading)
        setattr_(self, "damages_counting", damages_counting)
        setattr_(self, "pre2008_local_rule", pre2008_local_rule)
        setattr_(self, "average_overtime", average_overtime)
        setattr_(self, "notice_pay_base", notice_pay_base)
        setattr_(self, "notice_pay_floor", notice_pay_floor)
        setattr_(self, "leave_year_days", leave_year_days)
        setattr_(self, "practice", practice)
        self._check()

    def _check(self) -> None:
        allowed = {
            "pre2008_counting": (SEGMENTED, ONE_SPAN, FROM_HIRE),
            "union_notification_severity": (VIOLATION, WARNING),
            "day_off_reading": (BROAD, NARROW),
            "damages_counting": (WHOLE_SERVICE, SEGMENTED),
            "average_overtime": (INCLUDED, EXCLUDED),
            "notice_pay_base": (PREVIOUS_MONTH, AVERAGE),
            "notice_pay_floor": (NO_FLOOR, MINIMUM_WAGE),
            "leave_year_days": (DAYS_365, ACTUAL_YEAR_DAYS),
        }
        for name, values in allowed.items():
            if getattr(self, name) not in values:
                raise ValueError(f"{name} must be one of {values}")


DEFAULT_OPTIONS = Options()
