"""The instruments the engine cites, by their Chinese names, and the articles it cites most.

A citation is written in full, as a court would (《劳动合同法》第五十条第一款), so that every
line, violation and procedure step can be read without this file.
"""

from __future__ import annotations

LCL = "《劳动合同法》"
LCL_REG = "《劳动合同法实施条例》"
LABOUR_LAW = "《劳动法》"
MEASURES_1994 = "《违反和解除劳动合同的经济补偿办法》"
SPC_2001 = "《最高人民法院关于审理劳动争议案件适用法律若干问题的解释》（法释〔2001〕14号）"
SPC_2020 = "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》"
LEAVE_REG = "《职工带薪年休假条例》"
LEAVE_MEASURES = "《企业职工带薪年休假实施办法》"
CIVIL_CODE = "《民法典》"
LABOUR_DISPUTE_LAW = "《劳动争议调解仲裁法》"
WAGE_PAYMENT_RULES = "《工资支付暂行规定》"
WORK_INJURY_REG = "《工伤保险条例》"
CSL = "《公务员法》"
NPC_RETIREMENT_DECISION = "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》（2024年9月13日）"

# The articles cited in more than one module.
LCL_47 = LCL + "第四十七条"
LCL_47_P2 = LCL + "第四十七条第二款"
LCL_87 = LCL + "第八十七条"
LCL_97_P3 = LCL + "第九十七条第三款"
LCL_REG_25 = LCL_REG + "第二十五条"
LCL_REG_27 = LCL_REG + "第二十七条"
LCL_43 = LCL + "第四十三条"


def join(*citations: str) -> str:
    """Join citations the way Chinese legal writing does: with 、 inside one instrument, ； between."""
    return "；".join(citations)
