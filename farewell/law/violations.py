"""Why a separation is unlawful (`severity: "violation"`) or at risk (`"warning"`).

| code | severity | article | when |
| --- | --- | --- | --- |
| `unlawful_termination` | violation | LCL 48, 87 | the ground `unlawful_termination`: 2N |
| `protected_status_bars_termination` | violation | LCL 42, 48, 87 | LCL 40/41 while a protected status holds: 2N |
| `protected_status_extends_contract` | violation | LCL 45, 48, 87 | employer does not renew while a status other than work injury holds: 2N |
| `protected_status_waived` | warning | LCL 45 | the employee declines renewal while a status holds |
| `work_injury_review_required` | warning | Work-Injury Reg. 35–37 | expiry with `work_injury` the only status |
| `rejection_after_probation` | violation | LCL 21, 39(1) | `probation_rejection` after `probation_end_date`: 2N |
| `rejection_after_lawful_probation` | violation | LCL 19, 21, 39(1) | rejection after the last day LCL 19 allows: 2N |
| `probation_too_long` | violation | LCL 19, 83 | probation longer than LCL 19 allows; money unchanged |
| `union_not_notified` | violation (configurable) | LCL 43 | `union_notified: false` on LCL 39/40; money unchanged |
| `union_notification_unconfirmed` | warning | LCL 43 | `union_notified` absent on LCL 39/40 |
| `resignation_short_notice` | violation | LCL 37, 90 | the employee's notice under 30 days (3 in probation) |
| `pre2008_social_insurance_fault` | warning | 法释〔2001〕14号 15 | LCL 38 with pre-2008 service: 0 for that segment if the fault is unpaid social insurance |
| `cs_dismissal_barred` | violation | CSL 89 | a civil-service dismissal while a CSL 89 status holds |
| `calendar_year_unknown` | warning | 民法典 203 | no holiday data for a year a deadline falls in: Monday–Friday assumed |
"""

from __future__ import annotations

from .records import Record

VIOLATION = "violation"
WARNING = "warning"


class Violation(Record):  # not frozen: frozen records are slow to build (batch budget)
    __slots__ = _fields = ("code", "article", "message", "severity")

    def __init__(self, code: str, article: str, message: str, severity: str = VIOLATION) -> None:
        self.code = code
        self.article = article
        self.message = message
        self.severity = severity

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "article": self.article, "message": self.message, "severity": self.severity}
