"""The engine's grounds as the UI names them, translatable (the engine's own titles are Chinese
strings in pure Python, outside gettext)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GROUND_LABELS = {
    "resignation": _("劳动者提前通知解除"),
    "employer_fault_resignation": _("劳动者因用人单位过错解除"),
    "mutual_employer_initiated": _("协商一致解除（用人单位提出）"),
    "mutual_employee_initiated": _("协商一致解除（劳动者提出）"),
    "probation_rejection": _("试用期间不符合录用条件"),
    "misconduct": _("劳动者过错解除"),
    "illness_incapacity": _("医疗期满不能从事原工作或另行安排的工作"),
    "incompetence": _("不能胜任工作，经培训或调岗仍不能胜任"),
    "objective_change": _("客观情况发生重大变化，未能就变更达成协议"),
    "economic_layoff": _("经济性裁员"),
    "expiry_employer_not_renewing": _("劳动合同期满，用人单位不续订"),
    "expiry_employee_declines_same_or_better": _("劳动合同期满，用人单位维持或者提高条件续订，劳动者不同意"),
    "expiry_employee_declines_worse_terms": _("劳动合同期满，用人单位降低条件续订，劳动者不同意"),
    "employer_closure": _("用人单位破产、被吊销营业执照、责令关闭、撤销或者提前解散"),
    "retirement": _("达到法定退休年龄或者开始依法享受基本养老保险待遇"),
    "unlawful_termination": _("违法解除或者终止劳动合同"),
    "cs_resignation": _("公务员辞去公职"),
    "cs_dismissal_two_years_incompetent": _("辞退：连续两年年度考核不称职"),
    "cs_dismissal_refuses_other_post": _("辞退：不胜任现职且不接受其他安排"),
    "cs_dismissal_refuses_restructuring": _("辞退：机构调整、撤销或者缩减编制员额需要调整工作，本人拒绝合理安排"),
    "cs_dismissal_discipline": _("辞退：不履行义务、不遵守纪律，经教育仍无转变"),
    "cs_dismissal_absence": _("辞退：旷工或者无正当理由逾期不归"),
}


def ground_label(code: str) -> str:
    """The ground's name in the current language; an unknown code as it is."""
    label = GROUND_LABELS.get(code)
    return str(label) if label is not None else code
