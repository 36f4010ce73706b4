"""The steps the law requires for a ground, with their last days (README Procedure steps; §4, §6).

Periods are calendar days from the separation date S, the day of S not counted (民法典 201):
a notice 30 days ahead is due by S − 30, "within 15 days" ends on S + 15, "2 years" on the
same date two years on (29 February → 28 February, 民法典 202). Only the LCL 50 transfer
moves when its last day is a day off (民法典 203; calendar.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import WorkCalendar
from .citations import CIVIL_CODE, CSL, LCL, LCL_REG, WAGE_PAYMENT_RULES
from .grounds import (
    CS_DISMISSAL,
    CS_RESIGNATION,
    LAYOFF,
    RESIGNATION,
    UNILATERAL_EMPLOYER_CHAPTERS,
    UNION_NOTICE_CHAPTERS,
    WITH_NOTICE,
)
from .i18n import EN, cite, texts
from .inputs import Input
from .notice import NOTICE_DAYS, in_probation, resignation_notice_days
from .options import Options
from .records import Record
from .service import add_years
from .violations import WARNING, Violation

CALENDAR_DAYS = "calendar_days"
TRANSFER_DAYS = 15  # LCL 50 ¶1: 在十五日内为劳动者办理档案和社会保险关系转移手续
KEEP_CONTRACT_YEARS = 2  # LCL 50 ¶3: 至少保存二年备查
LAYOFF_HEADCOUNT = 20  # LCL 41 ¶1: 裁减人员二十人以上
LAYOFF_SHARE_PERCENT = 10  # LCL 41 ¶1: 或者裁减不足二十人但占企业职工总数百分之十以上

TITLES = {
    "resignation_notice": "劳动者提前三十日以书面形式通知用人单位，试用期内提前三日",
    "written_notice": "提前三十日书面通知劳动者本人，或者额外支付一个月工资",
    "union_notification": "事先将理由通知工会",
    "probation_reason_explained": "试用期解除劳动合同，向劳动者说明理由",
    "layoff_explain_to_union_or_staff": "提前三十日向工会或者全体职工说明情况，听取意见",
    "layoff_report_to_labour_bureau": "裁减人员方案向劳动行政部门报告",
    "separation_certificate": "出具解除或者终止劳动合同的证明",
    "file_and_social_insurance_transfer": "十五日内办理档案和社会保险关系转移手续",
    "wage_settlement": "一次付清劳动者工资",
    "keep_contract_text": "劳动合同文本至少保存二年备查",
    "cs_resignation_answer": "任免机关自接到申请之日起三十日内审批，领导成员九十日内",
    "cs_written_decision": "辞退决定以书面形式通知本人，告知辞退依据和理由",
    "cs_review_appeal_rights": "自知道辞退决定之日起三十日内可申请复核或者直接申诉",
    "cs_handover": "离职前办理公务交接手续，必要时接受审计",
}

TITLES_EN = {
    "resignation_notice": "the employee gives 30 days' written notice (3 days in probation)",
    "written_notice": "30 days' written notice to the employee, or one extra month's wage in lieu",
    "union_notification": "tell the union the reasons in advance",
    "probation_reason_explained": "explain the reasons to the employee when ending the contract in probation",
    "layoff_explain_to_union_or_staff": "explain the situation to the union or all staff 30 days ahead and hear their views",
    "layoff_report_to_labour_bureau": "report the layoff plan to the labour administration",
    "separation_certificate": "issue the certificate of termination of the labour contract",
    "file_and_social_insurance_transfer": "transfer the personnel file and social insurance within 15 days",
    "wage_settlement": "pay the wages in full",
    "keep_contract_text": "keep the text of the labour contract for at least two years",
    "cs_resignation_answer": "the appointing authority answers within 30 days (90 days for leading members)",
    "cs_written_decision": "notify the dismissal decision in writing, with its grounds and reasons",
    "cs_review_appeal_rights": "review or appeal may be sought within 30 days of learning of the dismissal",
    "cs_handover": "hand over official business before leaving, with an audit where required",
}

TEXTS = texts({
    "calendar_year_unknown": (
        "尚无{year}年国务院节假日安排数据，按周一至周五为工作日推算档案和社会保险关系转移期限，"
        "请在公布后核对（可在 设置 › 节假日 中补充）",
        "no State Council holiday schedule for {year} yet: the deadline for transferring the file and social "
        "insurance assumes Monday to Friday are working days; check it once the schedule is published (it can be "
        "added under Settings › Holidays)",
    ),
})

ARTICLES = {
    "resignation_notice": LCL + "第三十七条",
    "written_notice": LCL + "第四十条",
    "union_notification": LCL + "第四十三条",
    "probation_reason_explained": LCL + "第二十一条",
    "layoff_explain_to_union_or_staff": LCL + "第四十一条第一款",
    "layoff_report_to_labour_bureau": LCL + "第四十一条第一款",
    "separation_certificate": LCL + "第五十条第一款；" + LCL_REG + "第二十四条",
    "file_and_social_insurance_transfer": LCL + "第五十条第一款；" + CIVIL_CODE + "第二百零一条、第二百零三条",
    "wage_settlement": WAGE_PAYMENT_RULES + "第九条",
    "keep_contract_text": LCL + "第五十条第三款；" + CIVIL_CODE + "第二百零二条",
    "cs_resignation_answer": CSL + "第八十五条",
    "cs_written_decision": CSL + "第九十条",
    "cs_review_appeal_rights": CSL + "第九十五条",
    "cs_handover": CSL + "第九十一条",
}


class Step(Record):  # not frozen: frozen records are slow to build (batch budget)
    __slots__ = _fields = ("step", "due_date", "conditional")

    def __init__(self, step: str, due_date: date | None = None, conditional: bool = False) -> None:
        self.step = step
        self.due_date = due_date
        self.conditional = conditional

    @property
    def title(self) -> str:
        return TITLES[self.step]

    @property
    def article(self) -> str:
        return ARTICLES[self.step]

    @property
    def basis(self) -> str | None:
        return CALENDAR_DAYS if self.due_date is not None else None

    def as_dict(self, lang: str = "zh") -> dict:
        due = self.due_date
        d = {
            "step": self.step,
            "title": TITLES_EN[self.step] if lang == EN else TITLES[self.step],
            "article": cite(ARTICLES[self.step], lang),
            "due_date": None if due is None else due.isoformat(),
            "basis": None if due is None else CALENDAR_DAYS,
        }
        if self.conditional:
            d["conditional"] = True
        return d


def layoff_consultation_required(layoff_headcount: int | None, employer_headcount: int | None) -> bool | None:
    """LCL 41 ¶1: 20 or more, or under 20 but 10% or more (both bounds included); None when unknown."""
    if layoff_headcount is None or employer_headcount is None:
        return None
    if layoff_headcount >= LAYOFF_HEADCOUNT:
        return True
    return employer_headcount > 0 and layoff_headcount * 100 >= LAYOFF_SHARE_PERCENT * employer_headcount


def title(step: str, lang: str) -> str:
    """A step's title in `lang`."""
    return TITLES_EN[step] if lang == EN else TITLES[step]


def _two_years_on(s: date) -> date:
    """`add_years(s, KEEP_CONTRACT_YEARS)`: the same date two years on, 29 February → 28 February (民法典 202),
    in one C call (a separation's last step; the general add_months costs four Python calls)."""
    try:
        return s.replace(year=s.year + KEEP_CONTRACT_YEARS)
    except ValueError:  # 29 February of a leap year: no such day two years on
        return add_years(s, KEEP_CONTRACT_YEARS)


_new = object.__new__


def _lcl50_steps(s: date, transfer_due: date) -> list[Step]:
    """The four steps of every `CN` ground (LCL 50; 工资支付暂行规定 9), in order: Step(code, due) each, its
    fields set here (four Python-level __init__ calls cost a batch twice as much; tests/law/test_procedure.py
    compares them with Step(...))."""
    certificate = _new(Step)
    certificate.step, certificate.due_date, certificate.conditional = "separation_certificate", s, False
    transfer = _new(Step)
    transfer.step, transfer.due_date, transfer.conditional = "file_and_social_insurance_transfer", transfer_due, False
    wages = _new(Step)
    wages.step, wages.due_date, wages.conditional = "wage_settlement", s, False
    keep = _new(Step)
    keep.step, keep.due_date, keep.conditional = "keep_contract_text", _two_years_on(s), False
    return [certificate, transfer, wages, keep]


_NOTICE_PERIOD = timedelta(NOTICE_DAYS)
_TRANSFER_PERIOD = timedelta(TRANSFER_DAYS)


def steps(
    inp: Input, options: Options, calendar: WorkCalendar, no_written_notice: bool, lang: str = "zh"
) -> tuple[list[Step], list[Violation]]:
    """The procedure for `inp`'s ground, and a `calendar_year_unknown` warning when a date needed it."""
    chapter = inp.ground.chapter
    s = inp.separation_date
    if chapter == CS_RESIGNATION:
        return [Step("cs_resignation_answer"), Step("cs_handover")], []
    if chapter == CS_DISMISSAL:
        return [Step("cs_written_decision"), Step("cs_review_appeal_rights"), Step("cs_handover")], []

    out = []
    if chapter == RESIGNATION:
        out.append(Step("resignation_notice", s - timedelta(resignation_notice_days(inp))))
    if chapter == WITH_NOTICE and not no_written_notice:
        out.append(Step("written_notice", s - _NOTICE_PERIOD))
    if chapter in UNION_NOTICE_CHAPTERS:
        out.append(Step("union_notification"))
    if inp.ground.code == "probation_rejection" or (chapter in UNILATERAL_EMPLOYER_CHAPTERS and in_probation(inp)):
        out.append(Step("probation_reason_explained"))
    if chapter == LAYOFF:
        required = layoff_consultation_required(inp.layoff_headcount, inp.employer_headcount)
        if required is not False:
            conditional = required is None
            out.append(Step("layoff_explain_to_union_or_staff", s - _NOTICE_PERIOD, conditional))
            out.append(Step("layoff_report_to_labour_bureau", None, conditional))

    transfer_due, unknown_years = calendar.period_end(s + _TRANSFER_PERIOD, options.day_off_reading)
    out += _lcl50_steps(s, transfer_due)
    if not unknown_years:
        return out, []
    warnings = [
        Violation("calendar_year_unknown", CIVIL_CODE + "第二百零三条", TEXTS[lang]["calendar_year_unknown"](year=year),
                  WARNING)
        for year in sorted(unknown_years)
    ]
    return out, warnings
