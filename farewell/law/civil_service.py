"""Civil servants (公务员法 2018, jurisdiction `CN-civil-service`); prc_rules §6.

The Labour Contract Law does not govern them: no economic compensation, no LCL 50 steps.
辞退费 follows the state's pay rules and is entered by HR as `extra_compensation`; untaken
leave follows the organ's own pay rules. What the engine checks is CSL 89 (barred
dismissals) and lists the CSL 85, 90, 91 and 95 steps. The facts of the ground itself (two
years rated 不称职, an absence of more than 15 consecutive days …) are not in the input: the
result states them as `assumptions`, which HR must be able to prove.
"""

from __future__ import annotations

from .calendar import WorkCalendar
from .i18n import EN, cite
from .inputs import Input
from .money import ZERO
from .options import Options
from .procedure import steps
from .protections import civil_service_check
from .result import Result, extra_line

# CSL 88, 86, 89: (Chinese, English), per ground; every dismissal also assumes DISMISSAL_ASSUMPTIONS.
GROUND_ASSUMPTIONS = {
    "cs_dismissal_two_years_incompetent": (
        "在年度考核中连续两年被确定为不称职（《公务员法》第八十八条第一项）",
        "rated incompetent in the annual assessment two years in a row (Civil Servant Law Art. 88(1))",
    ),
    "cs_dismissal_refuses_other_post": (
        "不胜任现职工作，又不接受其他安排（《公务员法》第八十八条第二项）",
        "not competent for the current post and refuses another arrangement (Civil Servant Law Art. 88(2))",
    ),
    "cs_dismissal_refuses_restructuring": (
        "因所在机关调整、撤销、合并或者缩减编制员额需要调整工作，本人拒绝合理安排（《公务员法》第八十八条第三项）",
        "the organ was restructured, abolished, merged or cut its staff, and the civil servant refused a "
        "reasonable new arrangement (Civil Servant Law Art. 88(3))",
    ),
    "cs_dismissal_discipline": (
        "不履行公务员义务、不遵守法律和公务员纪律，经教育仍无转变，不适合继续在机关工作，又不宜给予开除处分"
        "（《公务员法》第八十八条第四项）",
        "fails the duties of a civil servant or breaks the law or discipline, unchanged after education, unfit to "
        "stay, and expulsion is not appropriate (Civil Servant Law Art. 88(4))",
    ),
    "cs_dismissal_absence": (
        "旷工或者因公外出、请假期满无正当理由逾期不归连续超过十五天，或者一年内累计超过三十天（《公务员法》第八十八条第五项）",
        "absent without leave, or overstaying official travel or leave without good reason, for more than 15 "
        "consecutive days or more than 30 days in total in one year (Civil Servant Law Art. 88(5))",
    ),
    "cs_resignation": (
        "不存在不得辞去公职的情形：已满最低服务年限、不在涉密职位或者脱密期内、无须本人继续处理的重要公务、"
        "未在接受审计、纪律审查、监察调查或者司法程序中（《公务员法》第八十六条）",
        "none of the bars to resigning applies: the minimum service period is served, no classified post or "
        "declassification period, no important business only they can finish, no audit, disciplinary review, "
        "supervisory investigation or criminal proceedings (Civil Servant Law Art. 86)",
    ),
}
DISMISSAL_ASSUMPTIONS = (
    (
        "辞退由有管理权限的机关决定（《公务员法》第九十条）",
        "the dismissal is decided by the organ with authority over the post (Civil Servant Law Art. 90)",
    ),
    (
        "除输入的状态外，无法律、法规规定的其他不得辞退情形（《公务员法》第八十九条第四项）",
        "beyond the statuses given, no other case in which laws or regulations bar dismissal "
        "(Civil Servant Law Art. 89(4))",
    ),
)


def assumptions(ground_code: str, lang: str) -> tuple[str, ...]:
    """The facts the result rests on that the input cannot show (CSL 86, 88, 89, 90)."""
    index = lang == EN
    found = [GROUND_ASSUMPTIONS[ground_code][index]]
    if ground_code.startswith("cs_dismissal_"):
        found += [text[index] for text in DISMISSAL_ASSUMPTIONS]
    return tuple(found)


def assess(inp: Input, options: Options, calendar: WorkCalendar, lang: str = "zh") -> Result:
    """CSL 85–95 (§6): legality and procedure only; the money is HR's (extra_compensation)."""
    violations = civil_service_check(inp.ground, inp.protected_status, lang)
    for v in violations:
        v.article = cite(v.article, lang)
    procedure, _ = steps(inp, options, calendar, False, lang)
    lines = ()
    if inp.extra_compensation is not None:
        lines = (extra_line(inp.extra_compensation, inp.ground, lang),)
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
        lang=lang,
        assumptions=assumptions(inp.ground.code, lang),
    )
