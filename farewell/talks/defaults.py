"""The talk-plan templates and the escalation phrase list every company starts with.

The texts are the ones migrations 0002 and 0003 seeded (read from them, so there is one copy):
0002's seven templates and phrases, with 0003's civil-service dismissal texts and resignation
template, and 0011's corrected openings. `seed_company` gives a company what it lacks (the set-up service through
org.signals.company_created, and migration 0006 for companies that existed before).
"""

from __future__ import annotations

from importlib import import_module

_m2 = import_module("farewell.talks.migrations.0002_seed_templates_and_phrases")
_m3 = import_module("farewell.talks.migrations.0003_civil_service_resignation_plan")
# 0011 corrected two openings: {tenure} is the service with the company, not in {department}.
_m11 = import_module("farewell.talks.migrations.0011_opening_tenure_with_company")


# 0002 shipped the mutual-agreement plan saying "N 个月 × 月工资基数 = {statutory_amount}": the statutory
# amount also holds the untaken-leave pay (and any notice pay), so the product HR read out to the employee
# did not multiply out (14 × 30,666.67 "= 457,532.68"). The line now names the compensation itself and
# the statutory total apart; a company still holding the shipped line gets the new one when a plan is
# built (`corrected`), one HR has edited is left as written.
SHIPPED_MUTUAL_LINE = "法定经济补偿：{compensation_months} 个月 × 月工资基数 {monthly_base} 元 = {statutory_amount} 元"
# The first correction (seeded for companies created since) still read N × base: for service before and from
# 2008 on different bases (a high earner's base from 2008 capped at 3× the local average, LCL 47 ¶2 with 97 ¶3)
# the engine pays n_pre × base_pre + n_post × base_post, so "17 个月 × 36,000.00 元 = 732,000.00 元" did not multiply
# out either. {compensation_product} is the product that gives the amount (talks/plans.compensation_product).
FIRST_MUTUAL_LINE = ("法定经济补偿：{compensation_months} 个月 × 月工资基数 {monthly_base} 元 = {economic_compensation} 元；"
                     "法定金额合计 {statutory_amount} 元（含未休年休假工资等法定款项）")
MUTUAL_LINE = ("法定经济补偿：{compensation_product} = {economic_compensation} 元；"
               "法定金额合计 {statutory_amount} 元（含未休年休假工资等法定款项）")
_CORRECTED = {SHIPPED_MUTUAL_LINE: MUTUAL_LINE, FIRST_MUTUAL_LINE: MUTUAL_LINE}


def corrected(text: str) -> str:
    """A template text with the shipped lines that were wrong replaced by their corrections."""
    if not text or not any(line in text for line in _CORRECTED):
        return text
    return "\n".join(_CORRECTED.get(line, line) for line in text.split("\n"))


def _templates() -> list[dict]:
    rows = []
    for row in _m2.TEMPLATES:
        row = dict(row)
        if row["situation"] == "civil_servant":
            row["options"], row["compliance"] = _m3.DISMISSAL_OPTIONS, _m3.DISMISSAL_COMPLIANCE
        if row["situation"] == "mutual_agreement":
            row["options"] = corrected(row["options"])
        if row["situation"] in _m11.OPENINGS:
            row["opening"] = _m11.OPENINGS[row["situation"]][1]
        rows.append(row)
    return [*rows, dict(_m3.CS_RESIGNATION)]


TEMPLATES = _templates()
PHRASES = list(_m2.PHRASES)


def seed_company(company, PlanTemplate, EscalationPhrase) -> None:  # noqa: N803 - model classes
    have = set(PlanTemplate.objects.filter(company=company).values_list("situation", flat=True))
    PlanTemplate.objects.bulk_create([PlanTemplate(company=company, **row) for row in TEMPLATES
                                      if row["situation"] not in have])
    if not EscalationPhrase.objects.filter(company=company).exists():
        EscalationPhrase.objects.bulk_create([EscalationPhrase(company=company, phrase=phrase, note=note)
                                              for phrase, note in PHRASES])
