"""The grounds of separation and what each gives (prc_rules §1, §2 table; README grounds).

Each ground names its article, its chapter of the Labour Contract Law (which decides the
protections, the union notification and the procedure), whether it gives economic
compensation (N, LCL 46) and how its pre-2008 service counts (LCL 97 ¶3, 1994 Measures).
"""

from __future__ import annotations

from .citations import CSL, LCL, LCL_REG, MEASURES_1994, SPC_2001
from .records import FrozenRecord

CN = "CN"
CIVIL_SERVICE = "CN-civil-service"
JURISDICTIONS = (CN, CIVIL_SERVICE)

# Chapters: the article family a ground belongs to.
RESIGNATION = "LCL 37"  # the employee's notice
EMPLOYER_FAULT = "LCL 38"  # the employee leaves because of the employer's fault
MUTUAL = "LCL 36"
FOR_CAUSE = "LCL 39"  # unilateral, no notice, no compensation
WITH_NOTICE = "LCL 40"  # unilateral, 30 days' notice or a month's wage, compensation
LAYOFF = "LCL 41"
EXPIRY = "LCL 44(1)"
CLOSURE = "LCL 44(4)(5)"
RETIREMENT = "LCL 44(2)"
UNLAWFUL = "LCL 48"
CS_RESIGNATION = "CSL 85"
CS_DISMISSAL = "CSL 88"


class Pre2008Rule(FrozenRecord):
    """How service before 2008-01-01 counts for a ground (prc_rules §2 table)."""

    __slots__ = _fields = ("citation", "year_cap", "enterprise_average_floor")

    def __init__(
        self,
        citation: str,
        year_cap: int | None,  # 1994 Measures Arts. 5, 7: at most 12 months, pre-2008 segment only
        enterprise_average_floor: bool,  # 1994 Measures Art. 11, second sentence
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "citation", citation)
        setattr_(self, "year_cap", year_cap)
        setattr_(self, "enterprise_average_floor", enterprise_average_floor)


MEASURES_YEAR_CAP = 12  # 1994 Measures Arts. 5, 7


class Ground(FrozenRecord):
    __slots__ = _fields = ("code", "jurisdiction", "chapter", "title", "citation", "gives_compensation", "pre2008")

    def __init__(
        self,
        code: str,
        jurisdiction: str,
        chapter: str,
        title: str,  # Chinese label
        citation: str,
        gives_compensation: bool,  # N under LCL 46/47
        pre2008: Pre2008Rule | None = None,  # None: the pre-2008 segment is 0
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "code", code)
        setattr_(self, "jurisdiction", jurisdiction)
        setattr_(self, "chapter", chapter)
        setattr_(self, "title", title)
        setattr_(self, "citation", citation)
        setattr_(self, "gives_compensation", gives_compensation)
        setattr_(self, "pre2008", pre2008)


def _cn(code, chapter, title, citation, gives_compensation=False, pre2008=None) -> Ground:
    return Ground(code, CN, chapter, title, citation, gives_compensation, pre2008)


def _cs(code, chapter, title, citation) -> Ground:
    return Ground(code, CIVIL_SERVICE, chapter, title, citation, False)


GROUNDS: dict[str, Ground] = {
    g.code: g
    for g in (
        _cn("resignation", RESIGNATION, "劳动者提前通知解除", LCL + "第三十七条"),
        _cn(
            "employer_fault_resignation", EMPLOYER_FAULT, "劳动者因用人单位过错解除",
            LCL + "第三十八条、第四十六条第一项", True,
            Pre2008Rule(SPC_2001 + "第十五条", None, False),
        ),
        _cn(
            "mutual_employer_initiated", MUTUAL, "协商一致解除（用人单位提出）",
            LCL + "第三十六条、第四十六条第二项", True,
            Pre2008Rule(MEASURES_1994 + "第五条", MEASURES_YEAR_CAP, False),
        ),
        _cn("mutual_employee_initiated", MUTUAL, "协商一致解除（劳动者提出）", LCL + "第三十六条"),
        _cn("probation_rejection", FOR_CAUSE, "试用期间不符合录用条件", LCL + "第三十九条第一项"),
        _cn("misconduct", FOR_CAUSE, "劳动者过错解除", LCL + "第三十九条第二项至第六项"),
        _cn(
            "illness_incapacity", WITH_NOTICE, "医疗期满不能从事原工作或另行安排的工作",
            LCL + "第四十条第一项、第四十六条第三项", True,
            Pre2008Rule(MEASURES_1994 + "第六条", None, True),
        ),
        _cn(
            "incompetence", WITH_NOTICE, "不能胜任工作，经培训或调岗仍不能胜任",
            LCL + "第四十条第二项、第四十六条第三项", True,
            Pre2008Rule(MEASURES_1994 + "第七条", MEASURES_YEAR_CAP, False),
        ),
        _cn(
            "objective_change", WITH_NOTICE, "客观情况发生重大变化，未能就变更达成协议",
            LCL + "第四十条第三项、第四十六条第三项", True,
            Pre2008Rule(MEASURES_1994 + "第八条", None, True),
        ),
        _cn(
            "economic_layoff", LAYOFF, "经济性裁员",
            LCL + "第四十一条、第四十六条第四项", True,
            Pre2008Rule(MEASURES_1994 + "第九条", None, True),
        ),
        _cn(
            "expiry_employer_not_renewing", EXPIRY, "劳动合同期满，用人单位不续订",
            LCL + "第四十四条第一项、第四十六条第五项", True,
        ),
        _cn(
            "expiry_employee_declines_same_or_better", EXPIRY,
            "劳动合同期满，用人单位维持或者提高条件续订，劳动者不同意",
            LCL + "第四十四条第一项、第四十六条第五项",
        ),
        _cn(
            "expiry_employee_declines_worse_terms", EXPIRY,
            "劳动合同期满，用人单位降低条件续订，劳动者不同意",
            LCL + "第四十四条第一项、第四十六条第五项", True,
        ),
        _cn(
            "employer_closure", CLOSURE, "用人单位破产、被吊销营业执照、责令关闭、撤销或者提前解散",
            LCL + "第四十四条第四项、第五项、第四十六条第六项", True,
        ),
        _cn(
            "retirement", RETIREMENT, "达到法定退休年龄或者开始依法享受基本养老保险待遇",
            LCL + "第四十四条第二项；" + LCL_REG + "第二十一条",
        ),
        _cn("unlawful_termination", UNLAWFUL, "违法解除或者终止劳动合同", LCL + "第四十八条、第八十七条"),
        _cs("cs_resignation", CS_RESIGNATION, "公务员辞去公职", CSL + "第八十五条、第八十六条"),
        _cs(
            "cs_dismissal_two_years_incompetent", CS_DISMISSAL, "辞退：连续两年年度考核不称职",
            CSL + "第八十八条第一项",
        ),
        _cs(
            "cs_dismissal_refuses_other_post", CS_DISMISSAL, "辞退：不胜任现职且不接受其他安排",
            CSL + "第八十八条第二项",
        ),
        _cs(
            "cs_dismissal_refuses_restructuring", CS_DISMISSAL, "辞退：机构调整、撤销或者缩减编制员额需要调整工作，本人拒绝合理安排",
            CSL + "第八十八条第三项",
        ),
        _cs(
            "cs_dismissal_discipline", CS_DISMISSAL, "辞退：不履行义务、不遵守纪律，经教育仍无转变",
            CSL + "第八十八条第四项",
        ),
        _cs(
            "cs_dismissal_absence", CS_DISMISSAL, "辞退：旷工或者无正当理由逾期不归",
            CSL + "第八十八条第五项",
        ),
    )
}

# LCL 21 (probation explanation) applies to the unilateral grounds of LCL 39–41.
UNILATERAL_EMPLOYER_CHAPTERS = frozenset({FOR_CAUSE, WITH_NOTICE, LAYOFF})
# LCL 43 (union notification) applies to LCL 39 and 40, not to LCL 41 (its own consultation).
UNION_NOTICE_CHAPTERS = frozenset({FOR_CAUSE, WITH_NOTICE})
# LCL 42 bars termination under LCL 40 and 41.
PROTECTED_CHAPTERS = frozenset({WITH_NOTICE, LAYOFF})

TITLES_EN = {
    "resignation": "resignation on notice by the employee",
    "employer_fault_resignation": "resignation by the employee for the employer's fault",
    "mutual_employer_initiated": "termination by agreement (proposed by the employer)",
    "mutual_employee_initiated": "termination by agreement (proposed by the employee)",
    "probation_rejection": "failing the hiring conditions during probation",
    "misconduct": "dismissal for the employee's fault",
    "illness_incapacity": "unable to work after the medical period",
    "incompetence": "incompetent, still so after training or a changed post",
    "objective_change": "major change of objective circumstances, no agreement on amending the contract",
    "economic_layoff": "economic layoff",
    "expiry_employer_not_renewing": "contract expired, the employer does not renew",
    "expiry_employee_declines_same_or_better": "contract expired, the employee declines renewal on the same or better terms",
    "expiry_employee_declines_worse_terms": "contract expired, the employee declines renewal on worse terms",
    "employer_closure": "employer bankrupt, licence revoked, closed, dissolved or wound up early",
    "retirement": "statutory retirement age reached or basic pension begun",
    "unlawful_termination": "unlawful termination",
    "cs_resignation": "resignation of a civil servant",
    "cs_dismissal_two_years_incompetent": "dismissal: rated incompetent two years in a row",
    "cs_dismissal_refuses_other_post": "dismissal: not competent for the post and refuses another arrangement",
    "cs_dismissal_refuses_restructuring": "dismissal: refuses a reasonable arrangement after restructuring",
    "cs_dismissal_discipline": "dismissal: fails duties or discipline, unchanged after education",
    "cs_dismissal_absence": "dismissal: absent without leave or overstaying leave",
}


def ground_title(ground: Ground, lang: str) -> str:
    """The ground's name in `lang` (i18n.ZH or EN)."""
    return TITLES_EN[ground.code] if lang == "en" else ground.title
