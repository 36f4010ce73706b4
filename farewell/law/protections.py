"""Protected statuses: LCL 42 (no termination under LCL 40/41), LCL 45 (expiry extended), CSL 89.

prc_rules §3. LCL 39 terminations, mutual agreement and the employee's resignation stay
possible whatever the status.
"""

from __future__ import annotations

from .citations import CSL, LCL, WORK_INJURY_REG
from .grounds import EXPIRY, PROTECTED_CHAPTERS, Ground
from .i18n import EN, texts
from .violations import WARNING, Violation

WORK_INJURY = "work_injury"
# CSL 89: the statuses that bar a civil-service dismissal; the others are ignored (§6).
CSL_89_STATUSES = frozenset({"work_injury", "medical_period", "pregnancy", "maternity", "nursing"})

STATUS_LABELS = {
    "pregnancy": ("孕期", "pregnancy"),
    "maternity": ("产期", "maternity leave"),
    "nursing": ("哺乳期", "nursing"),
    "medical_period": ("医疗期内", "within the medical period"),
    "work_injury": ("工伤或职业病致部分或全部丧失劳动能力", "work injury or occupational disease with loss of working ability"),
    "occupational_disease_exam_pending": (
        "未进行离岗前职业健康检查或疑似职业病在诊断或医学观察期间",
        "no exit occupational-health examination, or a suspected occupational disease under diagnosis or observation",
    ),
    "long_service_near_retirement": (
        "连续工作满十五年且距法定退休年龄不足五年",
        "15 or more years of continuous service and within 5 years of the statutory retirement age",
    ),
}

TEXTS = texts({
    "bars": (
        "劳动者处于{statuses}，用人单位不得依照第四十条、第四十一条解除劳动合同；违法解除应支付二倍经济补偿的赔偿金",
        "the employee is in {statuses}: the employer may not terminate under Arts. 40 or 41; an unlawful "
        "termination owes damages of twice the compensation",
    ),
    "extends": (
        "劳动者处于{statuses}，劳动合同应续延至相应情形消失时终止；期满不续订属违法终止，应支付赔偿金",
        "the employee is in {statuses}: the contract is extended until that ends; not renewing it at expiry is "
        "an unlawful termination and owes damages",
    ),
    "waived": (
        "劳动者处于{statuses}，劳动合同本应续延；劳动者不同意续订视为放弃续延保护，应保留其书面意思表示",
        "the employee is in {statuses}, so the contract would be extended; by declining renewal the employee "
        "waives that protection: keep the employee's written statement",
    ),
    "work_injury": (
        "工伤职工劳动合同期满：一至四级伤残不得终止，五至六级仅可由本人提出，七至十级期满可终止；"
        "请按伤残等级复核，一次性伤残补助金等待遇不在本计算之内",
        "a contract of an employee with a work injury expires: disability grades 1–4 may not end, grades 5–6 "
        "only at the employee's request, grades 7–10 may end at expiry; review the grade; one-off disability "
        "benefits are not included here",
    ),
    "cs_barred": ("公务员处于{statuses}，不得辞退", "the civil servant is in {statuses}: dismissal is barred"),
})


def _labels(statuses: frozenset[str], lang: str) -> str:
    if lang == EN:
        return ", ".join(STATUS_LABELS[s][1] for s in sorted(statuses))
    return "、".join(STATUS_LABELS[s][0] for s in sorted(statuses))


def check(ground: Ground, statuses: frozenset[str], lang: str) -> tuple[list[Violation], bool]:
    """The violations and warnings a status causes for a `CN` ground, and whether it turns into 2N."""
    if not statuses:
        return [], False
    chapter = ground.chapter
    if chapter in PROTECTED_CHAPTERS:
        return [Violation(
            "protected_status_bars_termination",
            LCL + "第四十二条、第四十八条、第八十七条",
            TEXTS[lang]["bars"](statuses=_labels(statuses, lang)),
        )], True
    if chapter != EXPIRY:
        return [], False
    found = []
    unlawful = False
    others = statuses - {WORK_INJURY}
    if ground.code == "expiry_employer_not_renewing":
        if others:
            unlawful = True
            found.append(Violation(
                "protected_status_extends_contract",
                LCL + "第四十五条、第四十八条、第八十七条",
                TEXTS[lang]["extends"](statuses=_labels(others, lang)),
            ))
    else:
        found.append(Violation(
            "protected_status_waived", LCL + "第四十五条", TEXTS[lang]["waived"](statuses=_labels(statuses, lang)),
            WARNING,
        ))
    # §3: whenever work_injury is among the statuses of an expiry_* ground, beside what the others give.
    if WORK_INJURY in statuses:
        found.append(Violation(
            "work_injury_review_required", WORK_INJURY_REG + "第三十五条至第三十七条", TEXTS[lang]["work_injury"](),
            WARNING,
        ))
    return found, unlawful


def civil_service_check(ground: Ground, statuses: frozenset[str], lang: str) -> list[Violation]:
    """CSL 89: a dismissal (辞退) while a barred status holds is unlawful."""
    barred = statuses & CSL_89_STATUSES
    if not barred or not ground.code.startswith("cs_dismissal_"):
        return []
    return [Violation("cs_dismissal_barred", CSL + "第八十九条", TEXTS[lang]["cs_barred"](statuses=_labels(barred, lang)))]
